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
use http::StatusCode;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::json;
use sqlx::PgPool;

mod page;
mod token;

use super::session::random_token;
use crate::{
    auth::keys::{SigningKeyPair, jwk_set},
    domain::party::{IDPORTEN_EMAIL_PREFIX, NationalIdentityNumber, Party},
    html::escape,
};
use page::authorize_page;
use token::token;

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
    /// The portal's stylesheet, which the sign-in page borrows.
    pub stylesheet: String,
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
    let user = match signing_in(&form) {
        Ok(user) => user,
        Err(problem) => return bad_request(problem),
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

/// Whom the form signs in: a person by national identity number, or an e-mail login.
fn signing_in(form: &AuthorizeForm) -> Result<Party, &'static str> {
    if form.pid == "email" {
        let email = form.email.clone().unwrap_or_default();
        Party::parse(&format!("{IDPORTEN_EMAIL_PREFIX}{}", email.trim()))
            .map_err(|_| "That is not a valid e-mail address.")
    } else {
        let raw = if form.pid == "other" {
            form.other_pid.clone().unwrap_or_default()
        } else {
            form.pid.clone()
        };
        NationalIdentityNumber::parse(raw.trim())
            .map(Party::Person)
            .map_err(|_| {
                "That is not a valid national identity number (11 digits with correct check digits)."
            })
    }
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
