//! An end user's searches and inbox counts: only what they may list, never deleted, not yet
//! visible or expired dialogs.

use chrono::Utc;
use sqlx::PgConnection;

use crate::{
    authz::{Authorizer, EndUser},
    database::searches::Searches,
    domain::{
        dialog::model::{ContentValueDoc, DialogContent},
        limits,
        resource::ResourceId,
    },
    error::{Error, Result},
    store::{
        pagination::{Cursor, Order},
        search::{
            self, AccessGroup, Authorized, DeletedFilter, DialogFilter, Page, party_sets, resources,
        },
    },
};

/// An end user's search: only dialogs of (party, resource) pairs they may list, never deleted,
/// not yet visible or expired ones. Needs a party or a service resource, as upstream.
#[tracing::instrument(name = "end_user::search", skip_all)]
pub async fn search(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    filter: DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    if filter.parties.is_empty() && filter.service_resources.is_empty() {
        return Err(Error::Validation(Error::field(
            "Party",
            "Either ServiceResource or Party must be specified.",
        )));
    }
    let orgs = filter.orgs.as_ref().map_or(0, Vec::len);
    limits::check(&[
        ("Party", filter.parties.len(), limits::END_USER_PARTIES),
        (
            "ServiceResource",
            filter.service_resources.len(),
            limits::END_USER_SERVICE_RESOURCES,
        ),
        ("Org", orgs, limits::END_USER_ORGS),
        (
            "ExtendedStatus",
            filter.extended_statuses.len(),
            limits::END_USER_EXTENDED_STATUSES,
        ),
    ])?;
    restricted_search(
        searches,
        authorizer,
        user,
        (filter, false),
        (order, after, limit),
    )
    .await
}

/// Narrows a filter to what the user may see: not deleted, visible now, and only (party,
/// resource) pairs they may list (only organisations' with `organisations_only`).
async fn restrict(
    authorizer: &Authorizer,
    user: &EndUser,
    filter: &mut DialogFilter,
    organisations_only: bool,
) -> Result<()> {
    let authorized = authorized(authorizer, user, organisations_only).await?;
    shown_only(filter, authorized);
    Ok(())
}

/// What the user may list, as the filter takes it (only organisations' with `organisations_only`).
pub async fn authorized(
    authorizer: &Authorizer,
    user: &EndUser,
    organisations_only: bool,
) -> Result<Authorized> {
    let groups = authorizer.readable_groups(user).await?;
    Ok(Authorized {
        groups: groups
            .iter()
            .map(|group| AccessGroup {
                parties: if organisations_only {
                    group.organisation_urns.clone()
                } else {
                    group.party_urns.clone()
                },
                resources: group.resource_urns.clone(),
                stored: None,
            })
            .filter(|group| !group.parties.is_empty())
            .collect(),
    })
}

/// Groups of more than this many parties are searched through a stored party set. Below it
/// the parties go into the statement, hashed there: its planning grows with the parties (about
/// 1.5 ms a thousand) but each row walked costs less than a probe of the set.
const STORED_SET_MIN: usize = 20_000;

/// Has the filter's large groups refer to their stored party sets, storing (or touching) each
/// set first when this process has not lately.
pub async fn store_large_groups(
    searches: &Searches,
    connection: &mut PgConnection,
    filter: &mut DialogFilter,
) -> Result<()> {
    store_groups_over(searches, connection, filter, STORED_SET_MIN).await
}

/// The portal's folder counts are kept with stored sets (see `search::counts`), so they
/// store every group, narrowed to the party the page is for: a citizen's, an organisation's
/// and an accountant's 10,000 clients' counts are counted once a minute, or when one of
/// their dialogs is written, instead of on every page.
const COUNTED_SET_MIN: usize = 0;

async fn store_groups_over(
    searches: &Searches,
    connection: &mut PgConnection,
    filter: &mut DialogFilter,
    min: usize,
) -> Result<()> {
    let Some(authorized) = filter.authorized.as_mut() else {
        return Ok(());
    };
    for group in &mut authorized.groups {
        if group.parties.len() <= min {
            continue;
        }
        let set = searches.set_id(&group.parties, party_sets::id_of);
        if searches.needs_touch(set) {
            party_sets::touch(&mut *connection, set, &group.parties).await?;
            searches.touched(set);
            party_sets::forget_unused(&mut *connection).await?;
        }
        group.stored = Some(set);
    }
    Ok(())
}

fn shown_only(filter: &mut DialogFilter, authorized: Authorized) {
    filter.deleted = DeletedFilter::Exclude;
    filter.shown_at = Some(Utc::now());
    filter.authorized = Some(authorized);
}

/// What an inbox lists: like [`search`], but for any number of parties, or for every
/// organisation the user may act for when `filter.parties` is empty.
#[tracing::instrument(name = "end_user::search_inbox", skip_all)]
pub async fn search_inbox(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    filter: DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    let all_organisations = filter.parties.is_empty();
    let filter = (filter, all_organisations);
    restricted_search(searches, authorizer, user, filter, (order, after, limit)).await
}

