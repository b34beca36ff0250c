//! Opening a dialog as its end user: the checks in upstream's order, the seen log and the
//! dialog token.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::access::{DialogAccess, decide, may_list};
use crate::service::seen::record_seen;
use crate::{
    auth::dialog_token::{DialogTokenClaims, DialogTokenKeys},
    authz::{Authorizer, EndUser},
    domain::dialog::id::DialogId,
    domain::party::Party,
    error::{Error, Result},
    store::dialogs::{self, DialogAggregate},
};

/// Upstream's words for a sign-in below the resource's authentication level.
const LEVEL_TOO_LOW: &str = "Altinn authentication level too low.";

fn level_too_low() -> Error {
    Error::Forbidden(Error::field("Forbidden", LEVEL_TOO_LOW))
}

/// Whether the refusal is for signing in below the resource's authentication level (so that
/// signing in again at a higher level would help).
pub fn is_level_too_low(error: &Error) -> bool {
    matches!(error, Error::Forbidden(errors)
        if errors.get("Forbidden").is_some_and(|messages| messages.iter().any(|m| m == LEVEL_TOO_LOW)))
}

/// A dialog as its end user opens it.
pub struct OpenedDialog {
    pub aggregate: DialogAggregate,
    pub access: DialogAccess,
    pub token: String,
}

/// Why an opened dialog is not there (yet): 404, with the time it becomes visible.
pub struct NotYetVisible(pub DateTime<Utc>);

/// GET one dialog: 404 when missing, 403 without any right, 410 deleted, 403 when signed in
/// too weakly, 404 before `visibleFrom` or after `expiresAt`. Records the view in the seen log
/// and issues a dialog token for what the user may do.
#[tracing::instrument(name = "end_user::open", skip_all, fields(dialog_id = %id))]
pub async fn open(
    pool: &PgPool,
    authorizer: &Authorizer,
    tokens: &DialogTokenKeys,
    user: &EndUser,
    id: DialogId,
) -> Result<std::result::Result<OpenedDialog, NotYetVisible>> {
    let mut connection = pool.acquire().await?;
    let aggregate = dialogs::load(&mut connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    drop(connection);
    let access = decide(authorizer, user, &aggregate).await?;
    let dialog = &aggregate.dialog;
    if !access.main()
        && !access.authentication_level_too_low()
        && !may_list(authorizer, user, &dialog.party, &dialog.service_resource).await?
    {
        return Err(Error::Forbidden(Error::field(
            "Dialog",
            "You are not authorized to see this dialog.",
        )));
    }
    let now = Utc::now();
    if let Some(not_yet) = refusal(&aggregate, &access, now)? {
        return Ok(Err(not_yet));
    }
    let mut transaction = pool.begin().await?;
    let aggregate = if record_seen(&mut transaction, &aggregate.dialog, &user.party, false).await? {
        dialogs::load(&mut transaction, id)
            .await?
            .ok_or_else(|| Error::dialog_not_found(id))?
    } else {
        aggregate
    };
    transaction.commit().await?;
    let token = tokens.issue(&token_claims(user, &aggregate, &access), now)?;
    Ok(Ok(OpenedDialog {
        aggregate,
        access,
        token,
    }))
}

/// Why a user who may see the dialog still may not open it, in upstream's order: an error, or
/// (404 with a time) not visible yet; `None` when it may be opened. Kept synchronous, so that
/// `open`'s future stays small.
fn refusal(
    aggregate: &DialogAggregate,
    access: &DialogAccess,
    now: DateTime<Utc>,
) -> Result<Option<NotYetVisible>> {
    let dialog = &aggregate.dialog;
    if dialog.deleted_at.is_some() {
        return Err(Error::dialog_gone(dialog.id));
    }
    if access.authentication_level_too_low() {
        return Err(level_too_low());
    }
    if let Some(visible_from) = dialog.visible_from.filter(|from| *from > now) {
        return Ok(Some(NotYetVisible(visible_from)));
    }
    if dialog.expires_at.is_some_and(|expires| expires <= now) {
        return Err(Error::dialog_not_found(dialog.id));
    }
    Ok(None)
}

/// The dialog token's claims: who acts, for which party, and what they may do.
fn token_claims(
    user: &EndUser,
    aggregate: &DialogAggregate,
    access: &DialogAccess,
) -> DialogTokenClaims {
    DialogTokenClaims {
        end_user: dialog_token_subject(user),
        system_user: user.system_user.as_ref().map(|organizations| {
            let owner = organizations.owner.clone().map(Party::Organization);
            (user.party.to_string(), owner.map(|owner| owner.to_string()))
        }),
        authentication_level: user.authentication_level,
        party: aggregate.dialog.party.to_string(),
        service_resource: aggregate.dialog.service_resource.to_string(),
        dialog_id: aggregate.dialog.id.uuid(),
        actions: access.permitted(),
        authorized_entities: access.authorized_entities(aggregate),
    }
}

/// Who a dialog token's `c` names: the end user, or for a system user (as upstream) the
/// organisation whose client asked for its token, else the one that owns it.
fn dialog_token_subject(user: &EndUser) -> String {
    user.system_user
        .as_ref()
        .and_then(|organizations| {
            organizations
                .consumer
                .clone()
                .or(organizations.owner.clone())
        })
        .map_or_else(
            || user.party.to_string(),
            |org| Party::Organization(org).to_string(),
        )
}

/// A dialog's parts (transmissions, activities, seen log) for its end user: 404 without a right
/// on the dialog, 410 deleted, 403 when signed in too weakly. As upstream, the dates are not checked.
#[tracing::instrument(name = "end_user::parts", skip_all, fields(dialog_id = %id))]
pub async fn parts(
    pool: &PgPool,
    authorizer: &Authorizer,
    user: &EndUser,
    id: DialogId,
) -> Result<(DialogAggregate, DialogAccess)> {
    let mut connection = pool.acquire().await?;
    let aggregate = dialogs::load(&mut connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    drop(connection);
    let access = decide(authorizer, user, &aggregate).await?;
    if access.authentication_level_too_low() {
        return Err(level_too_low());
    }
    if !access.main() {
        return Err(Error::dialog_not_found(id));
    }
    if aggregate.dialog.deleted_at.is_some() {
        return Err(Error::dialog_gone(id));
    }
    Ok((aggregate, access))
}
