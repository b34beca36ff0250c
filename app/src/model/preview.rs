//! What the service owners' preview shows: a pasted create-dialog request rendered as its end
//! user would see it (or its validation errors, field by field), and an owner's existing dialogs
//! as a chosen person acting for the dialog's party sees them. Nothing is stored.

use serde::{Deserialize, Serialize};

use super::{dialog::DialogPage, inbox::Viewer};

/// A service owner the signed-in person works for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChoice {
    pub org: String,
    pub name: String,
}

/// One of the owner's latest dialogs, to view as an end user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentDialog {
    pub id: String,
    pub title: String,
    pub party_name: String,
}

/// A rule the pasted dialog breaks: the field (as the API names it) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
    /// The message's language where it is not the page's (an English message not translated).
    pub lang: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PreviewOutcome {
    Shown(Box<DialogPage>),
    Invalid(Vec<FieldProblem>),
}

/// The preview page: the form, what was pasted and how it looks, and the owner's latest dialogs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub viewer: Viewer,
    pub owners: Vec<OwnerChoice>,
    pub owner: String,
    pub json: String,
    pub outcome: Option<PreviewOutcome>,
    pub recent: Vec<RecentDialog>,
}

/// An existing dialog as someone acting for its party sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewAs {
    pub viewer: Viewer,
    /// Who may act for the dialog's party: (person URN, name).
    pub people: Vec<(String, String)>,
    /// The person shown; `None` for the party with every right.
    pub person: Option<String>,
    pub page: Box<DialogPage>,
}

/// Why the preview is not shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PreviewDenied {
    SignedOut,
    /// The person does not act for a service owner (or not for this dialog's owner).
    NotServiceOwner,
    NotFound,
}

/// What was posted to `/preview`, provided as context on the server for that one request.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Pasted {
    pub csrf: String,
    pub owner: Option<String>,
    pub json: String,
}
