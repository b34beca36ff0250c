//! The plans (EXPLAIN ANALYZE, JSON) of a walk's statements, as the search runs them.

use sqlx::{PgConnection, Postgres, QueryBuilder};

use super::{
    Walk,
    count::count_query,
    page_query, page_share, shared_page_query,
    text::{older_query, remaining, run_window, window_query},
};
use crate::error::Result;
use crate::store::search::DialogFilter;

const EXPLAIN: &str = "explain (analyze, buffers, format json) ";

async fn plan_of(
    connection: &mut PgConnection,
    mut query: QueryBuilder<Postgres>,
) -> Result<serde_json::Value> {
    let plan: sqlx::types::Json<serde_json::Value> =
        query.build_query_scalar().fetch_one(connection).await?;
    Ok(plan.0)
}

/// The plans (EXPLAIN ANALYZE, JSON) of the statements that choose the first page, as
/// [`ids`] runs them.
pub async fn explain(
    connection: &mut PgConnection,
    walk: &Walk,
    filter: &DialogFilter,
    limit: i64,
) -> Result<Vec<serde_json::Value>> {
    if walk.blocks.is_empty() {
        return Ok(Vec::new());
    }
    let Some(text) = &filter.text else {
        let query = match page_share(walk, limit) {
            Some(share) => shared_page_query(EXPLAIN, walk, filter, None, (share, limit)),
            None => page_query(EXPLAIN, walk, filter, None, limit),
        };
        return Ok(vec![plan_of(connection, query).await?]);
    };
    let mut plans = vec![
        plan_of(
            &mut *connection,
            window_query(EXPLAIN, walk, filter, text, None, limit),
        )
        .await?,
    ];
    let windowed = run_window(&mut *connection, walk, filter, text, None, limit).await?;
    if let Some(oldest) = windowed.older_from {
        let older = older_query(
            EXPLAIN,
            filter,
            text,
            oldest,
            remaining(limit, &windowed.found),
        );
        plans.push(plan_of(connection, older).await?);
    }
    Ok(plans)
}

/// The plan of a capped count, as [`count`] runs it.
pub async fn explain_count(
    connection: &mut PgConnection,
    walk: &Walk,
    filter: &DialogFilter,
    cap: i64,
) -> Result<serde_json::Value> {
    plan_of(connection, count_query(EXPLAIN, walk, filter, cap)).await
}
