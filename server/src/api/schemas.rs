//! Shapes the handlers name in their OpenAPI annotations but never build: the problem+json
//! responses a read or a write can answer with, and one JSON Patch operation.

use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};

use super::problem::Problem;

/// The errors a read can answer with, as problem+json.
#[derive(IntoResponses)]
pub enum ReadProblems {
    #[response(
        status = 400,
        description = "A parameter is invalid",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No valid token",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The token lacks a scope, or the caller may not see this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "Not found, or not the caller's",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 410,
        description = "The dialog is deleted",
        content_type = "application/problem+json"
    )]
    Gone(Problem),
}

/// The errors a write can answer with, as problem+json.
#[derive(IntoResponses)]
pub enum WriteProblems {
    #[response(
        status = 400,
        description = "Validation failed; `errors` lists every problem by property",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No valid token",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The token lacks a scope, or the dialog is frozen",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "Not found, or not the caller's",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 409,
        description = "The idempotent key is taken (the message names the existing dialog)",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    #[response(
        status = 410,
        description = "The dialog is deleted",
        content_type = "application/problem+json"
    )]
    Gone(Problem),
    #[response(
        status = 412,
        description = "`If-Match` does not match the current revision",
        content_type = "application/problem+json"
    )]
    PreconditionFailed(Problem),
    #[response(
        status = 422,
        description = "A domain rule refused the request",
        content_type = "application/problem+json"
    )]
    Unprocessable(Problem),
}

/// One RFC 6902 operation.
#[derive(Serialize, ToSchema)]
pub struct JsonPatchOperation {
    op: String,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[schema(value_type = Option<Object>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<serde_json::Value>,
}
