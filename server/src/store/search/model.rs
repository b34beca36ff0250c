//! What a search takes and gives: the filter with the access groups it is narrowed to, the
//! free text, and a page of found dialogs.

use std::{collections::HashSet, sync::Arc};

use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use crate::store::{dialogs::DialogRecord, end_user_context::SeenLogEntry, pagination::Cursor};
use crate::{
    domain::dialog::{
        model::Activity,
        status::{DialogStatus, SystemLabel},
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
    /// is in `push_filter`): its status requires attention, or it is due before that time and
    /// its deadline still applies.
    pub fn needs_attention(&self, due_before: DateTime<Utc>) -> bool {
        let dialog = &self.dialog;
        dialog.status == DialogStatus::RequiresAttention
            || (dialog.status.deadline_applies()
                && dialog.due_at.is_some_and(|due| due < due_before))
    }
}

pub struct Page {
    pub items: Vec<Found>,
    pub next: Option<Cursor>,
}
