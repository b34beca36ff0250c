//! Test harness: the real router on a fresh database, driven in-process.

pub mod pages;
pub mod personas;
pub mod service_owner;

use axum::{Router, body::Body};
use clap::Parser;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use server::{config::Cli, router, state::AppState};
use sqlx::PgPool;
use tower::ServiceExt;

/// The application as the server builds it in dev mode (test tokens on), on the given pool.
pub fn app(pool: PgPool) -> Router {
    app_with(pool, &["--mode", "dev"])
}

/// The application with the given command-line flags.
pub fn app_with(pool: PgPool, flags: &[&str]) -> Router {
    router::build(state_with(pool, flags))
}

/// Dialog token keys for tests (two 32-byte seeds), so that no test writes key files.
pub const TEST_DIALOG_TOKEN_KEYS: &str = "test-1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE,test-2:AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI";

pub fn state_with(pool: PgPool, flags: &[&str]) -> AppState {
    // A test may name its own site root.
    let site_root: &[&str] = if flags.contains(&"--site-root") {
        &[]
    } else {
        &["--site-root", "target/site"]
    };
    let args = [
        "server",
        "--public-url",
        "http://localhost:3000",
        "--dialog-token-keys",
        TEST_DIALOG_TOKEN_KEYS,
    ]
    .iter()
    .chain(site_root)
    .chain(flags)
    .copied();
    let cli = Cli::try_parse_from(args).expect("test flags parse");
    AppState::new(&cli.config, pool).expect("the state builds")
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }
}

/// Sends a GET request to the application.
pub async fn get(app: &Router, path: &str) -> TestResponse {
    call(app, "GET", path, None, None).await
}

/// Sends a request with a bearer token (when given) and an optional JSON body.
pub async fn call(
    app: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, String)>,
) -> TestResponse {
    call_if_match(app, method, path, token, body, None).await
}

/// As [`call`], with an `If-Match` revision when given.
pub async fn call_if_match(
    app: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, String)>,
    if_match: Option<&str>,
) -> TestResponse {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if let Some(revision) = if_match {
        request = request.header("if-match", revision);
    }
    let request = match body {
        Some((content_type, body)) => request
            .header("content-type", content_type)
            .body(Body::from(body)),
        None => request.body(Body::empty()),
    };
    send(app, request.expect("request builds")).await
}

pub async fn send(app: &Router, request: Request<Body>) -> TestResponse {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    TestResponse {
        status,
        headers,
        body,
    }
}
