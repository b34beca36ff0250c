//! `dialoglookup`: finds the dialog behind an instance reference (a dialog id, an Altinn app
//! instance or a correspondence), for its service owner or for an end user who may see it.

use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    auth::principal::ServiceOwner,
    authz::{Authorizer, EndUser, decision::RegisteredResource},
    domain::dialog::id::DialogId,
    domain::resource::Subject,
    error::{Error, Result},
    service::dialogs,
    store::dialogs::{self as store, DialogAggregate},
};

const DIALOG_PREFIX: &str = "urn:altinn:dialog-id:";
const INSTANCE_PREFIX: &str = "urn:altinn:instance-id:";
const CORRESPONDENCE_PREFIX: &str = "urn:altinn:correspondence-id:";
/// The service-owner label that ties a dialog to an Altinn app instance.
const STORAGE_LABEL_PREFIX: &str = "urn:altinn:integration:storage:";

/// What an instance reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstanceRef {
    Dialog(Uuid),
    /// Found through the service-owner label with this value.
    Labelled(String),
}

impl InstanceRef {
    pub fn parse(raw: &str) -> Result<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        let invalid = || {
            Error::Validation(Error::field(
                "InstanceRef",
                format!(
                    "'{raw}' is not urn:altinn:dialog-id:<uuid>, urn:altinn:instance-id:<partyId>/<uuid> or urn:altinn:correspondence-id:<uuid>"
                ),
            ))
        };
        if let Some(id) = lower.strip_prefix(DIALOG_PREFIX) {
            return Uuid::parse_str(id).map(Self::Dialog).map_err(|_| invalid());
        }
        if let Some(instance) = lower.strip_prefix(INSTANCE_PREFIX) {
            let (party, id) = instance.split_once('/').ok_or_else(invalid)?;
            let valid = !party.is_empty()
                && party.bytes().all(|byte| byte.is_ascii_digit())
                && Uuid::parse_str(id).is_ok();
            return valid
                .then(|| Self::Labelled(format!("{STORAGE_LABEL_PREFIX}{instance}")))
                .ok_or_else(invalid);
        }
        if let Some(id) = lower.strip_prefix(CORRESPONDENCE_PREFIX) {
            return Uuid::parse_str(id)
                .map(|_| Self::Labelled(lower.clone()))
                .map_err(|_| invalid());
        }
        Err(invalid())
    }
}

pub struct Lookup {
    pub aggregate: DialogAggregate,
    pub resource: Option<RegisteredResource>,
}

/// The dialog an instance reference points at, if any.
async fn find(pool: &PgPool, reference: &InstanceRef) -> Result<Option<DialogId>> {
    match reference {
        InstanceRef::Dialog(id) => Ok(Some(DialogId::new(*id))),
        InstanceRef::Labelled(label) => {
            let mut connection = pool.acquire().await?;
            Ok(store::find_by_label(&mut connection, label)
                .await?
                .map(DialogId::new))
        }
    }
}

fn not_found() -> Error {
    Error::NotFound(Error::field(
        "InstanceRef",
        "No dialog has this instance reference.",
    ))
}

async fn with_resource(authorizer: &Authorizer, aggregate: DialogAggregate) -> Result<Lookup> {
    let registry = authorizer.registry().await?;
    let resource = registry
        .resource(&aggregate.dialog.service_resource)
        .cloned();
    Ok(Lookup {
        aggregate,
        resource,
    })
}

#[tracing::instrument(name = "lookup::lookup", skip_all)]
pub async fn lookup(
    pool: &PgPool,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    reference: &InstanceRef,
) -> Result<Lookup> {
    let id = find(pool, reference).await?.ok_or_else(not_found)?;
    // `get` limits non-admins to their own dialogs.
    let aggregate =
        dialogs::get(pool, authorizer, owner, id)
            .await
            .map_err(|error| match error {
                Error::NotFound(_) => not_found(),
                other => other,
            })?;
    with_resource(authorizer, aggregate).await
}

/// The end user's lookup: only a dialog they may list, not deleted; 404 for anything else,
/// so that a reference reveals nothing to those who may not see it.
#[tracing::instrument(name = "lookup::lookup_for_end_user", skip_all)]
pub async fn lookup_for_end_user(
    pool: &PgPool,
    authorizer: &Authorizer,
    user: &EndUser,
    reference: &InstanceRef,
) -> Result<(Lookup, Vec<Subject>)> {
    let id = find(pool, reference).await?.ok_or_else(not_found)?;
    let mut connection = pool.acquire().await?;
    let aggregate = store::load(&mut connection, id)
        .await?
        .filter(|aggregate| aggregate.dialog.deleted_at.is_none())
        .ok_or_else(not_found)?;
    drop(connection);
    let dialog = &aggregate.dialog;
    let party = &dialog.party;
    let resource = &dialog.service_resource;
    if !authorizer
        .readable_groups(user)
        .await?
        .iter()
        .any(|group| group.contains(party, resource))
    {
        return Err(not_found());
    }
    let evidence = authorizer.evidence(user, party, resource).await?;
    Ok((with_resource(authorizer, aggregate).await?, evidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_references_of_each_kind_parse() {
        let id = Uuid::now_v7();
        assert_eq!(
            InstanceRef::parse(&format!("urn:altinn:dialog-id:{id}")).expect("valid"),
            InstanceRef::Dialog(id)
        );
        assert_eq!(
            InstanceRef::parse(&format!("URN:ALTINN:INSTANCE-ID:50001234/{id}")).expect("valid"),
            InstanceRef::Labelled(format!("urn:altinn:integration:storage:50001234/{id}"))
        );
        assert_eq!(
            InstanceRef::parse(&format!("urn:altinn:correspondence-id:{id}")).expect("valid"),
            InstanceRef::Labelled(format!("urn:altinn:correspondence-id:{id}"))
        );
    }

    #[test]
    fn malformed_references_are_refused() {
        for bad in [
            "urn:altinn:dialog-id:nope",
            "urn:altinn:instance-id:abc/x",
            "urn:altinn:instance-id:123",
            "dialog",
        ] {
            assert!(InstanceRef::parse(bad).is_err(), "{bad}");
        }
    }
}
