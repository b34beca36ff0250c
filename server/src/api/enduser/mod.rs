//! `/api/v1/enduser`: what end-user systems (our portal among them) read, wire-compatible with
//! Dialogporten. Every operation works for the signed-in person only.

mod context;
mod dialogs;
mod elements;
mod ephemeral;
mod excluded;
mod parties;
mod schema;
pub(crate) mod views;

use axum::Router;
use utoipa::OpenApi;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    dialogs::router()
        .merge(context::router())
        .merge(parties::router())
}

/// The end-user operations in the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(
    dialogs::search_dialogs,
    dialogs::get_dialog,
    dialogs::list_activities,
    dialogs::get_activity,
    dialogs::list_transmissions,
    dialogs::get_transmission,
    dialogs::seen_log,
    dialogs::seen_log_entry,
    context::label_log,
    context::set_labels,
    context::bulk_set_labels,
    parties::lookup_dialog,
    parties::parties,
    parties::service_resources,
))]
pub struct Docs;
