//! What the dialog page shows. The server prepares everything: texts in
//! the user's language, dates, and service owners' rich content already made safe
//! (`server::portal::render`), so the page only lays it out.

use serde::{Deserialize, Serialize};

use super::{
    inbox::Viewer,
    kinds::{DueState, MovedTo, Priority, Status},
};

/// Service-owner content rendered to HTML by the server's one safe path, or why it is missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Embedded {
    /// Sanitized HTML.
    Html(String),
    /// The user may not see it.
    Unauthorized,
    /// The service owner's system did not answer with content; the text says why, in plain words.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub name: String,
    /// A short file type, as `PDF`.
    pub kind: Option<String>,
    /// Where to download it; `None` when it is not available.
    pub url: Option<String>,
    /// Why it is not available: `unauthorized` or `expired`.
    pub unavailable: Option<String>,
    /// When it stops being available, as `YYYY-MM-DD`.
    pub expires: Option<String>,
    /// How large it is (`2,5 MB`), when its system says.
    pub size: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    /// GET, POST or DELETE.
    pub method: String,
    /// The service owner's URL; `None` when the user may not use the action.
    pub url: Option<String>,
    pub priority: Priority,
    /// The service owner's question before the action is sent.
    pub prompt: Option<String>,
    pub is_delete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransmissionView {
    pub id: String,
    /// How deep in its thread (0 for the first message).
    pub depth: usize,
    pub title: String,
    pub summary: Option<String>,
    pub sender: String,
    /// The type's name (`Information`, `Submission`, …).
    pub kind: String,
    pub created: String,
    pub authorized: bool,
    /// Sent by the party, or opened.
    pub opened: bool,
    pub attachments: Vec<AttachmentView>,
    /// Its navigational actions: links to the service owner's pages about it.
    pub links: Vec<AttachmentView>,
    pub content: Option<Embedded>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub when: String,
    /// The type's name (`FormSubmitted`, …).
    pub kind: String,
    pub by: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenView {
    pub name: String,
    pub when: String,
    pub is_you: bool,
}

/// One dialog as its end user sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialogPage {
    /// `None` in a service owner's preview.
    pub viewer: Option<Viewer>,
    pub id: String,
    pub party_name: String,
    /// The inbox it is listed in.
    pub back: String,
    pub title: String,
    pub sender: String,
    pub status: Status,
    pub extended_status: Option<String>,
    /// Dates and times as people say them, in Norwegian time ("8. des. kl. 19:59").
    pub created: String,
    pub updated: String,
    pub due: Option<String>,
    pub due_state: Option<DueState>,
    pub expires: Option<String>,
    /// Where the end user has moved it, if out of the inbox.
    pub folder: Option<MovedTo>,
    pub summary: Option<String>,
    pub additional_info: Option<String>,
    pub main_content: Option<Embedded>,
    pub attachments: Vec<AttachmentView>,
    pub actions: Vec<ActionView>,
    /// Threads by latest activity; each in reading order.
    pub threads: Vec<Vec<TransmissionView>>,
    pub activities: Vec<ActivityView>,
    pub seen_by: Vec<SeenView>,
    /// The dialog token the browser sends with write actions.
    pub token: String,
    /// When the page was made, Norwegian time to the minute (a printout says it).
    pub fetched: String,
}

/// Why a dialog cannot be shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unavailable {
    SignedOut,
    NotFound,
    Forbidden,
    Deleted,
    /// Signed in too weakly for this service.
    LevelTooLow,
}

/// A dialog, or why it cannot be shown.
pub type Opened = Result<DialogPage, Unavailable>;
