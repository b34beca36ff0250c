//! The create-dialog request and its validation into a [`NewDialog`]. Error keys are property
//! paths as upstream writes them (`Content.Title.Value[0].Value`).

mod actions;
mod activities;
mod checks;
mod context;
mod fields;
mod input;
mod transmissions;
mod update;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    authorization_context::UnauthorizedPresentation,
    content::{
        ContentPrivileges, ContentRule, DIALOG_CONTENT, TRANSMISSION_CONTENT, check_content_value,
        is_absolute_https,
    },
    language::check_localizations,
    model::*,
    status::{DialogStatus, SystemLabel},
    time::{CLOCK_SKEW, check_uuid_v7},
};
use crate::{
    domain::{party::Party, resource::ResourceId},
    error::{Error, FieldErrors},
};

use actions::*;
use activities::*;
pub use checks::WritePrivileges;
use checks::*;
use context::*;
pub use input::*;
use transmissions::*;
pub use update::{DialogUpdate, Stored, UpdateDialogRequest};

impl CreateDialogRequest {
    /// Checks every rule that needs no database; the service checks the rest (ownership,
    /// idempotency, actor names).
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> Result<NewDialog, Error> {
        let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
        let mut dialog = self.check_fields(&mut errors, now, privileges);
        dialog.attachments = check_attachments(
            &mut errors,
            "Attachments",
            self.attachments.as_deref(),
            now,
            privileges,
        );
        dialog.gui_actions = check_gui_actions(&mut errors, self.gui_actions.as_deref(), now);
        dialog.api_actions = check_api_actions(&mut errors, self.api_actions.as_deref(), now);
        dialog.transmissions = self.check_transmissions(&mut errors, now, privileges);
        dialog.activities = check_activities(
            &mut errors,
            self.activities.as_deref(),
            &dialog.transmissions,
            now,
            privileges,
        );
        errors.finish_dto()?;
        Ok(dialog)
    }

