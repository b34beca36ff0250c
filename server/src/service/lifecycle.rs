//! Soft delete, restore, purge and freeze: the service-owner lifecycle of a dialog.

use chrono::Utc;
use sqlx::PgPool;
use uuid::Uuid;

use super::Write;
use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::Authorizer,
    domain::dialog::id::DialogId,
    domain::resource::ResourceType,
    error::{Error, Result},
    store::dialogs::{self, DialogState},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Delete,
    Restore,
    Purge,
    Freeze,
}

/// Applies `change` to the dialog, checking ownership (404), `If-Match` (412), deletion (410),
/// freezing (403 for non-admins) and the correspondence scope. Returns the new revision, if any.
#[tracing::instrument(name = "lifecycle::apply", skip_all, fields(dialog_id = %id))]
pub async fn apply(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
    write: Write,
    change: Change,
) -> Result<Option<Uuid>> {
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    if change == Change::Freeze && !admin {
        return Err(Error::Forbidden(Error::field(
            "Scope",
            "Freezing a dialog needs the admin scope.",
        )));
    }
    let mut transaction = pool.begin().await?;
    let state = dialogs::lock(&mut transaction, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    if !authorizer
        .may_manage(&owner.organization_number, admin, &state.service_resource)
        .await?
    {
        return Err(Error::dialog_not_found(id));
    }
    if write
        .if_match
        .is_some_and(|expected| expected != state.revision)
    {
        return Err(Error::PreconditionFailed);
    }
    check_allowed(&state, owner, admin, change, id)?;
    let revision = Uuid::new_v4();
    let new_revision = match change {
        Change::Delete => {
            dialogs::set_deleted(&mut transaction, id, Some(Utc::now()), revision).await?;
            Some(revision)
        }
        Change::Restore if state.deleted_at.is_some() => {
            dialogs::set_deleted(&mut transaction, id, None, revision).await?;
            Some(revision)
        }
        // Nothing to restore: upstream still answers with the dialog's revision.
        Change::Restore => Some(state.revision),
        Change::Purge => {
            dialogs::purge(&mut transaction, id).await?;
            None
        }
        Change::Freeze => {
            dialogs::set_frozen(&mut transaction, id, revision).await?;
            Some(revision)
        }
    };
    transaction.commit().await?;
    Ok(new_revision)
}

fn check_allowed(
    state: &DialogState,
    owner: &ServiceOwner,
    admin: bool,
    change: Change,
    id: DialogId,
) -> Result<()> {
    let correspondence = ResourceType::parse(&state.service_resource_type)
        == Some(ResourceType::CorrespondenceService);
    if correspondence
        && matches!(change, Change::Delete | Change::Purge)
        && !owner.scopes.has(scope::CORRESPONDENCE)
    {
        return Err(Error::Forbidden(Error::field(
            "ServiceResource",
            "Correspondence resources need the scope digdir:dialogporten.correspondence.",
        )));
    }
    if change == Change::Delete && state.deleted_at.is_some() {
        return Err(Error::dialog_gone(id));
    }
    if state.frozen && !admin && matches!(change, Change::Delete) {
        return Err(Error::Forbidden(Error::field(
            "Dialog",
            "User cannot modify frozen dialog",
        )));
    }
    Ok(())
}
