//! Searching dialogs as a service owner: only its own organisation's dialogs, unless admin;
//! for an end user (`endUserId`), only those the end user may list.

use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::{Authorizer, EndUser},
    database::searches::Searches,
    domain::{
        limits,
        party::{NationalIdentityNumber, Party},
    },
    error::{Error, Result},
    store::{
        pagination::{Cursor, Order},
        search::{self, DialogFilter, Page},
    },
};

#[tracing::instrument(name = "search::search", skip_all)]
pub async fn search(
    searches: &Searches,
    authorizer: &Authorizer,
    owner: &ServiceOwner,
    (mut filter, end_user): (DialogFilter, Option<&NationalIdentityNumber>),
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    let admin = owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN);
    if !admin && !owner.scopes.has(scope::SERVICE_PROVIDER_SEARCH) {
        return Err(Error::Forbidden(Error::field(
            "Scope",
            "Searching needs the scope digdir:dialogporten.serviceprovider.search.",
        )));
    }
    limits::check(&[
        (
            "Party",
            filter.parties.len(),
            // With an end user, the end users' own limit applies.
            if end_user.is_some() {
                limits::END_USER_PARTIES
            } else {
                limits::SERVICE_OWNER_PARTIES
            },
        ),
        (
            "ServiceResource",
            filter.service_resources.len(),
            limits::SERVICE_OWNER_SERVICE_RESOURCES,
        ),
        (
            "ExtendedStatus",
            filter.extended_statuses.len(),
            limits::SERVICE_OWNER_EXTENDED_STATUSES,
        ),
    ])?;
    if let Some(person) = end_user {
        // Only what the end user may list, as their own search would find it.
        let user = EndUser {
            party: Party::Person(person.clone()),
            authentication_level: 4,
            system_user: None,
        };
        filter.authorized = Some(super::end_user::authorized(authorizer, &user, false).await?);
    }
    filter.orgs = if admin {
        None
    } else {
        Some(owned_orgs(authorizer, owner).await?)
    };
    let mut connection = searches.acquire(owner.organization_number.as_str()).await?;
    super::end_user::store_large_groups(searches, &mut connection, &mut filter).await?;
    let page = search::search(&mut connection, &filter, order, after, limit).await?;
    connection.finish();
    Ok(page)
}

/// The org codes of the resources the service owner's organisation owns: what a non-admin's
/// search is narrowed to.
async fn owned_orgs(authorizer: &Authorizer, owner: &ServiceOwner) -> Result<Vec<String>> {
    let registry = authorizer.registry().await?;
    let orgs: std::collections::BTreeSet<String> = registry
        .resources()
        .filter(|resource| resource.owner_organization_number == owner.organization_number)
        .map(|resource| resource.owner_org.clone())
        .collect();
    Ok(orgs.into_iter().collect())
}
