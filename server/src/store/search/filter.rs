//! A filter as SQL conditions on `dialogs d`, each appended as ` and ...`.

use std::sync::Arc;

use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::{AccessGroup, DeletedFilter, DialogFilter, Parties, Range};
use crate::domain::dialog::status::{DialogStatus, SystemLabel};

/// The conditions a walk enforces itself by the way it reads, which the filter then leaves out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Enforced {
    pub parties: bool,
    pub resources: bool,
    pub orgs: bool,
    pub authorized: bool,
}

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

/// `d.party` among `parties`: by reference to their stored set when there is one.
pub fn push_party_in(query: &mut QueryBuilder<Postgres>, parties: &Parties, stored: Option<Uuid>) {
    match stored {
        // A probe of the set's key per row, which the walk's order survives. OFFSET 0 keeps
        // PostgreSQL from turning it into a join (which, hashing the set, sorts every match).
        Some(set) => query
            .push("exists (select 1 from search_party_set_members m where m.set_id = ")
            .push_bind(set)
            .push(" and m.party = d.party offset 0)"),
        None => query
            .push("d.party = any(")
            .push_bind(Arc::clone(parties))
            .push(")"),
    };
}

/// `and ((party in P1 and resource in R1) or ...)`: what the user may list, as one condition.
pub fn push_authorized(query: &mut QueryBuilder<Postgres>, groups: &[AccessGroup]) {
    if groups.is_empty() {
        query.push(" and false");
        return;
    }
    query.push(" and (");
    for (index, group) in groups.iter().enumerate() {
        if index > 0 {
            query.push(" or ");
        }
        query.push("(");
        push_party_in(query, &group.parties, group.stored);
        query
            .push(" and d.service_resource = any(")
            .push_bind(group.resources.clone())
            .push("))");
    }
    query.push(")");
}

fn push_labels(query: &mut QueryBuilder<Postgres>, filter: &DialogFilter) {
    for label in &filter.system_labels {
        match label {
            SystemLabel::MarkedAsUnopened => query.push(" and d.marked_as_unopened"),
            SystemLabel::Sent => query.push(" and d.sent"),
            folder => query.push(" and d.system_label = ").push_bind(folder.id()),
        };
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
}

/// Every condition of the filter but free text and those `enforced` already.
pub fn push_filter(query: &mut QueryBuilder<Postgres>, filter: &DialogFilter, enforced: Enforced) {
    if let Some(orgs) = filter.orgs.as_ref().filter(|_| !enforced.orgs) {
        push_any(query, "d.org", orgs);
        if orgs.is_empty() {
            query.push(" and false");
        }
    }
    if !enforced.resources {
        push_any(query, "d.service_resource", &filter.service_resources);
    }
    if !enforced.parties {
        push_any(query, "d.party", &filter.parties);
    }
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
    push_labels(query, filter);
    push_end_user_view(query, filter, enforced);
}

/// What an end user's view adds: API-only dialogs left out, seen as they see it, shown now,
/// needing attention, and only what they may list.
fn push_end_user_view(
    query: &mut QueryBuilder<Postgres>,
    filter: &DialogFilter,
    enforced: Enforced,
) {
    if filter.exclude_api_only {
        query.push(" and not d.is_api_only");
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
    // Its twin for a loaded dialog: `Found::needs_attention`.
    if let Some(due) = filter.attention_due_before {
        query
            .push(" and (d.status = ")
            .push_bind(DialogStatus::RequiresAttention.id())
            .push(" or (d.due_at < ")
            .push_bind(due)
            .push(" and d.status <> ")
            .push_bind(DialogStatus::Completed.id())
            .push("))");
    }
    if let Some(groups) = filter.authorized.as_ref().filter(|_| !enforced.authorized) {
        push_authorized(query, &groups.narrowed(filter));
    }
}
