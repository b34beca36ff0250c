//! The JSON shapes of dialogs for end users: what they may see, with `isAuthorized` on each
//! action and transmission and the URLs they may not use replaced by
//! `urn:dialogporten:unauthorized` (or `urn:dialogporten:expired`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{
    excluded::ExcludedElement,
    schema::{
        EndUserApiActionDoc, EndUserAttachmentDoc, EndUserGuiActionDoc, EndUserTransmissionDoc,
    },
};
use crate::{
    api::serviceowner::views::{SeenView, gui_attachment_count, seen_since},
    domain::dialog::{
        authorization_context::{AuthorizationContext, created_at, navigational_action_id},
        model::{
            Activity, ActivityType, ApiAction, Attachment, ContentValueDoc, DialogContent,
            GuiAction, Transmission,
        },
        status::DialogStatus,
        time::format_timestamp,
    },
    service::{
        dialogs::system_labels,
        end_user::{self, DialogAccess},
    },
    store::{
        dialogs::{DialogAggregate, DialogRecord},
        end_user_context::SeenLogEntry,
        search::Found,
    },
};

pub const UNAUTHORIZED: &str = "urn:dialogporten:unauthorized";
pub const EXPIRED: &str = "urn:dialogporten:expired";

fn is_expired(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|expires| expires <= now)
}

/// An attachment with its URLs replaced when the user may not use them or they have expired.
fn masked_attachment(attachment: &Attachment, authorized: bool, now: DateTime<Utc>) -> Attachment {
    let mut attachment = attachment.clone();
    let replacement = if !authorized {
        Some(UNAUTHORIZED)
    } else if is_expired(attachment.expires_at, now) {
        Some(EXPIRED)
    } else {
        None
    };
    if let Some(replacement) = replacement {
        for url in &mut attachment.urls {
            url.url = replacement.to_owned();
        }
    }
    attachment.authorization_context = None;
    attachment.is_authorized = Some(authorized);
    attachment
}

/// The entities an end user may see, in order, and stand-ins for those their authorization
/// context excludes (`None` when there are none, so that the list is left out).
fn shown_and_excluded<T, V>(
    entities: impl IntoIterator<Item = T>,
    mut show: impl FnMut(T) -> Result<V, ExcludedElement>,
) -> (Vec<V>, Option<Vec<ExcludedElement>>) {
    let mut shown = Vec::new();
    let mut excluded = Vec::new();
    for entity in entities {
        match show(entity) {
            Ok(view) => shown.push(view),
            Err(stub) => excluded.push(stub),
        }
    }
    (shown, (!excluded.is_empty()).then_some(excluded))
}

/// Whether an entity the user is not authorized for leaves its list.
fn excluded(authorized: bool, context: &Option<AuthorizationContext>) -> bool {
    !authorized && context.as_ref().is_some_and(AuthorizationContext::excludes)
}

fn masked_value(value: &ContentValueDoc) -> ContentValueDoc {
    let mut value = value.clone();
    for localization in &mut value.value {
        localization.value = UNAUTHORIZED.to_owned();
    }
    value
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizedValue {
    #[serde(flatten)]
    value: ContentValueDoc,
    is_authorized: bool,
}

/// The content an end user sees: no non-sensitive variants; the main content reference marked
/// and masked by read access.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndUserContent {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender_name: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_info: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_status: Option<ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_content_reference: Option<AuthorizedValue>,
}

