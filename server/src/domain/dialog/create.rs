//! The create-dialog request as service owners send it, and its validation into a [`NewDialog`].
//! Error keys are property paths as upstream writes them (`Content.Title.Value[0].Value`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{
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

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalizationInput {
    pub language_code: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentValueInput {
    pub value: Option<Vec<LocalizationInput>>,
    pub media_type: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentInput {
    pub title: Option<ContentValueInput>,
    pub summary: Option<ContentValueInput>,
    pub sender_name: Option<ContentValueInput>,
    pub additional_info: Option<ContentValueInput>,
    pub extended_status: Option<ContentValueInput>,
    pub main_content_reference: Option<ContentValueInput>,
    pub non_sensitive_title: Option<ContentValueInput>,
    pub non_sensitive_summary: Option<ContentValueInput>,
}

#[derive(Debug, Deserialize)]
pub struct ValueInput {
    pub value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceOwnerContextInput {
    pub service_owner_labels: Option<Vec<ValueInput>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentUrlInput {
    pub id: Option<Uuid>,
    pub url: Option<String>,
    pub media_type: Option<String>,
    pub consumer_type: Option<AttachmentUrlConsumerType>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInput {
    pub id: Option<Uuid>,
    pub display_name: Option<Vec<LocalizationInput>>,
    pub name: Option<String>,
    pub urls: Option<Vec<AttachmentUrlInput>>,
    pub expires_at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuiActionInput {
    pub id: Option<Uuid>,
    pub action: Option<String>,
    pub url: Option<String>,
    pub authorization_attribute: Option<String>,
    #[serde(default)]
    pub is_delete_dialog_action: bool,
    pub http_method: Option<HttpMethod>,
    pub priority: Option<GuiActionPriority>,
    pub title: Option<Vec<LocalizationInput>>,
    pub prompt: Option<Vec<LocalizationInput>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiActionEndpointInput {
    pub id: Option<Uuid>,
    pub version: Option<String>,
    pub url: Option<String>,
    pub http_method: Option<HttpMethod>,
    pub documentation_url: Option<String>,
    pub request_schema: Option<String>,
    pub response_schema: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    pub sunset_at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiActionInput {
    pub id: Option<Uuid>,
    pub action: Option<String>,
    pub authorization_attribute: Option<String>,
    pub name: Option<String>,
    pub endpoints: Option<Vec<ApiActionEndpointInput>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActorInput {
    pub actor_type: Option<ActorType>,
    pub actor_name: Option<String>,
    pub actor_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionContentInput {
    pub title: Option<ContentValueInput>,
    pub summary: Option<ContentValueInput>,
    pub content_reference: Option<ContentValueInput>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NavigationalActionInput {
    pub title: Option<Vec<LocalizationInput>>,
    pub url: Option<String>,
    pub expires_at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionInput {
    pub id: Option<Uuid>,
    pub idempotent_key: Option<String>,
    pub created_at: Option<DateTime<FixedOffset>>,
    pub authorization_attribute: Option<String>,
    pub extended_type: Option<String>,
    pub external_reference: Option<String>,
    pub related_transmission_id: Option<Uuid>,
    #[serde(rename = "type")]
    pub transmission_type: Option<TransmissionType>,
    pub sender: Option<ActorInput>,
    pub content: Option<TransmissionContentInput>,
    pub attachments: Option<Vec<AttachmentInput>>,
    pub navigational_actions: Option<Vec<NavigationalActionInput>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityInput {
    pub id: Option<Uuid>,
    pub created_at: Option<DateTime<FixedOffset>>,
    pub extended_type: Option<String>,
    #[serde(rename = "type")]
    pub activity_type: Option<ActivityType>,
    pub transmission_id: Option<Uuid>,
    pub performed_by: Option<ActorInput>,
    pub description: Option<Vec<LocalizationInput>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateDialogRequest {
    pub id: Option<Uuid>,
    pub idempotent_key: Option<String>,
    pub service_resource: Option<String>,
    pub party: Option<String>,
    pub progress: Option<i32>,
    pub extended_status: Option<String>,
    pub external_reference: Option<String>,
    pub visible_from: Option<DateTime<FixedOffset>>,
    pub due_at: Option<DateTime<FixedOffset>>,
    pub expires_at: Option<DateTime<FixedOffset>>,
    pub created_at: Option<DateTime<FixedOffset>>,
    pub updated_at: Option<DateTime<FixedOffset>>,
    pub process: Option<String>,
    pub preceding_process: Option<String>,
    #[serde(default)]
    pub is_api_only: bool,
    pub status: Option<DialogStatus>,
    pub system_label: Option<SystemLabel>,
    pub service_owner_context: Option<ServiceOwnerContextInput>,
    pub content: Option<ContentInput>,
    pub search_tags: Option<Vec<ValueInput>>,
    pub attachments: Option<Vec<AttachmentInput>>,
    pub transmissions: Option<Vec<TransmissionInput>>,
    pub gui_actions: Option<Vec<GuiActionInput>>,
    pub api_actions: Option<Vec<ApiActionInput>>,
    pub activities: Option<Vec<ActivityInput>>,
}

/// What the caller may do beyond the basics, and whether date rules apply to it.
#[derive(Debug, Clone, Copy, Default)]
pub struct WritePrivileges {
    pub content: ContentPrivileges,
    /// The admin scope: skips the future-date rules and `dueAt >= visibleFrom`.
    pub admin: bool,
}

/// Collects errors by property path: rule violations (400), and domain refusals such as dates
/// not in the future (422), which upstream reports apart.
struct Errors(FieldErrors, FieldErrors);

impl Errors {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.entry(path.into()).or_default().push(message.into());
    }

    fn required<'a, T>(&mut self, path: &str, value: Option<&'a T>) -> Option<&'a T> {
        if value.is_none() {
            self.add(path, "is required");
        }
        value
    }

    fn max_length(&mut self, path: &str, value: Option<&String>, max: usize) -> Option<String> {
        let value = value?;
        if value.chars().count() > max {
            self.add(path, format!("must be at most {max} characters"));
        }
        Some(value.clone())
    }

    fn id(&mut self, path: &str, id: Option<Uuid>, now: DateTime<Utc>) -> Uuid {
        match id {
            Some(id) => {
                if let Err(message) = check_uuid_v7(&id, now) {
                    self.add(path, message);
                }
                id
            }
            None => Uuid::now_v7(),
        }
    }

    fn https_url(&mut self, path: &str, url: Option<&String>, max: usize) -> String {
        match url {
            None => {
                self.add(path, "is required");
                String::new()
            }
            Some(url) => {
                if !is_absolute_https(url) {
                    self.add(path, "must be an absolute https URL");
                } else if url.len() > max {
                    self.add(path, format!("must be at most {max} characters"));
                }
                url.clone()
            }
        }
    }

    fn uri(&mut self, path: &str, value: Option<&String>, max: usize) -> Option<String> {
        let value = value?;
        let well_formed = value.split_once(':').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }) && !value.chars().any(char::is_whitespace);
        if !well_formed {
            self.add(path, "must be a well-formed absolute URI");
        } else if value.len() > max {
            self.add(path, format!("must be at most {max} characters"));
        }
        Some(value.clone())
    }

    fn localizations(
        &mut self,
        path: &str,
        items: Option<&Vec<LocalizationInput>>,
        max: usize,
    ) -> Vec<LocalizationDoc> {
        let pairs: Vec<(String, String)> = items
            .into_iter()
            .flatten()
            .map(|item| {
                (
                    item.language_code.clone().unwrap_or_default(),
                    item.value.clone().unwrap_or_default(),
                )
            })
            .collect();
        localization_docs(&check_localizations(path, &pairs, max, &mut self.0))
    }

    fn future(
        &mut self,
        path: &str,
        date: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) {
        if !privileges.admin && date.is_some_and(|date| date <= now) {
            self.1
                .entry(path.to_owned())
                .or_default()
                .push("Must be in the future".into());
        }
    }

    fn unique_ids(&mut self, path: &str, ids: impl Iterator<Item = Uuid>) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.add(path, format!("The id '{id}' appears more than once"));
            }
        }
    }
}

fn utc(date: Option<DateTime<FixedOffset>>) -> Option<DateTime<Utc>> {
    date.map(|date| date.with_timezone(&Utc))
}

fn content_value(
    errors: &mut Errors,
    path: &str,
    rule: &ContentRule,
    input: Option<&ContentValueInput>,
    privileges: ContentPrivileges,
    required: bool,
) -> Option<ContentValueDoc> {
    let Some(input) = input else {
        if required {
            errors.add(path, "is required");
        }
        return None;
    };
    let pairs: Vec<(String, String)> = input
        .value
        .iter()
        .flatten()
        .map(|item| {
            (
                item.language_code.clone().unwrap_or_default(),
                item.value.clone().unwrap_or_default(),
            )
        })
        .collect();
    check_content_value(
        path,
        rule,
        input.media_type.as_deref(),
        &pairs,
        privileges,
        &mut errors.0,
    )
    .map(|value| ContentValueDoc::from(&value))
}

fn rule<'a>(rules: &'a [ContentRule], name: &str) -> &'a ContentRule {
    rules
        .iter()
        .find(|rule| rule.name == name)
        .unwrap_or(&rules[0])
}

impl CreateDialogRequest {
    /// Checks every rule that needs no database; the service checks the rest (ownership,
    /// idempotency, actor names).
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> Result<NewDialog, Error> {
        let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
        let id = errors.id("Id", self.id, now);
        let idempotent_key = self.idempotent_key.clone();
        if let Some(key) = &idempotent_key
            && !(3..=36).contains(&key.chars().count())
        {
            errors.add("IdempotentKey", "must be 3 to 36 characters");
        }
        let service_resource =
            match errors.required("ServiceResource", self.service_resource.as_ref()) {
                Some(value) => match ResourceId::parse(value) {
                    Ok(resource) => resource.to_string(),
                    Err(error) => {
                        errors.add("ServiceResource", error.to_string());
                        String::new()
                    }
                },
                None => String::new(),
            };
        let party = match errors.required("Party", self.party.as_ref()) {
            Some(value) => match Party::parse(value) {
                Ok(party) => party.to_string(),
                Err(error) => {
                    errors.add("Party", error.to_string());
                    String::new()
                }
            },
            None => String::new(),
        };
        if let Some(progress) = self.progress
            && !(0..=100).contains(&progress)
        {
            errors.add("Progress", "must be 0 to 100");
        }
        let extended_status =
            errors.max_length("ExtendedStatus", self.extended_status.as_ref(), 255);
        let external_reference =
            errors.max_length("ExternalReference", self.external_reference.as_ref(), 255);
        let process = errors.uri("Process", self.process.as_ref(), 255);
        let preceding_process =
            errors.uri("PrecedingProcess", self.preceding_process.as_ref(), 255);
        if preceding_process.is_some() && process.is_none() {
            errors.add("PrecedingProcess", "requires Process to be set");
        }
        let (visible_from, due_at, expires_at) = (
            utc(self.visible_from),
            utc(self.due_at),
            utc(self.expires_at),
        );
        self.check_dates(&mut errors, now, privileges);
        let system_label = self.system_label.unwrap_or(SystemLabel::Default);
        if !system_label.is_folder() {
            errors.add(
                "SystemLabel",
                "Only Default, Bin or Archive may be set when creating a dialog",
            );
        }
        let content = self.check_content(&mut errors, privileges.content);
        let search_tags = self.check_search_tags(&mut errors);
        let service_owner_labels = self.check_service_owner_labels(&mut errors);
        let attachments = check_attachments(
            &mut errors,
            "Attachments",
            self.attachments.as_deref(),
            now,
            privileges,
        );
        let gui_actions = check_gui_actions(&mut errors, self.gui_actions.as_deref(), now);
        let api_actions = check_api_actions(&mut errors, self.api_actions.as_deref(), now);
        let transmissions = self.check_transmissions(&mut errors, now, privileges);
        let activities = check_activities(
            &mut errors,
            self.activities.as_deref(),
            &transmissions,
            now,
            privileges,
        );
        if !errors.0.is_empty() {
            return Err(Error::Validation(errors.0));
        }
        if !errors.1.is_empty() {
            return Err(Error::Domain(errors.1));
        }
        Ok(NewDialog {
            id,
            idempotent_key,
            service_resource,
            party,
            progress: self
                .progress
                .and_then(|progress| i16::try_from(progress).ok()),
            extended_status,
            external_reference,
            visible_from,
            due_at,
            expires_at,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            process,
            preceding_process,
            is_api_only: self.is_api_only,
            status: self.status.unwrap_or(DialogStatus::NotApplicable),
            system_label,
            service_owner_labels,
            content,
            search_tags,
            attachments,
            gui_actions,
            api_actions,
            transmissions,
            activities,
        })
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
            errors.add("ExpiresAt", "must be at or after DueAt");
        }
        if let (Some(expires), Some(visible)) = (expires_at, visible_from)
            && expires < visible
        {
            errors.add("ExpiresAt", "must be at or after VisibleFrom");
        }
        if let (Some(due), Some(visible)) = (due_at, visible_from)
            && due < visible
            && !privileges.admin
        {
            errors.add("DueAt", "must be at or after VisibleFrom");
        }
        errors.future("DueAt", due_at, now, privileges);
        errors.future("ExpiresAt", expires_at, now, privileges);
        errors.future("VisibleFrom", visible_from, now, privileges);
        let (created, updated) = (utc(self.created_at), utc(self.updated_at));
        for (path, date) in [("CreatedAt", created), ("UpdatedAt", updated)] {
            if date.is_some_and(|date| date > now + CLOCK_SKEW) {
                errors.add(path, "must not be in the future");
            }
        }
        match (created, updated) {
            (None, Some(_)) => errors.add("CreatedAt", "is required when UpdatedAt is set"),
            (Some(created), Some(updated)) if updated < created => {
                errors.add("UpdatedAt", "must be at or after CreatedAt")
            }
            _ => {}
        }
    }

    fn check_content(&self, errors: &mut Errors, privileges: ContentPrivileges) -> DialogContent {
        let empty = ContentInput::default();
        let content = match &self.content {
            Some(content) => content,
            None if self.is_api_only => &empty,
            None => {
                errors.add("Content", "is required unless IsApiOnly is true");
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
            if !(3..=63).contains(&value.chars().count()) {
                errors.add(
                    format!("SearchTags[{index}].Value"),
                    "must be 3 to 63 characters",
                );
            } else if tags.contains(&value) {
                errors.add(
                    format!("SearchTags[{index}].Value"),
                    format!("'{value}' appears more than once"),
                );
            } else {
                tags.push(value);
            }
        }
        tags
    }

    fn check_service_owner_labels(&self, errors: &mut Errors) -> Vec<String> {
        let labels = self
            .service_owner_context
            .as_ref()
            .and_then(|context| context.service_owner_labels.as_ref());
        let mut values: Vec<String> = Vec::new();
        for (index, label) in labels.into_iter().flatten().enumerate() {
            let value = label
                .value
                .clone()
                .unwrap_or_default()
                .trim()
                .to_lowercase();
            let path = format!("ServiceOwnerContext.ServiceOwnerLabels[{index}].Value");
            if !(3..=255).contains(&value.chars().count()) {
                errors.add(path, "must be 3 to 255 characters");
            } else if values.contains(&value) {
                errors.add(path, format!("'{value}' appears more than once"));
            } else {
                values.push(value);
            }
        }
        if values.len() > 20 {
            errors.add(
                "ServiceOwnerContext.ServiceOwnerLabels",
                "at most 20 labels are allowed",
            );
        }
        values
    }

    fn check_transmissions(
        &self,
        errors: &mut Errors,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> Vec<Transmission> {
        let inputs = self.transmissions.as_deref().unwrap_or_default();
        let mut transmissions = Vec::new();
        let mut keys = BTreeSet::new();
        for (index, input) in inputs.iter().enumerate() {
            let path = format!("Transmissions[{index}]");
            let id = errors.id(&format!("{path}.Id"), input.id, now);
            if let Some(key) = &input.idempotent_key {
                if !(3..=36).contains(&key.chars().count()) {
                    errors.add(
                        format!("{path}.IdempotentKey"),
                        "must be 3 to 36 characters",
                    );
                } else if !keys.insert(key.clone()) {
                    errors.add(
                        format!("{path}.IdempotentKey"),
                        format!("'{key}' appears more than once"),
                    );
                }
            }
            let created_at = utc(input.created_at).unwrap_or(now);
            if created_at > now + CLOCK_SKEW {
                errors.add(format!("{path}.CreatedAt"), "must not be in the future");
            }
            if input.related_transmission_id == Some(id) {
                errors.add(
                    format!("{path}.RelatedTransmissionId"),
                    "must not refer to the transmission itself",
                );
            }
            let transmission_type = errors
                .required(&format!("{path}.Type"), input.transmission_type.as_ref())
                .copied();
            let sender = check_actor(errors, &format!("{path}.Sender"), input.sender.as_ref());
            let content = check_transmission_content(
                errors,
                &path,
                input.content.as_ref(),
                self.is_api_only,
                privileges.content,
            );
            let attachments = check_attachments(
                errors,
                &format!("{path}.Attachments"),
                input.attachments.as_deref(),
                now,
                privileges,
            );
            let navigational_actions = check_navigational_actions(
                errors,
                &path,
                input.navigational_actions.as_deref(),
                now,
                privileges,
            );
            transmissions.push(Transmission {
                id,
                idempotent_key: input.idempotent_key.clone(),
                created_at,
                authorization_attribute: check_attribute(
                    errors,
                    &format!("{path}.AuthorizationAttribute"),
                    input.authorization_attribute.as_ref(),
                ),
                extended_type: errors.uri(
                    &format!("{path}.ExtendedType"),
                    input.extended_type.as_ref(),
                    1023,
                ),
                external_reference: errors.max_length(
                    &format!("{path}.ExternalReference"),
                    input.external_reference.as_ref(),
                    255,
                ),
                related_transmission_id: input.related_transmission_id,
                transmission_type: transmission_type.unwrap_or(TransmissionType::Information),
                sender,
                content,
                attachments,
                navigational_actions,
            });
        }
        errors.unique_ids(
            "Transmissions",
            transmissions.iter().map(|transmission| transmission.id),
        );
        check_transmission_tree(errors, &transmissions);
        transmissions
    }
}

fn check_attribute(errors: &mut Errors, path: &str, value: Option<&String>) -> Option<String> {
    let value = value?;
    if let Err(error) = crate::domain::resource::Attribute::parse(value) {
        errors.add(path, error.to_string());
    }
    Some(value.clone())
}

fn check_actor(errors: &mut Errors, path: &str, actor: Option<&ActorInput>) -> Actor {
    let fallback = Actor {
        actor_type: ActorType::ServiceOwner,
        actor_name: None,
        actor_id: None,
    };
    let Some(actor) = errors.required(path, actor) else {
        return fallback;
    };
    let Some(actor_type) = errors
        .required(&format!("{path}.ActorType"), actor.actor_type.as_ref())
        .copied()
    else {
        return fallback;
    };
    let actor_id = actor.actor_id.as_ref().map(|id| id.to_lowercase());
    match (actor_type, &actor.actor_name, &actor_id) {
        (ActorType::ServiceOwner, None, None) => {}
        (ActorType::ServiceOwner, _, _) => errors.add(
            path,
            "A ServiceOwner actor has neither ActorId nor ActorName",
        ),
        (_, Some(_), Some(_)) | (_, None, None) => {
            errors.add(path, "Exactly one of ActorId and ActorName must be set")
        }
        (_, None, Some(id)) => {
            if let Err(error) = Party::parse(id) {
                errors.add(format!("{path}.ActorId"), error.to_string());
            }
        }
        (_, Some(name), None) => {
            if name.chars().count() > 255 {
                errors.add(
                    format!("{path}.ActorName"),
                    "must be at most 255 characters",
                );
            }
        }
    }
    Actor {
        actor_type,
        actor_name: actor.actor_name.clone(),
        actor_id,
    }
}

fn check_transmission_content(
    errors: &mut Errors,
    path: &str,
    content: Option<&TransmissionContentInput>,
    is_api_only: bool,
    privileges: ContentPrivileges,
) -> Option<TransmissionContent> {
    let Some(content) = content else {
        if !is_api_only {
            errors.add(
                format!("{path}.Content"),
                "is required unless the dialog IsApiOnly",
            );
        }
        return None;
    };
    let mut field = |name: &str, input: &Option<ContentValueInput>, required: bool| {
        content_value(
            errors,
            &format!("{path}.Content.{name}"),
            rule(&TRANSMISSION_CONTENT, name),
            input.as_ref(),
            privileges,
            required,
        )
    };
    let title = field("Title", &content.title, true);
    let summary = field("Summary", &content.summary, false);
    let content_reference = field("ContentReference", &content.content_reference, false);
    title.map(|title| TransmissionContent {
        title,
        summary,
        content_reference,
    })
}

fn check_navigational_actions(
    errors: &mut Errors,
    path: &str,
    inputs: Option<&[NavigationalActionInput]>,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Vec<NavigationalAction> {
    inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let path = format!("{path}.NavigationalActions[{index}]");
            let title = errors.localizations(&format!("{path}.Title"), input.title.as_ref(), 255);
            if title.is_empty() {
                errors.add(
                    format!("{path}.Title"),
                    "must have at least one localization",
                );
            }
            let expires_at = utc(input.expires_at);
            errors.future(&format!("{path}.ExpiresAt"), expires_at, now, privileges);
            NavigationalAction {
                title,
                url: errors.https_url(&format!("{path}.Url"), input.url.as_ref(), 1023),
                expires_at,
            }
        })
        .collect()
}

/// Related transmissions must exist in the same payload, form no cycle, and stay within
/// upstream's depth and width of 100.
fn check_transmission_tree(errors: &mut Errors, transmissions: &[Transmission]) {
    const LIMIT: usize = 100;
    let parents: BTreeMap<Uuid, Option<Uuid>> = transmissions
        .iter()
        .map(|transmission| (transmission.id, transmission.related_transmission_id))
        .collect();
    let mut children: BTreeMap<Uuid, usize> = BTreeMap::new();
    for (index, transmission) in transmissions.iter().enumerate() {
        let Some(parent) = transmission.related_transmission_id else {
            continue;
        };
        let path = format!("Transmissions[{index}].RelatedTransmissionId");
        if !parents.contains_key(&parent) {
            errors.add(path, format!("No transmission '{parent}' in this dialog"));
            continue;
        }
        *children.entry(parent).or_default() += 1;
        let (mut current, mut depth) = (Some(parent), 1);
        while let Some(id) = current {
            if id == transmission.id || depth > LIMIT {
                errors.add(
                    path.clone(),
                    "The transmission chain forms a cycle or is deeper than 100",
                );
                break;
            }
            current = parents.get(&id).copied().flatten();
            depth += 1;
        }
    }
    if children.values().any(|count| *count > LIMIT) {
        errors.add(
            "Transmissions",
            "A transmission may have at most 100 related transmissions",
        );
    }
}

fn check_attachments(
    errors: &mut Errors,
    path: &str,
    inputs: Option<&[AttachmentInput]>,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Vec<Attachment> {
    let attachments: Vec<Attachment> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let path = format!("{path}[{index}]");
            let urls = input.urls.as_deref().unwrap_or_default();
            if urls.is_empty() {
                errors.add(format!("{path}.Urls"), "must have at least one URL");
            }
            let urls: Vec<AttachmentUrl> = urls
                .iter()
                .enumerate()
                .map(|(url_index, url)| {
                    let url_path = format!("{path}.Urls[{url_index}]");
                    AttachmentUrl {
                        id: Some(errors.id(&format!("{url_path}.Id"), url.id, now)),
                        url: errors.https_url(&format!("{url_path}.Url"), url.url.as_ref(), 1023),
                        media_type: errors.max_length(
                            &format!("{url_path}.MediaType"),
                            url.media_type.as_ref(),
                            255,
                        ),
                        consumer_type: errors
                            .required(
                                &format!("{url_path}.ConsumerType"),
                                url.consumer_type.as_ref(),
                            )
                            .copied()
                            .unwrap_or(AttachmentUrlConsumerType::Gui),
                    }
                })
                .collect();
            errors.unique_ids(
                &format!("{path}.Urls"),
                urls.iter().filter_map(|url| url.id),
            );
            let expires_at = utc(input.expires_at);
            errors.future(&format!("{path}.ExpiresAt"), expires_at, now, privileges);
            Attachment {
                id: errors.id(&format!("{path}.Id"), input.id, now),
                display_name: errors.localizations(
                    &format!("{path}.DisplayName"),
                    input.display_name.as_ref(),
                    255,
                ),
                name: errors.max_length(&format!("{path}.Name"), input.name.as_ref(), 255),
                urls,
                expires_at,
            }
        })
        .collect();
    errors.unique_ids(path, attachments.iter().map(|attachment| attachment.id));
    attachments
}

fn check_gui_actions(
    errors: &mut Errors,
    inputs: Option<&[GuiActionInput]>,
    now: DateTime<Utc>,
) -> Vec<GuiAction> {
    let actions: Vec<GuiAction> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let path = format!("GuiActions[{index}]");
            let http_method = input.http_method.unwrap_or(HttpMethod::Get);
            if !matches!(
                http_method,
                HttpMethod::Get | HttpMethod::Post | HttpMethod::Delete
            ) {
                errors.add(
                    format!("{path}.HttpMethod"),
                    "GUI actions allow only GET, POST or DELETE",
                );
            }
            let title = errors.localizations(&format!("{path}.Title"), input.title.as_ref(), 255);
            if title.is_empty() {
                errors.add(
                    format!("{path}.Title"),
                    "must have at least one localization",
                );
            }
            let prompt = input
                .prompt
                .as_ref()
                .map(|prompt| errors.localizations(&format!("{path}.Prompt"), Some(prompt), 255));
            GuiAction {
                id: errors.id(&format!("{path}.Id"), input.id, now),
                action: required_text(
                    errors,
                    &format!("{path}.Action"),
                    input.action.as_ref(),
                    255,
                ),
                url: errors.https_url(&format!("{path}.Url"), input.url.as_ref(), 1023),
                authorization_attribute: check_attribute(
                    errors,
                    &format!("{path}.AuthorizationAttribute"),
                    input.authorization_attribute.as_ref(),
                ),
                is_delete_dialog_action: input.is_delete_dialog_action,
                http_method,
                priority: errors
                    .required(&format!("{path}.Priority"), input.priority.as_ref())
                    .copied()
                    .unwrap_or(GuiActionPriority::Tertiary),
                title,
                prompt,
            }
        })
        .collect();
    for (priority, limit, name) in [
        (GuiActionPriority::Primary, 1, "primary"),
        (GuiActionPriority::Secondary, 1, "secondary"),
        (GuiActionPriority::Tertiary, 5, "tertiary"),
    ] {
        if actions
            .iter()
            .filter(|action| action.priority == priority)
            .count()
            > limit
        {
            let message = if limit == 1 {
                format!("Only one {name} GUI action is allowed.")
            } else {
                format!("Only {limit} {name} GUI actions are allowed.")
            };
            errors.add("GuiActions", message);
        }
    }
    errors.unique_ids("GuiActions", actions.iter().map(|action| action.id));
    actions
}

fn required_text(errors: &mut Errors, path: &str, value: Option<&String>, max: usize) -> String {
    match value.filter(|value| !value.trim().is_empty()) {
        None => {
            errors.add(path, "is required");
            String::new()
        }
        Some(value) => errors
            .max_length(path, Some(value), max)
            .unwrap_or_default(),
    }
}

fn check_api_actions(
    errors: &mut Errors,
    inputs: Option<&[ApiActionInput]>,
    now: DateTime<Utc>,
) -> Vec<ApiAction> {
    let actions: Vec<ApiAction> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let path = format!("ApiActions[{index}]");
            let endpoints = input.endpoints.as_deref().unwrap_or_default();
            if endpoints.is_empty() {
                errors.add(
                    format!("{path}.Endpoints"),
                    "must have at least one endpoint",
                );
            }
            let endpoints = endpoints
                .iter()
                .enumerate()
                .map(|(endpoint_index, endpoint)| {
                    let path = format!("{path}.Endpoints[{endpoint_index}]");
                    if endpoint.sunset_at.is_some() && !endpoint.deprecated {
                        errors.add(format!("{path}.SunsetAt"), "requires Deprecated to be true");
                    }
                    ApiActionEndpoint {
                        id: errors.id(&format!("{path}.Id"), endpoint.id, now),
                        version: errors.max_length(
                            &format!("{path}.Version"),
                            endpoint.version.as_ref(),
                            255,
                        ),
                        url: errors.https_url(&format!("{path}.Url"), endpoint.url.as_ref(), 1023),
                        http_method: errors
                            .required(&format!("{path}.HttpMethod"), endpoint.http_method.as_ref())
                            .copied()
                            .unwrap_or(HttpMethod::Get),
                        documentation_url: errors.uri(
                            &format!("{path}.DocumentationUrl"),
                            endpoint.documentation_url.as_ref(),
                            1023,
                        ),
                        request_schema: errors.uri(
                            &format!("{path}.RequestSchema"),
                            endpoint.request_schema.as_ref(),
                            1023,
                        ),
                        response_schema: errors.uri(
                            &format!("{path}.ResponseSchema"),
                            endpoint.response_schema.as_ref(),
                            1023,
                        ),
                        deprecated: endpoint.deprecated,
                        sunset_at: utc(endpoint.sunset_at),
                    }
                })
                .collect::<Vec<_>>();
            errors.unique_ids(
                &format!("{path}.Endpoints"),
                endpoints.iter().map(|endpoint| endpoint.id),
            );
            ApiAction {
                id: errors.id(&format!("{path}.Id"), input.id, now),
                action: required_text(
                    errors,
                    &format!("{path}.Action"),
                    input.action.as_ref(),
                    255,
                ),
                authorization_attribute: check_attribute(
                    errors,
                    &format!("{path}.AuthorizationAttribute"),
                    input.authorization_attribute.as_ref(),
                ),
                name: errors.max_length(&format!("{path}.Name"), input.name.as_ref(), 255),
                endpoints,
            }
        })
        .collect();
    errors.unique_ids("ApiActions", actions.iter().map(|action| action.id));
    actions
}

