//! The service-owner dialog search: filters on indexed columns, keyset pagination, and the
//! latest activity of each dialog on the page in one more query.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Postgres, QueryBuilder, types::Json};
use uuid::Uuid;

use super::{
    dialogs::DialogRecord,
    end_user_context::SeenLogEntry,
    pagination::{Cursor, KeyValue, Order, OrderKey},
};
use crate::{
    domain::dialog::{
        model::{Activity, Actor},
        status::SystemLabel,
    },
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
    /// Only these (party, service resource) pairs: what an end user may list.
    pub authorized: Option<Vec<(String, String)>>,
    /// Free text: every term must match.
    pub text: Option<FreeText>,
    /// Only dialogs an end user may see at this time: visible, not expired.
    pub shown_at: Option<DateTime<Utc>>,
}

/// A free-text query: every term must match the title, summary, sender name, search tags or
/// attachment names, in its stemmed form for the language (Norwegian for nb and nn, English
/// for en; all of them when no language is given) or as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeText {
    terms: Vec<String>,
    configurations: Vec<&'static str>,
}

impl FreeText {
    /// At least 3 characters; `language` (`nb`, `nn`, `en` or another ISO 639-1 code) picks the stemming.
    pub fn parse(text: &str, language: Option<&str>) -> Result<Self, String> {
        if text.trim().chars().count() < 3 {
            return Err("must be at least 3 characters".into());
        }
        let terms: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '@' && c != '.')
            .map(|term| {
                term.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|term| !term.is_empty())
            .collect();
        if terms.is_empty() {
            return Err("must contain a word".into());
        }
        let stemmed: &[&'static str] = match language.map(str::to_ascii_lowercase).as_deref() {
            None => &["pg_catalog.norwegian", "pg_catalog.english"],
            Some("nb" | "nn" | "no") => &["pg_catalog.norwegian"],
            Some("en") => &["pg_catalog.english"],
            Some(_) => &[],
        };
        let mut configurations = stemmed.to_vec();
        configurations.push("pg_catalog.simple");
        Ok(Self {
            terms,
            configurations,
        })
    }

    /// `(q(t1) && q(t2) ...)`: every term, each as any of its forms.
    fn push_tsquery(&self, query: &mut QueryBuilder<Postgres>) {
        query.push("(");
        for (position, term) in self.terms.iter().enumerate() {
            if position > 0 {
                query.push(" && ");
            }
            query.push("(");
            for (index, configuration) in self.configurations.iter().enumerate() {
                if index > 0 {
                    query.push(" || ");
                }
                query
                    .push(format!("plainto_tsquery('{configuration}', "))
                    .push_bind(term.clone())
                    .push(")");
            }
            query.push(")");
        }
        query.push(")");
    }

    /// The match, served by the GIN index.
    fn push(&self, query: &mut QueryBuilder<Postgres>) {
        query.push(" and d.search_vector @@ ");
        self.push_tsquery(query);
    }
}

/// One dialog found, with what its list item shows besides the dialog itself.
pub struct Found {
    pub dialog: DialogRecord,
    pub latest_activity: Option<Activity>,
    /// Views since the dialog's last update or content update, oldest first.
    pub seen_log: Vec<SeenLogEntry>,
}

pub struct Page {
    pub items: Vec<Found>,
    pub next: Option<Cursor>,
}

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
        // For an end user, a dialog marked as unopened is not seen.
        let seen_column = if filter.authorized.is_some() {
            "(d.is_seen_since_last_content_update and not d.marked_as_unopened)"
        } else {
            "d.is_seen_since_last_content_update"
        };
        query.push(format!(" and {seen_column} = ")).push_bind(seen);
    }
    if let Some(now) = filter.shown_at {
        query
            .push(" and (d.visible_from is null or d.visible_from <= ")
            .push_bind(now)
            .push(") and (d.expires_at is null or d.expires_at > ")
            .push_bind(now)
            .push(")");
    }
    if let Some(pairs) = &filter.authorized {
        let (parties, resources): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
        // The parties alone first, so that the party-led index narrows before the pairs do.
        let distinct: std::collections::BTreeSet<&String> = parties.iter().collect();
        push_any(
            query,
            "d.party",
            &distinct.into_iter().cloned().collect::<Vec<_>>(),
        );
        if parties.is_empty() {
            query.push(" and false");
        }
        query
            .push(" and (d.party, d.service_resource) in (select p collate \"C\", r collate \"C\" from unnest(")
            .push_bind(parties)
            .push("::text[], ")
            .push_bind(resources)
            .push("::text[]) as a(p, r))");
    }
    if let Some(text) = &filter.text {
        text.push(query);
    }
}

