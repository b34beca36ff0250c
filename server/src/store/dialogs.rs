//! Dialog rows and their transmissions and activities.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, types::Json};
use uuid::Uuid;

use super::entity_ids::EntityIds;
use crate::{
    domain::dialog::model::{
        Activity, ApiAction, Attachment, DialogContent, GuiAction, Transmission,
    },
    error::Result,
};

/// A dialog as stored: everything the service-owner GET returns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DialogRecord {
    pub id: Uuid,
    pub revision: Uuid,
    pub org: String,
    pub service_resource: String,
    pub service_resource_type: String,
    pub party: String,
    pub idempotent_key: Option<String>,
    pub status: i16,
    pub progress: Option<i16>,
    pub extended_status: Option<String>,
    pub external_reference: Option<String>,
    pub process: Option<String>,
    pub preceding_process: Option<String>,
    pub visible_from: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub content_updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub is_api_only: bool,
    pub frozen: bool,
    pub has_unopened_content: bool,
    pub is_seen_since_last_content_update: bool,
    pub from_service_owner_transmissions_count: i16,
    pub from_party_transmissions_count: i16,
    pub system_label: i16,
    pub marked_as_unopened: bool,
    pub sent: bool,
    pub end_user_context_revision: Uuid,
    pub service_owner_context_revision: Uuid,
    pub service_owner_labels: Vec<String>,
    pub search_tags: Vec<String>,
    pub content: Json<DialogContent>,
    pub attachments: Json<Vec<Attachment>>,
    pub gui_actions: Json<Vec<GuiAction>>,
    pub api_actions: Json<Vec<ApiAction>>,
}

impl DialogRecord {
    /// The ids the dialog's own documents hold (see [`super::entity_ids`]).
    pub fn entity_ids(&self) -> EntityIds {
        EntityIds::of_dialog((&self.attachments, &self.gui_actions, &self.api_actions))
    }
}

/// A dialog with its appended children.
#[derive(Debug, Clone)]
pub struct DialogAggregate {
    pub dialog: DialogRecord,
    pub transmissions: Vec<Transmission>,
    pub activities: Vec<Activity>,
    /// Who has opened the dialog, oldest first.
    pub seen_log: Vec<super::end_user_context::SeenLogEntry>,
}

/// Inserts a dialog with its children, and claims the ids it holds (see [`entity_ids`]) in the
/// same statement; returns whether every one of them was free.
pub async fn insert(
    connection: &mut PgConnection,
    aggregate: &DialogAggregate,
    held: &EntityIds,
) -> Result<bool> {
    let d = &aggregate.dialog;
    let (ids, kinds) = held.columns();
    let claimed = sqlx::query_scalar!(
        r#"with dialog as (insert into dialogs (
            id, revision, org, service_resource, service_resource_type, party, idempotent_key, status,
            progress, extended_status, external_reference, process, preceding_process, visible_from,
            due_at, expires_at, created_at, updated_at, content_updated_at, deleted_at, is_api_only,
            frozen, has_unopened_content, is_seen_since_last_content_update,
            from_service_owner_transmissions_count, from_party_transmissions_count, system_label,
            marked_as_unopened, sent, end_user_context_revision, service_owner_context_revision,
            service_owner_labels, search_tags, content, attachments, gui_actions, api_actions)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37)
         returning id
         ), claimed as (
             insert into dialog_entity_ids (id, dialog_id, entity)
             select e.id, $1, e.entity from unnest($38::uuid[], $39::smallint[]) as e(id, entity)
             on conflict (id) do nothing
             returning id
         )
         select count(*) as "claimed!" from claimed"#,
        d.id,
        d.revision,
        d.org,
        d.service_resource,
        d.service_resource_type,
        d.party,
        d.idempotent_key,
        d.status,
        d.progress,
        d.extended_status,
        d.external_reference,
        d.process,
        d.preceding_process,
        d.visible_from,
        d.due_at,
        d.expires_at,
        d.created_at,
        d.updated_at,
        d.content_updated_at,
        d.deleted_at,
        d.is_api_only,
        d.frozen,
        d.has_unopened_content,
        d.is_seen_since_last_content_update,
        d.from_service_owner_transmissions_count,
        d.from_party_transmissions_count,
        d.system_label,
        d.marked_as_unopened,
        d.sent,
        d.end_user_context_revision,
        d.service_owner_context_revision,
        &d.service_owner_labels,
        &d.search_tags,
        d.content as _,
        d.attachments as _,
        d.gui_actions as _,
        d.api_actions as _,
        &ids,
        &kinds,
    )
    .fetch_one(&mut *connection)
    .await?;
    insert_transmissions(connection, d.id, &aggregate.transmissions).await?;
    insert_activities(connection, d.id, &aggregate.activities).await?;
    Ok(usize::try_from(claimed).ok() == Some(ids.len()))
}

