//! A stored dialog row's updates and state changes: locks, deletion and purge, freezing, the counters after
//! an append, system labels, and the service owner's recent dialogs.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, types::Json};
use uuid::Uuid;

use super::DialogRecord;
use crate::{
    domain::dialog::id::DialogId,
    domain::dialog::{model::DialogContent, status::SystemLabel},
    domain::resource::ResourceId,
    error::Result,
};

/// The fields a lifecycle change decides on, read with a row lock.
pub struct DialogState {
    pub revision: Uuid,
    pub service_resource: ResourceId,
    pub service_resource_type: String,
    pub deleted_at: Option<DateTime<Utc>>,
    pub frozen: bool,
}

pub async fn lock(connection: &mut PgConnection, id: DialogId) -> Result<Option<DialogState>> {
    Ok(sqlx::query_as!(
        DialogState,
        r#"select revision, service_resource as "service_resource: ResourceId", service_resource_type, deleted_at, frozen
         from dialogs where id = $1 for update"#,
        id.uuid()
    )
    .fetch_optional(connection)
    .await?)
}

/// Sets or clears the deletion time and gives the dialog a new revision.
pub async fn set_deleted(
    connection: &mut PgConnection,
    id: DialogId,
    deleted_at: Option<DateTime<Utc>>,
    revision: Uuid,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set deleted_at = $2, revision = $3 where id = $1",
        id.uuid(),
        deleted_at,
        revision
    )
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn set_frozen(connection: &mut PgConnection, id: DialogId, revision: Uuid) -> Result<()> {
    sqlx::query!(
        "update dialogs set frozen = true, revision = $2 where id = $1",
        id.uuid(),
        revision
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Removes the dialog and, by cascade, its transmissions and activities.
/// Deletes a dialog with everything it holds, and frees the ids it claimed (those its
/// documents and its transmissions' hold, read before the delete).
pub async fn purge(connection: &mut PgConnection, id: DialogId) -> Result<()> {
    sqlx::query!(
        "with held as (
             select (a ->> 'id')::uuid as id from dialogs d, jsonb_array_elements(d.attachments) a
             where d.id = $1
             union all
             select (g ->> 'id')::uuid from dialogs d, jsonb_array_elements(d.gui_actions) g
             where d.id = $1
             union all
             select (p ->> 'id')::uuid from dialogs d, jsonb_array_elements(d.api_actions) p
             where d.id = $1
             union all
             select (e ->> 'id')::uuid
             from dialogs d, jsonb_array_elements(d.api_actions) p, jsonb_array_elements(p -> 'endpoints') e
             where d.id = $1
             union all
             select (a ->> 'id')::uuid
             from dialog_transmissions t, jsonb_array_elements(t.document -> 'attachments') a
             where t.dialog_id = $1
         ), released as (
             delete from dialog_entity_ids where id in (select id from held) and dialog_id = $1
         )
         delete from dialogs where id = $1",
        id.uuid()
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// The dialog-level fields an appended transmission or activity changes.
pub struct AfterAppend {
    pub revision: Uuid,
    pub updated_at: DateTime<Utc>,
    pub content_updated_at: DateTime<Utc>,
    pub has_unopened_content: bool,
    pub from_service_owner_transmissions_count: i16,
    pub from_party_transmissions_count: i16,
    pub sent: bool,
    pub is_seen_since_last_content_update: bool,
    pub system_label: SystemLabel,
}

/// Records an append: new revision and times, counters, flags and the system label.
pub async fn update_after_append(
    connection: &mut PgConnection,
    id: DialogId,
    after: &AfterAppend,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set revision = $2, updated_at = $3, content_updated_at = $4, has_unopened_content = $5,
             from_service_owner_transmissions_count = $6, from_party_transmissions_count = $7, sent = $8,
             is_seen_since_last_content_update = $9, system_label = $10
         where id = $1",
        id.uuid(),
        after.revision,
        after.updated_at,
        after.content_updated_at,
        after.has_unopened_content,
        after.from_service_owner_transmissions_count,
        after.from_party_transmissions_count,
        after.sent,
        after.is_seen_since_last_content_update,
        after.system_label as _,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// A dialog's service-owner labels with their own revision, read with a row lock.
pub struct LabelState {
    pub service_resource: ResourceId,
    pub service_owner_labels: Vec<String>,
    pub service_owner_context_revision: Uuid,
}

pub async fn lock_labels(
    connection: &mut PgConnection,
    id: DialogId,
) -> Result<Option<LabelState>> {
    Ok(sqlx::query_as!(
        LabelState,
        r#"select service_resource as "service_resource: ResourceId", service_owner_labels, service_owner_context_revision
         from dialogs where id = $1 for update"#,
        id.uuid()
    )
    .fetch_optional(connection)
    .await?)
}

pub async fn set_labels(
    connection: &mut PgConnection,
    id: DialogId,
    labels: &[String],
    revision: Uuid,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set service_owner_labels = $2, service_owner_context_revision = $3 where id = $1",
        id.uuid(),
        labels,
        revision
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Whether the dialog has an activity of this type (for this transmission, when given);
/// `None` when there is no such dialog.
pub async fn has_activity(
    connection: &mut PgConnection,
    id: DialogId,
    activity_type: i16,
    transmission: Option<Uuid>,
) -> Result<Option<bool>> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from dialog_activities a
                          where a.dialog_id = d.id and a.type = $2
                            and ($3::uuid is null or a.transmission_id = $3)) as "exists!"
           from dialogs d where d.id = $1"#,
        id.uuid(),
        activity_type,
        transmission
    )
    .fetch_optional(connection)
    .await?)
}

/// The id of the oldest dialog carrying this service-owner label.
pub async fn find_by_label(connection: &mut PgConnection, label: &str) -> Result<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "select id from dialogs where service_owner_labels @> array[$1] order by created_at, id limit 1",
        label
    )
    .fetch_optional(connection)
    .await?)
}

