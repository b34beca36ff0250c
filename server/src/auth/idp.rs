//! The built-in test identity provider, for development and the demo only: a real OpenID
//! provider (discovery, authorize, token, JWKS, end session) where one picks a demo person or
//! types a synthetic national identity number. Mounted only in dev mode.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Form, Json, Router,
    extract::{FromRef, Query, State},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use super::session::random_token;
use crate::{
    auth::keys::{SigningKeyPair, jwk_set},
    domain::party::{IDPORTEN_EMAIL_PREFIX, NationalIdentityNumber, Party},
    html::escape,
};

pub const CLIENT_ID: &str = "dialoghub-portal";
const CODE_LIFETIME: Duration = Duration::from_secs(120);

/// A code handed out at authorize and redeemed once at the token endpoint.
struct Grant {
    /// A person, or an e-mail user.
    user: Party,
    name: Option<String>,
    level: u8,
    nonce: Option<String>,
    challenge: String,
    redirect_uri: String,
    issued: Instant,
}

pub struct TestProvider {
    issuer: String,
    /// The portal's client secret, generated at start-up.
    client_secret: SecretString,
    redirect_uri: String,
    key: SigningKeyPair,
    grants: Mutex<HashMap<String, Grant>>,
}

impl TestProvider {
    pub fn new(public_url: &str) -> anyhow::Result<Arc<Self>> {
        Ok(Arc::new(Self {
            issuer: format!("{public_url}/idp"),
            client_secret: SecretString::from(random_token()?),
            redirect_uri: format!("{public_url}/auth/callback"),
            key: SigningKeyPair::generate("idp-1")?,
            grants: Mutex::new(HashMap::new()),
        }))
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn client_secret(&self) -> &SecretString {
        &self.client_secret
    }
}

/// What the provider's endpoints need of the server's state.
#[derive(Clone)]
pub struct IdpState {
    pub pool: PgPool,
    /// Present only when the built-in provider runs (dev mode without `--oidc-issuer`).
    pub provider: Option<Arc<TestProvider>>,
}

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S>
where
    IdpState: FromRef<S>,
{
    Router::new()
        .route("/idp/.well-known/openid-configuration", get(discovery))
        .route("/idp/authorize", get(authorize_page).post(authorize))
        .route("/idp/token", axum::routing::post(token))
        .route("/idp/jwks", get(jwks))
        .route("/idp/logout", get(logout))
}

fn provider(state: &IdpState) -> Option<&Arc<TestProvider>> {
    state.provider.as_ref()
}

fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

async fn discovery(State(state): State<IdpState>) -> Response {
    let Some(provider) = provider(&state) else {
        return not_found();
    };
    let issuer = &provider.issuer;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
        "scopes_supported": ["openid", "profile", "digdir:dialogporten"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": ["authorization_code"],
        "claims_supported": ["sub", "pid", "email", "name", "acr", "amr"],
    }))
    .into_response()
}

async fn jwks(State(state): State<IdpState>) -> Response {
    match provider(&state) {
        Some(provider) => Json(jwk_set([&provider.key])).into_response(),
        None => not_found(),
    }
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    /// `idporten-loa-high` asks for the high level, which the page then offers first.
    acr_values: Option<String>,
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Html(format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign-in request refused</title></head><body><main><h1>Sign-in request refused</h1><p>{}</p></main></body></html>", escape(message)))).into_response()
}

/// Checks what the client asked for; returns the error to show instead.
fn check(provider: &TestProvider, query: &AuthorizeQuery) -> Option<&'static str> {
    if query.client_id.as_deref() != Some(CLIENT_ID) {
        return Some("Unknown client.");
    }
    if query.redirect_uri.as_deref() != Some(provider.redirect_uri.as_str()) {
        return Some("The redirect address is not registered.");
    }
    if query.response_type.as_deref() != Some("code") {
        return Some("Only the authorization code flow is supported.");
    }
    if query.code_challenge.is_none() || query.code_challenge_method.as_deref() != Some("S256") {
        return Some("PKCE with S256 is required.");
    }
    None
}

fn hidden(name: &str, value: Option<&str>) -> String {
    value.map_or(String::new(), |value| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    })
}

