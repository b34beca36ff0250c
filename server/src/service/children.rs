//! Transmissions and activities: appended one at a time to an existing dialog, read back by id.

use chrono::Utc;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{
    Write,
    actors::resolve_actor_names,
    end_user_context::reset_by_service_owner,
    find,
    ownership::{check_ownership, privileges, referenced_resources},
    transmission_state::set_transmission_state,
};
use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::Authorizer,
    domain::dialog::id::DialogId,
    domain::{
        dialog::{
            create::{
                ActivityInput, TransmissionInput, validate_new_activity, validate_new_transmission,
            },
            model::Transmission,
            status::SystemLabel,
        },
        resource::ResourceType,
    },
    error::{Error, Result},
    store::{
        dialogs::{self, AfterAppend, DialogAggregate},
        entity_ids::{self, EntityIds, EntityKind},
    },
};

/// Claims the ids a write leaves the dialog holding (see [`entity_ids::claim`]). An id another
/// dialog holds is upstream's 422: its update command names new attachments together under
/// `Attachments`; anything else is refused as its database refuses it, the first one by table.
pub(super) async fn claim_ids(
    connection: &mut PgConnection,
    dialog: DialogId,
    (before, now): (&EntityIds, &EntityIds),
    as_update: bool,
) -> Result<()> {
    let refused = entity_ids::claim(connection, dialog, before, now).await?;
    let attachments: Vec<Uuid> = refused
        .iter()
        .filter(|(kind, _)| *kind == EntityKind::Attachment)
        .map(|(_, id)| *id)
        .collect();
    if as_update && !attachments.is_empty() {
        return Err(Error::existing(
            "Attachments",
            "DialogAttachment",
            &attachments,
        ));
    }
    match refused.first() {
        Some((kind, id)) => Err(Error::reused_key(kind.table(), id)),
        None => Ok(()),
    }
}

pub struct Appended {
    pub id: Uuid,
    pub revision: Uuid,
}

/// Locks and loads a dialog the caller may write to: its own (404 otherwise), at the expected
/// revision (412), not frozen (403 for non-admins), and not deleted unless `allow_deleted` (410).
pub(crate) async fn load_for_append(
    connection: &mut PgConnection,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
    if_match: Option<Uuid>,
    allow_deleted: bool,
) -> Result<DialogAggregate> {
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    let state = dialogs::lock(&mut *connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    if !authorizer
        .may_manage(&owner.organization_number, admin, &state.service_resource)
        .await?
    {
        return Err(Error::dialog_not_found(id));
    }
    if if_match.is_some_and(|expected| expected != state.revision) {
        return Err(Error::PreconditionFailed);
    }
    if state.deleted_at.is_some() && !allow_deleted {
        return Err(Error::dialog_gone(id));
    }
    if state.frozen && !admin {
        return Err(Error::Forbidden(Error::field(
            "Dialog",
            "User cannot modify frozen dialog",
        )));
    }
    let correspondence = ResourceType::parse(&state.service_resource_type)
        == Some(ResourceType::CorrespondenceService);
    if correspondence && !owner.scopes.has(scope::CORRESPONDENCE) {
        return Err(Error::Forbidden(Error::field(
            "ServiceResource",
            "Correspondence resources need the scope digdir:dialogporten.correspondence.",
        )));
    }
    dialogs::load(connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))
}

/// The dialog after an append. A silent append bumps no timestamps and leaves the system label.
fn after_append(aggregate: &DialogAggregate, content_changed: bool, silent: bool) -> AfterAppend {
    let now = Utc::now();
    let mut dialog = aggregate.dialog.clone();
    set_transmission_state(&mut dialog, &aggregate.transmissions, &aggregate.activities);
    let content_changed = content_changed && !silent;
    AfterAppend {
        revision: Uuid::new_v4(),
        updated_at: if silent { dialog.updated_at } else { now },
        content_updated_at: if content_changed {
            now
        } else {
            dialog.content_updated_at
        },
        system_label: if silent {
            dialog.system_label
        } else {
            SystemLabel::Default
        },
        has_unopened_content: dialog.has_unopened_content,
        from_service_owner_transmissions_count: dialog.from_service_owner_transmissions_count,
        from_party_transmissions_count: dialog.from_party_transmissions_count,
        sent: dialog.sent,
        is_seen_since_last_content_update: dialog.is_seen_since_last_content_update
            && !content_changed,
    }
}

