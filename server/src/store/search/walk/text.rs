//! Free text on a walk: the newest candidates of every walk (the window) checked for the
//! text, then the text index for what the window held too few of.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{FROM_END, WINDOW, WINDOW_SHARE_MIN, Walk, Walked, shared_rows};
use crate::store::search::{
    DialogFilter, FreeText,
    filter::{Enforced, push_filter},
};
use crate::{
    error::Result,
    store::pagination::{Cursor, Order},
};

/// How many candidates each walk of the free-text window brings: a share of `WINDOW`, so that
/// many walks together examine about as many rows as one.
fn window_share(walk: &Walk) -> i64 {
    let walks = walk.blocks.iter().map(Walked::len).sum::<usize>().max(1);
    (WINDOW / i64::try_from(walks).unwrap_or(WINDOW)).max(WINDOW_SHARE_MIN)
}

/// The newest candidates of every walk (a share of the window each), where the window ends,
/// and the ids of up to `limit` of them that match the text (one row with a null id when none
/// does). The window ends at the newest of the last rows of the walks that brought their whole
/// share: it holds every candidate from there on, and the text index finds those before.
pub(super) fn window_query(
    prefix: &str,
    walk: &Walk,
    filter: &DialogFilter,
    text: &FreeText,
    after: Option<&(Cursor, Order)>,
    limit: i64,
) -> QueryBuilder<Postgres> {
    let share = window_share(walk);
    let mut query = shared_rows(prefix, walk, filter, after, share);
    query.push(format!(
        " select (select content_updated_at from ends) as end_at, (select id from ends) as end_id, \
         h.id from (select 1) as one left join lateral (select w.id, w.content_updated_at \
         from window_rows w join dialogs d on d.id = w.id where {FROM_END}"
    ));
    text.push(&mut query);
    query
        .push(" order by w.content_updated_at desc, w.id desc limit ")
        .push_bind(limit)
        .push(") h on true order by h.content_updated_at desc, h.id desc");
    query
}

/// Matches older than the window, from the text index, with every condition as a plain filter.
pub(super) fn older_query(
    prefix: &str,
    filter: &DialogFilter,
    text: &FreeText,
    (oldest_at, oldest_id): (DateTime<Utc>, Uuid),
    limit: i64,
) -> QueryBuilder<Postgres> {
    let mut query = QueryBuilder::<Postgres>::new(format!(
        "{prefix}select d.id from dialogs d where (d.content_updated_at, d.id) < ("
    ));
    query
        .push_bind(oldest_at)
        .push(", ")
        .push_bind(oldest_id)
        .push(")");
    push_filter(&mut query, filter, Enforced::default());
    text.push(&mut query);
    query
        .push(" order by d.content_updated_at desc, d.id desc limit ")
        .push_bind(limit);
    query
}

/// The window query's rows: where the window ends (if a walk had more), and a match (if any).
type WindowRow = (Option<DateTime<Utc>>, Option<Uuid>, Option<Uuid>);

/// What the window found: the matching ids, and where to continue when it held too few.
pub(super) struct Windowed {
    pub(super) found: Vec<Uuid>,
    pub(super) older_from: Option<(DateTime<Utc>, Uuid)>,
}

pub(super) async fn run_window(
    connection: &mut PgConnection,
    walk: &Walk,
    filter: &DialogFilter,
    text: &FreeText,
    after: Option<&(Cursor, Order)>,
    limit: i64,
) -> Result<Windowed> {
    let rows: Vec<WindowRow> = window_query("", walk, filter, text, after, limit)
        .build_query_as()
        .fetch_all(connection)
        .await?;
    let found: Vec<Uuid> = rows.iter().filter_map(|row| row.2).collect();
    let end = rows.first().and_then(|row| row.0.zip(row.1));
    let short = i64::try_from(found.len()).unwrap_or(i64::MAX) < limit;
    Ok(Windowed {
        older_from: end.filter(|_| short),
        found,
    })
}

pub(super) fn remaining(limit: i64, found: &[Uuid]) -> i64 {
    limit - i64::try_from(found.len()).unwrap_or(limit)
}