/// The page where one chooses whom to sign in as.
async fn authorize_page(
    State(state): State<IdpState>,
    Query(query): Query<AuthorizeQuery>,
) -> Response {
    let Some(provider) = provider(&state) else {
        return not_found();
    };
    if let Some(problem) = check(provider, &query) {
        return bad_request(problem);
    }
    let persons = sqlx::query!(
        "select urn, name from parties where urn like 'urn:altinn:person:identifier-no:%' order by name limit 50"
    )
    .fetch_all(&state.pool)
    .await
    .unwrap_or_default();
    let fields = [
        hidden("client_id", query.client_id.as_deref()),
        hidden("redirect_uri", query.redirect_uri.as_deref()),
        hidden("state", query.state.as_deref()),
        hidden("nonce", query.nonce.as_deref()),
        hidden("code_challenge", query.code_challenge.as_deref()),
        hidden(
            "code_challenge_method",
            query.code_challenge_method.as_deref(),
        ),
        hidden("response_type", query.response_type.as_deref()),
    ]
    .concat();
    let high = query.acr_values.as_deref().is_some_and(|acr| {
        acr.split_whitespace()
            .any(|value| value == "idporten-loa-high")
    });
    let (substantial_checked, high_checked) = if high {
        ("", " checked")
    } else {
        (" checked", "")
    };
    let level_choice = format!(
        "<fieldset><legend>Security level</legend>\
        <label><input type=\"radio\" name=\"level\" value=\"3\"{substantial_checked}> Substantial (idporten-loa-substantial)</label>\
        <label><input type=\"radio\" name=\"level\" value=\"4\"{high_checked}> High (idporten-loa-high)</label></fieldset>"
    );
    let buttons: String = persons
        .iter()
        .filter_map(|person| {
            let pid = person.urn.rsplit(':').next()?;
            Some(format!(
                "<li><button type=\"submit\" name=\"pid\" value=\"{}\">{} <span class=\"muted\">({})</span></button></li>",
                escape(pid),
                escape(&person.name),
                escape(pid)
            ))
        })
        .collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <link rel=\"icon\" href=\"data:,\"><title>Test sign-in</title><link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head>\
        <body class=\"test-idp\"><main id=\"main\"><h1>Test sign-in</h1>\
        <p>This is the built-in test identity provider. It exists only in development mode.</p>\
        <form method=\"post\" action=\"/idp/authorize\">{fields}{level_choice}\
        <h2>Demo persons</h2><ul class=\"persons\">{buttons}</ul>\
        <h2>Another person</h2>\
        <label for=\"other-pid\">National identity number (11 digits, synthetic)</label>\
        <input id=\"other-pid\" name=\"other_pid\" inputmode=\"numeric\" autocomplete=\"off\" pattern=\"[0-9]{{11}}\">\
        <button type=\"submit\" name=\"pid\" value=\"other\">Sign in</button>\
        <h2>E-mail login</h2>\
        <p>As ID-porten's e-mail login: no national identity number, and the lowest security level.</p>\
        <label for=\"email\">E-mail address</label>\
        <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"off\">\
        <button type=\"submit\" name=\"pid\" value=\"email\">Sign in with e-mail</button></form></main></body></html>"
    );
    Html(page).into_response()
}

#[derive(Deserialize)]
struct AuthorizeForm {
    #[serde(flatten)]
    query: AuthorizeQuery,
    pid: String,
    other_pid: Option<String>,
    email: Option<String>,
    level: Option<u8>,
}