/// Writes a PUT: every changeable field, the replaced collections, and the derived state.
pub async fn update(connection: &mut PgConnection, record: &DialogRecord) -> Result<()> {
    let d = record;
    sqlx::query!(
        "update dialogs set revision = $2, progress = $3, extended_status = $4, external_reference = $5,
             process = $6, preceding_process = $7, due_at = $8, expires_at = $9, is_api_only = $10, status = $11,
             content = $12, search_tags = $13, attachments = $14, gui_actions = $15, api_actions = $16,
             updated_at = $17, content_updated_at = $18, has_unopened_content = $19,
             from_service_owner_transmissions_count = $20, from_party_transmissions_count = $21, sent = $22,
             is_seen_since_last_content_update = $23, system_label = $24
         where id = $1",
        d.id.uuid(),
        d.revision,
        d.progress,
        d.extended_status,
        d.external_reference,
        d.process,
        d.preceding_process,
        d.due_at,
        d.expires_at,
        d.is_api_only,
        d.status as _,
        d.content as _,
        &d.search_tags,
        d.attachments as _,
        d.gui_actions as _,
        d.api_actions as _,
        d.updated_at,
        d.content_updated_at,
        d.has_unopened_content,
        d.from_service_owner_transmissions_count,
        d.from_party_transmissions_count,
        d.sent,
        d.is_seen_since_last_content_update,
        d.system_label as _,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// A dialog in a service owner's list of its latest.
pub struct RecentDialog {
    pub id: Uuid,
    pub party: String,
    pub content: Json<DialogContent>,
}

/// A service owner's most recently updated dialogs that are not deleted.
pub async fn recent_for_owner(
    connection: &mut PgConnection,
    org: &str,
    limit: i64,
) -> Result<Vec<RecentDialog>> {
    Ok(sqlx::query_as!(
        RecentDialog,
        r#"select id, party, content as "content: Json<DialogContent>"
           from dialogs where org = $1 and deleted_at is null
           order by updated_at desc, id desc limit $2"#,
        org,
        limit
    )
    .fetch_all(&mut *connection)
    .await?)
}
