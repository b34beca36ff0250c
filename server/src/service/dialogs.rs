//! Service-owner dialog use cases: create and read, with ownership, scope and idempotency rules.

use chrono::Utc;
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    Write,
    actors::resolve_actor_names,
    ownership::{check_ownership, privileges, referenced_resources},
    transmission_state::set_transmission_state,
};
use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::Authorizer,
    domain::dialog::id::DialogId,
    domain::{
        dialog::{
            create::{CreateDialogRequest, WritePrivileges},
            end_user_labels::EndUserLabels,
            model::{NewDialog, Transmission},
            status::SystemLabel,
        },
        resource::ResourceType,
    },
    error::{Error, Result},
    store::{
        dialogs::{self, DialogAggregate, DialogRecord},
        entity_ids::{self, EntityIds},
    },
};

/// Dialogs created before this moment count as seen (upstream's migration rule).
const SEEN_BY_DEFAULT_BEFORE: &str = "2025-12-01T00:00:00Z";

pub struct Created {
    pub id: DialogId,
    pub revision: Uuid,
}

/// A create request that passed every check that needs no database: validation, the registry,
/// ownership and scopes.
struct Checked {
    dialog: NewDialog,
    org: String,
    resource_type: String,
}

async fn checked(
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    write: Write,
    request: &CreateDialogRequest,
    now: chrono::DateTime<Utc>,
) -> Result<Checked> {
    let privileges = privileges(owner, write);
    let dialog = request.validate(now, privileges)?;
    let registry = authorizer.registry().await?;
    let resource = registry.resource(&dialog.service_resource).ok_or_else(|| {
        Error::Domain(Error::field(
            "ServiceResource",
            format!(
                "Service resource '{}' is invalid due to not being registered.",
                dialog.service_resource
            ),
        ))
    })?;
    let mut referenced = referenced_resources(
        &dialog.gui_actions,
        &dialog.api_actions,
        &dialog.attachments,
        &dialog.transmissions,
    );
    referenced.insert(dialog.service_resource.to_string());
    check_ownership(&registry, owner, privileges.admin, referenced)?;
    let correspondence = resource.resource_type == ResourceType::CorrespondenceService;
    if correspondence && !privileges.content.correspondence {
        return Err(Error::Forbidden(Error::field(
            "ServiceResource",
            "Correspondence resources need the scope digdir:dialogporten.correspondence.",
        )));
    }
    correspondence_activities_allowed(&dialog.activities, privileges)?;
    Ok(Checked {
        // The token's org code where it has one, as upstream takes it; else the resource owner's.
        org: owner
            .org
            .clone()
            .unwrap_or_else(|| resource.owner_org.clone()),
        resource_type: resource.resource_type.as_str().to_owned(),
        dialog,
    })
}

/// The checked dialog as it would be stored, with actor names from the register.
async fn prepared(
    connection: &mut sqlx::PgConnection,
    checked: Checked,
    now: chrono::DateTime<Utc>,
) -> Result<DialogAggregate> {
    let Checked {
        mut dialog,
        org,
        resource_type,
    } = checked;
    let actors = dialog
        .transmissions
        .iter_mut()
        .map(|transmission| &mut transmission.sender)
        .chain(
            dialog
                .activities
                .iter_mut()
                .map(|activity| &mut activity.performed_by),
        )
        .collect();
    resolve_actor_names(connection, actors).await?;
    Ok(prepare(dialog, org, resource_type, now))
}

