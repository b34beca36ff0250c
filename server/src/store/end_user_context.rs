//! End users' side of a dialog: system labels with their own revision, the label log and the
//! seen log. Logs are read per dialog in time order from their `(dialog_id, created_at, id)` index.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, types::Json};
use uuid::Uuid;

use crate::{
    domain::dialog::id::DialogId,
    domain::dialog::{
        end_user_labels::{EndUserLabels, LabelEvent},
        model::Actor,
        status::SystemLabel,
    },
    domain::{party::Party, resource::ResourceId},
    error::Result,
};

/// What label changes need to know of a dialog, read with a row lock.
pub struct ContextState {
    pub party: Party,
    pub service_resource: ResourceId,
    pub deleted_at: Option<DateTime<Utc>>,
    pub revision: Uuid,
    pub labels: EndUserLabels,
}

pub async fn lock(connection: &mut PgConnection, id: DialogId) -> Result<Option<ContextState>> {
    let row = sqlx::query!(
        r#"select party as "party: Party",
                service_resource as "service_resource: ResourceId", deleted_at, end_user_context_revision,
                system_label as "system_label: SystemLabel", marked_as_unopened, sent
         from dialogs where id = $1 for update"#,
        id.uuid()
    )
    .fetch_optional(connection)
    .await?;
    Ok(row.map(|row| ContextState {
        party: row.party,
        service_resource: row.service_resource,
        deleted_at: row.deleted_at,
        revision: row.end_user_context_revision,
        labels: EndUserLabels::from_stored(row.system_label, row.marked_as_unopened, row.sent),
    }))
}

/// Stores new labels and their log lines under a new end-user-context revision.
pub async fn set_labels(
    connection: &mut PgConnection,
    id: DialogId,
    labels: EndUserLabels,
    events: &[LabelEvent],
    performed_by: &Actor,
) -> Result<Uuid> {
    let revision = Uuid::new_v4();
    sqlx::query!(
        "update dialogs set system_label = $2, marked_as_unopened = $3, end_user_context_revision = $4
         where id = $1",
        id.uuid(),
        labels.folder.id(),
        labels.marked_as_unopened,
        revision
    )
    .execute(&mut *connection)
    .await?;
    if !events.is_empty() {
        let now = Utc::now();
        sqlx::query!(
            "insert into dialog_label_log (id, dialog_id, created_at, name, action, performed_by)
             select e.id, $1, $2, e.name, e.action, $6
             from unnest($3::uuid[], $4::text[], $5::text[]) as e(id, name, action)",
            id.uuid(),
            now,
            &events.iter().map(|_| Uuid::now_v7()).collect::<Vec<_>>(),
            &events.iter().map(LabelEvent::name).collect::<Vec<_>>(),
            &events
                .iter()
                .map(|event| event.action().to_owned())
                .collect::<Vec<_>>(),
            Json(performed_by) as _,
        )
        .execute(connection)
        .await?;
    }
    Ok(revision)
}

pub struct LabelLogEntry {
    pub created_at: DateTime<Utc>,
    pub name: String,
    pub action: String,
    pub performed_by: Json<Actor>,
}

pub async fn label_log(connection: &mut PgConnection, id: DialogId) -> Result<Vec<LabelLogEntry>> {
    Ok(sqlx::query_as!(
        LabelLogEntry,
        r#"select created_at, name, action, performed_by as "performed_by: Json<Actor>"
           from dialog_label_log where dialog_id = $1 order by created_at, id"#,
        id.uuid()
    )
    .fetch_all(connection)
    .await?)
}

#[derive(Debug, Clone)]
pub struct SeenLogEntry {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub is_via_service_owner: bool,
    pub seen_by: Json<Actor>,
}

pub async fn seen_log(connection: &mut PgConnection, id: DialogId) -> Result<Vec<SeenLogEntry>> {
    Ok(sqlx::query_as!(
        SeenLogEntry,
        r#"select id, created_at, is_via_service_owner, seen_by as "seen_by: Json<Actor>"
           from dialog_seen_log where dialog_id = $1 order by created_at, id"#,
        id.uuid()
    )
    .fetch_all(connection)
    .await?)
}

/// Records that someone opened the dialog; the id makes a repeated record of the same view a no-op.
pub async fn insert_seen(
    connection: &mut PgConnection,
    dialog: DialogId,
    entry: &SeenLogEntry,
) -> Result<()> {
    sqlx::query!(
        "insert into dialog_seen_log (id, dialog_id, created_at, is_via_service_owner, seen_by)
         values ($1, $2, $3, $4, $5) on conflict (id) do nothing",
        entry.id,
        dialog.uuid(),
        entry.created_at,
        entry.is_via_service_owner,
        &entry.seen_by as _,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// After a view: the unopened mark is gone and the content counts as seen, unless the content
/// changed since it was loaded.
pub async fn mark_seen(
    connection: &mut PgConnection,
    dialog: DialogId,
    content_updated_at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query!(
        "update dialogs set marked_as_unopened = false,
             is_seen_since_last_content_update = is_seen_since_last_content_update or content_updated_at = $2
         where id = $1",
        dialog.uuid(),
        content_updated_at
    )
    .execute(connection)
    .await?;
    Ok(())
}