/// Upstream's answer to a transmission idempotency key the dialog already holds.
pub(super) fn transmission_key_conflict(key: &str) -> Error {
    Error::Conflict(Error::field(
        "IdempotentKey",
        format!("'{key}' already exists in this dialog."),
    ))
}

/// The first idempotency key of `new` transmissions that `existing` ones or an earlier new one
/// already hold.
pub(super) fn reused_transmission_key<'a>(
    existing: &'a [Transmission],
    new: &'a [Transmission],
) -> Option<&'a str> {
    let mut seen: std::collections::HashSet<&str> = existing
        .iter()
        .filter_map(|transmission| transmission.idempotent_key.as_deref())
        .collect();
    new.iter()
        .filter_map(|transmission| transmission.idempotent_key.as_deref())
        .find(|key| !seen.insert(key))
}

/// Maps a reused transmission idempotency key or entity id (a unique violation, as when two
/// requests race) to upstream's answer.
pub(super) fn map_conflict(error: Error, key: Option<&str>) -> Error {
    let Error::Internal(inner) = &error else {
        return error;
    };
    let Some(database) = inner.downcast_ref::<sqlx::Error>() else {
        return error;
    };
    let constraint = database
        .as_database_error()
        .and_then(|error| error.constraint());
    match (constraint, key) {
        (Some("dialog_transmissions_idempotent_key_idx"), Some(key)) => {
            transmission_key_conflict(key)
        }
        _ => Error::reused_id(database).unwrap_or(error),
    }
}

/// Validates a transmission for this dialog (beside its other transmissions) and names its sender.
async fn checked_transmission(
    connection: &mut PgConnection,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    write: Write,
    aggregate: &DialogAggregate,
    input: &TransmissionInput,
) -> Result<Transmission> {
    let mut transmission = validate_new_transmission(
        input,
        &aggregate.transmissions,
        aggregate.dialog.is_api_only,
        Utc::now(),
        privileges(owner, write),
    )?;
    check_ownership(
        &*authorizer.registry().await?,
        owner,
        privileges(owner, write).admin,
        referenced_resources(&[], &[], &[], std::slice::from_ref(&transmission)),
    )?;
    resolve_actor_names(connection, vec![&mut transmission.sender]).await?;
    Ok(transmission)
}

#[tracing::instrument(name = "children::append_transmission", skip_all, fields(dialog_id = %dialog_id))]
pub async fn append_transmission(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    dialog_id: DialogId,
    write: Write,
    input: &TransmissionInput,
) -> Result<Appended> {
    let mut transaction = pool.begin().await?;
    let mut aggregate = load_for_append(
        &mut transaction,
        authorizer,
        owner,
        dialog_id,
        write.if_match,
        false,
    )
    .await?;
    let transmission = checked_transmission(
        &mut transaction,
        authorizer,
        owner,
        write,
        &aggregate,
        input,
    )
    .await?;
    dialogs::insert_transmissions(
        &mut transaction,
        dialog_id,
        std::slice::from_ref(&transmission),
    )
    .await
    .map_err(|error| map_conflict(error, transmission.idempotent_key.as_deref()))?;
    let held = EntityIds::of_transmissions(std::slice::from_ref(&transmission));
    claim_ids(
        &mut transaction,
        dialog_id,
        (&EntityIds::default(), &held),
        false,
    )
    .await?;
    aggregate.transmissions.push(transmission.clone());
    let after = after_append(&aggregate, true, write.silent);
    dialogs::update_after_append(&mut transaction, dialog_id, &after).await?;
    if !write.silent {
        reset_by_service_owner(&mut transaction, &aggregate.dialog).await?;
    }
    transaction.commit().await?;
    Ok(Appended {
        id: transmission.id,
        revision: after.revision,
    })
}

