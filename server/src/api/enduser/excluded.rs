//! The stand-in for an entity an end user may not see.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::dialog::time::format_timestamp;

/// What stands in for an entity an end user may not see (its authorization context excludes
/// it): its id and when it was created. Upstream's `ExcludedElement`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExcludedElement {
    pub id: Uuid,
    pub created_at: String,
}

impl ExcludedElement {
    pub(super) fn new(id: Uuid, created_at: DateTime<Utc>) -> Self {
        Self {
            id,
            created_at: format_timestamp(&created_at),
        }
    }
}
