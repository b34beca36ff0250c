//! PUT: replace a dialog's changeable parts and append new transmissions and activities.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, types::Json};
use uuid::Uuid;

use super::{
    Write,
    actors::resolve_actor_names,
    children::{
        claim_ids, load_for_append, map_conflict, reused_transmission_key,
        transmission_key_conflict,
    },
    dialogs::correspondence_activities_allowed,
    end_user_context::reset_by_service_owner,
    ownership::{check_ownership, privileges, referenced_resources},
    transmission_state::set_transmission_state,
};
use crate::{
    auth::principal::ServiceOwner,
    authz::Authorizer,
    domain::dialog::id::DialogId,
    domain::dialog::{
        create::{DialogUpdate, Stored, UpdateDialogRequest},
        model::Transmission,
        status::SystemLabel,
    },
    error::{Error, Result},
    store::{
        dialogs::{self, DialogAggregate, DialogRecord},
        entity_ids::EntityIds,
    },
};

/// Applies the update in one transaction; returns the new revision.
#[tracing::instrument(name = "update::update", skip_all, fields(dialog_id = %id))]
pub async fn update(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
    write: Write,
    request: &UpdateDialogRequest,
) -> Result<Uuid> {
    let mut transaction = pool.begin().await?;
    let aggregate = load_for_append(
        &mut transaction,
        authorizer,
        owner,
        id,
        write.if_match,
        false,
    )
    .await?;
    let now = Utc::now();
    let mut update = validated(authorizer, owner, write, &aggregate, request, now).await?;
    let actors = update
        .new_transmissions
        .iter_mut()
        .map(|transmission| &mut transmission.sender)
        .chain(
            update
                .new_activities
                .iter_mut()
                .map(|activity| &mut activity.performed_by),
        )
        .collect();
    resolve_actor_names(&mut transaction, actors).await?;
    insert_children(&mut transaction, &aggregate, &update).await?;
    let (next, transmissions) = next_record(&aggregate, update, write.silent, now);
    let record = &aggregate.dialog;
    let before = record
        .entity_ids()
        .and(EntityIds::of_transmissions(&aggregate.transmissions));
    let now = next
        .entity_ids()
        .and(EntityIds::of_transmissions(&transmissions));
    claim_ids(&mut transaction, id, (&before, &now), true).await?;
    dialogs::update(&mut transaction, &next).await?;
    if !write.silent {
        reset_by_service_owner(&mut transaction, record).await?;
    }
    transaction.commit().await?;
    Ok(next.revision)
}

/// The request checked against the stored dialog and the owner's privileges, with every
/// resource it references owned.
async fn validated(
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    write: Write,
    aggregate: &DialogAggregate,
    request: &UpdateDialogRequest,
    now: DateTime<Utc>,
) -> Result<DialogUpdate> {
    let record = &aggregate.dialog;
    let stored = Stored {
        service_resource: &record.service_resource,
        party: &record.party,
        visible_from: record.visible_from,
        due_at: record.due_at,
        expires_at: record.expires_at,
        attachments: &record.attachments.0,
        transmissions: &aggregate.transmissions,
        activities: &aggregate.activities,
    };
    let privileges = privileges(owner, write);
    let update = request.validate(&stored, now, privileges)?;
    correspondence_activities_allowed(&update.new_activities, privileges)?;
    check_ownership(
        &*authorizer.registry().await?,
        owner,
        privileges.admin,
        referenced_resources(
            &update.dialog.gui_actions,
            &update.dialog.api_actions,
            &update.dialog.attachments,
            &update.new_transmissions,
        ),
    )?;
    Ok(update)
}

/// The dialog's row after the update, and all its transmissions.
fn next_record(
    aggregate: &DialogAggregate,
    update: DialogUpdate,
    silent: bool,
    now: DateTime<Utc>,
) -> (DialogRecord, Vec<Transmission>) {
    let record = &aggregate.dialog;
    let new = update.dialog;
    let content_changed = new.content != record.content.0
        || new.attachments != record.attachments.0
        || new.gui_actions != record.gui_actions.0
        || new.api_actions != record.api_actions.0
        || new.status != record.status
        || new.extended_status != record.extended_status
        || !update.new_transmissions.is_empty();
    let transmissions: Vec<_> = aggregate
        .transmissions
        .iter()
        .chain(&update.new_transmissions)
        .cloned()
        .collect();
    let activities: Vec<_> = aggregate
        .activities
        .iter()
        .chain(&update.new_activities)
        .cloned()
        .collect();
    let mut next = record.clone();
    next.revision = Uuid::new_v4();
    next.progress = new.progress;
    next.extended_status = new.extended_status;
    next.external_reference = new.external_reference;
    next.process = new.process;
    next.preceding_process = new.preceding_process;
    next.due_at = new.due_at;
    next.expires_at = new.expires_at;
    next.is_api_only = new.is_api_only;
    next.status = new.status;
    next.content = Json(new.content);
    next.search_tags = new.search_tags;
    next.attachments = Json(new.attachments);
    next.gui_actions = Json(new.gui_actions);
    next.api_actions = Json(new.api_actions);
    // A silent update bumps no timestamps and leaves the dialog where the end user put it;
    // any other takes it out of the bin or archive.
    if !silent {
        next.updated_at = now;
        next.system_label = SystemLabel::Default;
        if content_changed {
            next.content_updated_at = now;
            next.is_seen_since_last_content_update = false;
        }
    }
    set_transmission_state(&mut next, &transmissions, &activities);
    (next, transmissions)
}