pub async fn insert_transmissions(
    connection: &mut PgConnection,
    dialog: Uuid,
    transmissions: &[Transmission],
) -> Result<()> {
    if transmissions.is_empty() {
        return Ok(());
    }
    let documents = transmissions
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::from)?;
    sqlx::query!(
        "insert into dialog_transmissions (id, dialog_id, idempotent_key, created_at, type, related_transmission_id, document)
         select t.id, $1, t.idempotent_key, t.created_at, t.type, t.related, t.document
         from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::smallint[], $6::uuid[], $7::jsonb[])
              as t(id, idempotent_key, created_at, type, related, document)",
        dialog,
        &transmissions.iter().map(|t| t.id).collect::<Vec<_>>(),
        &transmissions.iter().map(|t| t.idempotent_key.clone()).collect::<Vec<_>>() as &[Option<String>],
        &transmissions.iter().map(|t| t.created_at).collect::<Vec<_>>(),
        &transmissions.iter().map(|t| t.transmission_type as i16).collect::<Vec<_>>(),
        &transmissions.iter().map(|t| t.related_transmission_id).collect::<Vec<_>>() as &[Option<Uuid>],
        &documents,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Replaces one transmission in place (a silent correction by its service owner).
pub async fn replace_transmission(
    connection: &mut PgConnection,
    dialog: Uuid,
    transmission: &Transmission,
) -> Result<()> {
    let document = serde_json::to_value(transmission).map_err(anyhow::Error::from)?;
    sqlx::query!(
        "update dialog_transmissions
         set idempotent_key = $3, created_at = $4, type = $5, related_transmission_id = $6, document = $7
         where id = $1 and dialog_id = $2",
        transmission.id,
        dialog,
        transmission.idempotent_key,
        transmission.created_at,
        transmission.transmission_type as i16,
        transmission.related_transmission_id,
        document,
    )
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn insert_activities(
    connection: &mut PgConnection,
    dialog: Uuid,
    activities: &[Activity],
) -> Result<()> {
    if activities.is_empty() {
        return Ok(());
    }
    let documents = activities
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::from)?;
    sqlx::query!(
        "insert into dialog_activities (id, dialog_id, created_at, type, transmission_id, document)
         select a.id, $1, a.created_at, a.type, a.transmission_id, a.document
         from unnest($2::uuid[], $3::timestamptz[], $4::smallint[], $5::uuid[], $6::jsonb[])
              as a(id, created_at, type, transmission_id, document)",
        dialog,
        &activities.iter().map(|a| a.id).collect::<Vec<_>>(),
        &activities.iter().map(|a| a.created_at).collect::<Vec<_>>(),
        &activities
            .iter()
            .map(|a| a.activity_type as i16)
            .collect::<Vec<_>>(),
        &activities
            .iter()
            .map(|a| a.transmission_id)
            .collect::<Vec<_>>() as &[Option<Uuid>],
        &documents,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Which of these activity ids any dialog holds, in the order given.
pub async fn existing_activity_ids(
    connection: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar!(
        r#"select g.id as "id!" from unnest($1::uuid[]) with ordinality as g(id, position)
           where exists (select 1 from dialog_activities a where a.id = g.id)
           order by g.position"#,
        ids
    )
    .fetch_all(connection)
    .await?)
}

/// The dialog an org created with this idempotency key, if any.
pub async fn find_by_idempotent_key(
    connection: &mut PgConnection,
    org: &str,
    key: &str,
) -> Result<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "select id from dialogs where org = $1 and idempotent_key = $2",
        org,
        key
    )
    .fetch_optional(connection)
    .await?)
}

