//! The create-dialog request as service owners send it: every field optional, so that a
//! missing one is reported by validation at its property path rather than by the parser.

use super::*;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocalizationInput {
    pub language_code: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContentValueInput {
    pub value: Option<Vec<LocalizationInput>>,
    pub media_type: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ValueInput {
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceOwnerContextInput {
    pub service_owner_labels: Option<Vec<ValueInput>>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationContextInput {
    pub service_resource: Option<String>,
    pub additional_resource_attribute: Option<String>,
    /// `null` counts as none, as upstream normalizes it.
    pub parties: Option<Vec<String>>,
    #[serde(default)]
    pub include_dialog_party: bool,
    pub action: Option<String>,
    pub token_ref: Option<String>,
    pub unauthorized_presentation: Option<UnauthorizedPresentation>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentUrlInput {
    pub id: Option<Uuid>,
    pub url: Option<String>,
    pub media_type: Option<String>,
    pub consumer_type: Option<AttachmentUrlConsumerType>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInput {
    pub id: Option<Uuid>,
    pub display_name: Option<Vec<LocalizationInput>>,
    pub name: Option<String>,
    pub urls: Option<Vec<AttachmentUrlInput>>,
    pub expires_at: Option<DateTime<FixedOffset>>,
    pub authorization_context: Option<AuthorizationContextInput>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GuiActionInput {
    pub id: Option<Uuid>,
    pub action: Option<String>,
    pub url: Option<String>,
    pub authorization_attribute: Option<String>,
    pub authorization_context: Option<AuthorizationContextInput>,
    #[serde(default)]
    pub is_delete_dialog_action: bool,
    pub http_method: Option<HttpMethod>,
    pub priority: Option<GuiActionPriority>,
    pub title: Option<Vec<LocalizationInput>>,
    pub prompt: Option<Vec<LocalizationInput>>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiActionInput {
    pub id: Option<Uuid>,
    pub action: Option<String>,
    pub authorization_attribute: Option<String>,
    pub authorization_context: Option<AuthorizationContextInput>,
    pub name: Option<String>,
    pub endpoints: Option<Vec<ApiActionEndpointInput>>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActorInput {
    pub actor_type: Option<ActorType>,
    pub actor_name: Option<String>,
    pub actor_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionContentInput {
    pub title: Option<ContentValueInput>,
    pub summary: Option<ContentValueInput>,
    pub content_reference: Option<ContentValueInput>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NavigationalActionInput {
    pub title: Option<Vec<LocalizationInput>>,
    pub url: Option<String>,
    pub expires_at: Option<DateTime<FixedOffset>>,
    pub authorization_context: Option<AuthorizationContextInput>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionInput {
    pub id: Option<Uuid>,
    pub idempotent_key: Option<String>,
    pub created_at: Option<DateTime<FixedOffset>>,
    pub authorization_attribute: Option<String>,
    pub authorization_context: Option<AuthorizationContextInput>,
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

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateDialogRequest {
    pub id: Option<Uuid>,
    pub idempotent_key: Option<String>,
    pub service_resource: Option<String>,
    pub party: Option<String>,
    pub progress: Option<i32>,
    pub extended_status: Option<String>,
    pub external_reference: Option<String>,
    /// `visibleAt`, the service owners' guide's name for it, is taken too.
    #[serde(alias = "visibleAt")]
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
