//! End users' side of dialogs as service owners reach it: system labels set on an end user's
//! behalf (one dialog or many), the label log, the seen log and the list of contexts.

use std::collections::BTreeSet;

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{actors, end_user::DialogAccess, seen::record_seen};
use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::{Authorizer, EndUser},
    domain::dialog::id::DialogId,
    domain::{
        dialog::{
            end_user_labels::{EndUserLabels, LabelChange, LabelEvent},
            model::{Actor, ActorType},
            status::SystemLabel,
        },
        party::{NationalIdentityNumber, Party},
    },
    error::{Error, Result},
    store::{
        dialogs::{self, DialogAggregate, DialogRecord},
        end_user_context::{self, ContextState, LabelLogEntry, SeenLogEntry},
    },
};

/// At most this many dialogs in one bulk label change, as upstream.
pub const MAX_BULK_DIALOGS: usize = 100;

/// On whose behalf a service owner acts: an end user (whose access is checked), or, for
/// administrators only, a named actor.
#[derive(Debug, Clone)]
pub enum OnBehalfOf {
    /// The end user by their own party (a person, or an ID-porten e-mail user signed in).
    EndUser(Party),
    Actor(Actor),
}

impl OnBehalfOf {
    /// From `?endUserId=` and the body's `performedBy`: exactly one of them, `performedBy` for
    /// administrators only.
    pub fn parse(
        owner: &ServiceOwner,
        end_user_id: Option<&str>,
        performed_by: Option<Actor>,
    ) -> Result<Self> {
        match (end_user_id, performed_by) {
            (Some(_), Some(_)) => Err(Error::Validation(Error::field(
                "PerformedBy",
                "Give either endUserId or performedBy, not both.",
            ))),
            (None, None) => Err(Error::Validation(Error::field(
                "EndUserId",
                "endUserId is required.",
            ))),
            (None, Some(_)) if !owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN) => {
                Err(Error::Forbidden(Error::field(
                    "PerformedBy",
                    "performedBy is only for administrators; give endUserId.",
                )))
            }
            (None, Some(actor)) => Ok(Self::Actor(actor)),
            (Some(urn), None) => Ok(Self::EndUser(Party::Person(end_user(urn)?))),
        }
    }
}

/// The end user a service owner names (`endUserId`): a person URN
/// (`urn:altinn:person:identifier-no:…`) or, as upstream also takes it, the bare national
/// identity number.
pub fn end_user(urn: &str) -> Result<NationalIdentityNumber> {
    let person = match Party::parse(urn) {
        Ok(Party::Person(person)) => Some(person),
        _ => NationalIdentityNumber::parse(urn).ok(),
    };
    person.ok_or_else(|| {
        Error::Validation(Error::field(
            "EndUserId",
            "EndUserId must be a valid end user identifier. It must match the format \
             'urn:altinn:person:identifier-no:{norwegian f-nr/d-nr}'.",
        ))
    })
}

/// Who a label change is logged as.
async fn actor(connection: &mut PgConnection, on_behalf: &OnBehalfOf) -> Result<Actor> {
    match on_behalf {
        OnBehalfOf::Actor(actor) => Ok(actor.clone()),
        OnBehalfOf::EndUser(party) => actors::end_user(connection, party).await,
    }
}

/// Whether the end user may find the dialog in lists: read on its resource for its party.
async fn end_user_may_list(
    authorizer: &Authorizer,
    on_behalf: &OnBehalfOf,
    state: &ContextState,
) -> Result<bool> {
    let OnBehalfOf::EndUser(party) = on_behalf else {
        return Ok(true);
    };
    let user = EndUser {
        party: party.clone(),
        authentication_level: 4,
        system_user: None,
    };
    super::end_user::may_list(authorizer, &user, &state.party, &state.service_resource).await
}

