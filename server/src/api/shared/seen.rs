//! The seen log as both APIs write it.

use serde::Serialize;
use uuid::Uuid;

use crate::{
    domain::dialog::{model::Actor, time::format_timestamp},
    service::end_user::view::latest_seen,
    store::end_user_context::SeenLogEntry,
};

/// One entry of a seen log, as the seen-log endpoints return it.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SeenLogView<'a> {
    id: Uuid,
    seen_at: String,
    seen_by: &'a Actor,
    is_via_service_owner: bool,
}

impl<'a> From<&'a SeenLogEntry> for SeenLogView<'a> {
    fn from(entry: &'a SeenLogEntry) -> Self {
        Self {
            id: entry.id,
            seen_at: format_timestamp(&entry.created_at),
            seen_by: &entry.seen_by.0,
            is_via_service_owner: entry.is_via_service_owner,
        }
    }
}

/// A seen-log entry in a dialog, marked when it is the end user the request is made for.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SeenView<'a> {
    #[serde(flatten)]
    entry: SeenLogView<'a>,
    is_current_end_user: bool,
}

impl<'a> SeenView<'a> {
    /// An entry as `current` (an end user URN) sees it.
    pub fn for_user(entry: &'a SeenLogEntry, current: &str) -> Self {
        Self {
            entry: SeenLogView::from(entry),
            is_current_end_user: entry.seen_by.actor_id.as_deref() == Some(current),
        }
    }
}

/// The latest view by each actor at or after `since`, newest first.
pub fn seen_since<'a>(
    log: &'a [SeenLogEntry],
    since: chrono::DateTime<chrono::Utc>,
    current: Option<&str>,
) -> Vec<SeenView<'a>> {
    latest_seen(log, since)
        .into_iter()
        .map(|entry| SeenView::for_user(entry, current.unwrap_or_default()))
        .collect()
}
