//! `/api/v1/serviceowner`: the service-owner API, wire-compatible with Dialogporten.

mod children;
mod dialogs;
mod end_user_context;
mod labels;
mod lookup;
mod search;
mod views;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    dialogs::router()
        .merge(search::router())
        .merge(children::router())
        .merge(labels::router())
        .merge(end_user_context::router())
        .merge(lookup::router())
}
