//! Per-request context: a request id for logs, the `x-request-id` header and problem `traceId`s.

use std::time::Instant;

use axum::{extract::Request, middleware::Next, response::Response};
use http::HeaderValue;
use tracing::Instrument;
use uuid::Uuid;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// What code deep in a request may want to know about it without having it passed down.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub id: Uuid,
    pub path: String,
}

tokio::task_local! {
    static CURRENT: RequestContext;
}

/// The context of the request being handled on this task, if any.
pub fn current() -> Option<RequestContext> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Gives every request a fresh id, a log span carrying it, a closing log line and the response header.
pub async fn track(request: Request, next: Next) -> Response {
    let context = RequestContext {
        id: Uuid::now_v7(),
        path: request.uri().path().to_owned(),
    };
    let span = tracing::info_span!(
        "request",
        request_id = %context.id,
        method = %request.method(),
        path = %context.path,
    );
    let started = Instant::now();
    let id = context.id;
    let mut response = CURRENT
        .scope(context, next.run(request))
        .instrument(span.clone())
        .await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "request finished"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}
