//! What service owners need to verify dialog tokens: our JWKS and the authorization-server
//! metadata naming it. Public and anonymous.

use axum::{
    Json, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};
use http::header;
use serde::Serialize;

use crate::state::AppState;

/// One published public key (Ed25519).
#[derive(Serialize, utoipa::ToSchema)]
struct Jwk {
    kty: String,
    crv: String,
    x: String,
    kid: String,
    alg: String,
    #[serde(rename = "use")]
    usage: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct AuthorizationServer {
    issuer: String,
    jwks_uri: String,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/.well-known/jwks.json", get(jwks))
        .route(
            "/v1/.well-known/oauth-authorization-server",
            get(authorization_server),
        )
}

/// Both published keys; service owners may cache this for a day.
#[utoipa::path(
    get,
    path = "/api/v1/.well-known/jwks.json",
    operation_id = "V1WellKnownJwksGet_Jwks",
    tag = "WellKnown",
    responses((status = 200, description = "The keys that sign dialog tokens (JWK Set)", body = Jwks))
)]
pub(super) async fn jwks(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(state.dialog_tokens.jwks()),
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/.well-known/oauth-authorization-server",
    operation_id = "V1WellKnownOauthAuthorizationServerGet_OauthAuthorizationServer",
    tag = "WellKnown",
    responses((status = 200, description = "The dialog token issuer and where its keys are", body = AuthorizationServer))
)]
pub(super) async fn authorization_server(State(state): State<AppState>) -> Response {
    let issuer = state.dialog_tokens.issuer();
    Json(AuthorizationServer {
        issuer: issuer.to_owned(),
        jwks_uri: format!("{issuer}/.well-known/jwks.json"),
    })
    .into_response()
}
