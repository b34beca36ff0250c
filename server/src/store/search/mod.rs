//! Dialog searches for service owners and end users: the page's ids first (by a walk of a
//! recency index in the default order, see [`walk`], or a plain ordered query otherwise), then
//! the page's rows with their latest activity and recent views in one more statement.

mod filter;
pub mod party_sets;
mod tally;
mod walk;

use std::{collections::HashSet, sync::Arc};

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
        status::{DialogStatus, SystemLabel},
    },
    error::Result,
};
use filter::{Enforced, push_filter};

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
    /// Only what an end user may list.
    pub authorized: Option<Authorized>,
    /// Free text: every term must match.
    pub text: Option<FreeText>,
    /// Only dialogs an end user may see at this time: visible, not expired.
    pub shown_at: Option<DateTime<Utc>>,
    /// Only dialogs that need the user's attention: their status requires it, or they are
    /// due before this time (overdue included).
    pub attention_due_before: Option<DateTime<Utc>>,
}

/// A list of party URNs shared by the searches that use it (an accountant's may hold 50,000).
pub type Parties = Arc<Vec<String>>;

/// Parties that may list the same service resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessGroup {
    pub parties: Parties,
    pub resources: Vec<String>,
    /// The stored party set holding exactly `parties`, which searches then refer to by id.
    pub stored: Option<Uuid>,
}

/// What an end user may list: in each group, every party's dialogs of every resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authorized {
    pub groups: Vec<AccessGroup>,
}

impl Authorized {
    /// The groups narrowed to the parties and resources the filter asks for (all when it asks
    /// for none), leaving out groups that become empty.
    pub fn narrowed(&self, filter: &DialogFilter) -> Vec<AccessGroup> {
        let keep = |asked: &[String], values: &[String]| -> Vec<String> {
            let asked: HashSet<&str> = asked.iter().map(String::as_str).collect();
            values
                .iter()
                .filter(|value| asked.contains(value.as_str()))
                .cloned()
                .collect()
        };
        self.groups
            .iter()
            .map(|group| {
                let parties = if filter.parties.is_empty() {
                    group.parties.clone()
                } else {
                    Arc::new(keep(&filter.parties, &group.parties))
                };
                // Narrowed to fewer parties, the group is no longer the stored set.
                let whole = parties.len() == group.parties.len();
                AccessGroup {
                    parties,
                    resources: if filter.service_resources.is_empty() {
                        group.resources.clone()
                    } else {
                        keep(&filter.service_resources, &group.resources)
                    },
                    stored: group.stored.filter(|_| whole),
                }
            })
            .filter(|group| !group.parties.is_empty() && !group.resources.is_empty())
            .collect()
    }
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
    pub(super) fn push_tsquery(&self, query: &mut QueryBuilder<Postgres>) {
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
    pub(super) fn push(&self, query: &mut QueryBuilder<Postgres>) {
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

impl Found {
    /// Whether the dialog meets the filter's `attention_due_before` condition (its twin in SQL
    /// is in `push_filter`): its status requires attention, or it is due before that time.
    pub fn needs_attention(&self, due_before: DateTime<Utc>) -> bool {
        let dialog = &self.dialog;
        dialog.status == DialogStatus::RequiresAttention.id()
            || dialog.due_at.is_some_and(|due| due < due_before)
    }
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
                OrderKey::Id => KeyValue::Id(record.id),
                OrderKey::Relevance => KeyValue::Rank(rank.unwrap_or_default()),
            })
            .collect(),
    )
}

/// Newest content first, then id: the order the recency indexes serve.
fn is_default_order(order: &Order) -> bool {
    *order == Order::newest_first()
}

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
    let mut by_id: std::collections::HashMap<Uuid, LoadedRow> =
        rows.into_iter().map(|row| (row.record.id, row)).collect();
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
