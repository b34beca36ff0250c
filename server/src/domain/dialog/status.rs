//! Dialog statuses and system labels, with upstream's names, ids and legacy input aliases.

use serde::{Deserialize, Deserializer, Serialize};

/// How far a dialog has come. Serialized by name; the numbers are upstream's ids, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema, sqlx::Type)]
#[repr(i16)]
pub enum DialogStatus {
    InProgress = 2,
    Draft = 3,
    RequiresAttention = 5,
    Completed = 6,
    NotApplicable = 7,
    Awaiting = 8,
}

impl DialogStatus {
    pub const ALL: [Self; 6] = [
        Self::InProgress,
        Self::Draft,
        Self::RequiresAttention,
        Self::Completed,
        Self::NotApplicable,
        Self::Awaiting,
    ];

    /// Whether the dialog's due date still asks something of the end user: not once it is
    /// completed, whatever the date.
    pub fn deadline_applies(self) -> bool {
        self != Self::Completed
    }

    pub fn id(self) -> i16 {
        self as i16
    }

    pub fn from_id(id: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::InProgress => "InProgress",
            Self::Draft => "Draft",
            Self::RequiresAttention => "RequiresAttention",
            Self::Completed => "Completed",
            Self::NotApplicable => "NotApplicable",
            Self::Awaiting => "Awaiting",
        }
    }

    /// Parses input by name (any case) or id, mapping the obsolete `New` (1) to `NotApplicable`
    /// and `Sent` (4) to `Awaiting`.
    pub fn parse_input(value: &str) -> Option<Self> {
        let value = value.trim();
        if let Ok(id) = value.parse::<i16>() {
            return match id {
                1 => Some(Self::NotApplicable),
                4 => Some(Self::Awaiting),
                id => Self::from_id(id),
            };
        }
        match value.to_ascii_lowercase().as_str() {
            "new" => Some(Self::NotApplicable),
            "sent" => Some(Self::Awaiting),
            lower => Self::ALL
                .into_iter()
                .find(|status| status.name().eq_ignore_ascii_case(lower)),
        }
    }
}

/// The folder-like label an end user sees a dialog under, and the flags beside it. Stored by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema, sqlx::Type)]
#[repr(i16)]
pub enum SystemLabel {
    Default = 1,
    Bin = 2,
    Archive = 3,
    MarkedAsUnopened = 4,
    Sent = 5,
}

impl SystemLabel {
    pub const ALL: [Self; 5] = [
        Self::Default,
        Self::Bin,
        Self::Archive,
        Self::MarkedAsUnopened,
        Self::Sent,
    ];

    pub fn id(self) -> i16 {
        self as i16
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Default => "Default",
            Self::Bin => "Bin",
            Self::Archive => "Archive",
            Self::MarkedAsUnopened => "MarkedAsUnopened",
            Self::Sent => "Sent",
        }
    }

    pub fn parse_input(value: &str) -> Option<Self> {
        let value = value.trim();
        if let Ok(id) = value.parse::<i16>() {
            return Self::ALL.into_iter().find(|label| label.id() == id);
        }
        Self::ALL
            .into_iter()
            .find(|label| label.name().eq_ignore_ascii_case(value))
    }

    /// Default, Bin and Archive exclude each other: exactly one of them is always set.
    pub fn is_folder(self) -> bool {
        matches!(self, Self::Default | Self::Bin | Self::Archive)
    }
}

/// Accepts an enum as a string (any case) or a number, as upstream's JSON converter does.
fn deserialize_with<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = serde_json::Value::deserialize(deserializer)?;
    let text = match &raw {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Number(number) => number.to_string(),
        _ => String::new(),
    };
    parse(&text).ok_or_else(|| serde::de::Error::custom(format!("{raw} is not a valid {what}")))
}

impl<'de> Deserialize<'de> for DialogStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_with(deserializer, Self::parse_input, "status")
    }
}

impl<'de> Deserialize<'de> for SystemLabel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_with(deserializer, Self::parse_input, "system label")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_by_name_in_any_case_and_by_id() {
        assert_eq!(
            DialogStatus::parse_input("requiresattention"),
            Some(DialogStatus::RequiresAttention)
        );
        assert_eq!(
            DialogStatus::parse_input("COMPLETED"),
            Some(DialogStatus::Completed)
        );
        assert_eq!(DialogStatus::parse_input("8"), Some(DialogStatus::Awaiting));
        assert_eq!(DialogStatus::parse_input("Unknown"), None);
        assert_eq!(DialogStatus::parse_input("9"), None);
    }

    #[test]
    fn the_legacy_aliases_map_to_their_successors() {
        assert_eq!(
            DialogStatus::parse_input("New"),
            Some(DialogStatus::NotApplicable)
        );
        assert_eq!(
            DialogStatus::parse_input("sent"),
            Some(DialogStatus::Awaiting)
        );
        assert_eq!(
            DialogStatus::parse_input("1"),
            Some(DialogStatus::NotApplicable)
        );
        assert_eq!(DialogStatus::parse_input("4"), Some(DialogStatus::Awaiting));
    }

    #[test]
    fn statuses_serialize_by_name_and_deserialize_from_json_strings_or_numbers() {
        assert_eq!(
            serde_json::to_value(DialogStatus::Awaiting).expect("json"),
            "Awaiting"
        );
        let parsed: DialogStatus = serde_json::from_str("\"inprogress\"").expect("parses");
        assert_eq!(parsed, DialogStatus::InProgress);
        let parsed: DialogStatus = serde_json::from_str("6").expect("parses");
        assert_eq!(parsed, DialogStatus::Completed);
        assert!(serde_json::from_str::<DialogStatus>("true").is_err());
    }

    #[test]
    fn system_labels_parse_and_know_which_are_folders() {
        assert_eq!(
            SystemLabel::parse_input("archive"),
            Some(SystemLabel::Archive)
        );
        assert!(SystemLabel::Bin.is_folder() && !SystemLabel::Sent.is_folder());
    }
}
