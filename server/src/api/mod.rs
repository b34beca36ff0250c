//! The REST front door under `/api`: answers only in JSON and problem+json.

pub mod problem;

use axum::Router;

use crate::{error::Error, state::AppState};

/// Routes under `/api`; anything unknown there is a problem+json 404, never the portal's page.
pub fn router() -> Router<AppState> {
    Router::new().fallback(unknown_route)
}

async fn unknown_route() -> Error {
    Error::NotFound(Error::field(
        "Route",
        "No API operation has this path and method.",
    ))
}
