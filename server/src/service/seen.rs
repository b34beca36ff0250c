//! The seen log: an end user's read of a dialog, recorded once per version of it.

use chrono::Utc;
use sqlx::PgConnection;
use uuid::Uuid;

use super::actors;
use crate::{
    domain::{
        dialog::{
            end_user_labels::{EndUserLabels, LabelEvent},
            status::SystemLabel,
        },
        party::Party,
    },
    error::Result,
    store::{
        dialogs::DialogRecord,
        end_user_context::{self, SeenLogEntry},
    },
};

/// Records that the end user has seen the dialog (through the service owner when
/// `via_service_owner`), once per version of it, and clears the unopened mark. Whether anything
/// was written: a dialog seen already is left as it is, and callers need not load it again.
pub async fn record_seen(
    connection: &mut PgConnection,
    dialog: &DialogRecord,
    reader: &Party,
    via_service_owner: bool,
) -> Result<bool> {
    let seen_by = actors::end_user(connection, reader).await?;
    let already_seen = end_user_context::seen_log(connection, dialog.id)
        .await?
        .iter()
        .any(|entry| {
            entry.seen_by.actor_id == seen_by.actor_id && entry.created_at >= dialog.updated_at
        });
    if already_seen && !dialog.marked_as_unopened && dialog.is_seen_since_last_content_update {
        return Ok(false);
    }
    let key = format!(
        "{}|{}|{}",
        dialog.updated_at.timestamp_micros(),
        dialog.is_seen_since_last_content_update,
        seen_by.actor_id.as_deref().unwrap_or_default()
    );
    let entry = SeenLogEntry {
        id: Uuid::new_v5(&dialog.id.uuid(), key.as_bytes()),
        created_at: Utc::now(),
        is_via_service_owner: via_service_owner,
        seen_by: sqlx::types::Json(seen_by.clone()),
    };
    end_user_context::insert_seen(connection, dialog.id, &entry).await?;
    if dialog.marked_as_unopened {
        let mut labels =
            EndUserLabels::from_stored(dialog.system_label, dialog.marked_as_unopened, dialog.sent);
        labels.marked_as_unopened = false;
        let events = [LabelEvent {
            label: SystemLabel::MarkedAsUnopened,
            set: false,
        }];
        end_user_context::set_labels(connection, dialog.id, labels, &events, &seen_by).await?;
    }
    end_user_context::mark_seen(connection, dialog.id, dialog.content_updated_at).await?;
    Ok(true)
}