#[tracing::instrument(name = "dialogs::create", skip_all)]
pub async fn create(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    write: Write,
    request: &CreateDialogRequest,
) -> Result<Created> {
    let now = Utc::now();
    let checked = checked(authorizer, owner, write, request, now).await?;
    // One connection at a time: the checks and the insert share the transaction, and only a
    // failed insert (whose transaction is then dead) takes a fresh connection to explain itself.
    let mut transaction = pool.begin().await?;
    if let Some(key) = &checked.dialog.idempotent_key
        && let Some(existing) =
            dialogs::find_by_idempotent_key(&mut transaction, &checked.org, key).await?
    {
        return Err(idempotency_conflict(key, existing));
    }
    let aggregate = prepared(&mut transaction, checked, now).await?;
    let held = aggregate
        .dialog
        .entity_ids()
        .and(EntityIds::of_transmissions(&aggregate.transmissions));
    if let Some((kind, id)) = held.first_repeated() {
        return Err(Error::reused_key(kind.table(), id));
    }
    match dialogs::insert(&mut transaction, &aggregate, &held).await {
        Ok(true) => {}
        Ok(false) => {
            let refused =
                entity_ids::not_held(&mut transaction, aggregate.dialog.id, &held).await?;
            return Err(refused.first().map_or_else(
                || Error::Internal(anyhow::anyhow!("an id was not claimed")),
                |(kind, id)| Error::reused_key(kind.table(), id),
            ));
        }
        Err(Error::Internal(error)) => {
            drop(transaction);
            let mut connection = pool.acquire().await?;
            return Err(map_insert_conflict(error, &aggregate, &mut connection).await);
        }
        Err(other) => return Err(other),
    }
    transaction.commit().await?;
    Ok(Created {
        id: aggregate.dialog.id,
        revision: aggregate.dialog.revision,
    })
}

/// A create request checked as `create` checks it and shaped as it would be stored, without
/// storing anything: what the portal's preview shows.
#[tracing::instrument(name = "dialogs::preview", skip_all)]
pub async fn preview(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    request: &CreateDialogRequest,
) -> Result<DialogAggregate> {
    let now = Utc::now();
    let checked = checked(authorizer, owner, Write::default(), request, now).await?;
    let mut connection = pool.acquire().await?;
    prepared(&mut connection, checked, now).await
}

fn idempotency_conflict(key: &str, existing: Uuid) -> Error {
    Error::Conflict(Error::field(
        "IdempotentKey",
        format!("'{key}' already exists with DialogId '{existing}'"),
    ))
}

/// Turns a unique violation into the answer upstream gives: 409 for a reused idempotency key
/// (also when two requests race), 422 for a reused dialog id.
async fn map_insert_conflict(
    error: anyhow::Error,
    aggregate: &DialogAggregate,
    connection: &mut sqlx::PgConnection,
) -> Error {
    let constraint = error
        .downcast_ref::<sqlx::Error>()
        .and_then(|error| error.as_database_error())
        .and_then(|error| error.constraint())
        .map(str::to_owned);
    let dialog = &aggregate.dialog;
    match constraint.as_deref() {
        Some("dialogs_org_idempotent_key_idx") => {
            let key = dialog.idempotent_key.clone().unwrap_or_default();
            match dialogs::find_by_idempotent_key(connection, &dialog.org, &key).await {
                Ok(Some(existing)) => idempotency_conflict(&key, existing),
                _ => Error::Conflict(Error::field(
                    "IdempotentKey",
                    format!("'{key}' already exists"),
                )),
            }
        }
        _ => match error
            .downcast_ref::<sqlx::Error>()
            .and_then(Error::reused_id)
        {
            Some(reused) => reused,
            None => Error::Internal(error),
        },
    }
}

/// Derives what the server sets: org, timestamps, counters, labels, unopened content, revisions.
fn prepare(
    mut dialog: NewDialog,
    org: String,
    resource_type: String,
    now: chrono::DateTime<Utc>,
) -> DialogAggregate {
    let future_visible = dialog.visible_from.filter(|visible| *visible > now);
    let created_at = future_visible.or(dialog.created_at).unwrap_or(now);
    let updated_at = future_visible.or(dialog.updated_at).unwrap_or(created_at);
    let seen_cutoff = chrono::DateTime::parse_from_rfc3339(SEEN_BY_DEFAULT_BEFORE)
        .map(|date| date.with_timezone(&Utc));
    let seen_by_default = seen_cutoff.is_ok_and(|cutoff| created_at < cutoff)
        || dialog
            .service_resource
            .as_str()
            .starts_with(&format!("urn:altinn:resource:app_{org}_a2"));
    let activities = std::mem::take(&mut dialog.activities);
    let transmissions: Vec<Transmission> = std::mem::take(&mut dialog.transmissions)
        .into_iter()
        .map(|mut transmission| {
            if let Some(visible) = future_visible {
                transmission.created_at = visible;
            }
            transmission
        })
        .collect();
    let mut record = new_record(
        dialog,
        (org, resource_type),
        (created_at, updated_at),
        seen_by_default,
    );
    set_transmission_state(&mut record, &transmissions, &activities);
    DialogAggregate {
        dialog: record,
        transmissions,
        activities,
        seen_log: Vec::new(),
    }
}