/// Locks one dialog and checks its labels may change on the end user's behalf: 404 when missing
/// (or, for a service owner, not its own), 410 deleted, 412 stale, 403 when the end user may not
/// see it. Without `owner`, the end user acts for themselves.
async fn lock_for_change(
    connection: &mut PgConnection,
    authorizer: &Authorizer,
    owner: Option<&ServiceOwner>,
    on_behalf: &OnBehalfOf,
    id: DialogId,
    if_match: Option<Uuid>,
) -> Result<ContextState> {
    let state = end_user_context::lock(connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    if !owner_manages(authorizer, owner, &state).await? {
        return Err(Error::dialog_not_found(id));
    }
    if state.deleted_at.is_some() {
        return Err(Error::dialog_gone(id));
    }
    if if_match.is_some_and(|expected| expected != state.revision) {
        return Err(Error::PreconditionFailed);
    }
    if !end_user_may_list(authorizer, on_behalf, &state).await? {
        return Err(Error::Forbidden(Error::field(
            "EndUserId",
            "The end user is not authorized to see this dialog.",
        )));
    }
    Ok(state)
}

/// Whether the service owner (if one acts) manages the dialog's resource.
async fn owner_manages(
    authorizer: &Authorizer,
    owner: Option<&ServiceOwner>,
    state: &ContextState,
) -> Result<bool> {
    let Some(owner) = owner else {
        return Ok(true);
    };
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    authorizer
        .may_manage(&owner.organization_number, admin, &state.service_resource)
        .await
}

/// Locks one dialog of a bulk change: `None` when it is not there for this change (missing,
/// not the service owner's, deleted, or not one the end user may see), as upstream's bulk
/// change finds only those dialogs.
async fn lock_for_bulk(
    connection: &mut PgConnection,
    authorizer: &Authorizer,
    owner: Option<&ServiceOwner>,
    on_behalf: &OnBehalfOf,
    id: DialogId,
) -> Result<Option<ContextState>> {
    let Some(state) = end_user_context::lock(connection, id).await? else {
        return Ok(None);
    };
    let found = state.deleted_at.is_none()
        && owner_manages(authorizer, owner, &state).await?
        && end_user_may_list(authorizer, on_behalf, &state).await?;
    Ok(found.then_some(state))
}

/// Changes one dialog's labels; returns the new end-user-context revision.
#[tracing::instrument(name = "end_user_context::set_labels", skip_all, fields(dialog_id = %id))]
pub async fn set_labels(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: Option<&ServiceOwner>,
    on_behalf: &OnBehalfOf,
    (id, if_match): (DialogId, Option<Uuid>),
    change: &LabelChange,
) -> Result<Uuid> {
    let mut transaction = pool.begin().await?;
    let state =
        lock_for_change(&mut transaction, authorizer, owner, on_behalf, id, if_match).await?;
    let (labels, events) = state.labels.apply(change)?;
    // A change that changes nothing (no labels given, or only those already set) keeps the
    // revision and writes nothing, as upstream saves nothing then.
    if labels == state.labels {
        return Ok(state.revision);
    }
    let actor = actor(&mut transaction, on_behalf).await?;
    let revision =
        end_user_context::set_labels(&mut transaction, id, labels, &events, &actor).await?;
    transaction.commit().await?;
    Ok(revision)
}

/// Changes the labels of 1 to 100 dialogs, all or none (each with an optional expected
/// end-user-context revision). End users acting for themselves get 404 for a dialog they may
/// not see, as for a missing one.
#[tracing::instrument(name = "end_user_context::bulk_set_labels", skip_all)]
pub async fn bulk_set_labels(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: Option<&ServiceOwner>,
    on_behalf: &OnBehalfOf,
    dialogs: &[(DialogId, Option<Uuid>)],
    change: &LabelChange,
) -> Result<()> {
    if dialogs.is_empty() || dialogs.len() > MAX_BULK_DIALOGS {
        return Err(Error::Validation(Error::field(
            "Dialogs",
            format!("Give between 1 and {MAX_BULK_DIALOGS} dialogs."),
        )));
    }
    let ids: BTreeSet<DialogId> = dialogs.iter().map(|(id, _)| *id).collect();
    if ids.len() != dialogs.len() {
        return Err(Error::Validation(Error::field(
            "Dialogs",
            "Each dialog may be given only once.",
        )));
    }
    let mut sorted = dialogs.to_vec();
    // One lock order for every request, so that two bulk changes cannot deadlock.
    sorted.sort_by_key(|(id, _)| *id);
    let mut transaction = pool.begin().await?;
    let mut found = Vec::with_capacity(sorted.len());
    for (id, if_match) in sorted {
        if let Some(state) =
            lock_for_bulk(&mut transaction, authorizer, owner, on_behalf, id).await?
        {
            found.push((id, if_match, state));
        }
    }
    // As upstream: every dialog not found is named (in the order given), before any revision
    // is compared.
    let missing: Vec<String> = dialogs
        .iter()
        .filter(|(id, _)| !found.iter().any(|(held, ..)| held == id))
        .map(|(id, _)| id.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(Error::entity_not_found("DialogEntity", missing.join(", ")));
    }
    if found
        .iter()
        .any(|(_, if_match, state)| if_match.is_some_and(|expected| expected != state.revision))
    {
        return Err(Error::PreconditionFailed);
    }
    let actor = actor(&mut transaction, on_behalf).await?;
    for (id, _, state) in found {
        let (labels, events) = state.labels.apply(change)?;
        end_user_context::set_labels(&mut transaction, id, labels, &events, &actor).await?;
    }
    transaction.commit().await?;
    Ok(())
}

/// The seen log of a dialog the service owner manages (deleted ones included).
#[tracing::instrument(name = "end_user_context::seen_log", skip_all, fields(dialog_id = %id))]
pub async fn seen_log(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
) -> Result<Vec<SeenLogEntry>> {
    Ok(super::dialogs::get(pool, authorizer, owner, id)
        .await?
        .seen_log)
}

/// A service owner's GET made for an end user (`?endUserId=`), with what the end user may do
/// with the dialog: 404, as upstream answers, when the end user has no right on it; otherwise
/// the view is recorded in the seen log, as the end user's own would be.
#[tracing::instrument(name = "end_user_context::get_for_end_user", skip_all, fields(dialog_id = %id))]
pub async fn get_for_end_user(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    id: DialogId,
    person: &NationalIdentityNumber,
) -> Result<(DialogAggregate, DialogAccess)> {
    let mut aggregate = super::dialogs::get(pool, authorizer, owner, id).await?;
    let user = EndUser {
        party: Party::Person(person.clone()),
        authentication_level: 4,
        system_user: None,
    };
    let access = super::end_user::decide(authorizer, &user, &aggregate).await?;
    if !access.main() {
        return Err(Error::dialog_not_found(id));
    }
    let mut transaction = pool.begin().await?;
    // Views of one dialog are recorded one at a time, so that a version is logged once.
    end_user_context::lock(&mut transaction, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    if aggregate.dialog.deleted_at.is_none()
        && record_seen(&mut transaction, &aggregate.dialog, &user.party, true).await?
    {
        aggregate = dialogs::load(&mut transaction, id)
            .await?
            .ok_or_else(|| Error::dialog_not_found(id))?;
    }
    transaction.commit().await?;
    Ok((aggregate, access))
}

/// The label log of one dialog.
#[tracing::instrument(name = "end_user_context::label_log", skip_all, fields(dialog_id = %id))]
pub async fn label_log(connection: &mut PgConnection, id: DialogId) -> Result<Vec<LabelLogEntry>> {
    end_user_context::label_log(connection, id).await
}

/// A service owner's write that is not silent takes the dialog out of the end user's bin or
/// archive. Upstream records that in the label log as the service owner's, under a new
/// end-user-context revision; `dialog` is the dialog as it was before the write.
pub(super) async fn reset_by_service_owner(
    connection: &mut PgConnection,
    dialog: &DialogRecord,
) -> Result<()> {
    let before =
        EndUserLabels::from_stored(dialog.system_label, dialog.marked_as_unopened, dialog.sent);
    if before.folder == SystemLabel::Default {
        return Ok(());
    }
    let after = EndUserLabels {
        folder: SystemLabel::Default,
        ..before
    };
    let removed = [LabelEvent {
        label: before.folder,
        set: false,
    }];
    let service_owner = Actor {
        actor_type: ActorType::ServiceOwner,
        actor_name: None,
        actor_id: None,
    };
    end_user_context::set_labels(connection, dialog.id, after, &removed, &service_owner).await?;
    Ok(())
}
