//! The inbox's rules, whichever front door shows it: its folders, how it groups by recency,
//! what needs attention, the party switcher's list and the senders' names.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Oslo;

use super::end_user;
use crate::{
    authz::{
        Authorizer, EndUser,
        decision::{AuthorizedParty, Registry},
    },
    database::searches::Searches,
    domain::{
        dialog::status::{DialogStatus, SystemLabel},
        party::Party,
    },
    error::Result,
    store::{
        pagination::Order,
        search::{DialogFilter, Found},
    },
};

/// At most this many dialogs under "needs your attention".
pub const ATTENTION_SIZE: i64 = 10;

/// The inbox's folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Inbox,
    Drafts,
    Sent,
    Archive,
    Bin,
}

impl Folder {
    /// `filter` narrowed to the dialogs in this folder.
    pub fn narrow(self, mut filter: DialogFilter) -> DialogFilter {
        match self {
            Self::Drafts => {
                filter.statuses = vec![DialogStatus::Draft.id()];
                filter.system_labels.push(SystemLabel::Default);
            }
            Self::Sent => {
                filter.system_labels.push(SystemLabel::Sent);
                filter.system_labels.push(SystemLabel::Default);
            }
            Self::Archive => filter.system_labels.push(SystemLabel::Archive),
            Self::Bin => filter.system_labels.push(SystemLabel::Bin),
            Self::Inbox => {
                filter.system_labels.push(SystemLabel::Default);
                if filter.statuses.is_empty() {
                    filter.statuses = DialogStatus::ALL
                        .into_iter()
                        .filter(|status| *status != DialogStatus::Draft)
                        .map(DialogStatus::id)
                        .collect();
                }
            }
        }
        filter
    }
}

/// How recently something changed, for grouping the inbox: by the Norwegian calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Today,
    Week,
    Month,
    Older,
}

impl Period {
    pub fn of(changed: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let day = |moment: DateTime<Utc>| moment.with_timezone(&Oslo).date_naive();
        if day(changed) == day(now) {
            Self::Today
        } else if changed > now - Duration::days(7) {
            Self::Week
        } else if changed > now - Duration::days(30) {
            Self::Month
        } else {
            Self::Older
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Week => "week",
            Self::Month => "month",
            Self::Older => "older",
        }
    }
}

/// Requiring attention or due within 14 days (or overdue), from the inbox folder: the most
/// recently active of them (the order the recency walk serves, so a big inbox costs no more
/// than a small one). `attention_due_before` is the 14 days' end.
pub async fn attention(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    base: &DialogFilter,
    attention_due_before: DateTime<Utc>,
) -> Result<Vec<Found>> {
    let needs_attention = DialogFilter {
        attention_due_before: Some(attention_due_before),
        ..base.clone()
    };
    Ok(end_user::search_inbox(
        searches,
        authorizer,
        user,
        Folder::Inbox.narrow(needs_attention),
        &Order::newest_first(),
        None,
        ATTENTION_SIZE,
    )
    .await?
    .items)
}

/// What [`attention`] finds, from a first page that holds the whole inbox folder.
pub fn attention_in(page: &[Found], attention_due_before: DateTime<Utc>) -> Vec<&Found> {
    page.iter()
        .filter(|found| found.needs_attention(attention_due_before))
        .take(usize::try_from(ATTENTION_SIZE).unwrap_or(usize::MAX))
        .collect()
}

/// At most this many parties in the switcher's list; a search finds the others.
pub const PARTY_LIST_SIZE: usize = 50;

/// The switcher's list narrowed to names or numbers containing `find`, at most a page of it
/// (the person themself and whoever is being acted for always stay), and how many matches the
/// page leaves out. The parties come in the person's order: themselves, then organisations
/// with their sub-units after them.
pub fn found_parties<'a>(
    parties: &'a [AuthorizedParty],
    find: Option<&str>,
    acting: Option<&Party>,
) -> (Vec<&'a AuthorizedParty>, usize) {
    let needle = find
        .map(str::trim)
        .filter(|find| !find.is_empty())
        .map(str::to_lowercase);
    let matches = |authorized: &AuthorizedParty| {
        needle.as_deref().is_none_or(|needle| {
            let number = authorized.party.identifier();
            authorized.name.to_lowercase().contains(needle) || number.contains(needle)
        })
    };
    let mut shown = Vec::new();
    let mut left_out = 0;
    for authorized in parties {
        let kept = authorized.party.organization().is_none() || acting == Some(&authorized.party);
        if kept {
            shown.push(authorized);
        } else if matches(authorized) {
            if shown.len() < PARTY_LIST_SIZE {
                shown.push(authorized);
            } else {
                left_out += 1;
            }
        }
    }
    (shown, left_out)
}

