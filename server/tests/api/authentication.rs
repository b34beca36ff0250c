//! Bearer tokens: what is accepted, and every way a token is refused. Each rejected case has a
//! test that fails should its check be removed.

use std::sync::{Arc, Mutex};

use crate::common::{TestResponse, call, state_with};
use axum::{Json, Router, routing::get};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use server::{
    auth::{keys::SigningKeyPair, principal::Principal},
    router,
    state::AppState,
};
use sqlx::PgPool;

const ADMIN_SCOPE: &str =
    "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.admin";
const EXPORT: &str = "/api/v1/admin/authorization";
const DEMO: &str = include_str!("../../demo/authorization.yaml");

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// Valid admin claims from the test issuer of `state`; tests then break one thing at a time.
fn admin_claims(state: &AppState) -> Value {
    json!({
        "iss": state.test_tokens.as_ref().expect("enabled").issuer(),
        "iat": now(), "nbf": now(), "exp": now() + 600,
        "scope": ADMIN_SCOPE,
        "consumer": { "authority": "iso6523-actorid-upis", "ID": "0192:991825827" },
    })
}

fn sign(state: &AppState, claims: &Value) -> String {
    state
        .test_tokens
        .as_ref()
        .expect("enabled")
        .key()
        .sign(claims)
        .expect("signs")
}

async fn export_with(state: &AppState, token: &str) -> TestResponse {
    call(
        &router::build(state.clone()),
        "GET",
        EXPORT,
        Some(token),
        None,
    )
    .await
}

/// 401 problem+json with the challenge upstream's JWT handler gives: plain `Bearer` without a
/// token, `Bearer error="invalid_token"` for a token it refuses.
fn assert_unauthenticated_with(response: &TestResponse, challenge: &str) {
    assert_eq!(response.status, 401, "{}", response.text());
    assert_eq!(response.header("content-type"), "application/problem+json");
    assert_eq!(response.header("www-authenticate"), challenge);
}

fn assert_invalid_token(response: &TestResponse) {
    assert_unauthenticated_with(response, "Bearer error=\"invalid_token\"");
}

