//! Counting a search's matches: each filter on its own, or many at once through the stored
//! party sets' tallies (see [`tally`](super::tally)).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::filter::{Enforced, push_filter};
use super::{
    model::{AccessGroup, Authorized, DialogFilter},
    party_sets, tally, walk,
};
use crate::error::Result;

/// How many dialogs match, counting to `cap` at the most (so that a huge inbox stays cheap).
pub async fn count(connection: &mut PgConnection, filter: &DialogFilter, cap: i64) -> Result<i64> {
    if filter.text.is_none()
        && let Some(walk) = walk::plan(filter)
    {
        return walk::count(connection, &walk, filter, cap).await;
    }
    let mut query =
        QueryBuilder::<Postgres>::new("select count(*) from (select 1 from dialogs d where true");
    push_filter(&mut query, filter, Enforced::default());
    if let Some(text) = &filter.text {
        text.push(&mut query);
    }
    query.push(" limit ").push_bind(cap).push(") as matches");
    Ok(query.build_query_scalar().fetch_one(connection).await?)
}

/// How many dialogs each filter matches, counting to `cap` at the most, in one statement when
/// every filter has a walk.
async fn count_each(
    connection: &mut PgConnection,
    filters: &[DialogFilter],
    cap: i64,
) -> Result<Vec<i64>> {
    let walks: Option<Vec<(walk::Walk, &DialogFilter)>> = filters
        .iter()
        .map(|filter| {
            let walk = walk::plan(filter).filter(|_| filter.text.is_none())?;
            Some((walk, filter))
        })
        .collect();
    if let Some(walks) = walks {
        return walk::counts(connection, &walks, cap).await;
    }
    let mut counts = Vec::with_capacity(filters.len());
    for filter in filters {
        counts.push(count(&mut *connection, filter, cap).await?);
    }
    Ok(counts)
}

/// How many dialogs each filter matches, counting to `cap` at the most. Filters over the same
/// parties and resources (the portal's folders) share one tally of the groups too large to walk
/// party by party; the other groups, and any party the tally leaves, are walked per filter.
/// Their counts over a stored party set are kept with the set (see [`party_sets::kept_counts`]).
pub async fn counts(
    connection: &mut PgConnection,
    filters: &[DialogFilter],
    cap: i64,
) -> Result<Vec<i64>> {
    let shared = filters.first().filter(|first| {
        filters.iter().all(|filter| {
            tally::tallies(filter)
                && filter.authorized == first.authorized
                && filter.parties == first.parties
                && filter.service_resources == first.service_resources
        })
    });
    let Some((first, authorized)) =
        shared.and_then(|first| Some((first, first.authorized.as_ref()?)))
    else {
        return count_each(connection, filters, cap).await;
    };
    let mut totals = vec![0; filters.len()];
    let mut unstored = Vec::new();
    for group in authorized.narrowed(first) {
        let counted = match group.stored {
            Some(set) => set_counts(&mut *connection, set, group, filters, cap).await?,
            None => {
                unstored.push(group);
                continue;
            }
        };
        add_to(&mut totals, counted);
    }
    add_to(
        &mut totals,
        unstored_counts(&mut *connection, unstored, filters, cap).await?,
    );
    Ok(totals.into_iter().map(|total| total.min(cap)).collect())
}

fn add_to(totals: &mut [i64], counted: Vec<i64>) {
    for (total, counted) in totals.iter_mut().zip(counted) {
        *total += counted;
    }
}

/// The counts over groups without a stored set: those of more than 100 parties tallied in one
/// statement, the rest (and the parties the tally leaves) walked.
async fn unstored_counts(
    connection: &mut PgConnection,
    groups: Vec<AccessGroup>,
    filters: &[DialogFilter],
    cap: i64,
) -> Result<Vec<i64>> {
    let mut totals = vec![0; filters.len()];
    let mut add = |counted: Vec<i64>| add_to(&mut totals, counted);
    let (tallied, mut walked): (Vec<AccessGroup>, Vec<AccessGroup>) =
        groups.into_iter().partition(walk::is_tallied);
    if !tallied.is_empty() {
        let tallied = tally::tally(&mut *connection, &tallied, filters, cap).await?;
        add(tallied.counts);
        walked.extend(tallied.left);
    }
    if !walked.is_empty() {
        add(count_each(&mut *connection, &with_groups(filters, walked), cap).await?);
    }
    Ok(totals)
}

/// The largest stored set whose counts are tallied party by party rather than walked per
/// resource through the set.
const TALLIED_SET_MAX: usize = 20_000;

/// The filters, each limited to these groups.
fn with_groups(filters: &[DialogFilter], groups: Vec<AccessGroup>) -> Vec<DialogFilter> {
    filters
        .iter()
        .map(|filter| DialogFilter {
            authorized: Some(Authorized {
                groups: groups.clone(),
            }),
            ..filter.clone()
        })
        .collect()
}

/// The walked counts of the filters over one stored set's group, kept with the set. They are
/// kept under the group's resources, the cap and what the filters ask for but the time they
/// count at, which the keeping bounds. The trigger that forgets them watches the columns the
/// portal's folders filter on (migration `party_set_counts_changed_columns`): a filter on
/// another column would need it there too.
async fn set_counts(
    connection: &mut PgConnection,
    set: Uuid,
    group: AccessGroup,
    filters: &[DialogFilter],
    cap: i64,
) -> Result<Vec<i64>> {
    let asked: Vec<DialogFilter> = filters
        .iter()
        .map(|filter| DialogFilter {
            authorized: None,
            shown_at: filter.shown_at.map(|_| DateTime::<Utc>::UNIX_EPOCH),
            ..filter.clone()
        })
        .collect();
    let key = Uuid::new_v5(
        &set,
        format!("{:?} {asked:?} {cap}", group.resources).as_bytes(),
    );
    if let Some(kept) = party_sets::kept_counts(&mut *connection, set, key).await? {
        return Ok(kept);
    }
    // A set small enough to tally is tallied, as it would be unstored; a larger one is walked
    // per resource through the set.
    let counted = if group.parties.len() <= TALLIED_SET_MAX {
        let listed = AccessGroup {
            stored: None,
            ..group
        };
        unstored_counts(&mut *connection, vec![listed], filters, cap).await?
    } else {
        count_each(&mut *connection, &with_groups(filters, vec![group]), cap).await?
    };
    party_sets::keep_counts(&mut *connection, set, key, &counted).await?;
    Ok(counted)
}

/// The plan of the tally [`counts`] runs for these filters, if it runs one.
pub async fn explain_tally(
    connection: &mut PgConnection,
    filters: &[DialogFilter],
    cap: i64,
) -> Result<Option<serde_json::Value>> {
    let Some(first) = filters.first() else {
        return Ok(None);
    };
    let groups: Vec<AccessGroup> = first
        .authorized
        .as_ref()
        .map(|authorized| authorized.narrowed(first))
        .unwrap_or_default()
        .into_iter()
        .filter(walk::is_tallied)
        .collect();
    if groups.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        tally::explain(connection, &groups, filters, cap).await?,
    ))
}
