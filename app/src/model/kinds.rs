//! The closed sets the pages show: a dialog's status, how close its deadline is, the inbox's
//! folders and where a dialog lies when not in the inbox, and how prominent an action is.

use serde::{Deserialize, Serialize};

/// How far a dialog has come, as upstream names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    RequiresAttention,
    InProgress,
    Awaiting,
    Draft,
    Completed,
    NotApplicable,
}

impl Status {
    /// In the order the status filter offers them.
    pub const ALL: [Self; 6] = [
        Self::RequiresAttention,
        Self::InProgress,
        Self::Awaiting,
        Self::Draft,
        Self::Completed,
        Self::NotApplicable,
    ];

    /// Upstream's name, as addresses carry it (`?status=Completed`).
    pub fn name(self) -> &'static str {
        match self {
            Self::RequiresAttention => "RequiresAttention",
            Self::InProgress => "InProgress",
            Self::Awaiting => "Awaiting",
            Self::Draft => "Draft",
            Self::Completed => "Completed",
            Self::NotApplicable => "NotApplicable",
        }
    }

    /// The status an address names, if it names one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.name() == name)
    }

    /// The style class that colours it (`status-completed`).
    pub fn class(self) -> String {
        format!("status status-{}", self.name().to_lowercase())
    }
}

/// How close a deadline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueState {
    /// It has passed.
    Past,
    /// Within a week.
    Soon,
}

impl DueState {
    pub fn class(self) -> &'static str {
        match self {
            Self::Past => "due past",
            Self::Soon => "due soon",
        }
    }
}

/// An inbox folder, as addresses name it (`?folder=archive`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Folder {
    Inbox,
    Drafts,
    Sent,
    Archive,
    Bin,
}

impl Folder {
    /// In the order the folder list shows them.
    pub const ALL: [Self; 5] = [
        Self::Inbox,
        Self::Drafts,
        Self::Sent,
        Self::Archive,
        Self::Bin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Inbox => "inbox",
            Self::Drafts => "drafts",
            Self::Sent => "sent",
            Self::Archive => "archive",
            Self::Bin => "bin",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|folder| folder.name() == name)
    }

    /// Whether the end user has moved what it holds out of the inbox (so it can be restored).
    pub fn is_moved_out(self) -> bool {
        matches!(self, Self::Archive | Self::Bin)
    }
}

/// Where a dialog lies when the end user has moved it out of the inbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MovedTo {
    Archive,
    Bin,
}

/// How prominent a GUI action is: one primary, one secondary, the rest tertiary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    Primary,
    Secondary,
    Tertiary,
}

impl Priority {
    /// The button style (`button primary`).
    pub fn class(self) -> &'static str {
        match self {
            Self::Primary => "button primary",
            Self::Secondary => "button secondary",
            Self::Tertiary => "button tertiary",
        }
    }
}