/// Service owners as (code, name in `language`, else bokmål, else the code), by name.
pub fn owner_names(registry: &Registry, language: &str) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = registry
        .resources()
        .map(|resource| {
            let name = resource
                .owner_name
                .iter()
                .find(|(code, _)| *code == language)
                .or_else(|| resource.owner_name.iter().find(|(code, _)| *code == "nb"))
                .map_or_else(|| resource.owner_org.clone(), |(_, name)| name.clone());
            (resource.owner_org.clone(), name)
        })
        .collect();
    names.sort_by(|a, b| a.1.cmp(&b.1));
    names.dedup();
    names
}

/// The sender filter's choices among `names` (the [`owner_names`]): the owners of `resources`
/// (the services the user has dialogs of here), and the one `chosen`, so that the filter never
/// hides what it applies.
pub fn sender_choices(
    registry: &Registry,
    names: &[(String, String)],
    resources: &[String],
    chosen: Option<&str>,
) -> Vec<(String, String)> {
    let held: std::collections::HashSet<&str> = resources.iter().map(String::as_str).collect();
    let owners: std::collections::HashSet<&str> = registry
        .resources()
        .filter(|resource| held.contains(resource.id.to_string().as_str()))
        .map(|resource| resource.owner_org.as_str())
        .collect();
    names
        .iter()
        .filter(|(code, _)| owners.contains(code.as_str()) || chosen == Some(code.as_str()))
        .cloned()
        .collect()
}

/// A service owner's name in the user's language, else its code.
pub fn owner_name(registry: &Registry, org: &str, language: &str) -> String {
    owner_names(registry, language)
        .into_iter()
        .find(|(code, _)| code == org)
        .map_or_else(|| org.to_owned(), |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(index: usize, is_person: bool) -> AuthorizedParty {
        AuthorizedParty {
            party: if is_person {
                Party::parse("urn:altinn:person:identifier-no:13050000049").expect("a person")
            } else {
                Party::Organization(
                    crate::bench_data::people::organization_numbers()
                        .nth(index)
                        .expect("an organisation number"),
                )
            },
            name: if is_person {
                "Kari".into()
            } else {
                format!("Firma {index}")
            },
            parent: None,
            subjects: std::collections::BTreeSet::new(),
        }
    }

    #[test]
    fn the_switcher_lists_a_page_of_parties_and_counts_the_matches_it_leaves_out() {
        let parties: Vec<AuthorizedParty> = std::iter::once(party(0, true))
            .chain((1..=120).map(|index| party(index, false)))
            .collect();
        let acting = party(120, false).party;
        let (shown, left_out) = found_parties(&parties, None, Some(&acting));
        assert_eq!(
            shown.len(),
            PARTY_LIST_SIZE + 1,
            "the person, a page, and the acting party"
        );
        assert!(shown.iter().any(|party| party.party.person().is_some()));
        assert!(shown.iter().any(|party| party.party == acting));
        assert_eq!(left_out, 120 - (PARTY_LIST_SIZE - 1) - 1);
        let (found, left_out) = found_parties(&parties, Some("Firma 11"), None);
        let names: Vec<&str> = found.iter().map(|party| party.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Kari",
                "Firma 11",
                "Firma 110",
                "Firma 111",
                "Firma 112",
                "Firma 113",
                "Firma 114",
                "Firma 115",
                "Firma 116",
                "Firma 117",
                "Firma 118",
                "Firma 119"
            ]
        );
        assert_eq!(
            left_out, 0,
            "parties the search does not match are not counted"
        );
    }
}