fn check_activities(
    errors: &mut Errors,
    inputs: Option<&[ActivityInput]>,
    transmissions: &[Transmission],
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Vec<Activity> {
    let max_description = if privileges.content.correspondence {
        4095
    } else {
        255
    };
    let activities: Vec<Activity> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let path = format!("Activities[{index}]");
            let activity_type = errors
                .required(&format!("{path}.Type"), input.activity_type.as_ref())
                .copied()
                .unwrap_or(ActivityType::Information);
            let description = errors.localizations(
                &format!("{path}.Description"),
                input.description.as_ref(),
                max_description,
            );
            match (
                activity_type == ActivityType::Information,
                description.is_empty(),
            ) {
                (true, true) => errors.add(
                    format!("{path}.Description"),
                    "is required for activities of type Information",
                ),
                (false, false) => errors.add(
                    format!("{path}.Description"),
                    "is allowed only for activities of type Information",
                ),
                _ => {}
            }
            match (
                activity_type == ActivityType::TransmissionOpened,
                input.transmission_id,
            ) {
                (true, None) => errors.add(
                    format!("{path}.TransmissionId"),
                    "is required for TransmissionOpened",
                ),
                (false, Some(_)) => errors.add(
                    format!("{path}.TransmissionId"),
                    "is allowed only for TransmissionOpened",
                ),
                (true, Some(id))
                    if !transmissions
                        .iter()
                        .any(|transmission| transmission.id == id) =>
                {
                    errors.add(
                        format!("{path}.TransmissionId"),
                        format!("No transmission '{id}' in this dialog"),
                    );
                }
                _ => {}
            }
            let created_at = utc(input.created_at).unwrap_or(now);
            if created_at > now + CLOCK_SKEW {
                errors.add(format!("{path}.CreatedAt"), "must not be in the future");
            }
            Activity {
                id: errors.id(&format!("{path}.Id"), input.id, now),
                created_at,
                extended_type: errors.uri(
                    &format!("{path}.ExtendedType"),
                    input.extended_type.as_ref(),
                    1023,
                ),
                activity_type,
                transmission_id: input.transmission_id,
                performed_by: check_actor(
                    errors,
                    &format!("{path}.PerformedBy"),
                    input.performed_by.as_ref(),
                ),
                description,
            }
        })
        .collect();
    errors.unique_ids("Activities", activities.iter().map(|activity| activity.id));
    activities
}