/// One dialog with its transmissions, activities and seen log: four indexed queries, whatever their number.
pub async fn load(connection: &mut PgConnection, id: Uuid) -> Result<Option<DialogAggregate>> {
    let dialog = sqlx::query_as!(
        DialogRecord,
        r#"select id, revision, org, service_resource, service_resource_type, party, idempotent_key, status,
                  progress, extended_status, external_reference, process, preceding_process, visible_from,
                  due_at, expires_at, created_at, updated_at, content_updated_at, deleted_at, is_api_only,
                  frozen, has_unopened_content, is_seen_since_last_content_update,
                  from_service_owner_transmissions_count, from_party_transmissions_count, system_label,
                  marked_as_unopened, sent, end_user_context_revision, service_owner_context_revision,
                  service_owner_labels, search_tags,
                  content as "content: Json<DialogContent>",
                  attachments as "attachments: Json<Vec<Attachment>>",
                  gui_actions as "gui_actions: Json<Vec<GuiAction>>",
                  api_actions as "api_actions: Json<Vec<ApiAction>>"
           from dialogs where id = $1"#,
        id
    )
    .fetch_optional(&mut *connection)
    .await?;
    let Some(dialog) = dialog else {
        return Ok(None);
    };
    let transmissions = sqlx::query_scalar!(
        r#"select document as "document: Json<Transmission>" from dialog_transmissions
           where dialog_id = $1 order by created_at, id"#,
        id
    )
    .fetch_all(&mut *connection)
    .await?;
    let activities = sqlx::query_scalar!(
        r#"select document as "document: Json<Activity>" from dialog_activities
           where dialog_id = $1 order by created_at, id"#,
        id
    )
    .fetch_all(&mut *connection)
    .await?;
    Ok(Some(DialogAggregate {
        dialog,
        transmissions: transmissions
            .into_iter()
            .map(|document| document.0)
            .collect(),
        activities: activities.into_iter().map(|document| document.0).collect(),
        seen_log: super::end_user_context::seen_log(connection, id).await?,
    }))
}

/// The fields a lifecycle change decides on, read with a row lock.
pub struct DialogState {
    pub revision: Uuid,
    pub service_resource: String,
    pub service_resource_type: String,
    pub deleted_at: Option<DateTime<Utc>>,
    pub frozen: bool,
}

pub async fn lock(connection: &mut PgConnection, id: Uuid) -> Result<Option<DialogState>> {
    Ok(sqlx::query_as!(
        DialogState,
        "select revision, service_resource, service_resource_type, deleted_at, frozen
         from dialogs where id = $1 for update",
        id
    )
    .fetch_optional(connection)
    .await?)
}

/// Sets or clears the deletion time and gives the dialog a new revision.
pub async fn set_deleted(
    connection: &mut PgConnection,
    id: Uuid,
    deleted_at: Option<DateTime<Utc>>,
    revision: Uuid,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set deleted_at = $2, revision = $3 where id = $1",
        id,
        deleted_at,
        revision
    )
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn set_frozen(connection: &mut PgConnection, id: Uuid, revision: Uuid) -> Result<()> {
    sqlx::query!(
        "update dialogs set frozen = true, revision = $2 where id = $1",
        id,
        revision
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Removes the dialog and, by cascade, its transmissions and activities.
/// Deletes a dialog with everything it holds, and frees the ids it claimed (those its
/// documents and its transmissions' hold, read before the delete).
pub async fn purge(connection: &mut PgConnection, id: Uuid) -> Result<()> {
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
        id
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
    pub system_label: i16,
}

/// Records an append: new revision and times, counters, flags and the system label.
pub async fn update_after_append(
    connection: &mut PgConnection,
    id: Uuid,
    after: &AfterAppend,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set revision = $2, updated_at = $3, content_updated_at = $4, has_unopened_content = $5,
             from_service_owner_transmissions_count = $6, from_party_transmissions_count = $7, sent = $8,
             is_seen_since_last_content_update = $9, system_label = $10
         where id = $1",
        id,
        after.revision,
        after.updated_at,
        after.content_updated_at,
        after.has_unopened_content,
        after.from_service_owner_transmissions_count,
        after.from_party_transmissions_count,
        after.sent,
        after.is_seen_since_last_content_update,
        after.system_label,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// A dialog's service-owner labels with their own revision, read with a row lock.
pub struct LabelState {
    pub service_resource: String,
    pub service_owner_labels: Vec<String>,
    pub service_owner_context_revision: Uuid,
}

pub async fn lock_labels(connection: &mut PgConnection, id: Uuid) -> Result<Option<LabelState>> {
    Ok(sqlx::query_as!(
        LabelState,
        "select service_resource, service_owner_labels, service_owner_context_revision
         from dialogs where id = $1 for update",
        id
    )
    .fetch_optional(connection)
    .await?)
}

pub async fn set_labels(
    connection: &mut PgConnection,
    id: Uuid,
    labels: &[String],
    revision: Uuid,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set service_owner_labels = $2, service_owner_context_revision = $3 where id = $1",
        id,
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
    id: Uuid,
    activity_type: i16,
    transmission: Option<Uuid>,
) -> Result<Option<bool>> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from dialog_activities a
                          where a.dialog_id = d.id and a.type = $2
                            and ($3::uuid is null or a.transmission_id = $3)) as "exists!"
           from dialogs d where d.id = $1"#,
        id,
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
        d.id,
        d.revision,
        d.progress,
        d.extended_status,
        d.external_reference,
        d.process,
        d.preceding_process,
        d.due_at,
        d.expires_at,
        d.is_api_only,
        d.status,
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
        d.system_label,
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