    /// The dialog's own fields checked, its parts (attachments, actions, transmissions and
    /// activities) left empty for [`Self::validate`] to check next.
    fn check_fields(
        &self,
        errors: &mut Errors,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> NewDialog {
        let id = errors.id("Id", self.id, now);
        if let Some(key) = &self.idempotent_key {
            errors.length("IdempotentKey", key, 3, 36);
        }
        let service_resource = self.check_service_resource(errors);
        let party = self.check_party(errors);
        let progress = self.check_progress(errors);
        let extended_status =
            errors.max_length("ExtendedStatus", self.extended_status.as_ref(), 255);
        let external_reference =
            errors.max_length("ExternalReference", self.external_reference.as_ref(), 255);
        let (process, preceding_process) = self.check_process(errors);
        self.check_dates(errors, now, privileges);
        let system_label = self.check_system_label(errors);
        NewDialog {
            id,
            idempotent_key: self.idempotent_key.clone(),
            service_resource,
            party,
            progress,
            extended_status,
            external_reference,
            visible_from: utc(self.visible_from),
            due_at: utc(self.due_at),
            expires_at: utc(self.expires_at),
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            process,
            preceding_process,
            is_api_only: self.is_api_only,
            status: self.status.unwrap_or(DialogStatus::NotApplicable),
            system_label,
            content: self.check_content(errors, privileges.content),
            search_tags: self.check_search_tags(errors),
            service_owner_labels: self.check_service_owner_labels(errors),
            attachments: Vec::new(),
            gui_actions: Vec::new(),
            api_actions: Vec::new(),
            transmissions: Vec::new(),
            activities: Vec::new(),
        }
    }

    /// Progress in percent, 0 to 100.
    fn check_progress(&self, errors: &mut Errors) -> Option<i16> {
        let progress = self.progress?;
        if !(0..=100).contains(&progress) {
            errors.add(
                "Progress",
                format!("'Progress' must be between 0 and 100. You entered {progress}."),
            );
        }
        i16::try_from(progress).ok()
    }

    /// Only a folder (Default, Bin or Archive) may be set when a dialog is created.
    fn check_system_label(&self, errors: &mut Errors) -> SystemLabel {
        let system_label = self.system_label.unwrap_or(SystemLabel::Default);
        if !system_label.is_folder() {
            errors.add(
                "SystemLabel",
                "Only Default, Bin or Archive may be set when creating a dialog",
            );
        }
        system_label
    }

    fn check_dates(&self, errors: &mut Errors, now: DateTime<Utc>, privileges: WritePrivileges) {
        let (visible_from, due_at, expires_at) = (
            utc(self.visible_from),
            utc(self.due_at),
            utc(self.expires_at),
        );
        if let (Some(expires), Some(due)) = (expires_at, due_at)
            && expires < due
        {
            errors.add("ExpiresAt", "'ExpiresAt' must be after 'DueAt'.");
        }
        if let (Some(expires), Some(visible)) = (expires_at, visible_from)
            && expires < visible
        {
            errors.add("ExpiresAt", "'ExpiresAt' must be after 'VisibleFrom'.");
        }
        if let (Some(due), Some(visible)) = (due_at, visible_from)
            && due < visible
            && !privileges.admin
        {
            errors.add("DueAt", "'DueAt' must be after 'VisibleFrom'.");
        }
        errors.future("DueAt", due_at, now, privileges);
        errors.future("ExpiresAt", expires_at, now, privileges);
        errors.future("VisibleFrom", visible_from, now, privileges);
        let (created, updated) = (utc(self.created_at), utc(self.updated_at));
        for (path, date) in [("CreatedAt", created), ("UpdatedAt", updated)] {
            if date.is_some_and(|date| date > now + CLOCK_SKEW) {
                errors.add(path, format!("'{path}' must be in the past."));
            }
        }
        match (created, updated) {
            (None, Some(_)) => errors.add(
                "CreatedAt",
                "CreatedAt must not be empty when 'UpdatedAt is set.",
            ),
            (Some(created), Some(updated)) if updated < created => errors.add(
                "UpdatedAt",
                "'UpdatedAt' must be greater than or equal to 'CreatedAt'.",
            ),
            _ => {}
        }
    }

    fn check_content(&self, errors: &mut Errors, privileges: ContentPrivileges) -> DialogContent {
        let empty = ContentInput::default();
        let content = match &self.content {
            Some(content) => content,
            None if self.is_api_only => &empty,
            None => {
                errors.add("Content", not_empty("Content"));
                &empty
            }
        };
        let required_title = !self.is_api_only || self.content.is_some();
        let mut field = |name: &str, input: &Option<ContentValueInput>, required: bool| {
            content_value(
                errors,
                &format!("Content.{name}"),
                rule(&DIALOG_CONTENT, name),
                input.as_ref(),
                privileges,
                required,
            )
        };
        DialogContent {
            title: field("Title", &content.title, required_title),
            summary: field("Summary", &content.summary, false),
            sender_name: field("SenderName", &content.sender_name, false),
            additional_info: field("AdditionalInfo", &content.additional_info, false),
            extended_status: field("ExtendedStatus", &content.extended_status, false),
            main_content_reference: field(
                "MainContentReference",
                &content.main_content_reference,
                false,
            ),
            non_sensitive_title: field("NonSensitiveTitle", &content.non_sensitive_title, false),
            non_sensitive_summary: field(
                "NonSensitiveSummary",
                &content.non_sensitive_summary,
                false,
            ),
        }
    }

    fn check_search_tags(&self, errors: &mut Errors) -> Vec<String> {
        let mut tags = Vec::new();
        for (index, tag) in self.search_tags.iter().flatten().enumerate() {
            let value = tag.value.clone().unwrap_or_default().trim().to_lowercase();
            errors.length(&format!("SearchTags[{index}].Value"), &value, 3, 63);
            tags.push(value);
        }
        errors.unique("SearchTags", tags.iter().cloned());
        tags
    }

    fn check_service_owner_labels(&self, errors: &mut Errors) -> Vec<String> {
        let labels = self
            .service_owner_context
            .as_ref()
            .and_then(|context| context.service_owner_labels.as_ref());
        let values: Vec<String> = labels
            .into_iter()
            .flatten()
            .map(|label| normalized_label(label.value.as_deref().unwrap_or_default()))
            .collect();
        check_labels(errors, "ServiceOwnerContext.ServiceOwnerLabels", &values);
        values
    }
}

/// A service-owner label as it is kept: trimmed, in lower case.
fn normalized_label(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Upstream's rules for a list of service-owner labels under `path`: no label twice (case is
/// ignored), at most 20, each 3 to 255 characters.
fn check_labels(errors: &mut Errors, path: &str, values: &[String]) {
    errors.unique(path, values.iter().cloned());
    if values.len() > MAX_SERVICE_OWNER_LABELS {
        errors.add(path, "Maximum 20 service owner labels are allowed.");
    }
    for (index, value) in values.iter().enumerate() {
        errors.length(&format!("{path}[{index}].Value"), value, 3, 255);
    }
}

/// How many service-owner labels a dialog may have.
const MAX_SERVICE_OWNER_LABELS: usize = 20;

/// The labels a dialog has after `value` is added through the label endpoint. Upstream writes
/// the labels held and the new one as a whole list and checks that list, so a label held
/// already, or a 21st, is a 400 under `dto.serviceOwnerLabels`.
pub fn with_added_label(held: &[String], value: &str) -> Result<Vec<String>, Error> {
    let mut labels = held.to_vec();
    labels.push(normalized_label(value));
    let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
    check_labels(&mut errors, "ServiceOwnerLabels", &labels);
    errors.finish_dto()?;
    Ok(labels)
}

/// Validates one transmission appended to a dialog that already has `existing` transmissions.
pub fn validate_new_transmission(
    input: &TransmissionInput,
    existing: &[Transmission],
    is_api_only: bool,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Result<Transmission, Error> {
    let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
    let transmission = check_transmission(
        &mut errors,
        "Transmission",
        input,
        is_api_only,
        now,
        privileges,
    );
    if existing.iter().any(|other| other.id == transmission.id) {
        errors.reused_key("DialogTransmission", transmission.id);
    }
    let mut all = existing.to_vec();
    all.push(transmission.clone());
    check_transmission_tree(&mut errors, &all);
    errors.finish()?;
    Ok(transmission)
}

/// Validates an actor given on its own (a `performedBy`), with errors under `path`.
pub fn validate_actor(path: &str, input: &ActorInput) -> Result<Actor, Error> {
    let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
    let actor = check_actor(&mut errors, path, Some(input));
    errors.finish()?;
    Ok(actor)
}

/// Validates one activity appended to a dialog with these transmissions and activities.
pub fn validate_new_activity(
    input: &ActivityInput,
    transmissions: &[Transmission],
    existing: &[Activity],
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Result<Activity, Error> {
    let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
    let activity = check_activity(
        &mut errors,
        "Activity",
        input,
        transmissions,
        now,
        privileges,
    );
    if existing.iter().any(|other| other.id == activity.id) {
        errors.reused_key("DialogActivity", activity.id);
    }
    errors.finish()?;
    Ok(activity)
}
