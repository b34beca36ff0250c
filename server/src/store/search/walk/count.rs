//! Counting what a walk finds, to a cap: one statement for many walks, so that a page's folder
//! counts cost one round trip.

use sqlx::{PgConnection, Postgres, QueryBuilder};

use super::{Walk, push_candidates};
use crate::{error::Result, store::search::DialogFilter};

/// The capped count's statement, after `prefix` (`EXPLAIN` or nothing).
pub(super) fn count_query(
    prefix: &str,
    walk: &Walk,
    filter: &DialogFilter,
    cap: i64,
) -> QueryBuilder<Postgres> {
    let mut query = QueryBuilder::<Postgres>::new(prefix);
    push_count(&mut query, walk, filter, cap);
    query
}

/// `select count(*)` of what the walk finds, to `cap` at the most.
fn push_count(query: &mut QueryBuilder<Postgres>, walk: &Walk, filter: &DialogFilter, cap: i64) {
    query.push("select count(*) from (select 1 from ");
    push_candidates(query, walk, filter, None, cap);
    query.push(" limit ").push_bind(cap).push(") as matches");
}

/// How many dialogs each walk finds for its filter, counting to `cap` at the most: one
/// statement of a scalar subquery per walk, so that a page's folder counts cost one round trip.
pub async fn counts(
    connection: &mut PgConnection,
    walks: &[(Walk, &DialogFilter)],
    cap: i64,
) -> Result<Vec<i64>> {
    if walks.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = QueryBuilder::<Postgres>::new("select array[");
    for (index, (walk, filter)) in walks.iter().enumerate() {
        if index > 0 {
            query.push(", ");
        }
        if walk.blocks.is_empty() {
            query.push("0::int8");
            continue;
        }
        query.push("(");
        push_count(&mut query, walk, filter, cap);
        query.push(")");
    }
    query.push("]::int8[]");
    Ok(query.build_query_scalar().fetch_one(connection).await?)
}

/// How many dialogs the walk finds, counting to `cap` at the most.
pub async fn count(
    connection: &mut PgConnection,
    walk: &Walk,
    filter: &DialogFilter,
    cap: i64,
) -> Result<i64> {
    if walk.blocks.is_empty() {
        return Ok(0);
    }
    Ok(count_query("", walk, filter, cap)
        .build_query_scalar()
        .fetch_one(connection)
        .await?)
}
