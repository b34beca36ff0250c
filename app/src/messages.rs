//! Texts the pages share, in the user's language: statuses, periods, folders and what an
//! inbox action did.

use crate::{
    i18n::Lang,
    model::kinds::{Folder, Status},
};

pub fn status_text(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::RequiresAttention => {
            lang.tr("Krever handling", "Krev handling", "Requires attention")
        }
        Status::InProgress => lang.tr("Under arbeid", "Under arbeid", "In progress"),
        Status::Awaiting => lang.tr("Venter", "Ventar", "Awaiting"),
        Status::Draft => lang.tr("Utkast", "Utkast", "Draft"),
        Status::Completed => lang.tr("Fullført", "Fullført", "Completed"),
        Status::NotApplicable => lang.tr("Ingen status", "Ingen status", "No status"),
    }
}

pub fn period_text(lang: Lang, period: &str) -> &'static str {
    match period {
        "today" => lang.tr("I dag", "I dag", "Today"),
        "week" => lang.tr("Siste sju dager", "Siste sju dagar", "The last seven days"),
        "month" => lang.tr("Siste 30 dager", "Siste 30 dagar", "The last 30 days"),
        _ => lang.tr("Eldre", "Eldre", "Older"),
    }
}

pub fn folder_text(lang: Lang, folder: Folder) -> &'static str {
    match folder {
        Folder::Drafts => lang.tr("Utkast", "Utkast", "Draft"),
        Folder::Sent => lang.tr("Sendt", "Sendt", "Sent"),
        Folder::Archive => lang.tr("Arkiv", "Arkiv", "Archive"),
        Folder::Bin => lang.tr("Papirkurv", "Papirkorg", "Bin"),
        Folder::Inbox => lang.tr("Innboks", "Innboks", "Inbox"),
    }
}

pub fn empty_text(lang: Lang, folder: Folder) -> &'static str {
    match folder {
        Folder::Drafts => lang.tr(
            "Du har ingen utkast.",
            "Du har ingen utkast.",
            "You have no drafts.",
        ),
        Folder::Sent => lang.tr(
            "Du har ikke sendt noe herfra.",
            "Du har ikkje sendt noko herifrå.",
            "You have sent nothing from here.",
        ),
        Folder::Archive => lang.tr(
            "Arkivet er tomt.",
            "Arkivet er tomt.",
            "The archive is empty.",
        ),
        Folder::Bin => lang.tr(
            "Papirkurven er tom.",
            "Papirkorga er tom.",
            "The bin is empty.",
        ),
        Folder::Inbox => lang.tr(
            "Du har ingen meldinger her ennå.",
            "Du har ingen meldingar her enno.",
            "You have no messages here yet.",
        ),
    }
}

pub fn done_text(lang: Lang, done: &str) -> Option<&'static str> {
    match done {
        "archive" => Some(lang.tr(
            "Flyttet til arkivet.",
            "Flytta til arkivet.",
            "Moved to the archive.",
        )),
        "bin" => Some(lang.tr(
            "Flyttet til papirkurven.",
            "Flytta til papirkorga.",
            "Moved to the bin.",
        )),
        "restore" => Some(lang.tr(
            "Flyttet tilbake til innboksen.",
            "Flytta tilbake til innboksen.",
            "Moved back to the inbox.",
        )),
        "unread" => Some(lang.tr(
            "Markert som ulest.",
            "Markert som ulesen.",
            "Marked as unread.",
        )),
        "read" => Some(lang.tr("Markert som lest.", "Markert som lesen.", "Marked as read.")),
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