/// A dialog row, with its rank when the search is ranked.
#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    record: DialogRecord,
    #[sqlx(default)]
    search_rank: Option<f32>,
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
                OrderKey::Id => KeyValue::Id(record.id),
                OrderKey::Relevance => KeyValue::Rank(rank.unwrap_or_default()),
            })
            .collect(),
    )
}

/// How many dialogs match, counting to `cap` at the most (so that a huge inbox stays cheap).
pub async fn count(connection: &mut PgConnection, filter: &DialogFilter, cap: i64) -> Result<i64> {
    let mut query =
        QueryBuilder::<Postgres>::new("select count(*) from (select 1 from dialogs d where true");
    push_filter(&mut query, filter);
    query.push(" limit ").push_bind(cap).push(") as matches");
    Ok(query.build_query_scalar().fetch_one(connection).await?)
}

struct SeenRow {
    dialog_id: Uuid,
    id: Uuid,
    created_at: DateTime<Utc>,
    is_via_service_owner: bool,
    seen_by: Json<Actor>,
}

pub async fn search(
    connection: &mut PgConnection,
    filter: &DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    let mut query = QueryBuilder::<Postgres>::new("");
    match (&filter.text, Cursor::uses_relevance(order)) {
        // Ranked: the matches with their rank, then the page of them.
        (Some(text), true) => {
            query.push("select * from (").push(COLUMNS);
            query.push(", ts_rank(d.search_vector, ");
            text.push_tsquery(&mut query);
            query.push(") as search_rank from dialogs d where true");
            push_filter(&mut query, filter);
            query.push(") d where true");
        }
        (None, true) => {
            return Err(crate::error::Error::Validation(crate::error::Error::field(
                "OrderBy",
                "relevance needs a free-text search",
            )));
        }
        (_, false) => {
            query.push(COLUMNS).push(" from dialogs d where true");
            push_filter(&mut query, filter);
        }
    }
    if let Some(cursor) = after {
        cursor.push_after(order, &mut query);
    }
    order.push_order_by(&mut query);
    query.push(" limit ").push_bind(limit + 1);
    let mut rows: Vec<Row> = query.build_query_as().fetch_all(&mut *connection).await?;
    let has_more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = has_more
        .then(|| {
            rows.last()
                .map(|last| cursor_of(order, &last.record, last.search_rank))
        })
        .flatten();
    let records: Vec<DialogRecord> = rows.into_iter().map(|row| row.record).collect();
    let ids: Vec<Uuid> = records.iter().map(|record| record.id).collect();
    let latest = sqlx::query!(
        r#"select distinct on (dialog_id) dialog_id, document as "document: Json<Activity>"
           from dialog_activities where dialog_id = any($1)
           order by dialog_id, created_at desc, id desc"#,
        &ids
    )
    .fetch_all(&mut *connection)
    .await?;
    let since: Vec<DateTime<Utc>> = records
        .iter()
        .map(|record| record.updated_at.min(record.content_updated_at))
        .collect();
    let mut seen = sqlx::query_as!(
        SeenRow,
        r#"select s.dialog_id, s.id, s.created_at, s.is_via_service_owner, s.seen_by as "seen_by: Json<Actor>"
           from unnest($1::uuid[], $2::timestamptz[]) as page(dialog_id, since)
           join dialog_seen_log s on s.dialog_id = page.dialog_id and s.created_at >= page.since
           order by s.created_at, s.id"#,
        &ids,
        &since
    )
    .fetch_all(&mut *connection)
    .await?;
    let items = records
        .into_iter()
        .map(|dialog| {
            let latest_activity = latest
                .iter()
                .find(|row| row.dialog_id == dialog.id)
                .map(|row| row.document.0.clone());
            let seen_log = seen
                .extract_if(.., |row| row.dialog_id == dialog.id)
                .map(|row| SeenLogEntry {
                    id: row.id,
                    created_at: row.created_at,
                    is_via_service_owner: row.is_via_service_owner,
                    seen_by: row.seen_by,
                })
                .collect();
            Found {
                dialog,
                latest_activity,
                seen_log,
            }
        })
        .collect();
    Ok(Page { items, next })
}
