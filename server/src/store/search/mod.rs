//! Dialog searches for service owners and end users: the page's ids first (by a walk of a
//! recency index in the default order, see [`walk`], or a plain ordered query otherwise), then
//! the page's rows with their latest activity and recent views in one more statement.

mod count;
mod filter;
mod model;
pub mod party_sets;
pub mod resources;
mod tally;
mod walk;

pub use count::{count, counts, explain_tally};
pub use model::{
    AccessGroup, Authorized, DeletedFilter, DialogFilter, Found, FreeText, Page, Parties, Range,
};

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder, types::Json};
use uuid::Uuid;

use super::{
    dialogs::DialogRecord,
    end_user_context::SeenLogEntry,
    pagination::{Cursor, KeyValue, Order, OrderKey},
};
use crate::{
    domain::dialog::model::{Activity, Actor},
    error::Result,
};
use filter::{Enforced, push_filter};

/// The dialog columns a search returns (after `select`).
const COLUMNS: &str =
    "select d.id, d.revision, d.org, d.service_resource, d.service_resource_type, d.party,
    d.idempotent_key, d.status, d.progress, d.extended_status, d.external_reference, d.process,
    d.preceding_process, d.visible_from, d.due_at, d.expires_at, d.created_at, d.updated_at,
    d.content_updated_at, d.deleted_at, d.is_api_only, d.frozen, d.has_unopened_content,
    d.is_seen_since_last_content_update, d.from_service_owner_transmissions_count,
    d.from_party_transmissions_count, d.system_label, d.marked_as_unopened, d.sent,
    d.end_user_context_revision, d.service_owner_context_revision, d.service_owner_labels,
    d.search_tags, d.content, d.attachments, d.gui_actions, d.api_actions";

/// A page's row: the dialog, its latest activity and its views since its last update.
#[derive(sqlx::FromRow)]
struct LoadedRow {
    #[sqlx(flatten)]
    record: DialogRecord,
    latest_activity: Option<Json<Activity>>,
    seen_log: Json<Vec<SeenJson>>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SeenJson {
    id: Uuid,
    created_at: DateTime<Utc>,
    is_via_service_owner: bool,
    seen_by: Actor,
}

fn cursor_of(order: &Order, record: &DialogRecord, rank: Option<f32>) -> Cursor {
    Cursor(
        order
            .0
            .iter()
            .map(|item| match item.key {
                OrderKey::ContentUpdatedAt => KeyValue::Date(Some(record.content_updated_at)),
                OrderKey::UpdatedAt => KeyValue::Date(Some(record.updated_at)),
                OrderKey::CreatedAt => KeyValue::Date(Some(record.created_at)),
                OrderKey::DueAt => KeyValue::Date(record.due_at),
                OrderKey::Id => KeyValue::Id(record.id.uuid()),
                OrderKey::Relevance => KeyValue::Rank(rank.unwrap_or_default()),
            })
            .collect(),
    )
}

/// Newest content first, then id: the order the recency indexes serve.
pub(super) fn is_default_order(order: &Order) -> bool {
    *order == Order::newest_first()
}

/// The page's ids in any order: a plain ordered query, ranked when the order asks for relevance.
async fn ordered_ids(
    connection: &mut PgConnection,
    filter: &DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<(Uuid, Option<f32>)>> {
    let mut query = QueryBuilder::<Postgres>::new("");
    match (&filter.text, Cursor::uses_relevance(order)) {
        // Ranked: the matches with their rank, then the page of them.
        (Some(text), true) => {
            query.push("select d.id, d.search_rank from (select d.*, ts_rank(d.search_vector, ");
            text.push_tsquery(&mut query);
            query.push(") as search_rank from dialogs d where true");
            push_filter(&mut query, filter, Enforced::default());
            text.push(&mut query);
            query.push(") d where true");
        }
        (None, true) => {
            return Err(crate::error::Error::Validation(crate::error::Error::field(
                "OrderBy",
                "relevance needs a free-text search",
            )));
        }
        (text, false) => {
            query.push("select d.id, null::real from dialogs d where true");
            push_filter(&mut query, filter, Enforced::default());
            if let Some(text) = text {
                text.push(&mut query);
            }
        }
    }
    if let Some(cursor) = after {
        cursor.push_after(order, &mut query);
    }
    order.push_order_by(&mut query);
    query.push(" limit ").push_bind(limit);
    Ok(query.build_query_as().fetch_all(connection).await?)
}

/// The rows of `ids`, in that order, with each one's latest activity and recent views.
async fn load(
    connection: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<(DialogRecord, Option<Activity>, Vec<SeenLogEntry>)>> {
    let mut query = QueryBuilder::<Postgres>::new(COLUMNS);
    query.push(
        ", (select a.document from dialog_activities a where a.dialog_id = d.id
             order by a.created_at desc, a.id desc limit 1) as latest_activity,
           (select coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'createdAt', s.created_at,
                'isViaServiceOwner', s.is_via_service_owner, 'seenBy', s.seen_by)
                order by s.created_at, s.id), '[]')
            from dialog_seen_log s
            where s.dialog_id = d.id and s.created_at >= least(d.updated_at, d.content_updated_at)) as seen_log
         from dialogs d where d.id = any(",
    );
    query.push_bind(ids.to_vec()).push(")");
    let rows: Vec<LoadedRow> = query.build_query_as().fetch_all(connection).await?;
    let mut by_id: std::collections::HashMap<Uuid, LoadedRow> = rows
        .into_iter()
        .map(|row| (row.record.id.uuid(), row))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| {
            let row = by_id.remove(id)?;
            let seen = row
                .seen_log
                .0
                .into_iter()
                .map(|entry| SeenLogEntry {
                    id: entry.id,
                    created_at: entry.created_at,
                    is_via_service_owner: entry.is_via_service_owner,
                    seen_by: Json(entry.seen_by),
                })
                .collect();
            Some((row.record, row.latest_activity.map(|json| json.0), seen))
        })
        .collect())
}

