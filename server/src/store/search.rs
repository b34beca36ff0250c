//! The service-owner dialog search: filters on indexed columns, keyset pagination, and the
//! latest activity of each dialog on the page in one more query.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder, types::Json};
use uuid::Uuid;

use super::{
    dialogs::DialogRecord,
    pagination::{Cursor, KeyValue, Order, OrderKey},
};
use crate::{
    domain::dialog::{model::Activity, status::SystemLabel},
    error::Result,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DeletedFilter {
    #[default]
    Exclude,
    Include,
    Only,
}

/// An optional `[after, before]` range on a date column (both bounds exclusive).
#[derive(Debug, Clone, Copy, Default)]
pub struct Range {
    pub after: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct DialogFilter {
    /// The orgs whose dialogs may be returned; `None` for administrators.
    pub orgs: Option<Vec<String>>,
    pub service_resources: Vec<String>,
    pub parties: Vec<String>,
    pub extended_statuses: Vec<String>,
    pub external_reference: Option<String>,
    pub statuses: Vec<i16>,
    pub deleted: DeletedFilter,
    pub created: Range,
    pub updated: Range,
    pub content_updated: Range,
    pub due: Range,
    pub visible: Range,
    pub process: Option<String>,
    /// All must hold.
    pub system_labels: Vec<SystemLabel>,
    pub exclude_api_only: bool,
    /// All must match; a trailing `*` matches by prefix.
    pub service_owner_labels: Vec<String>,
    pub is_content_seen: Option<bool>,
}

pub struct Page {
    pub items: Vec<(DialogRecord, Option<Activity>)>,
    pub next: Option<Cursor>,
}

const COLUMNS: &str =
    "select d.id, d.revision, d.org, d.service_resource, d.service_resource_type, d.party,
    d.idempotent_key, d.status, d.progress, d.extended_status, d.external_reference, d.process,
    d.preceding_process, d.visible_from, d.due_at, d.expires_at, d.created_at, d.updated_at,
    d.content_updated_at, d.deleted_at, d.is_api_only, d.frozen, d.has_unopened_content,
    d.is_seen_since_last_content_update, d.from_service_owner_transmissions_count,
    d.from_party_transmissions_count, d.system_label, d.marked_as_unopened, d.sent,
    d.end_user_context_revision, d.service_owner_context_revision, d.service_owner_labels,
    d.search_tags, d.content, d.attachments, d.gui_actions, d.api_actions
    from dialogs d where true";

fn push_range(query: &mut QueryBuilder<Postgres>, column: &str, range: Range) {
    if let Some(after) = range.after {
        query.push(format!(" and {column} > ")).push_bind(after);
    }
    if let Some(before) = range.before {
        query.push(format!(" and {column} < ")).push_bind(before);
    }
}

fn push_any(query: &mut QueryBuilder<Postgres>, column: &str, values: &[String]) {
    if !values.is_empty() {
        query
            .push(format!(" and {column} = any("))
            .push_bind(values.to_vec())
            .push(")");
    }
}

fn push_filter(query: &mut QueryBuilder<Postgres>, filter: &DialogFilter) {
    if let Some(orgs) = &filter.orgs {
        push_any(query, "d.org", orgs);
        if orgs.is_empty() {
            query.push(" and false");
        }
    }
    push_any(query, "d.service_resource", &filter.service_resources);
    push_any(query, "d.party", &filter.parties);
    push_any(query, "d.extended_status", &filter.extended_statuses);
    if let Some(reference) = &filter.external_reference {
        query
            .push(" and d.external_reference = ")
            .push_bind(reference.clone());
    }
    if !filter.statuses.is_empty() {
        query
            .push(" and d.status = any(")
            .push_bind(filter.statuses.clone())
            .push(")");
    }
    match filter.deleted {
        DeletedFilter::Exclude => query.push(" and d.deleted_at is null"),
        DeletedFilter::Only => query.push(" and d.deleted_at is not null"),
        DeletedFilter::Include => query,
    };
    push_range(query, "d.created_at", filter.created);
    push_range(query, "d.updated_at", filter.updated);
    push_range(query, "d.content_updated_at", filter.content_updated);
    push_range(query, "d.due_at", filter.due);
    push_range(query, "d.visible_from", filter.visible);
    if let Some(process) = &filter.process {
        query.push(" and d.process = ").push_bind(process.clone());
    }
    for label in &filter.system_labels {
        match label {
            SystemLabel::MarkedAsUnopened => query.push(" and d.marked_as_unopened"),
            SystemLabel::Sent => query.push(" and d.sent"),
            folder => query.push(" and d.system_label = ").push_bind(folder.id()),
        };
    }
    if filter.exclude_api_only {
        query.push(" and not d.is_api_only");
    }
    for label in &filter.service_owner_labels {
        match label.strip_suffix('*') {
            Some(prefix) => {
                let pattern = format!(
                    "{}%",
                    prefix
                        .replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                );
                query
                    .push(" and exists (select 1 from unnest(d.service_owner_labels) as label where label like ")
                    .push_bind(pattern)
                    .push(")");
            }
            None => {
                // Containment, so the GIN index on the labels serves it.
                query
                    .push(" and d.service_owner_labels @> array[")
                    .push_bind(label.clone())
                    .push("]::text[]");
            }
        }
    }
    if let Some(seen) = filter.is_content_seen {
        query
            .push(" and d.is_seen_since_last_content_update = ")
            .push_bind(seen);
    }
}

fn cursor_of(order: &Order, record: &DialogRecord) -> Cursor {
    Cursor(
        order
            .0
            .iter()
            .map(|item| match item.key {
                OrderKey::ContentUpdatedAt => KeyValue::Date(Some(record.content_updated_at)),
                OrderKey::UpdatedAt => KeyValue::Date(Some(record.updated_at)),
                OrderKey::CreatedAt => KeyValue::Date(Some(record.created_at)),
                OrderKey::DueAt => KeyValue::Date(record.due_at),
                OrderKey::Id => KeyValue::Id(record.id),
            })
            .collect(),
    )
}

pub async fn search(
    connection: &mut PgConnection,
    filter: &DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    let mut query = QueryBuilder::<Postgres>::new(COLUMNS);
    push_filter(&mut query, filter);
    if let Some(cursor) = after {
        cursor.push_after(order, &mut query);
    }
    order.push_order_by(&mut query);
    query.push(" limit ").push_bind(limit + 1);
    let mut records: Vec<DialogRecord> = query.build_query_as().fetch_all(&mut *connection).await?;
    let has_more = records.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    records.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = has_more
        .then(|| records.last().map(|last| cursor_of(order, last)))
        .flatten();
    let ids: Vec<Uuid> = records.iter().map(|record| record.id).collect();
    let latest = sqlx::query!(
        r#"select distinct on (dialog_id) dialog_id, document as "document: Json<Activity>"
           from dialog_activities where dialog_id = any($1)
           order by dialog_id, created_at desc, id desc"#,
        &ids
    )
    .fetch_all(&mut *connection)
    .await?;
    let items = records
        .into_iter()
        .map(|record| {
            let activity = latest
                .iter()
                .find(|row| row.dialog_id == record.id)
                .map(|row| row.document.0.clone());
            (record, activity)
        })
        .collect();
    Ok(Page { items, next })
}
