//! The state every handler can reach.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
}
