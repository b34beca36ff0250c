//! Dialog rows and their transmissions and activities.

mod children;
mod state;

pub use children::{
    existing_activity_ids, insert_activities, insert_transmissions, replace_transmission,
};
pub use state::{
    AfterAppend, DialogState, LabelState, RecentDialog, find_by_label, has_activity, lock,
    lock_labels, purge, recent_for_owner, set_deleted, set_frozen, set_labels, update,
    update_after_append,
};

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, types::Json};
use uuid::Uuid;

use super::entity_ids::EntityIds;
use crate::{
    domain::dialog::id::DialogId,
    domain::dialog::{
        model::{Activity, ApiAction, Attachment, DialogContent, GuiAction, Transmission},
        status::{DialogStatus, SystemLabel},
    },
    domain::{party::Party, resource::ResourceId},
    error::Result,
};

/// A dialog as stored: everything the service-owner GET returns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DialogRecord {
    pub id: DialogId,
    pub revision: Uuid,
    pub org: String,
    pub service_resource: ResourceId,
    pub service_resource_type: String,
    pub party: Party,
    pub idempotent_key: Option<String>,
    pub status: DialogStatus,
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
    pub system_label: SystemLabel,
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
        d.id.uuid(),
        d.revision,
        d.org,
        d.service_resource.as_str(),
        d.service_resource_type,
        d.party.to_string(),
        d.idempotent_key,
        d.status as _,
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
        d.system_label as _,
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
pub async fn load(connection: &mut PgConnection, id: DialogId) -> Result<Option<DialogAggregate>> {
    let dialog = sqlx::query_as!(
        DialogRecord,
        r#"select id as "id: DialogId", revision, org,
                  service_resource as "service_resource: ResourceId", service_resource_type,
                  party as "party: Party", idempotent_key,
                  status as "status: DialogStatus",
                  progress, extended_status, external_reference, process, preceding_process, visible_from,
                  due_at, expires_at, created_at, updated_at, content_updated_at, deleted_at, is_api_only,
                  frozen, has_unopened_content, is_seen_since_last_content_update,
                  from_service_owner_transmissions_count, from_party_transmissions_count,
                  system_label as "system_label: SystemLabel",
                  marked_as_unopened, sent, end_user_context_revision, service_owner_context_revision,
                  service_owner_labels, search_tags,
                  content as "content: Json<DialogContent>",
                  attachments as "attachments: Json<Vec<Attachment>>",
                  gui_actions as "gui_actions: Json<Vec<GuiAction>>",
                  api_actions as "api_actions: Json<Vec<ApiAction>>"
           from dialogs where id = $1"#,
        id.uuid()
    )
    .fetch_optional(&mut *connection)
    .await?;
    let Some(dialog) = dialog else {
        return Ok(None);
    };
    let transmissions = sqlx::query_scalar!(
        r#"select document as "document: Json<Transmission>" from dialog_transmissions
           where dialog_id = $1 order by created_at, id"#,
        id.uuid()
    )
    .fetch_all(&mut *connection)
    .await?;
    let activities = sqlx::query_scalar!(
        r#"select document as "document: Json<Activity>" from dialog_activities
           where dialog_id = $1 order by created_at, id"#,
        id.uuid()
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
