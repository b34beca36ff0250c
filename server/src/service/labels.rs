//! Service-owner labels: private tags a service owner keeps on its dialogs, with their own
//! revision, and the notification condition check used by Altinn's notification system.

use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::Authorizer,
    domain::dialog::id::DialogId,
    domain::dialog::{create, model::ActivityType},
    error::{Error, Result},
    store::dialogs::{self, LabelState},
};

async fn owned_labels(
    connection: &mut sqlx::PgConnection,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
) -> Result<LabelState> {
    let state = dialogs::lock_labels(connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    if !authorizer
        .may_manage(&owner.organization_number, admin, &state.service_resource)
        .await?
    {
        return Err(Error::dialog_not_found(id));
    }
    Ok(state)
}

#[tracing::instrument(name = "labels::list", skip_all, fields(dialog_id = %id))]
pub async fn list(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
) -> Result<LabelState> {
    let mut transaction = pool.begin().await?;
    let state = owned_labels(&mut transaction, authorizer, owner, id).await?;
    transaction.commit().await?;
    Ok(state)
}

/// How a label set changes.
pub enum LabelChange {
    Add(String),
    Remove(String),
}

/// Adds a label (one held already, or a 21st, is refused as upstream refuses it) or removes one;
/// returns the new service-owner context revision.
#[tracing::instrument(name = "labels::change", skip_all, fields(dialog_id = %id))]
pub async fn change(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
    if_match: Option<Uuid>,
    change: LabelChange,
) -> Result<Uuid> {
    let mut transaction = pool.begin().await?;
    let state = owned_labels(&mut transaction, authorizer, owner, id).await?;
    if if_match.is_some_and(|expected| expected != state.service_owner_context_revision) {
        return Err(Error::PreconditionFailed);
    }
    let mut labels = state.service_owner_labels;
    match change {
        LabelChange::Add(value) => labels = create::with_added_label(&labels, &value)?,
        LabelChange::Remove(value) => {
            let value = value.trim().to_lowercase();
            let before = labels.len();
            labels.retain(|label| label != &value);
            if labels.len() == before {
                return Err(Error::NotFound(Error::field(
                    "Label",
                    format!("The dialog has no label '{value}'."),
                )));
            }
        }
    }
    let revision = Uuid::new_v4();
    dialogs::set_labels(&mut transaction, id, &labels, revision).await?;
    transaction.commit().await?;
    Ok(revision)
}

/// Whether to send a notification: an activity of `activity_type` (for `transmission`) exists
/// and the condition is `exists`, or does not and it is not. Deleted dialogs are evaluated too.
#[tracing::instrument(name = "labels::should_send_notification", skip_all, fields(dialog_id = %id))]
pub async fn should_send_notification(
    pool: &PgPool,
    id: DialogId,
    exists: bool,
    activity_type: ActivityType,
    transmission: Option<Uuid>,
) -> Result<bool> {
    match (
        activity_type == ActivityType::TransmissionOpened,
        transmission,
    ) {
        (true, None) => {
            return Err(Error::Validation(Error::field(
                "TransmissionId",
                "is required for TransmissionOpened",
            )));
        }
        (false, Some(_)) => {
            return Err(Error::Validation(Error::field(
                "TransmissionId",
                "is allowed only for TransmissionOpened",
            )));
        }
        _ => {}
    }
    let mut connection = pool.acquire().await?;
    let found = dialogs::has_activity(&mut connection, id, activity_type as i16, transmission)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    Ok(found == exists)
}
