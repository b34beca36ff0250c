//! The JSON shapes of dialogs for end users: what they may see, with `isAuthorized` on each
//! action and transmission and the URLs they may not use replaced by
//! `urn:dialogporten:unauthorized` (or `urn:dialogporten:expired`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{
    elements::{
        ApiActionView, EndUserTransmission, GuiActionView, masked_value, wire_attachments,
        wire_excluded,
    },
    excluded::ExcludedElement,
    schema::{
        EndUserApiActionDoc, EndUserAttachmentDoc, EndUserGuiActionDoc, EndUserTransmissionDoc,
    },
};
use crate::{
    api::shared::seen::{SeenView, seen_since},
    domain::dialog::{
        model::{Activity, Attachment, ContentValueDoc, DialogContent},
        time::format_timestamp,
    },
    domain::party::Party,
    service::{
        dialogs::system_labels,
        end_user::{
            self,
            view::{self, ShownElements},
        },
    },
    store::{dialogs::DialogRecord, end_user_context::SeenLogEntry, search::Found},
};

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
    #[schema(value_type = String)]
    party: &'a Party,
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
            id: dialog.id.uuid(),
            org: &dialog.org,
            service_resource: dialog.service_resource.as_str(),
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
            status: dialog.status.name(),
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
        let shown = ShownElements::new(aggregate, access, now);
        let attachments = wire_attachments(shown.attachments);
        let excluded_attachments = wire_excluded(shown.excluded_attachments);
        let gui_actions = shown.gui_actions.into_iter().map(Into::into).collect();
        let excluded_gui_actions = wire_excluded(shown.excluded_gui_actions);
        let api_actions = shown.api_actions.into_iter().map(Into::into).collect();
        let excluded_api_actions = wire_excluded(shown.excluded_api_actions);
        let transmissions = shown.transmissions.into_iter().map(Into::into).collect();
        let excluded_transmissions = wire_excluded(shown.excluded_transmissions);
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
            gui_attachment_count: view::gui_attachment_count(dialog),
            latest_activity: found.latest_activity.as_ref(),
        }
    }
}
