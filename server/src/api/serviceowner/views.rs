//! The JSON shapes of dialogs for service owners: the full dialog of a GET and the summary of a
//! search item share one header, as upstream's two schemas share their fields.

use serde::Serialize;
use uuid::Uuid;

use crate::{
    api::shared::seen::{SeenView, seen_since},
    domain::dialog::{
        model::{
            Activity, ActivityType, ApiAction, Attachment, ContentValueDoc, DialogContent,
            GuiAction, Transmission,
        },
        time::format_timestamp,
    },
    domain::party::Party,
    service::{
        dialogs::system_labels,
        end_user::{DialogAccess, view},
    },
    store::{
        dialogs::{DialogAggregate, DialogRecord},
        end_user_context::SeenLogEntry,
        search::Found,
    },
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct ValueItem {
    value: String,
}

fn value_items(values: &[String]) -> Vec<ValueItem> {
    values
        .iter()
        .map(|value| ValueItem {
            value: value.clone(),
        })
        .collect()
}

/// Service-owner labels in alphabetical order, as upstream lists them.
pub(super) fn sorted_labels(labels: &[String]) -> Vec<ValueItem> {
    let mut labels = value_items(labels);
    labels.sort_by(|a, b| a.value.cmp(&b.value));
    labels
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct EndUserContext {
    revision: Uuid,
    system_labels: Vec<&'static str>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct ServiceOwnerContext {
    revision: Uuid,
    service_owner_labels: Vec<ValueItem>,
}

/// The fields every view of a dialog carries.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DialogHeader<'a> {
    id: Uuid,
    revision: Uuid,
    org: &'a str,
    service_resource: &'a str,
    service_resource_type: String,
    #[schema(value_type = String)]
    party: &'a Party,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visible_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_at: Option<String>,
    created_at: String,
    updated_at: String,
    content_updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    process: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preceding_process: Option<&'a str>,
    is_api_only: bool,
    has_unopened_content: bool,
    from_service_owner_transmissions_count: i16,
    from_party_transmissions_count: i16,
    status: &'static str,
    system_label: &'static str,
    is_content_seen: bool,
    seen_since_last_update: Vec<SeenView<'a>>,
    seen_since_last_content_update: Vec<SeenView<'a>>,
    end_user_context: EndUserContext,
    service_owner_context: ServiceOwnerContext,
}

impl<'a> DialogHeader<'a> {
    /// The header with the seen log summarised, for a request made for `current` (an end user URN).
    pub fn with_seen(
        dialog: &'a DialogRecord,
        log: &'a [SeenLogEntry],
        current: Option<&str>,
    ) -> Self {
        Self {
            seen_since_last_update: seen_since(log, dialog.updated_at, current),
            seen_since_last_content_update: seen_since(log, dialog.content_updated_at, current),
            ..Self::from(dialog)
        }
    }
}

impl<'a> From<&'a DialogRecord> for DialogHeader<'a> {
    fn from(dialog: &'a DialogRecord) -> Self {
        let format =
            |date: &Option<chrono::DateTime<chrono::Utc>>| date.as_ref().map(format_timestamp);
        let labels = system_labels(dialog);
        Self {
            id: dialog.id.uuid(),
            revision: dialog.revision,
            org: &dialog.org,
            service_resource: dialog.service_resource.as_str(),
            service_resource_type: dialog.service_resource_type.to_lowercase(),
            party: &dialog.party,
            progress: dialog.progress,
            extended_status: dialog.extended_status.as_deref(),
            external_reference: dialog.external_reference.as_deref(),
            visible_from: format(&dialog.visible_from),
            due_at: format(&dialog.due_at),
            created_at: format_timestamp(&dialog.created_at),
            updated_at: format_timestamp(&dialog.updated_at),
            content_updated_at: format_timestamp(&dialog.content_updated_at),
            deleted_at: format(&dialog.deleted_at),
            process: dialog.process.as_deref(),
            preceding_process: dialog.preceding_process.as_deref(),
            is_api_only: dialog.is_api_only,
            has_unopened_content: dialog.has_unopened_content,
            from_service_owner_transmissions_count: dialog.from_service_owner_transmissions_count,
            from_party_transmissions_count: dialog.from_party_transmissions_count,
            status: dialog.status.name(),
            system_label: labels.first().map_or("Default", |label| label.name()),
            is_content_seen: dialog.is_seen_since_last_content_update,
            seen_since_last_update: Vec::new(),
            seen_since_last_content_update: Vec::new(),
            end_user_context: EndUserContext {
                revision: dialog.end_user_context_revision,
                system_labels: labels.iter().map(|label| label.name()).collect(),
            },
            service_owner_context: ServiceOwnerContext {
                revision: dialog.service_owner_context_revision,
                service_owner_labels: sorted_labels(&dialog.service_owner_labels),
            },
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionView<'a> {
    #[serde(flatten)]
    transmission: &'a Transmission,
    is_opened: bool,
}

impl<'a> TransmissionView<'a> {
    /// A transmission with whether the party has opened it (a TransmissionOpened activity).
    pub fn new(transmission: &'a Transmission, activities: &[Activity]) -> Self {
        let opened = activities.iter().any(|activity| {
            activity.activity_type == ActivityType::TransmissionOpened
                && activity.transmission_id == Some(transmission.id)
        });
        Self {
            transmission,
            is_opened: !transmission.transmission_type.is_from_party() && opened,
        }
    }
}

/// A part of a dialog with whether the end user the request names may use it (upstream's
/// `isAuthorized` on a service owner's GET with `endUserId`); absent when it names none.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decided<T: utoipa::ToSchema> {
    #[serde(flatten)]
    part: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_authorized: Option<bool>,
}

fn decided<T: utoipa::ToSchema>(
    parts: impl IntoIterator<Item = T>,
    access: Option<&DialogAccess>,
    decide: impl Fn(&DialogAccess, &T) -> bool,
) -> Vec<Decided<T>> {
    parts
        .into_iter()
        .map(|part| Decided {
            is_authorized: access.map(|access| decide(access, &part)),
            part,
        })
        .collect()
}

/// A dialog's content, its main content reference with whether the named end user may read it.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DialogViewContent {
    #[serde(flatten)]
    rest: DialogContent,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_content_reference: Option<Decided<ContentValueDoc>>,
}

