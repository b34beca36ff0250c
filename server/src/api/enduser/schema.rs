//! What the OpenAPI document says end users get for the parts of a dialog. The views serialize
//! the stored parts with what an end user may not see taken out (authorization contexts) and
//! what they may do put in (`isAuthorized`); these shapes describe exactly that.
#![expect(
    dead_code,
    reason = "described, never built: the views serialize the stored parts"
)]

use uuid::Uuid;

use super::excluded::ExcludedElement;
use crate::domain::dialog::model::{
    Actor, ApiActionEndpoint, AttachmentUrl, GuiActionPriority, HttpMethod, LocalizationDoc,
    TransmissionContent, TransmissionType,
};

#[derive(utoipa::ToSchema)]
#[schema(as = EndUserAttachment)]
pub struct EndUserAttachmentDoc {
    id: Uuid,
    #[schema(rename = "displayName")]
    display_name: Vec<LocalizationDoc>,
    name: Option<String>,
    urls: Vec<AttachmentUrl>,
    #[schema(rename = "expiresAt")]
    expires_at: Option<String>,
    #[schema(rename = "isAuthorized")]
    is_authorized: bool,
}

#[derive(utoipa::ToSchema)]
#[schema(as = EndUserNavigationalAction)]
pub struct EndUserNavigationalActionDoc {
    title: Vec<LocalizationDoc>,
    url: String,
    #[schema(rename = "expiresAt")]
    expires_at: Option<String>,
    #[schema(rename = "isAuthorized")]
    is_authorized: bool,
}

#[derive(utoipa::ToSchema)]
#[schema(as = EndUserGuiAction)]
pub struct EndUserGuiActionDoc {
    id: Uuid,
    /// The action evaluated: an authorization context's (`read` when it names none) or the
    /// action's own.
    action: String,
    url: String,
    #[schema(rename = "authorizationAttribute")]
    authorization_attribute: Option<String>,
    #[schema(rename = "isAuthorized")]
    is_authorized: bool,
    #[schema(rename = "isDeleteDialogAction")]
    is_delete_dialog_action: bool,
    #[schema(rename = "httpMethod")]
    http_method: HttpMethod,
    priority: GuiActionPriority,
    title: Vec<LocalizationDoc>,
    prompt: Option<Vec<LocalizationDoc>>,
}

#[derive(utoipa::ToSchema)]
#[schema(as = EndUserApiAction)]
pub struct EndUserApiActionDoc {
    id: Uuid,
    action: String,
    #[schema(rename = "authorizationAttribute")]
    authorization_attribute: Option<String>,
    #[schema(rename = "isAuthorized")]
    is_authorized: bool,
    name: Option<String>,
    endpoints: Vec<ApiActionEndpoint>,
}

#[derive(utoipa::ToSchema)]
#[schema(as = EndUserTransmission)]
pub struct EndUserTransmissionDoc {
    id: Uuid,
    #[schema(rename = "createdAt")]
    created_at: String,
    #[schema(rename = "authorizationAttribute")]
    authorization_attribute: Option<String>,
    #[schema(rename = "isAuthorized")]
    is_authorized: bool,
    #[schema(rename = "extendedType")]
    extended_type: Option<String>,
    #[schema(rename = "externalReference")]
    external_reference: Option<String>,
    #[schema(rename = "relatedTransmissionId")]
    related_transmission_id: Option<Uuid>,
    #[schema(rename = "type")]
    transmission_type: TransmissionType,
    sender: Actor,
    #[schema(rename = "isOpened")]
    is_opened: bool,
    content: Option<TransmissionContent>,
    attachments: Vec<EndUserAttachmentDoc>,
    #[schema(rename = "excludedAttachments")]
    excluded_attachments: Option<Vec<ExcludedElement>>,
    #[schema(rename = "navigationalActions")]
    navigational_actions: Vec<EndUserNavigationalActionDoc>,
    #[schema(rename = "excludedNavigationalActions")]
    excluded_navigational_actions: Option<Vec<ExcludedElement>>,
}