/// The row of a new dialog: what the service owner gave, and the server's own columns at their
/// start (the counters are set from the transmissions and activities afterwards).
fn new_record(
    dialog: NewDialog,
    (org, resource_type): (String, String),
    (created_at, updated_at): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
    seen_by_default: bool,
) -> DialogRecord {
    DialogRecord {
        id: DialogId::new(dialog.id),
        revision: Uuid::new_v4(),
        org,
        service_resource: dialog.service_resource,
        service_resource_type: resource_type,
        party: dialog.party,
        idempotent_key: dialog.idempotent_key,
        status: dialog.status,
        progress: dialog.progress,
        extended_status: dialog.extended_status,
        external_reference: dialog.external_reference,
        process: dialog.process,
        preceding_process: dialog.preceding_process,
        visible_from: dialog.visible_from,
        due_at: dialog.due_at,
        expires_at: dialog.expires_at,
        created_at,
        updated_at,
        content_updated_at: updated_at,
        deleted_at: None,
        is_api_only: dialog.is_api_only,
        frozen: false,
        // Set from the transmissions and activities below.
        has_unopened_content: false,
        is_seen_since_last_content_update: seen_by_default,
        from_service_owner_transmissions_count: 0,
        from_party_transmissions_count: 0,
        system_label: dialog.system_label,
        marked_as_unopened: false,
        sent: false,
        end_user_context_revision: Uuid::new_v4(),
        service_owner_context_revision: Uuid::new_v4(),
        service_owner_labels: dialog.service_owner_labels,
        search_tags: dialog.search_tags,
        content: sqlx::types::Json(dialog.content),
        attachments: sqlx::types::Json(dialog.attachments),
        gui_actions: sqlx::types::Json(dialog.gui_actions),
        api_actions: sqlx::types::Json(dialog.api_actions),
    }
}

/// A dialog as its service owner sees it; others' dialogs are not found (404), as upstream.
#[tracing::instrument(name = "dialogs::get", skip_all, fields(dialog_id = %id))]
pub async fn get(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
) -> Result<DialogAggregate> {
    let mut connection = pool.acquire().await?;
    let aggregate = dialogs::load(&mut connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    if !authorizer
        .may_manage(
            &owner.organization_number,
            admin,
            &aggregate.dialog.service_resource,
        )
        .await?
    {
        return Err(Error::dialog_not_found(id));
    }
    Ok(aggregate)
}

/// The end-user system label a dialog shows, with its flags.
pub fn system_labels(record: &DialogRecord) -> Vec<SystemLabel> {
    EndUserLabels::from_stored(record.system_label, record.marked_as_unopened, record.sent).labels()
}

/// Correspondence activities (`CorrespondenceOpened`, `CorrespondenceConfirmed`) need the
/// correspondence scope, in a create, an update and an activity of their own alike.
pub(super) fn correspondence_activities_allowed(
    activities: &[crate::domain::dialog::model::Activity],
    privileges: WritePrivileges,
) -> Result<()> {
    if !privileges.content.correspondence
        && activities
            .iter()
            .any(|activity| activity.activity_type.needs_correspondence_scope())
    {
        return Err(Error::correspondence_activity_forbidden());
    }
    Ok(())
}
