//! `/api/v1/serviceowner`: the service-owner API, wire-compatible with Dialogporten.

mod children;
mod dialogs;
pub(crate) mod end_user_context;
mod labels;
pub(crate) mod lookup;
mod search;
pub(crate) mod views;
mod write;

use axum::Router;
use utoipa::OpenApi;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    dialogs::router()
        .merge(search::router())
        .merge(children::router())
        .merge(labels::router())
        .merge(end_user_context::router())
        .merge(lookup::router())
}

/// The service-owner operations in the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(
    dialogs::create_dialog,
    search::search_dialogs,
    dialogs::get_dialog,
    dialogs::update_dialog,
    dialogs::patch_dialog,
    dialogs::delete_dialog,
    dialogs::restore_dialog,
    dialogs::purge_dialog,
    dialogs::freeze_dialog,
    labels::should_send_notification,
    children::list_activities,
    children::create_activity,
    children::get_activity,
    labels::list_labels,
    labels::add_label,
    labels::remove_label,
    end_user_context::set_labels,
    end_user_context::seen_log,
    end_user_context::seen_log_entry,
    children::list_transmissions,
    children::create_transmission,
    children::get_transmission,
    children::replace_transmission,
    end_user_context::list_contexts,
    end_user_context::bulk_set_labels,
    lookup::lookup_dialog,
))]
pub struct Docs;