async fn authorize(State(state): State<IdpState>, Form(form): Form<AuthorizeForm>) -> Response {
    let Some(provider) = provider(&state) else {
        return not_found();
    };
    if let Some(problem) = check(provider, &form.query) {
        return bad_request(problem);
    }
    let user = if form.pid == "email" {
        let email = form.email.unwrap_or_default();
        let Ok(user) = Party::parse(&format!("{IDPORTEN_EMAIL_PREFIX}{}", email.trim())) else {
            return bad_request("That is not a valid e-mail address.");
        };
        user
    } else {
        let raw = if form.pid == "other" {
            form.other_pid.unwrap_or_default()
        } else {
            form.pid
        };
        let Ok(pid) = NationalIdentityNumber::parse(raw.trim()) else {
            return bad_request(
                "That is not a valid national identity number (11 digits with correct check digits).",
            );
        };
        Party::Person(pid)
    };
    let name = sqlx::query_scalar!("select name from parties where urn = $1", user.to_string())
        .fetch_optional(&state.pool)
        .await
        .ok()
        .flatten();
    let Ok(code) = random_token() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let redirect_uri = form.query.redirect_uri.clone().unwrap_or_default();
    if let Ok(mut grants) = provider.grants.lock() {
        grants.retain(|_, grant| grant.issued.elapsed() < CODE_LIFETIME);
        grants.insert(
            code.clone(),
            Grant {
                level: match &user {
                    Party::Person(_) => form.level.filter(|level| *level == 4).unwrap_or(3),
                    _ => 0,
                },
                user,
                name,
                nonce: form.query.nonce.clone(),
                challenge: form.query.code_challenge.clone().unwrap_or_default(),
                redirect_uri: redirect_uri.clone(),
                issued: Instant::now(),
            },
        );
    }
    let Ok(mut target) = reqwest::Url::parse(&redirect_uri) else {
        return bad_request("The redirect address is not valid.");
    };
    target.query_pairs_mut().append_pair("code", &code);
    if let Some(state) = &form.query.state {
        target.query_pairs_mut().append_pair("state", state);
    }
    Redirect::to(target.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(error: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}

/// `client_secret_basic` or `client_secret_post`.
fn client_authenticated(provider: &TestProvider, headers: &HeaderMap, form: &TokenForm) -> bool {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|pair| {
            let (id, secret) = pair.split_once(':')?;
            Some((id.to_owned(), secret.to_owned()))
        });
    let (id, secret) = match from_header {
        Some(pair) => pair,
        None => (
            form.client_id.clone().unwrap_or_default(),
            form.client_secret.clone().unwrap_or_default(),
        ),
    };
    let secret = percent_decode(&secret);
    id == CLIENT_ID && secret == provider.client_secret.expose_secret()
}

/// Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        index += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn token(
    State(state): State<IdpState>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let Some(provider) = provider(&state) else {
        return not_found();
    };
    if !client_authenticated(provider, &headers, &form) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "invalid_client" })),
        )
            .into_response();
    }
    if form.grant_type != "authorization_code" {
        return token_error("unsupported_grant_type");
    }
    let grant = provider
        .grants
        .lock()
        .ok()
        .and_then(|mut grants| grants.remove(&form.code))
        .filter(|grant| grant.issued.elapsed() < CODE_LIFETIME);
    let Some(grant) = grant else {
        return token_error("invalid_grant");
    };
    let verifier = form.code_verifier.unwrap_or_default();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if challenge != grant.challenge
        || form.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str())
    {
        return token_error("invalid_grant");
    }
    let now = Utc::now().timestamp();
    let mut claims = json!({
        "iss": provider.issuer,
        "sub": grant.user.identifier(),
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": grant.nonce,
        "name": grant.name,
    });
    // As ID-porten words them: a person by `pid`, an e-mail login by `email` and its `amr`.
    let identity = match &grant.user {
        Party::Person(pid) => json!({
            "pid": pid.as_str(),
            "acr": if grant.level >= 4 { "idporten-loa-high" } else { "idporten-loa-substantial" },
            "amr": ["TestID"],
        }),
        other => json!({
            "email": other.identifier(),
            "acr": "selfregistered-email",
            "amr": ["Selfregistered-email"],
        }),
    };
    if let (Some(claims), Value::Object(identity)) = (claims.as_object_mut(), identity) {
        claims.extend(identity);
    }
    let Ok(id_token) = provider.key.sign(&claims) else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let access_token = random_token().unwrap_or_default();
    Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
        "scope": "openid profile digdir:dialogporten",
    }))
    .into_response()
}

#[derive(Deserialize)]
struct LogoutQuery {
    post_logout_redirect_uri: Option<String>,
}

/// Ends the (stateless) provider session and returns to the portal.
async fn logout(State(state): State<IdpState>, Query(query): Query<LogoutQuery>) -> Response {
    let Some(provider) = provider(&state) else {
        return not_found();
    };
    let allowed = query
        .post_logout_redirect_uri
        .filter(|uri| uri.starts_with(provider.issuer.trim_end_matches("/idp")));
    Redirect::to(allowed.as_deref().unwrap_or("/")).into_response()
}
