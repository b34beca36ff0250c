//! The token endpoint: a code and its PKCE verifier for an ID token.

use axum::{
    Form, Json,
    extract::State,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use http::{HeaderMap, StatusCode, header};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{CLIENT_ID, CODE_LIFETIME, Grant, IdpState, TestProvider, not_found, provider};
use crate::{auth::session::random_token, domain::party::Party};

#[derive(Deserialize)]
pub(super) struct TokenForm {
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
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

pub(super) async fn token(
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
    let claims = id_token_claims(provider, &grant);
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

/// The ID token's claims, as ID-porten words them: a person by `pid`, an e-mail login by
/// `email` and its `amr`.
fn id_token_claims(provider: &TestProvider, grant: &Grant) -> Value {
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
    claims
}