/// The plans of the statements that choose a first page in the default order, and (without
/// free text) of the capped count of the same filter: what the tests of the search shapes
/// read. `None` when no walk leads the filter.
pub async fn explain(
    connection: &mut PgConnection,
    filter: &DialogFilter,
    limit: i64,
    cap: i64,
) -> Result<Option<Vec<serde_json::Value>>> {
    let Some(walk) = walk::plan(filter) else {
        return Ok(None);
    };
    let mut plans = walk::explain(&mut *connection, &walk, filter, limit + 1).await?;
    if filter.text.is_none() {
        plans.push(walk::explain_count(connection, &walk, filter, cap).await?);
    }
    Ok(Some(plans))
}

pub async fn search(
    connection: &mut PgConnection,
    filter: &DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    let fetch = limit + 1;
    let walk = is_default_order(order)
        .then(|| walk::plan(filter))
        .flatten();
    let mut found: Vec<(Uuid, Option<f32>)> = match &walk {
        Some(walk) => {
            let after = after.map(|cursor| (cursor.clone(), order.clone()));
            walk::ids(&mut *connection, walk, filter, after.as_ref(), fetch)
                .await?
                .into_iter()
                .map(|id| (id, None))
                .collect()
        }
        None => ordered_ids(&mut *connection, filter, order, after, fetch).await?,
    };
    let page_size = usize::try_from(limit).unwrap_or(usize::MAX);
    let has_more = found.len() > page_size;
    found.truncate(page_size);
    let ids: Vec<Uuid> = found.iter().map(|(id, _)| *id).collect();
    let rows = if ids.is_empty() {
        Vec::new()
    } else {
        load(connection, &ids).await?
    };
    let next = has_more
        .then(|| {
            let (record, _, _) = rows.last()?;
            let rank = found.last().and_then(|(_, rank)| *rank);
            Some(cursor_of(order, record, rank))
        })
        .flatten();
    let items = rows
        .into_iter()
        .map(|(dialog, latest_activity, seen_log)| Found {
            dialog,
            latest_activity,
            seen_log,
        })
        .collect();
    Ok(Page { items, next })
}
