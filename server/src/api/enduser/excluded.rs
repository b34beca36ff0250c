//! The stand-in for an entity an end user may not see.

use serde::Serialize;
use uuid::Uuid;

use crate::{domain::dialog::time::format_timestamp, service::end_user::view::Excluded};

/// What stands in for an entity an end user may not see (its authorization context excludes
/// it): its id and when it was created. Upstream's `ExcludedElement`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExcludedElement {
    pub id: Uuid,
    pub created_at: String,
}

impl From<Excluded> for ExcludedElement {
    fn from(excluded: Excluded) -> Self {
        Self {
            id: excluded.id,
            created_at: format_timestamp(&excluded.created_at),
        }
    }
}
