//! Capped counts of several filters at once over many parties (the portal's folder counts for
//! someone acting for thousands of organisations). A walk per filter and resource would skip
//! every other party's rows, per filter; instead one statement reads each party's few rows
//! once, from the start of its recency index, and counts them for every filter. A party with
//! more rows than the cap stops there and is left to the walks, which are cheap for one party.

use std::sync::Arc;

use sqlx::{PgConnection, Postgres, QueryBuilder};

use super::{
    AccessGroup, DialogFilter,
    filter::{Enforced, push_filter},
};
use crate::error::Result;

/// The columns of `dialogs_party_recent_idx` a tallied filter may test, so the read is an
/// index-only scan.
const COLUMNS: &str = "d.content_updated_at, d.org, d.status, d.system_label, d.deleted_at, \
     d.visible_from, d.expires_at, d.due_at, d.created_at, d.updated_at, d.is_api_only, \
     d.marked_as_unopened, d.sent, d.is_seen_since_last_content_update";

/// Whether the filter tests only what [`COLUMNS`] holds.
pub fn tallies(filter: &DialogFilter) -> bool {
    filter.text.is_none()
        && filter.extended_statuses.is_empty()
        && filter.external_reference.is_none()
        && filter.process.is_none()
        && filter.service_owner_labels.is_empty()
}

/// What a tally found: per filter, the count over the parties it could count, and the parties
/// (per group) it left to the walks.
pub struct Tally {
    pub counts: Vec<i64>,
    pub left: Vec<AccessGroup>,
}

fn tally_query(
    prefix: &str,
    groups: &[AccessGroup],
    filters: &[DialogFilter],
    cap: i64,
) -> QueryBuilder<Postgres> {
    let enforced = Enforced {
        parties: true,
        resources: true,
        orgs: false,
        authorized: true,
    };
    let mut query = QueryBuilder::<Postgres>::new(format!("{prefix}select array["));
    for index in 0..filters.len() {
        if index > 0 {
            query.push(", ");
        }
        query.push(format!("coalesce(sum(t.f{index}) filter (where t.n <= "));
        query.push_bind(cap).push("), 0)::int8");
    }
    query
        .push("]::int8[], array_agg(t.block) filter (where t.n > ")
        .push_bind(cap)
        .push("), array_agg(t.party) filter (where t.n > ")
        .push_bind(cap)
        .push(") from (");
    for (block, group) in groups.iter().enumerate() {
        if block > 0 {
            query.push(" union all ");
        }
        query
            .push(format!(
                "(select {block}::int4 as block, walk.party, x.* from unnest("
            ))
            .push_bind(group.parties.clone())
            .push("::text[]) as walk(party) cross join lateral (select count(*) as n");
        for (index, filter) in filters.iter().enumerate() {
            query.push(", count(*) filter (where true");
            push_filter(&mut query, filter, enforced);
            query.push(format!(") as f{index}"));
        }
        query
            .push(format!(
                " from (select {COLUMNS} from dialogs d where d.party = walk.party collate \"C\" \
                 and d.service_resource = any("
            ))
            .push_bind(group.resources.clone())
            .push(") limit ")
            .push_bind(cap + 1)
            .push(") as d) as x)");
    }
    query.push(") as t");
    query
}

type TallyRow = (Vec<i64>, Option<Vec<i32>>, Option<Vec<String>>);

/// Counts every filter over the groups' parties in one statement, up to `cap` per party.
pub async fn tally(
    connection: &mut PgConnection,
    groups: &[AccessGroup],
    filters: &[DialogFilter],
    cap: i64,
) -> Result<Tally> {
    let (counts, blocks, parties): TallyRow = tally_query("", groups, filters, cap)
        .build_query_as()
        .fetch_one(connection)
        .await?;
    let mut left: Vec<(Vec<String>, Vec<String>)> = groups
        .iter()
        .map(|group| (Vec::new(), group.resources.clone()))
        .collect();
    for (block, party) in blocks
        .unwrap_or_default()
        .into_iter()
        .zip(parties.unwrap_or_default())
    {
        if let Some((parties, _)) = usize::try_from(block).ok().and_then(|b| left.get_mut(b)) {
            parties.push(party);
        }
    }
    let left = left
        .into_iter()
        .filter(|(parties, _)| !parties.is_empty())
        .map(|(parties, resources)| AccessGroup {
            parties: Arc::new(parties),
            resources,
            stored: None,
        })
        .collect();
    Ok(Tally { counts, left })
}

/// The plan (EXPLAIN ANALYZE, JSON) of [`tally`].
pub async fn explain(
    connection: &mut PgConnection,
    groups: &[AccessGroup],
    filters: &[DialogFilter],
    cap: i64,
) -> Result<serde_json::Value> {
    let plan: sqlx::types::Json<serde_json::Value> = tally_query(
        "explain (analyze, buffers, format json) ",
        groups,
        filters,
        cap,
    )
    .build_query_scalar()
    .fetch_one(connection)
    .await?;
    Ok(plan.0)
}