#[tracing::instrument(name = "children::append_activity", skip_all, fields(dialog_id = %dialog_id))]
pub async fn append_activity(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    dialog_id: DialogId,
    write: Write,
    input: &ActivityInput,
) -> Result<Appended> {
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    let mut transaction = pool.begin().await?;
    let mut aggregate = load_for_append(
        &mut transaction,
        authorizer,
        owner,
        dialog_id,
        write.if_match,
        admin,
    )
    .await?;
    let privileges = privileges(owner, write);
    let mut activity = validate_new_activity(
        input,
        &aggregate.transmissions,
        &aggregate.activities,
        Utc::now(),
        privileges,
    )?;
    super::dialogs::correspondence_activities_allowed(std::slice::from_ref(&activity), privileges)?;
    resolve_actor_names(&mut transaction, vec![&mut activity.performed_by]).await?;
    dialogs::insert_activities(&mut transaction, dialog_id, std::slice::from_ref(&activity))
        .await
        .map_err(|error| map_conflict(error, None))?;
    aggregate.activities.push(activity.clone());
    let after = after_append(&aggregate, false, write.silent);
    dialogs::update_after_append(&mut transaction, dialog_id, &after).await?;
    if !write.silent {
        reset_by_service_owner(&mut transaction, &aggregate.dialog).await?;
    }
    transaction.commit().await?;
    Ok(Appended {
        id: activity.id,
        revision: after.revision,
    })
}

/// Replaces a transmission: a correction the service owner makes without the end user being
/// told, so it needs the changetransmissions scope and a silent update. Attachments and actions
/// are replaced as sent; a missing `createdAt` keeps the original one.
#[tracing::instrument(name = "children::replace_transmission", skip_all, fields(dialog_id = %dialog_id))]
pub async fn replace_transmission(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    (dialog_id, transmission_id): (DialogId, Uuid),
    write: Write,
    input: &TransmissionInput,
) -> Result<Uuid> {
    may_replace(owner, write)?;
    let mut transaction = pool.begin().await?;
    let mut aggregate = load_for_append(
        &mut transaction,
        authorizer,
        owner,
        dialog_id,
        write.if_match,
        false,
    )
    .await?;
    let original = find::transmission(&aggregate, transmission_id)?.clone();
    let mut input = input.clone();
    input.id = Some(transmission_id);
    input.created_at = input
        .created_at
        .or(Some(original.created_at.fixed_offset()));
    aggregate
        .transmissions
        .retain(|other| other.id != transmission_id);
    let transmission = checked_transmission(
        &mut transaction,
        authorizer,
        owner,
        write,
        &aggregate,
        &input,
    )
    .await?;
    dialogs::replace_transmission(&mut transaction, dialog_id, &transmission)
        .await
        .map_err(|error| map_conflict(error, transmission.idempotent_key.as_deref()))?;
    let before = EntityIds::of_transmissions(std::slice::from_ref(&original));
    let now = EntityIds::of_transmissions(std::slice::from_ref(&transmission));
    claim_ids(&mut transaction, dialog_id, (&before, &now), false).await?;
    aggregate.transmissions.push(transmission);
    let after = after_append(&aggregate, true, write.silent);
    // Always silent: the end user's context is not reset.
    dialogs::update_after_append(&mut transaction, dialog_id, &after).await?;
    transaction.commit().await?;
    Ok(after.revision)
}

/// Replacing a transmission needs the changetransmissions scope and a silent update.
fn may_replace(owner: &ServiceOwner, write: Write) -> Result<()> {
    if !owner.scopes.has(scope::CHANGE_TRANSMISSIONS) {
        return Err(Error::Forbidden(Error::field(
            "Scope",
            format!(
                "Changing a transmission needs the scope {}.",
                scope::CHANGE_TRANSMISSIONS
            ),
        )));
    }
    if !write.silent {
        return Err(Error::Validation(Error::field(
            "IsSilentUpdate",
            "Changing a transmission must be a silent update (isSilentUpdate=true).",
        )));
    }
    Ok(())
}
