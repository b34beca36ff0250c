//! How a dialog's elements read for an end user: attachments, GUI and API actions and
//! transmissions, with `isAuthorized`, and the URLs they may not use replaced by
//! `urn:dialogporten:unauthorized` (or `urn:dialogporten:expired`).

use serde::Serialize;

use super::excluded::ExcludedElement;
use crate::{
    domain::dialog::model::{ApiAction, Attachment, ContentValueDoc, GuiAction, Transmission},
    service::end_user::view::{
        Availability, Excluded, ShownApiAction, ShownAttachment, ShownGuiAction, ShownTransmission,
    },
};

pub(super) const UNAUTHORIZED: &str = "urn:dialogporten:unauthorized";
const EXPIRED: &str = "urn:dialogporten:expired";

/// How a URL the user may not follow is written: upstream's URNs in its place.
pub(super) fn wire_url(availability: Availability) -> String {
    match availability {
        Availability::Available(url) => url,
        Availability::Unauthorized => UNAUTHORIZED.to_owned(),
        Availability::Expired => EXPIRED.to_owned(),
    }
}

pub(super) fn wire_attachment(shown: ShownAttachment) -> Attachment {
    let mut attachment = shown.attachment;
    for (url, availability) in attachment.urls.iter_mut().zip(shown.urls) {
        url.url = wire_url(availability);
    }
    attachment
}

pub(super) fn wire_attachments(shown: Vec<ShownAttachment>) -> Vec<Attachment> {
    shown.into_iter().map(wire_attachment).collect()
}

/// The stand-ins, left out of the body when there are none.
pub(super) fn wire_excluded(excluded: Vec<Excluded>) -> Option<Vec<ExcludedElement>> {
    (!excluded.is_empty()).then(|| excluded.into_iter().map(ExcludedElement::from).collect())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GuiActionView {
    #[serde(flatten)]
    action: GuiAction,
    is_authorized: bool,
}

impl From<ShownGuiAction> for GuiActionView {
    fn from(shown: ShownGuiAction) -> Self {
        let mut action = shown.action;
        action.url = wire_url(shown.url);
        Self {
            action,
            is_authorized: shown.authorized,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiActionView {
    #[serde(flatten)]
    action: ApiAction,
    is_authorized: bool,
}

impl From<ShownApiAction> for ApiActionView {
    fn from(shown: ShownApiAction) -> Self {
        let mut action = shown.action;
        for (endpoint, availability) in action.endpoints.iter_mut().zip(shown.endpoints) {
            endpoint.url = wire_url(availability);
        }
        Self {
            action,
            is_authorized: shown.authorized,
        }
    }
}

/// Described in the OpenAPI document by [`super::schema::EndUserTransmissionDoc`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndUserTransmission {
    #[serde(flatten)]
    transmission: Transmission,
    is_authorized: bool,
    is_opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_attachments: Option<Vec<ExcludedElement>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_navigational_actions: Option<Vec<ExcludedElement>>,
}

impl From<ShownTransmission> for EndUserTransmission {
    fn from(shown: ShownTransmission) -> Self {
        let mut transmission = shown.transmission;
        transmission.attachments = wire_attachments(shown.attachments);
        transmission.navigational_actions = shown
            .navigational_actions
            .into_iter()
            .map(|shown| {
                let mut action = shown.action;
                action.url = wire_url(shown.url);
                action
            })
            .collect();
        if let Some(reference) = transmission
            .content
            .as_mut()
            .and_then(|content| content.content_reference.as_mut())
            .filter(|_| !shown.authorized)
        {
            *reference = masked_value(reference);
        }
        Self {
            transmission,
            is_authorized: shown.authorized,
            is_opened: shown.opened,
            excluded_attachments: wire_excluded(shown.excluded_attachments),
            excluded_navigational_actions: wire_excluded(shown.excluded_navigational_actions),
        }
    }
}

pub(super) fn masked_value(value: &ContentValueDoc) -> ContentValueDoc {
    let mut value = value.clone();
    for localization in &mut value.value {
        localization.value = UNAUTHORIZED.to_owned();
    }
    value
}