impl DialogViewContent {
    fn new(content: &DialogContent, access: Option<&DialogAccess>) -> Self {
        Self {
            main_content_reference: content.main_content_reference.clone().map(|part| Decided {
                part,
                is_authorized: access.map(DialogAccess::read),
            }),
            rest: DialogContent {
                main_content_reference: None,
                ..content.clone()
            },
        }
    }
}

/// The service-owner view of a dialog, shaped as upstream's `V1ServiceOwnerDialogsQueriesGet_Dialog`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DialogView<'a> {
    #[serde(flatten)]
    header: DialogHeader<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotent_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    content: DialogViewContent,
    search_tags: Vec<ValueItem>,
    attachments: &'a [Attachment],
    gui_actions: Vec<Decided<GuiAction>>,
    api_actions: Vec<Decided<ApiAction>>,
    activities: &'a [Activity],
    transmissions: Vec<Decided<TransmissionView<'a>>>,
}

/// The end user a service owner's GET is made for (`?endUserId=`): their URN and what they may
/// do with the dialog.
pub struct ReadFor<'a> {
    pub current: &'a str,
    pub access: &'a DialogAccess,
}

impl<'a> DialogView<'a> {
    /// The dialog, as read for an end user if the request names one.
    pub fn new(aggregate: &'a DialogAggregate, read_for: Option<ReadFor<'_>>) -> Self {
        let dialog = &aggregate.dialog;
        let access = read_for.as_ref().map(|read_for| read_for.access);
        let transmissions = aggregate
            .transmissions
            .iter()
            .map(|transmission| TransmissionView::new(transmission, &aggregate.activities));
        Self {
            header: DialogHeader::with_seen(
                dialog,
                &aggregate.seen_log,
                read_for.as_ref().map(|read_for| read_for.current),
            ),
            idempotent_key: dialog.idempotent_key.as_deref(),
            expires_at: dialog.expires_at.as_ref().map(format_timestamp),
            content: DialogViewContent::new(&dialog.content.0, access),
            search_tags: value_items(&dialog.search_tags),
            attachments: &dialog.attachments.0,
            gui_actions: decided(
                dialog.gui_actions.0.iter().cloned(),
                access,
                |access, gui| access.gui_action(gui),
            ),
            api_actions: decided(
                dialog.api_actions.0.iter().cloned(),
                access,
                |access, api| access.api_action(api),
            ),
            activities: &aggregate.activities,
            transmissions: decided(transmissions, access, |access, view| {
                access.transmission_of(view.transmission)
            }),
        }
    }
}

/// The content types a list shows.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct ListContent<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender_name: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extended_status: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    non_sensitive_title: Option<&'a ContentValueDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    non_sensitive_summary: Option<&'a ContentValueDoc>,
}

/// A search result item, shaped as upstream's `V1ServiceOwnerDialogsQueriesSearch_Dialog`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DialogSummary<'a> {
    #[serde(flatten)]
    header: DialogHeader<'a>,
    content: ListContent<'a>,
    gui_attachment_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_activity: Option<&'a Activity>,
}

impl<'a> DialogSummary<'a> {
    pub fn new(found: &'a Found, current: Option<&str>) -> Self {
        let dialog = &found.dialog;
        let content = &dialog.content.0;
        Self {
            header: DialogHeader::with_seen(dialog, &found.seen_log, current),
            content: ListContent {
                title: content.title.as_ref(),
                summary: content.summary.as_ref(),
                sender_name: content.sender_name.as_ref(),
                extended_status: content.extended_status.as_ref(),
                non_sensitive_title: content.non_sensitive_title.as_ref(),
                non_sensitive_summary: content.non_sensitive_summary.as_ref(),
            },
            gui_attachment_count: view::gui_attachment_count(dialog),
            latest_activity: found.latest_activity.as_ref(),
        }
    }
}
