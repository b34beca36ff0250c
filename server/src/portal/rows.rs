//! How a found dialog reads as a row of the inbox (and of its export).

use app::{i18n::Lang, model::inbox::InboxItem};
use chrono::{DateTime, Duration, Utc};

use super::format::{self, text};
use crate::{
    authz::decision::PartyAccess,
    domain::{party::Party, resource::ResourceId},
    service::{
        end_user::{self, view},
        inbox,
    },
    store::search::Found,
};

/// "Needs your attention" holds what is due within this many days.
pub(super) const ATTENTION_DAYS: i64 = 14;

/// How a found dialog reads as an inbox row.
pub(super) struct Rows<'a, S: Fn(&ResourceId) -> bool> {
    pub lang: Lang,
    /// Whether the user signed in at the level each resource asks for.
    pub sensitive: &'a S,
    pub senders: &'a [(String, String)],
    /// For lists of several parties' dialogs: the parties, to name each row's.
    pub access: Option<&'a PartyAccess>,
    pub now: DateTime<Utc>,
}

impl<S: Fn(&ResourceId) -> bool> Rows<'_, S> {
    pub(super) fn item(&self, found: &Found) -> InboxItem {
        let (dialog, lang) = (&found.dialog, self.lang);
        let content = &dialog.content.0;
        let signed_in_high_enough = (self.sensitive)(&dialog.service_resource);
        let (title, summary) = end_user::listed_title_and_summary(content, signed_in_high_enough);
        let sender_name = self
            .senders
            .iter()
            .find(|(code, _)| *code == dialog.org)
            .map(|(_, name)| name.clone());
        InboxItem {
            id: dialog.id.to_string(),
            title: text(title, lang).unwrap_or_default(),
            summary: text(summary, lang),
            sender: text(content.sender_name.as_ref(), lang)
                .or(sender_name)
                .unwrap_or_else(|| dialog.org.clone()),
            party_name: self.access.map(|access| party_name(access, &dialog.party)),
            status: format::status(dialog.status),
            updated: format::oslo_date(dialog.content_updated_at),
            updated_text: format::human_date(dialog.content_updated_at, self.now, lang),
            due: dialog.due_at.map(format::oslo_date),
            due_text: dialog
                .due_at
                .map(|due| format::human_date(due, self.now, lang)),
            due_soon: dialog.status.deadline_applies()
                && dialog
                    .due_at
                    .is_some_and(|due| due <= self.now + Duration::days(ATTENTION_DAYS)),
            needs_higher_level: !signed_in_high_enough,
            overdue: dialog.status.deadline_applies()
                && dialog.due_at.is_some_and(|due| due < self.now),
            unread: !dialog.is_seen_since_last_content_update || dialog.marked_as_unopened,
            attachments: view::gui_attachment_count(dialog),
            period: inbox::Period::of(dialog.content_updated_at, self.now)
                .name()
                .to_owned(),
        }
    }
}

/// A party's name as the person's access lists it, else its URN.
pub(super) fn party_name(access: &PartyAccess, party: &Party) -> String {
    access
        .get(party)
        .map_or_else(|| party.to_string(), |authorized| authorized.name.clone())
}