async fn generated(app: &Router, path: &str) -> String {
    let response = call(app, "GET", path, None, None).await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.text()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_generated_admin_token_is_accepted(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let app = router::build(state.clone());
    let scopes = ADMIN_SCOPE.replace(' ', "%20");
    let token = generated(
        &app,
        &format!("/testtoken/api/GetEnterpriseToken?org=digdir&orgNo=991825827&scopes={scopes}"),
    )
    .await;
    let response = call(&app, "GET", EXPORT, Some(&token), None).await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.json()["resources"].is_array());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_request_without_a_token_is_unauthenticated_and_an_invalid_bearer_token_answers_invalid_token(
    pool: PgPool,
) {
    let app = crate::common::app(pool);
    assert_unauthenticated_with(&call(&app, "GET", EXPORT, None, None).await, "Bearer");
    assert_invalid_token(&call(&app, "GET", EXPORT, Some("not-a-jwt"), None).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_unsigned_alg_none_token_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT","kid":"testtoken-1"}"#);
    let payload = URL_SAFE_NO_PAD.encode(admin_claims(&state).to_string());
    assert_invalid_token(&export_with(&state, &format!("{header}.{payload}.")).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_hs256_token_keyed_with_the_public_key_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let key = state.test_tokens.as_ref().expect("enabled").key();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(key.kid().to_owned());
    let public_key = URL_SAFE_NO_PAD.encode(key.public_key());
    for secret in [public_key.as_bytes(), &key.public_key()[..]] {
        let token = jsonwebtoken::encode(
            &header,
            &admin_claims(&state),
            &jsonwebtoken::EncodingKey::from_secret(secret),
        )
        .expect("signs");
        assert_invalid_token(&export_with(&state, &token).await);
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_token_from_an_untrusted_issuer_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let mut claims = admin_claims(&state);
    claims["iss"] = json!("https://issuer.example/");
    assert_invalid_token(&export_with(&state, &sign(&state, &claims)).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_token_signed_by_another_key_under_the_trusted_kid_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let impostor = SigningKeyPair::generate("testtoken-1").expect("key");
    assert_invalid_token(
        &export_with(
            &state,
            &impostor.sign(&admin_claims(&state)).expect("signs"),
        )
        .await,
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_token_with_an_unknown_kid_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let other = SigningKeyPair::generate("another-kid").expect("key");
    assert_invalid_token(
        &export_with(&state, &other.sign(&admin_claims(&state)).expect("signs")).await,
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_tampered_token_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let mut claims = admin_claims(&state);
    claims["scope"] = json!("digdir:dialogporten.serviceprovider");
    let honest = sign(&state, &claims);
    let mut parts: Vec<String> = honest.split('.').map(str::to_owned).collect();
    claims["scope"] = json!(ADMIN_SCOPE);
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    assert_invalid_token(&export_with(&state, &parts.join(".")).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_expired_token_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let mut claims = admin_claims(&state);
    claims["exp"] = json!(now() - 120);
    assert_invalid_token(&export_with(&state, &sign(&state, &claims)).await);
    claims.as_object_mut().expect("object").remove("exp");
    assert_invalid_token(&export_with(&state, &sign(&state, &claims)).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_token_not_yet_valid_is_refused(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let mut claims = admin_claims(&state);
    claims["nbf"] = json!(now() + 600);
    assert_invalid_token(&export_with(&state, &sign(&state, &claims)).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn with_an_audience_configured_a_token_for_another_audience_is_refused(pool: PgPool) {
    let state = state_with(
        pool,
        &[
            "--mode",
            "dev",
            "--token-audience",
            "https://dialoghub.test",
        ],
    );
    let mut claims = admin_claims(&state);
    assert_invalid_token(&export_with(&state, &sign(&state, &claims)).await);
    claims["aud"] = json!("https://another.test");
    assert_invalid_token(&export_with(&state, &sign(&state, &claims)).await);
    claims["aud"] = json!("https://dialoghub.test");
    assert_eq!(
        export_with(&state, &sign(&state, &claims)).await.status,
        200
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_valid_token_without_the_admin_scope_is_forbidden(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let app = router::build(state.clone());
    let service_owner = generated(&app, "/testtoken/api/GetEnterpriseToken?org=skd&orgNo=974761076&scopes=digdir:dialogporten.serviceprovider").await;
    let response = call(&app, "GET", EXPORT, Some(&service_owner), None).await;
    assert_eq!(response.status, 403);
    assert!(response.json()["errors"]["Type"].is_array());
    let citizen = generated(
        &app,
        "/testtoken/api/GetPersonalToken?pid=01018012371&scopes=digdir:dialogporten",
    )
    .await;
    assert_eq!(
        call(&app, "GET", EXPORT, Some(&citizen), None).await.status,
        403
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn without_the_generator_its_tokens_and_endpoints_are_gone(pool: PgPool) {
    let enabled = state_with(pool.clone(), &["--mode", "dev"]);
    let token = sign(&enabled, &admin_claims(&enabled));
    let disabled = state_with(pool, &["--mode", "production"]);
    assert!(disabled.test_tokens.is_none());
    assert_invalid_token(&export_with(&disabled, &token).await);
    let app = router::build(disabled);
    let response = crate::common::get(
        &app,
        "/testtoken/api/GetEnterpriseToken?org=digdir&orgNo=991825827",
    )
    .await;
    assert_eq!(response.status, 404);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn personal_tokens_carry_the_person_and_level_and_come_in_bulk(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let app = router::build(state.clone());
    let token = generated(
        &app,
        "/testtoken/api/GetPersonalToken?pid=01018012371&scopes=digdir:dialogporten&authLvl=4",
    )
    .await;
    match state
        .authenticator
        .authenticate(&token)
        .await
        .expect("accepted")
    {
        Principal::EndUser(caller) => {
            assert_eq!(caller.user.party.identifier(), "01018012371");
            assert_eq!(caller.user.authentication_level, 4);
            assert!(caller.scopes.has("digdir:dialogporten"));
        }
        other => panic!("expected an end user, got {other:?}"),
    }
    let response = call(
        &app,
        "GET",
        "/testtoken/api/GetPersonalToken?scopes=digdir:dialogporten&bulkCount=3",
        None,
        None,
    )
    .await;
    assert_eq!(response.status, 200);
    let bulk = response.json();
    let bulk = bulk
        .as_object()
        .expect("a map from national identity number to token");
    assert_eq!(bulk.len(), 3);
    for (pid, token) in bulk {
        let Ok(Principal::EndUser(caller)) = state
            .authenticator
            .authenticate(token.as_str().expect("text"))
            .await
        else {
            panic!("bulk token for {pid} is not accepted");
        };
        assert_eq!(caller.user.party.identifier(), pid);
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_generator_refuses_invalid_identifiers_with_a_problem(pool: PgPool) {
    let app = crate::common::app(pool);
    let response = call(
        &app,
        "GET",
        "/testtoken/api/GetPersonalToken?pid=01018012372&scopes=x",
        None,
        None,
    )
    .await;
    assert_eq!(response.status, 400);
    assert!(
        response.json()["errors"]["pid"].is_array(),
        "{}",
        response.text()
    );
    let response = call(
        &app,
        "GET",
        "/testtoken/api/GetEnterpriseToken?org=x&orgNo=123&ttl=0",
        None,
        None,
    )
    .await;
    assert_eq!(response.status, 400);
    let problem = response.json();
    assert!(
        problem["errors"]["orgNo"].is_array() && problem["errors"]["ttl"].is_array(),
        "{problem}"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_admin_replaces_the_data_through_the_api_and_bad_data_changes_nothing(pool: PgPool) {
    let state = state_with(pool, &["--mode", "dev"]);
    let app = router::build(state.clone());
    let token = sign(&state, &admin_claims(&state));
    let response = call(
        &app,
        "PUT",
        EXPORT,
        Some(&token),
        Some(("application/yaml", DEMO.to_owned())),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["resources"], 7);
    let exported = call(&app, "GET", EXPORT, Some(&token), None).await.json();
    assert_eq!(exported["persons"].as_array().map(Vec::len), Some(6));

    let broken = DEMO.replace("owner: nav", "owner: nobody");
    let response = call(
        &app,
        "PUT",
        EXPORT,
        Some(&token),
        Some(("application/yaml", broken)),
    )
    .await;
    assert_eq!(response.status, 400);
    assert!(
        response.json()["errors"]["resources[2].owner"].is_array(),
        "{}",
        response.text()
    );
    assert_eq!(
        call(&app, "GET", EXPORT, Some(&token), None).await.json(),
        exported
    );

    let response = call(
        &app,
        "PUT",
        EXPORT,
        Some(&token),
        Some(("application/json", exported.to_string())),
    )
    .await;
    assert_eq!(
        response.status,
        200,
        "JSON is accepted too: {}",
        response.text()
    );
}

/// A stand-in for Maskinporten's JWKS endpoint: a real HTTP server on loopback whose keys can rotate.
async fn serve_jwks(keys: Arc<Mutex<Value>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let app = Router::new().route(
        "/jwks",
        get(move || {
            let keys = keys.clone();
            async move { Json(keys.lock().expect("lock").clone()) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/jwks")
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn tokens_from_a_configured_issuer_verify_against_its_jwks_through_key_rotation(
    pool: PgPool,
) {
    let first = SigningKeyPair::generate("2026-01").expect("key");
    let second = SigningKeyPair::generate("2026-02").expect("key");
    let published = Arc::new(Mutex::new(server::auth::keys::jwk_set([&first])));
    let jwks_url = serve_jwks(published.clone()).await;
    let issuer = "https://maskinporten.test/";
    let state = state_with(
        pool,
        &[
            "--mode",
            "production",
            "--trusted-issuer",
            &format!("{issuer}={jwks_url}"),
        ],
    );
    let claims = json!({
        "iss": issuer, "iat": now(), "exp": now() + 600, "scope": ADMIN_SCOPE,
        "consumer": { "authority": "iso6523-actorid-upis", "ID": "0192:991825827" },
    });
    assert_eq!(
        export_with(&state, &first.sign(&claims).expect("signs"))
            .await
            .status,
        200
    );

    *published.lock().expect("lock") = server::auth::keys::jwk_set([&first, &second]);
    assert_eq!(
        export_with(&state, &second.sign(&claims).expect("signs"))
            .await
            .status,
        200,
        "a rotated-in key is fetched"
    );

    let stranger = SigningKeyPair::generate("2026-03").expect("key");
    assert_invalid_token(&export_with(&state, &stranger.sign(&claims).expect("signs")).await);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn production_needs_dialog_token_keys(pool: PgPool) {
    use clap::Parser;
    let cli =
        server::config::Cli::try_parse_from(["server", "--mode", "production"]).expect("parses");
    let error = server::state::AppState::new(&cli.config, pool)
        .err()
        .expect("refused without keys");
    assert!(error.to_string().contains("DIALOG_TOKEN_KEYS"), "{error}");
}
