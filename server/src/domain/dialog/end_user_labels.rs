//! An end user's system labels on one dialog and the rules for changing them: Default, Bin and
//! Archive exclude each other, MarkedAsUnopened is a flag, and Sent follows the transmissions.

use serde::Deserialize;

use super::status::SystemLabel;
use crate::error::{Error, FieldErrors};

/// The labels as stored: one folder label and two flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndUserLabels {
    pub folder: SystemLabel,
    pub marked_as_unopened: bool,
    pub sent: bool,
}

/// A requested change: `addLabels`, `removeLabels`, and the deprecated alias `systemLabels` of
/// `addLabels`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelChange {
    pub add_labels: Option<Vec<SystemLabel>>,
    pub remove_labels: Option<Vec<SystemLabel>>,
    pub system_labels: Option<Vec<SystemLabel>>,
}

/// One line of the label log: `systemlabel:Bin` set or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelEvent {
    pub label: SystemLabel,
    pub set: bool,
}

impl LabelEvent {
    pub fn name(&self) -> String {
        format!("systemlabel:{}", self.label.name())
    }

    pub fn action(&self) -> &'static str {
        if self.set { "set" } else { "remove" }
    }
}

impl EndUserLabels {
    pub fn from_stored(folder: SystemLabel, marked_as_unopened: bool, sent: bool) -> Self {
        Self {
            folder: if folder.is_folder() {
                folder
            } else {
                SystemLabel::Default
            },
            marked_as_unopened,
            sent,
        }
    }

    /// The labels as clients see them: the folder first, then the flags that are set.
    pub fn labels(&self) -> Vec<SystemLabel> {
        let mut labels = vec![self.folder];
        if self.marked_as_unopened {
            labels.push(SystemLabel::MarkedAsUnopened);
        }
        if self.sent {
            labels.push(SystemLabel::Sent);
        }
        labels
    }

    /// Applies a change, returning the new labels and what to log (changes of the Default label
    /// are not logged). Removals come first; removing Bin or Archive puts the dialog back under
    /// Default, and of several folder labels added the last wins.
    pub fn apply(&self, change: &LabelChange) -> Result<(Self, Vec<LabelEvent>), Error> {
        let add: Vec<SystemLabel> = change
            .add_labels
            .iter()
            .chain(&change.system_labels)
            .flatten()
            .copied()
            .collect();
        let remove = change.remove_labels.as_deref().unwrap_or_default();
        check(&add, remove)?;
        let mut next = *self;
        for label in remove {
            match label {
                SystemLabel::Bin | SystemLabel::Archive if next.folder == *label => {
                    next.folder = SystemLabel::Default;
                }
                SystemLabel::MarkedAsUnopened => next.marked_as_unopened = false,
                _ => {}
            }
        }
        for label in &add {
            match label {
                SystemLabel::MarkedAsUnopened => next.marked_as_unopened = true,
                folder => next.folder = *folder,
            }
        }
        let mut events = Vec::new();
        if next.folder != self.folder {
            // The new folder is set before the old one is removed, as upstream logs it.
            for (label, set) in [(next.folder, true), (self.folder, false)] {
                if label != SystemLabel::Default {
                    events.push(LabelEvent { label, set });
                }
            }
        }
        if next.marked_as_unopened != self.marked_as_unopened {
            events.push(LabelEvent {
                label: SystemLabel::MarkedAsUnopened,
                set: next.marked_as_unopened,
            });
        }
        Ok((next, events))
    }
}

fn check(add: &[SystemLabel], remove: &[SystemLabel]) -> Result<(), Error> {
    let mut errors = FieldErrors::new();
    let mut error = |field: &str, message: &str| {
        errors
            .entry(field.to_owned())
            .or_default()
            .push(message.to_owned());
    };
    if add
        .iter()
        .chain(remove)
        .any(|label| *label == SystemLabel::Sent)
    {
        error(
            "AddLabels",
            "The Sent label follows the dialog's transmissions and cannot be set or removed.",
        );
    }
    if remove.contains(&SystemLabel::Default) {
        error(
            "RemoveLabels",
            "Default cannot be removed; add Bin or Archive instead.",
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(folder: SystemLabel) -> EndUserLabels {
        EndUserLabels {
            folder,
            marked_as_unopened: false,
            sent: false,
        }
    }

    fn change(add: &[SystemLabel], remove: &[SystemLabel]) -> LabelChange {
        LabelChange {
            add_labels: Some(add.to_vec()),
            remove_labels: Some(remove.to_vec()),
            system_labels: None,
        }
    }

    #[test]
    fn a_folder_label_replaces_the_other_and_is_logged_without_default() {
        let (next, events) = labels(SystemLabel::Default)
            .apply(&change(&[SystemLabel::Bin], &[]))
            .expect("valid");
        assert_eq!(next.folder, SystemLabel::Bin);
        assert_eq!(
            events,
            vec![LabelEvent {
                label: SystemLabel::Bin,
                set: true
            }]
        );
        let (next, events) = next
            .apply(&change(&[SystemLabel::Archive], &[]))
            .expect("valid");
        assert_eq!(next.folder, SystemLabel::Archive);
        assert_eq!(
            events
                .iter()
                .map(|e| (e.name(), e.action()))
                .collect::<Vec<_>>(),
            vec![
                ("systemlabel:Archive".to_owned(), "set"),
                ("systemlabel:Bin".to_owned(), "remove")
            ]
        );
    }

    #[test]
    fn removing_bin_restores_default_and_flags_toggle() {
        let (next, _) = labels(SystemLabel::Bin)
            .apply(&change(
                &[SystemLabel::MarkedAsUnopened],
                &[SystemLabel::Bin],
            ))
            .expect("valid");
        assert_eq!(next.folder, SystemLabel::Default);
        assert_eq!(
            next.labels(),
            vec![SystemLabel::Default, SystemLabel::MarkedAsUnopened]
        );
        let (unchanged, events) = labels(SystemLabel::Archive)
            .apply(&change(&[], &[SystemLabel::Bin]))
            .expect("valid");
        assert_eq!(unchanged.folder, SystemLabel::Archive);
        assert!(events.is_empty());
    }

    #[test]
    fn of_several_folders_the_last_wins_after_removals() {
        let (next, _) = labels(SystemLabel::Bin)
            .apply(&change(
                &[SystemLabel::Archive, SystemLabel::Bin],
                &[SystemLabel::Bin],
            ))
            .expect("valid");
        assert_eq!(next.folder, SystemLabel::Bin);
    }

    #[test]
    fn sent_and_default_removal_are_refused() {
        for (add, remove) in [
            (vec![SystemLabel::Sent], vec![]),
            (vec![], vec![SystemLabel::Sent]),
            (vec![], vec![SystemLabel::Default]),
        ] {
            assert!(
                matches!(
                    labels(SystemLabel::Default).apply(&change(&add, &remove)),
                    Err(Error::Validation(_))
                ),
                "{add:?} {remove:?}"
            );
        }
    }

    #[test]
    fn an_empty_change_changes_and_logs_nothing() {
        let before = labels(SystemLabel::Archive);
        let (next, events) = before.apply(&change(&[], &[])).expect("valid");
        assert_eq!(next, before);
        assert!(events.is_empty());
    }
}
