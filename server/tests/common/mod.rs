//! Test harness: the real router on a fresh database, driven in-process.

use axum::{Router, body::Body};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use server::{router, state::AppState};
use sqlx::PgPool;
use tower::ServiceExt;

/// The application as the server builds it, on the given pool.
pub fn app(pool: PgPool) -> Router {
    let options = router::leptos_options(
        std::path::Path::new("target/site"),
        ([127, 0, 0, 1], 0).into(),
    );
    router::build(AppState {
        pool,
        leptos_options: options,
    })
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
    let request = Request::get(path)
        .body(Body::empty())
        .expect("request builds");
    send(app, request).await
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