/// Inserts the new transmissions and activities; a reused idempotency key or activity id is
/// a conflict, as upstream's update command names them.
async fn insert_children(
    transaction: &mut PgConnection,
    aggregate: &DialogAggregate,
    update: &DialogUpdate,
) -> Result<()> {
    let id = aggregate.dialog.id;
    if let Some(key) = reused_transmission_key(&aggregate.transmissions, &update.new_transmissions)
    {
        return Err(transmission_key_conflict(key));
    }
    let first_key = update
        .new_transmissions
        .iter()
        .find_map(|transmission| transmission.idempotent_key.as_deref());
    dialogs::insert_transmissions(&mut *transaction, id, &update.new_transmissions)
        .await
        .map_err(|error| map_conflict(error, first_key))?;
    let new_ids: Vec<Uuid> = update.new_activities.iter().map(|a| a.id).collect();
    let taken = dialogs::existing_activity_ids(&mut *transaction, &new_ids).await?;
    if !taken.is_empty() {
        return Err(Error::existing("Activities", "DialogActivity", &taken));
    }
    dialogs::insert_activities(transaction, id, &update.new_activities)
        .await
        .map_err(|error| map_conflict(error, None))?;
    Ok(())
}

/// An operation read the way upstream applies it to its full update document: the names in its
/// paths match the document's in any case (`/Attachments`), and `replace` of a member that is
/// absent (upstream's document holds every member, null or not) sets it.
fn as_upstream_patches(document: &serde_json::Value, operation: &mut serde_json::Value) {
    for field in ["path", "from"] {
        if let Some(path) = operation
            .get(field)
            .and_then(serde_json::Value::as_str)
            .filter(|path| path.starts_with('/'))
        {
            let matched = matched_path(document, path);
            operation[field] = serde_json::Value::String(matched);
        }
    }
    let absent = operation
        .get("path")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|path| {
            // The top level holds every member already; below it a stored object leaves out
            // what is unset.
            let (parent, _) = path.rsplit_once('/').unwrap_or(("", path));
            !parent.is_empty()
                && document.pointer(path).is_none()
                && document
                    .pointer(parent)
                    .is_some_and(serde_json::Value::is_object)
        });
    if absent && operation["op"] == "replace" {
        operation["op"] = serde_json::Value::String("add".to_owned());
    }
}

/// `path` with each object member's name spelled as the document spells it, where one matches
/// in any case.
fn matched_path(document: &serde_json::Value, path: &str) -> String {
    let mut current = Some(document);
    let mut matched = String::new();
    for token in path.split('/').skip(1) {
        let name = token.replace("~1", "/").replace("~0", "~");
        let (spelled, next) = match current {
            Some(serde_json::Value::Object(members)) => members
                .iter()
                .find(|(member, _)| member.eq_ignore_ascii_case(&name))
                .map_or((name, None), |(member, value)| {
                    (member.clone(), Some(value))
                }),
            Some(serde_json::Value::Array(items)) => {
                let next = name
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index));
                (name, next)
            }
            _ => (name, None),
        };
        matched.push('/');
        matched.push_str(&spelled.replace('~', "~0").replace('/', "~1"));
        current = next;
    }
    matched
}

/// The dialog as an update document, the way PATCH sees it: the changeable fields, with
/// transmissions and activities empty so that a patch can only append to them.
fn update_document(aggregate: &crate::store::dialogs::DialogAggregate) -> serde_json::Value {
    use crate::domain::dialog::time::format_timestamp;
    let record = &aggregate.dialog;
    let date = |value: &Option<chrono::DateTime<Utc>>| value.as_ref().map(format_timestamp);
    let status = record.status;
    serde_json::json!({
        "progress": record.progress,
        "extendedStatus": record.extended_status,
        "externalReference": record.external_reference,
        "dueAt": date(&record.due_at),
        "expiresAt": date(&record.expires_at),
        "process": record.process,
        "precedingProcess": record.preceding_process,
        "isApiOnly": record.is_api_only,
        "status": status.name(),
        "content": record.content.0,
        "searchTags": record.search_tags.iter().map(|value| serde_json::json!({ "value": value })).collect::<Vec<_>>(),
        "attachments": record.attachments.0,
        "guiActions": record.gui_actions.0,
        "apiActions": record.api_actions.0,
        "transmissions": [],
        "activities": [],
    })
}

/// PATCH: applies RFC 6902 operations to the update document and runs the result as a PUT.
#[tracing::instrument(name = "update::patch", skip_all, fields(dialog_id = %id))]
pub async fn patch(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
    write: Write,
    operations: &json_patch::Patch,
) -> Result<Uuid> {
    let aggregate = super::dialogs::get(pool, authorizer, owner, id).await?;
    let mut document = update_document(&aggregate);
    let invalid =
        |error: String| crate::error::Error::Validation(crate::error::Error::field("Patch", error));
    // One operation at a time, each read against the document as the ones before left it.
    for operation in &operations.0 {
        let mut operation =
            serde_json::to_value(operation).map_err(|error| invalid(error.to_string()))?;
        as_upstream_patches(&document, &mut operation);
        let operation: json_patch::PatchOperation =
            serde_json::from_value(operation).map_err(|error| invalid(error.to_string()))?;
        json_patch::patch(&mut document, &[operation])
            .map_err(|error| invalid(error.to_string()))?;
    }
    let request: UpdateDialogRequest = crate::domain::json::from_value(document)?;
    update(pool, authorizer, owner, id, write, &request).await
}