/// A page of what the filter finds among what the user may list (only organisations' with
/// `organisations_only`), on the user's search connection.
async fn restricted_search(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    (mut filter, organisations_only): (DialogFilter, bool),
    (order, after, limit): (&Order, Option<&Cursor>, i64),
) -> Result<Page> {
    restrict(authorizer, user, &mut filter, organisations_only).await?;
    let mut connection = searches.acquire(&user.party.to_string()).await?;
    store_large_groups(searches, &mut connection, &mut filter).await?;
    let page = search::search(&mut connection, &filter, order, after, limit).await?;
    connection.finish();
    Ok(page)
}

/// An inbox's folder counts, and the services its sender filter offers.
pub struct InboxCounts {
    /// How many dialogs each filter matches, to the cap.
    pub counts: Vec<i64>,
    /// The services the filters' parties have dialogs of, among those the user may list.
    pub resources: Vec<String>,
}

/// How many dialogs each filter matches for the user, counting to `cap` at the most, and the
/// services the filters' parties have dialogs of (over the same stored party sets).
#[tracing::instrument(name = "end_user::count_inbox", skip_all)]
pub async fn count_inbox(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    filters: Vec<DialogFilter>,
    cap: i64,
) -> Result<InboxCounts> {
    // What the user may list is worked out once for all the counts (per kind of filter), and
    // filters of one kind are counted together.
    let mut connection = searches.acquire(&user.party.to_string()).await?;
    let mut counts = vec![0; filters.len()];
    let mut resources = std::collections::BTreeSet::new();
    for all_organisations in [false, true] {
        let (positions, mut kind): (Vec<usize>, Vec<DialogFilter>) = filters
            .iter()
            .enumerate()
            .filter(|(_, filter)| filter.parties.is_empty() == all_organisations)
            .map(|(position, filter)| (position, filter.clone()))
            .unzip();
        if kind.is_empty() {
            continue;
        }
        let mut authorized = authorized(authorizer, user, all_organisations).await?;
        // The folders of one page ask for the same parties: their groups are stored as
        // narrowed to those.
        if kind.iter().all(|filter| filter.parties == kind[0].parties) {
            authorized.groups = authorized.narrowed(&DialogFilter {
                parties: kind[0].parties.clone(),
                ..DialogFilter::default()
            });
        }
        let mut listed = DialogFilter {
            authorized: Some(authorized),
            ..DialogFilter::default()
        };
        store_groups_over(searches, &mut connection, &mut listed, COUNTED_SET_MIN).await?;
        for filter in &mut kind {
            shown_only(filter, listed.authorized.clone().unwrap_or_default());
        }
        let counted = search::counts(&mut connection, &kind, cap).await?;
        for (position, count) in positions.into_iter().zip(counted) {
            counts[position] = count;
        }
        held_resources(&mut connection, &listed, &mut resources).await?;
    }
    connection.finish();
    Ok(InboxCounts {
        counts,
        resources: resources.into_iter().collect(),
    })
}

/// The services the stored groups' parties have dialogs of, among those the user may list of
/// each group: what the inbox's sender filter offers. They are kept beside each stored set.
async fn held_resources(
    connection: &mut PgConnection,
    listed: &DialogFilter,
    found: &mut std::collections::BTreeSet<String>,
) -> Result<()> {
    let groups = listed
        .authorized
        .iter()
        .flat_map(|authorized| &authorized.groups);
    for group in groups {
        let Some(set) = group.stored else { continue };
        let held = resources::of_set(&mut *connection, set).await?;
        found.extend(
            held.into_iter()
                .filter(|held| group.resources.contains(held)),
        );
    }
    Ok(())
}

/// The title and summary a list shows: the non-sensitive ones, where the service owner gave
/// them, when the user signed in below the resource's level (`sensitive` false).
pub fn listed_title_and_summary(
    content: &DialogContent,
    sensitive: bool,
) -> (Option<&ContentValueDoc>, Option<&ContentValueDoc>) {
    if sensitive {
        (content.title.as_ref(), content.summary.as_ref())
    } else {
        (
            content
                .non_sensitive_title
                .as_ref()
                .or(content.title.as_ref()),
            content
                .non_sensitive_summary
                .as_ref()
                .or(content.summary.as_ref()),
        )
    }
}

/// For each resource, whether the user signed in at the level it asks for (to show sensitive
/// titles in lists). It holds none of its arguments, so it outlives them (an export keeps it
/// for all its pages).
pub async fn sensitive_resources(
    authorizer: &Authorizer,
    user: &EndUser,
) -> Result<impl Fn(&ResourceId) -> bool + use<>> {
    let registry = authorizer.registry().await?;
    let level = user.authentication_level;
    Ok(move |resource: &ResourceId| {
        registry
            .resource(resource)
            .is_none_or(|found| level >= found.minimum_authentication_level)
    })
}
