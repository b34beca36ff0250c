//! Liveness and readiness probes.

use std::time::Duration;

use axum::{Json, extract::State};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::error::{Error, Result};

const DATABASE_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is up and answering.
pub async fn live() -> Json<Value> {
    Json(json!({ "status": "live" }))
}

/// The process can serve requests: the database answers within two seconds.
pub async fn ready(State(pool): State<PgPool>) -> Result<Json<Value>> {
    let check = sqlx::query_scalar::<_, i32>("select 1").fetch_one(&pool);
    match tokio::time::timeout(DATABASE_CHECK_TIMEOUT, check).await {
        Ok(Ok(_)) => Ok(Json(json!({ "status": "ready" }))),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check failed");
            Err(Error::Unavailable("the database is not reachable".into()))
        }
        Err(_) => Err(Error::Unavailable(
            "the database did not answer in time".into(),
        )),
    }
}
