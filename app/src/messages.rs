//! Texts the pages share, in the user's language: statuses, periods, folders and what an
//! inbox action did.

use crate::{
    i18n::Lang,
    model::kinds::{Folder, Status},
};

pub fn status_text(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::RequiresAttention => {
            text!(lang, messages.requires_attention)
        }
        Status::InProgress => text!(lang, messages.in_progress),
        Status::Awaiting => text!(lang, messages.awaiting),
        Status::Draft => text!(lang, messages.draft),
        Status::Completed => text!(lang, messages.completed),
        Status::NotApplicable => text!(lang, messages.no_status),
    }
}

pub fn period_text(lang: Lang, period: &str) -> &'static str {
    match period {
        "today" => text!(lang, messages.today),
        "week" => text!(lang, messages.the_last_seven_days),
        "month" => text!(lang, messages.the_last_30_days),
        _ => text!(lang, messages.older),
    }
}

pub fn folder_text(lang: Lang, folder: Folder) -> &'static str {
    match folder {
        Folder::Drafts => text!(lang, messages.drafts),
        Folder::Sent => text!(lang, messages.sent),
        Folder::Archive => text!(lang, messages.archive),
        Folder::Bin => text!(lang, messages.bin),
        Folder::Inbox => text!(lang, messages.inbox),
    }
}

pub fn empty_text(lang: Lang, folder: Folder) -> &'static str {
    match folder {
        Folder::Drafts => text!(lang, messages.you_have_no_drafts),
        Folder::Sent => text!(lang, messages.you_have_sent_nothing_from_here),
        Folder::Archive => text!(lang, messages.the_archive_is_empty),
        Folder::Bin => text!(lang, messages.the_bin_is_empty),
        Folder::Inbox => text!(lang, messages.you_have_no_messages_here_yet),
    }
}

pub fn done_text(lang: Lang, done: &str) -> Option<&'static str> {
    match done {
        "archive" => Some(text!(lang, messages.moved_to_the_archive)),
        "bin" => Some(text!(lang, messages.moved_to_the_bin)),
        "restore" => Some(text!(lang, messages.moved_back_to_the_inbox)),
        "unread" => Some(text!(lang, messages.marked_as_unread)),
        "read" => Some(text!(lang, messages.marked_as_read)),
        _ => None,
    }
}

/// The action that undoes `done`.
pub fn undo_of(done: &str) -> Option<&'static str> {
    match done {
        "archive" | "bin" => Some("restore"),
        "unread" => Some("read"),
        _ => None,
    }
}
