//! What the inbox shows: the signed-in person's dialogs as the server's
//! [`crate::backend::Backend`] (the same service layer as the end-user API) lists them.

use serde::{Deserialize, Serialize};

use super::kinds::{Folder, Status};

/// The signed-in person, as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    /// For the forms that change something (sign-out, label actions).
    pub csrf: String,
}

/// Someone the user may act for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyChoice {
    /// The party URN, the value of `?party=`.
    pub urn: String,
    pub name: String,
    pub is_person: bool,
    /// A sub-unit, listed under its main unit.
    pub is_sub_unit: bool,
}

/// Everything the inbox's address says: whose inbox, which folder, and the filters. All of it
/// lives in the URL, so that a search can be bookmarked and shared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxQuery {
    /// A party URN, `all` for every organisation, or none for the person themself.
    pub party: Option<String>,
    pub folder: Option<String>,
    /// Free text.
    pub q: Option<String>,
    /// A service owner's code.
    pub sender: Option<String>,
    pub status: Option<String>,
    pub unread: Option<String>,
    /// Updated from and to, as `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Where the page starts (a continuation token).
    pub after: Option<String>,
    /// Narrows the party switcher's list to names or numbers containing this.
    pub find: Option<String>,
    /// `status` groups the page by status; otherwise it is grouped by recency.
    pub group: Option<String>,
}

impl InboxQuery {
    /// Whether the query narrows the folder by a search or a filter.
    pub fn is_filtered(&self) -> bool {
        self.q.is_some()
            || self.sender.is_some()
            || self.status.is_some()
            || self.unread.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// The query string for this query with `change` applied (empty values dropped).
    pub fn href(&self, change: impl FnOnce(&mut Self)) -> String {
        self.href_at("/inbox", change)
    }

    /// Like [`href`](Self::href), to another path that takes the inbox's query.
    pub fn href_at(&self, path: &str, change: impl FnOnce(&mut Self)) -> String {
        let mut next = self.clone();
        change(&mut next);
        let pairs = [
            ("party", &next.party),
            ("folder", &next.folder),
            ("q", &next.q),
            ("sender", &next.sender),
            ("status", &next.status),
            ("unread", &next.unread),
            ("from", &next.from),
            ("to", &next.to),
            ("after", &next.after),
            ("find", &next.find),
            ("group", &next.group),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter_map(|(key, value)| {
                value
                    .as_deref()
                    .filter(|value| !value.is_empty())
                    .map(|value| format!("{key}={}", encode(value)))
            })
            .collect();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", query.join("&"))
        }
    }

    /// The folder asked for; the inbox for none or an unknown one.
    pub fn folder(&self) -> Folder {
        self.folder
            .as_deref()
            .and_then(Folder::parse)
            .unwrap_or(Folder::Inbox)
    }
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// One row of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub sender: String,
    /// Whose dialog it is, when the inbox shows several parties.
    pub party_name: Option<String>,
    pub status: Status,
    /// Dates as `YYYY-MM-DD` (for `<time datetime>`), and as people say them in the user's
    /// language ("i går kl. 14:05", "30. nov.").
    pub updated: String,
    pub updated_text: String,
    pub due: Option<String>,
    pub due_text: Option<String>,
    /// Due within 14 days, or overdue.
    pub due_soon: bool,
    /// Past its deadline (and still open).
    pub overdue: bool,
    /// Its service asks for a higher security level than the user signed in with: the row
    /// shows the title meant for that case, and opening it asks to sign in again.
    pub needs_higher_level: bool,
    pub unread: bool,
    pub attachments: usize,
    /// How recently it changed: `today`, `week`, `month` or `older`.
    pub period: String,
}

/// A page of the signed-in person's inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub viewer: Viewer,
    /// The switcher's list: at most a page of the parties found.
    pub parties: Vec<PartyChoice>,
    /// How many more parties match than the list shows (a narrower search finds them).
    pub parties_left_out: usize,
    /// Whose inbox this is; `None` for all organisations.
    pub acting: Option<PartyChoice>,
    /// The number of dialogs in each of [`Folder::ALL`] (capped; see `counts_capped`).
    pub counts: Vec<i64>,
    pub count_cap: i64,
    /// Dialogs that need the user: requiring attention, or due within 14 days (first page only).
    pub attention: Vec<InboxItem>,
    pub items: Vec<InboxItem>,
    /// Where the next page starts, when there is one.
    pub next: Option<String>,
    /// Service owners to filter by, (code, name): those whose dialogs the user has here, and
    /// the one chosen.
    pub senders: Vec<(String, String)>,
    /// What the last label action did, shown once.
    pub flash: Option<Flash>,
}

/// What a label action did (`archive`, `bin`, `restore`, `unread`) and to which dialogs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub action: String,
    pub ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_drop_empty_ones() {
        let query = InboxQuery {
            q: Some("skatt 2025".into()),
            folder: Some("archive".into()),
            status: Some(String::new()),
            ..InboxQuery::default()
        };
        assert_eq!(query.href(|_| {}), "/inbox?folder=archive&q=skatt%202025");
        assert_eq!(
            query.href(|next| next.folder = None),
            "/inbox?q=skatt%202025"
        );
        assert_eq!(InboxQuery::default().href(|_| {}), "/inbox");
        assert_eq!(query.folder(), Folder::Archive);
        let odd = InboxQuery {
            folder: Some("../x".into()),
            ..InboxQuery::default()
        };
        assert_eq!(odd.folder(), Folder::Inbox);
    }
}
