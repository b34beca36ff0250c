//! The REST front door under `/api`: answers only in JSON and problem+json.

pub mod accept_language;
pub mod admin;
pub mod enduser;
pub mod json;
pub mod metadata;
pub mod openapi;
pub mod page;
pub mod params;
pub mod problem;
pub mod schemas;
pub mod serviceowner;
pub mod shared;
pub mod well_known;

use axum::{Router, extract::DefaultBodyLimit};

use crate::{error::Error, state::AppState};

/// The largest request body accepted, as upstream.
pub const MAX_BODY_BYTES: usize = 20_000_000;

/// Routes under `/api`; anything unknown there is a problem+json 404, never the portal's page.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(admin::router())
        .merge(metadata::router())
        .merge(openapi::router())
        .merge(serviceowner::router())
        .merge(enduser::router())
        .merge(well_known::router())
        .fallback(unknown_route)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

async fn unknown_route() -> Error {
    Error::NotFound(Error::field(
        "Route",
        "No API operation has this path and method.",
    ))
}
