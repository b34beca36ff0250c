//! RFC 7807 `application/problem+json` responses, shaped as upstream Dialogporten shapes them.

use axum::{
    Json,
    response::{IntoResponse, Response},
};
use http::{StatusCode, header};
use serde::Serialize;

use crate::{
    error::{Error, FieldErrors},
    request_context,
};

pub const CONTENT_TYPE: &str = "application/problem+json";

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
}

/// The `type` reference and `title` upstream uses for each status.
fn describe(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1",
            "One or more validation errors occurred.",
        ),
        401 => (
            "https://datatracker.ietf.org/doc/html/rfc7235#section-3.1",
            "Unauthorized.",
        ),
        403 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.3",
            "Forbidden.",
        ),
        404 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.4",
            "Resource not found.",
        ),
        405 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5",
            "Method not allowed.",
        ),
        406 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6",
            "Requested content type is not acceptable.",
        ),
        409 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.8",
            "Conflict.",
        ),
        410 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.9",
            "Resource no longer available.",
        ),
        412 => (
            "https://datatracker.ietf.org/doc/html/rfc7232#section-4.2",
            "Precondition failed.",
        ),
        413 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.11",
            "Payload too large.",
        ),
        415 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13",
            "Unsupported media type.",
        ),
        422 => (
            "https://datatracker.ietf.org/doc/html/rfc4918#section-11.2",
            "Unprocessable request.",
        ),
        503 => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.4",
            "Service unavailable.",
        ),
        _ => (
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.1",
            "An error occurred while processing the request.",
        ),
    }
}

impl Problem {
    pub fn new(status: StatusCode) -> Self {
        let (kind, title) = describe(status);
        Self {
            kind,
            title,
            status: status.as_u16(),
            detail: None,
            instance: request_context::current().map(|request| request.path),
            errors: None,
            trace_id: request_context::current().map(|request| request.id.to_string()),
        }
    }

    pub fn with_errors(mut self, errors: FieldErrors) -> Self {
        self.errors = Some(errors);
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, [(header::CONTENT_TYPE, CONTENT_TYPE)], Json(self)).into_response()
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let mut problem = Problem::new(self.status());
        match &self {
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error")
            }
            Self::UnsupportedMediaType(reason) => problem = problem.with_detail(reason.clone()),
            Self::Unavailable(reason) => {
                tracing::warn!(%reason, "dependency unavailable");
                problem = problem.with_detail(reason.clone());
            }
            _ => {}
        }
        if let Some(errors) = self.field_errors() {
            problem = problem.with_errors(errors.clone());
        }
        let mut response = problem.into_response();
        let challenge = match self {
            Self::Unauthenticated => Some("Bearer"),
            Self::InvalidToken => Some("Bearer error=\"invalid_token\""),
            _ => None,
        };
        if let Some(challenge) = challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                http::HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_kind_gets_the_status_upstream_uses() {
        let cases = [
            (Error::Validation(FieldErrors::new()), 400),
            (Error::Unauthenticated, 401),
            (Error::InvalidToken, 401),
            (Error::Forbidden(FieldErrors::new()), 403),
            (Error::NotFound(FieldErrors::new()), 404),
            (Error::Conflict(FieldErrors::new()), 409),
            (Error::Gone(FieldErrors::new()), 410),
            (Error::PreconditionFailed, 412),
            (Error::UnsupportedMediaType("text/xml".into()), 415),
            (Error::Domain(FieldErrors::new()), 422),
            (Error::Unavailable("db".into()), 503),
            (Error::Internal(anyhow::anyhow!("boom")), 500),
        ];
        for (error, status) in cases {
            assert_eq!(error.into_response().status().as_u16(), status);
        }
    }

    #[tokio::test]
    async fn internal_errors_show_nothing_of_their_cause() {
        let response = Error::Internal(anyhow::anyhow!("relation secret_table does not exist"))
            .into_response();
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .expect("body")
            .to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).expect("problem json");
        assert_eq!(json["status"], 500);
        assert!(json.get("detail").is_none() && json.get("errors").is_none());
        assert!(!String::from_utf8_lossy(&body).contains("secret_table"));
    }

    #[test]
    fn validation_problems_use_upstreams_title_and_type() {
        let problem =
            Problem::new(StatusCode::BAD_REQUEST).with_errors(Error::field("Party", "Required."));
        let json = serde_json::to_value(problem).expect("serializes");
        assert_eq!(json["title"], "One or more validation errors occurred.");
        assert_eq!(
            json["type"],
            "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1"
        );
        assert_eq!(json["errors"]["Party"][0], "Required.");
    }
}
