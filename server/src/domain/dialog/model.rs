//! The dialog aggregate after validation. These shapes are stored as JSONB for the child
//! collections and written to clients as they are (camelCase, nulls omitted).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{party::Party, resource::ResourceId};

use super::{
    authorization_context::AuthorizationContext, content::ContentValue, language::Localization,
    status::DialogStatus,
};

/// `{ "languageCode": "nb", "value": "..." }`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocalizationDoc {
    pub language_code: String,
    pub value: String,
}

impl From<&Localization> for LocalizationDoc {
    fn from(localization: &Localization) -> Self {
        Self {
            language_code: localization.language_code.as_str().to_owned(),
            value: localization.value.clone(),
        }
    }
}

pub fn localization_docs(items: &[Localization]) -> Vec<LocalizationDoc> {
    items.iter().map(LocalizationDoc::from).collect()
}

/// `{ "value": [...], "mediaType": "text/plain" }`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContentValueDoc {
    pub value: Vec<LocalizationDoc>,
    pub media_type: String,
}

impl From<&ContentValue> for ContentValueDoc {
    fn from(content: &ContentValue) -> Self {
        Self {
            value: localization_docs(&content.value),
            media_type: content.media_type.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DialogContent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_status: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_content_reference: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_sensitive_title: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_sensitive_summary: Option<ContentValueDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionContent {
    pub title: ContentValueDoc,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_reference: Option<ContentValueDoc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum AttachmentUrlConsumerType {
    Gui,
    Api,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentUrl {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    pub consumer_type: AttachmentUrlConsumerType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: Uuid,
    pub display_name: Vec<LocalizationDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub urls: Vec<AttachmentUrl>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::time::serde_utc::option"
    )]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_context: Option<AuthorizationContext>,
    /// Set only in what an end user is shown: whether they may use it. Never stored.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    #[schema(ignore)]
    pub is_authorized: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum GuiActionPriority {
    Primary,
    Secondary,
    Tertiary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
    Connect,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GuiAction {
    pub id: Uuid,
    pub action: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_attribute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_context: Option<AuthorizationContext>,
    pub is_delete_dialog_action: bool,
    pub http_method: HttpMethod,
    pub priority: GuiActionPriority,
    pub title: Vec<LocalizationDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Vec<LocalizationDoc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiActionEndpoint {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub url: String,
    pub http_method: HttpMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_schema: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_schema: Option<String>,
    pub deprecated: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::time::serde_utc::option"
    )]
    pub sunset_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiAction {
    pub id: Uuid,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_attribute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_context: Option<AuthorizationContext>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub endpoints: Vec<ApiActionEndpoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ActorType {
    PartyRepresentative,
    ServiceOwner,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub actor_type: ActorType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum TransmissionType {
    Information = 1,
    Acceptance = 2,
    Rejection = 3,
    Request = 4,
    Alert = 5,
    Decision = 6,
    Submission = 7,
    Correction = 8,
}

impl TransmissionType {
    /// Submissions and corrections come from the party; everything else from the service owner.
    pub fn is_from_party(self) -> bool {
        matches!(self, Self::Submission | Self::Correction)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NavigationalAction {
    pub title: Vec<LocalizationDoc>,
    pub url: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::time::serde_utc::option"
    )]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_context: Option<AuthorizationContext>,
    /// Set only in what an end user is shown: whether they may use it. Never stored.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    #[schema(ignore)]
    pub is_authorized: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Transmission {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotent_key: Option<String>,
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_attribute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_context: Option<AuthorizationContext>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_transmission_id: Option<Uuid>,
    #[serde(rename = "type")]
    pub transmission_type: TransmissionType,
    pub sender: Actor,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<TransmissionContent>,
    pub attachments: Vec<Attachment>,
    pub navigational_actions: Vec<NavigationalAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ActivityType {
    DialogCreated = 1,
    DialogClosed = 2,
    Information = 3,
    TransmissionOpened = 4,
    PaymentMade = 5,
    SignatureProvided = 6,
    DialogOpened = 7,
    DialogDeleted = 8,
    DialogRestored = 9,
    SentToSigning = 10,
    SentToFormFill = 11,
    SentToSendIn = 12,
    SentToPayment = 13,
    FormSubmitted = 14,
    FormSaved = 15,
    CorrespondenceOpened = 16,
    CorrespondenceConfirmed = 17,
}

impl ActivityType {
    /// Only callers with the correspondence scope may record these.
    pub fn needs_correspondence_scope(self) -> bool {
        matches!(
            self,
            Self::CorrespondenceOpened | Self::CorrespondenceConfirmed
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: Uuid,
    #[serde(with = "super::time::serde_utc")]
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_type: Option<String>,
    #[serde(rename = "type")]
    pub activity_type: ActivityType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transmission_id: Option<Uuid>,
    pub performed_by: Actor,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<LocalizationDoc>,
}

/// A validated dialog, ready to store. Server-derived fields (org, resource type, revision,
/// timestamps) are set by the service.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDialog {
    pub id: Uuid,
    pub idempotent_key: Option<String>,
    pub service_resource: ResourceId,
    pub party: Party,
    pub progress: Option<i16>,
    pub extended_status: Option<String>,
    pub external_reference: Option<String>,
    pub visible_from: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub process: Option<String>,
    pub preceding_process: Option<String>,
    pub is_api_only: bool,
    pub status: DialogStatus,
    pub system_label: super::status::SystemLabel,
    pub service_owner_labels: Vec<String>,
    pub content: DialogContent,
    pub search_tags: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub gui_actions: Vec<GuiAction>,
    pub api_actions: Vec<ApiAction>,
    pub transmissions: Vec<Transmission>,
    pub activities: Vec<Activity>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::json::from_value;

    /// Numeric input maps to variants by declaration order, so the order must be upstream's ids.
    #[test]
    fn enums_are_declared_in_the_order_of_upstreams_ids() {
        let parse = |kind: &str, id: u64| -> serde_json::Value {
            let value = serde_json::json!(id);
            match kind {
                "transmission" => {
                    serde_json::to_value(from_value::<TransmissionType>(value).expect("valid"))
                }
                "activity" => {
                    serde_json::to_value(from_value::<ActivityType>(value).expect("valid"))
                }
                "method" => serde_json::to_value(from_value::<HttpMethod>(value).expect("valid")),
                _ => serde_json::to_value(from_value::<GuiActionPriority>(value).expect("valid")),
            }
            .expect("serializes")
        };
        assert_eq!(parse("transmission", 7), "Submission");
        assert_eq!(parse("transmission", 8), "Correction");
        assert_eq!(parse("activity", 4), "TransmissionOpened");
        assert_eq!(parse("activity", 17), "CorrespondenceConfirmed");
        assert_eq!(parse("method", 5), "DELETE");
        assert_eq!(parse("method", 9), "CONNECT");
        assert_eq!(parse("priority", 3), "Tertiary");
        for (variant, id) in [
            (TransmissionType::Decision, 6),
            (TransmissionType::Information, 1),
        ] {
            assert_eq!(variant as i16, id);
        }
    }
}