impl EndUserContent {
    fn new(content: &DialogContent, read: bool) -> Self {
        Self {
            title: content.title.clone(),
            summary: content.summary.clone(),
            sender_name: content.sender_name.clone(),
            additional_info: content.additional_info.clone(),
            extended_status: content.extended_status.clone(),
            main_content_reference: content.main_content_reference.as_ref().map(|value| {
                AuthorizedValue {
                    value: if read {
                        value.clone()
                    } else {
                        masked_value(value)
                    },
                    is_authorized: read,
                }
            }),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GuiActionView {
    #[serde(flatten)]
    pub(crate) action: GuiAction,
    pub(crate) is_authorized: bool,
}

impl GuiActionView {
    /// A GUI action as the user may see it: its URL replaced when they may not use it.
    pub(crate) fn new(action: &GuiAction, access: &DialogAccess) -> Self {
        let authorized = access.gui_action(action);
        let mut action = action.clone();
        if !authorized {
            action.url = UNAUTHORIZED.to_owned();
        }
        if let Some(context) = action.authorization_context.take() {
            action.action = context.effective_action().to_owned();
        }
        Self {
            action,
            is_authorized: authorized,
        }
    }

    /// The dialog's GUI actions as the user sees them, and those left out for them.
    pub(crate) fn all(
        dialog: &DialogRecord,
        access: &DialogAccess,
    ) -> (Vec<Self>, Option<Vec<ExcludedElement>>) {
        shown_and_excluded(&dialog.gui_actions.0, |action| {
            let view = Self::new(action, access);
            if excluded(view.is_authorized, &action.authorization_context) {
                Err(ExcludedElement::new(
                    action.id,
                    created_at(action.id, dialog.created_at),
                ))
            } else {
                Ok(view)
            }
        })
    }
}

/// A dialog's own attachments as the user sees them: URLs replaced where they may not use them
/// or they have expired, and those their authorization context excludes left out.
pub(crate) fn dialog_attachments(
    dialog: &DialogRecord,
    access: &DialogAccess,
    now: DateTime<Utc>,
) -> (Vec<Attachment>, Option<Vec<ExcludedElement>>) {
    shown_and_excluded(&dialog.attachments.0, |attachment| {
        let authorized = access.dialog_attachment(attachment);
        if excluded(authorized, &attachment.authorization_context) {
            Err(ExcludedElement::new(
                attachment.id,
                created_at(attachment.id, dialog.created_at),
            ))
        } else {
            Ok(masked_attachment(attachment, authorized, now))
        }
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiActionView {
    #[serde(flatten)]
    action: ApiAction,
    is_authorized: bool,
}

/// Described in the OpenAPI document by [`super::schema::EndUserTransmissionDoc`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndUserTransmission {
    #[serde(flatten)]
    pub(crate) transmission: Transmission,
    pub(crate) is_authorized: bool,
    pub(crate) is_opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_attachments: Option<Vec<ExcludedElement>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_navigational_actions: Option<Vec<ExcludedElement>>,
}

/// A transmission an end user is shown, or why not.
pub enum Shown {
    Transmission(Box<EndUserTransmission>),
    /// Its authorization context excludes it for the user.
    Excluded(ExcludedElement),
}

impl EndUserTransmission {
    /// The transmissions of the dialog the user may see, oldest first, and those left out for them.
    pub fn all(
        aggregate: &DialogAggregate,
        access: &DialogAccess,
        now: DateTime<Utc>,
    ) -> (Vec<Self>, Option<Vec<ExcludedElement>>) {
        shown_and_excluded(&aggregate.transmissions, |transmission| {
            match Self::shown(transmission, &aggregate.activities, access, now) {
                Shown::Transmission(view) => Ok(*view),
                Shown::Excluded(stub) => Err(stub),
            }
        })
    }

    /// A transmission as the user may see it (the idempotency key is the service owner's), with
    /// each attachment and navigational action never more available than the transmission.
    pub fn shown(
        transmission: &Transmission,
        activities: &[Activity],
        access: &DialogAccess,
        now: DateTime<Utc>,
    ) -> Shown {
        let authorized = access.transmission_of(transmission);
        if excluded(authorized, &transmission.authorization_context) {
            return Shown::Excluded(ExcludedElement::new(
                transmission.id,
                transmission.created_at,
            ));
        }
        let mut shown = transmission.clone();
        shown.idempotent_key = None;
        shown.authorization_context = None;
        let (attachments, excluded_attachments) =
            shown_and_excluded(&transmission.attachments, |attachment| {
                let granted = access.transmission_attachment(authorized, attachment);
                if excluded(granted, &attachment.authorization_context) {
                    Err(ExcludedElement::new(
                        attachment.id,
                        created_at(attachment.id, transmission.created_at),
                    ))
                } else {
                    Ok(masked_attachment(attachment, granted, now))
                }
            });
        shown.attachments = attachments;
        let (navigational_actions, excluded_navigational_actions) = shown_and_excluded(
            transmission.navigational_actions.iter().enumerate(),
            |(index, action)| {
                let granted = access.navigational_action((transmission, authorized), index, action);
                if excluded(granted, &action.authorization_context) {
                    return Err(ExcludedElement::new(
                        navigational_action_id(transmission.id, index),
                        transmission.created_at,
                    ));
                }
                let mut action = action.clone();
                if !granted {
                    action.url = UNAUTHORIZED.to_owned();
                } else if is_expired(action.expires_at, now) {
                    action.url = EXPIRED.to_owned();
                }
                action.authorization_context = None;
                action.is_authorized = Some(granted);
                Ok(action)
            },
        );
        shown.navigational_actions = navigational_actions;
        if let Some(reference) = shown
            .content
            .as_mut()
            .and_then(|content| content.content_reference.as_mut())
            .filter(|_| !authorized)
        {
            *reference = masked_value(reference);
        }
        let opened = activities.iter().any(|activity| {
            activity.activity_type == ActivityType::TransmissionOpened
                && activity.transmission_id == Some(transmission.id)
        });
        Shown::Transmission(Box::new(Self {
            transmission: shown,
            is_authorized: authorized,
            is_opened: !transmission.transmission_type.is_from_party() && opened,
            excluded_attachments,
            excluded_navigational_actions,
        }))
    }
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct EndUserContextView {
    revision: Uuid,
    system_labels: Vec<&'static str>,
}

/// The fields the dialog and the list item share.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndUserHeader<'a> {
    id: Uuid,
    org: &'a str,
    service_resource: &'a str,
    service_resource_type: String,
    party: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    process: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preceding_process: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_at: Option<String>,
    created_at: String,
    updated_at: String,
    content_updated_at: String,
    status: &'static str,
    system_label: &'static str,
    is_api_only: bool,
    has_unopened_content: bool,
    from_service_owner_transmissions_count: i16,
    from_party_transmissions_count: i16,
    is_content_seen: bool,
    seen_since_last_update: Vec<SeenView<'a>>,
    seen_since_last_content_update: Vec<SeenView<'a>>,
    end_user_context: EndUserContextView,
}

impl<'a> EndUserHeader<'a> {
    fn new(dialog: &'a DialogRecord, seen_log: &'a [SeenLogEntry], current: &str) -> Self {
        let labels = system_labels(dialog);
        Self {
            id: dialog.id,
            org: &dialog.org,
            service_resource: &dialog.service_resource,
            service_resource_type: dialog.service_resource_type.to_lowercase(),
            party: &dialog.party,
            progress: dialog.progress,
            process: dialog.process.as_deref(),
            preceding_process: dialog.preceding_process.as_deref(),
            extended_status: dialog.extended_status.as_deref(),
            external_reference: dialog.external_reference.as_deref(),
            due_at: dialog.due_at.as_ref().map(format_timestamp),
            created_at: format_timestamp(&dialog.created_at),
            updated_at: format_timestamp(&dialog.updated_at),
            content_updated_at: format_timestamp(&dialog.content_updated_at),
            status: DialogStatus::from_id(dialog.status)
                .unwrap_or(DialogStatus::NotApplicable)
                .name(),
            system_label: labels.first().map_or("Default", |label| label.name()),
            is_api_only: dialog.is_api_only,
            has_unopened_content: dialog.has_unopened_content,
            from_service_owner_transmissions_count: dialog.from_service_owner_transmissions_count,
            from_party_transmissions_count: dialog.from_party_transmissions_count,
            is_content_seen: dialog.is_seen_since_last_content_update && !dialog.marked_as_unopened,
            seen_since_last_update: seen_since(seen_log, dialog.updated_at, Some(current)),
            seen_since_last_content_update: seen_since(
                seen_log,
                dialog.content_updated_at,
                Some(current),
            ),
            end_user_context: EndUserContextView {
                revision: dialog.end_user_context_revision,
                system_labels: labels.iter().map(|label| label.name()).collect(),
            },
        }
    }
}

/// One dialog as its end user opens it, shaped as upstream's `V1EndUserDialogsQueriesGet_Dialog`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndUserDialogView<'a> {
    #[serde(flatten)]
    header: EndUserHeader<'a>,
    revision: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    content: EndUserContent,
    dialog_token: &'a str,
    #[schema(value_type = Vec<EndUserAttachmentDoc>)]
    attachments: Vec<Attachment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_attachments: Option<Vec<ExcludedElement>>,
    #[schema(value_type = Vec<EndUserGuiActionDoc>)]
    gui_actions: Vec<GuiActionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_gui_actions: Option<Vec<ExcludedElement>>,
    #[schema(value_type = Vec<EndUserApiActionDoc>)]
    api_actions: Vec<ApiActionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_api_actions: Option<Vec<ExcludedElement>>,
    #[schema(value_type = Vec<EndUserTransmissionDoc>)]
    transmissions: Vec<EndUserTransmission>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_transmissions: Option<Vec<ExcludedElement>>,
    activities: &'a [Activity],
}

impl<'a> EndUserDialogView<'a> {
    /// `current`: the user's own URN, for `isCurrentEndUser`.
    pub fn new(
        opened: &'a crate::service::end_user::OpenedDialog,
        current: &str,
        now: DateTime<Utc>,
    ) -> Self {
        let aggregate = &opened.aggregate;
        let access = &opened.access;
        let dialog = &aggregate.dialog;
        let (attachments, excluded_attachments) = dialog_attachments(dialog, access, now);
        let (gui_actions, excluded_gui_actions) = GuiActionView::all(dialog, access);
        let (api_actions, excluded_api_actions) =
            shown_and_excluded(&dialog.api_actions.0, |action| {
                let authorized = access.api_action(action);
                if excluded(authorized, &action.authorization_context) {
                    return Err(ExcludedElement::new(
                        action.id,
                        created_at(action.id, dialog.created_at),
                    ));
                }
                let mut action = action.clone();
                if !authorized {
                    for endpoint in &mut action.endpoints {
                        endpoint.url = UNAUTHORIZED.to_owned();
                    }
                }
                if let Some(context) = action.authorization_context.take() {
                    action.action = context.effective_action().to_owned();
                }
                Ok(ApiActionView {
                    action,
                    is_authorized: authorized,
                })
            });
        let (transmissions, excluded_transmissions) =
            EndUserTransmission::all(aggregate, access, now);
        Self {
            header: EndUserHeader::new(dialog, &aggregate.seen_log, current),
            revision: dialog.revision,
            expires_at: dialog.expires_at.as_ref().map(format_timestamp),
            content: EndUserContent::new(&dialog.content.0, access.read()),
            dialog_token: &opened.token,
            attachments,
            excluded_attachments,
            gui_actions,
            excluded_gui_actions,
            api_actions,
            excluded_api_actions,
            transmissions,
            excluded_transmissions,
            activities: &aggregate.activities,
        }
    }
}

/// The content types a list shows; the non-sensitive title and summary stand in for the real
/// ones when the user signed in below the resource's level.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EndUserListContent)]
struct ListContent<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender_name: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_status: Option<&'a ContentValueDoc>,
}

/// A search result, shaped as upstream's `V1EndUserDialogsQueriesSearch_Dialog`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndUserSummary<'a> {
    #[serde(flatten)]
    header: EndUserHeader<'a>,
    content: ListContent<'a>,
    gui_attachment_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_activity: Option<&'a Activity>,
}

impl<'a> EndUserSummary<'a> {
    /// `sensitive`: whether the user signed in at the level the resource asks for.
    pub fn new(found: &'a Found, current: &str, sensitive: bool) -> Self {
        let dialog = &found.dialog;
        let content = &dialog.content.0;
        let (title, summary) = end_user::listed_title_and_summary(content, sensitive);
        Self {
            header: EndUserHeader::new(dialog, &found.seen_log, current),
            content: ListContent {
                title,
                summary,
                sender_name: content.sender_name.as_ref(),
                extended_status: content.extended_status.as_ref(),
            },
            gui_attachment_count: gui_attachment_count(dialog),
            latest_activity: found.latest_activity.as_ref(),
        }
    }
}
