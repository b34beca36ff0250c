//! Dialog operations for service owners: thin adapters over `service::dialogs`.

use axum::{
    Json, Router,
    extract::{Path, State},
    response::{IntoResponse, Response},
    routing::get,
};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    api::json::ApiJson,
    auth::principal::ServiceOwner,
    authz::Authorizer,
    domain::dialog::{
        create::CreateDialogRequest,
        model::{
            Activity, ActivityType, ApiAction, Attachment, DialogContent, GuiAction, Transmission,
        },
        status::DialogStatus,
        time::format_timestamp,
    },
    error::{Error, Result},
    service::{
        dialogs::{self, system_labels},
        lifecycle::{self, Change},
    },
    state::AppState,
    store::dialogs::DialogAggregate,
};

const DIALOGS: &str = "/api/v1/serviceowner/dialogs";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/serviceowner/dialogs",
            axum::routing::post(create_dialog),
        )
        .route(
            "/v1/serviceowner/dialogs/{dialogId}",
            get(get_dialog).delete(delete_dialog),
        )
        .route(
            "/v1/serviceowner/dialogs/{dialogId}/actions/restore",
            axum::routing::post(restore_dialog),
        )
        .route(
            "/v1/serviceowner/dialogs/{dialogId}/actions/purge",
            axum::routing::post(purge_dialog),
        )
        .route(
            "/v1/serviceowner/dialogs/{dialogId}/actions/freeze",
            axum::routing::post(freeze_dialog),
        )
}

fn etag(revision: Uuid) -> HeaderValue {
    // Upstream sends the bare GUID, without quotes.
    HeaderValue::from_str(&revision.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// 201 with `Location`, the revision as `ETag`, and the new id as a JSON string.
async fn create_dialog(
    owner: ServiceOwner,
    State(pool): State<sqlx::PgPool>,
    State(authorizer): State<Authorizer>,
    ApiJson(request): ApiJson<CreateDialogRequest>,
) -> Result<Response> {
    let created = dialogs::create(&pool, &authorizer, &owner, &request).await?;
    let location =
        HeaderValue::from_str(&format!("{DIALOGS}/{}", created.id)).map_err(anyhow::Error::from)?;
    Ok((
        StatusCode::CREATED,
        [
            (header::LOCATION, location),
            (header::ETAG, etag(created.revision)),
        ],
        Json(created.id.to_string()),
    )
        .into_response())
}

fn parse_id(raw: &str) -> Result<Uuid> {
    Uuid::parse_str(raw).map_err(|_| {
        Error::Validation(Error::field(
            "dialogId",
            format!("'{raw}' is not a valid GUID"),
        ))
    })
}

async fn get_dialog(
    owner: ServiceOwner,
    State(pool): State<sqlx::PgPool>,
    State(authorizer): State<Authorizer>,
    Path(dialog_id): Path<String>,
) -> Result<Response> {
    let aggregate = dialogs::get(&pool, &authorizer, &owner, parse_id(&dialog_id)?).await?;
    let revision = aggregate.dialog.revision;
    Ok((
        [(header::ETAG, etag(revision))],
        Json(DialogResponse::from(&aggregate)),
    )
        .into_response())
}

/// The `If-Match` revision: a GUID, bare as upstream sends its ETags (quotes are tolerated).
fn if_match(headers: &HeaderMap) -> Result<Option<Uuid>> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim().trim_matches('"');
    Uuid::parse_str(text).map(Some).map_err(|_| {
        Error::Validation(Error::field(
            "If-Match",
            format!("'{text}' is not a revision GUID"),
        ))
    })
}

/// 204, with the new revision as `ETag` when there is one.
fn no_content(revision: Option<Uuid>) -> Response {
    match revision {
        Some(revision) => {
            (StatusCode::NO_CONTENT, [(header::ETAG, etag(revision))]).into_response()
        }
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn change_dialog(
    state: &AppState,
    owner: &ServiceOwner,
    raw_id: &str,
    headers: &HeaderMap,
    change: Change,
) -> Result<Response> {
    let revision = lifecycle::apply(
        &state.pool,
        &state.authorizer,
        owner,
        parse_id(raw_id)?,
        if_match(headers)?,
        change,
    )
    .await?;
    Ok(no_content(revision))
}

/// Soft delete: the dialog stays for its service owner, with `deletedAt`.
async fn delete_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    change_dialog(&state, &owner, &id, &headers, Change::Delete).await
}

async fn restore_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    change_dialog(&state, &owner, &id, &headers, Change::Restore).await
}

async fn purge_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    change_dialog(&state, &owner, &id, &headers, Change::Purge).await
}

async fn freeze_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    change_dialog(&state, &owner, &id, &headers, Change::Freeze).await
}

#[derive(Serialize)]
struct ValueItem {
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EndUserContext {
    revision: Uuid,
    system_labels: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceOwnerContext {
    revision: Uuid,
    service_owner_labels: Vec<ValueItem>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransmissionResponse<'a> {
    #[serde(flatten)]
    transmission: &'a Transmission,
    is_opened: bool,
}

/// The service-owner view of a dialog, shaped as upstream's `V1ServiceOwnerDialogsQueriesGet_Dialog`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DialogResponse<'a> {
    id: Uuid,
    revision: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotent_key: Option<&'a str>,
    org: &'a str,
    service_resource: &'a str,
    service_resource_type: &'a str,
    party: &'a str,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
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
    content: &'a DialogContent,
    search_tags: Vec<ValueItem>,
    attachments: &'a [Attachment],
    gui_actions: &'a [GuiAction],
    api_actions: &'a [ApiAction],
    activities: &'a [Activity],
    transmissions: Vec<TransmissionResponse<'a>>,
    seen_since_last_update: Vec<serde_json::Value>,
    seen_since_last_content_update: Vec<serde_json::Value>,
    end_user_context: EndUserContext,
    service_owner_context: ServiceOwnerContext,
}

impl<'a> From<&'a DialogAggregate> for DialogResponse<'a> {
    fn from(aggregate: &'a DialogAggregate) -> Self {
        let dialog = &aggregate.dialog;
        let format =
            |date: &Option<chrono::DateTime<chrono::Utc>>| date.as_ref().map(format_timestamp);
        let labels = system_labels(dialog);
        let opened: Vec<Uuid> = aggregate
            .activities
            .iter()
            .filter(|activity| activity.activity_type == ActivityType::TransmissionOpened)
            .filter_map(|activity| activity.transmission_id)
            .collect();
        Self {
            id: dialog.id,
            revision: dialog.revision,
            idempotent_key: dialog.idempotent_key.as_deref(),
            org: &dialog.org,
            service_resource: &dialog.service_resource,
            service_resource_type: &dialog.service_resource_type,
            party: &dialog.party,
            progress: dialog.progress,
            extended_status: dialog.extended_status.as_deref(),
            external_reference: dialog.external_reference.as_deref(),
            visible_from: format(&dialog.visible_from),
            due_at: format(&dialog.due_at),
            expires_at: format(&dialog.expires_at),
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
            status: DialogStatus::from_id(dialog.status)
                .unwrap_or(DialogStatus::NotApplicable)
                .name(),
            system_label: labels.first().map_or("Default", |label| label.name()),
            is_content_seen: dialog.is_seen_since_last_content_update,
            content: &dialog.content.0,
            search_tags: dialog
                .search_tags
                .iter()
                .map(|value| ValueItem {
                    value: value.clone(),
                })
                .collect(),
            attachments: &dialog.attachments.0,
            gui_actions: &dialog.gui_actions.0,
            api_actions: &dialog.api_actions.0,
            activities: &aggregate.activities,
            transmissions: aggregate
                .transmissions
                .iter()
                .map(|transmission| TransmissionResponse {
                    transmission,
                    is_opened: !transmission.transmission_type.is_from_party()
                        && opened.contains(&transmission.id),
                })
                .collect(),
            seen_since_last_update: Vec::new(),
            seen_since_last_content_update: Vec::new(),
            end_user_context: EndUserContext {
                revision: dialog.end_user_context_revision,
                system_labels: labels.iter().map(|label| label.name()).collect(),
            },
            service_owner_context: ServiceOwnerContext {
                revision: dialog.service_owner_context_revision,
                service_owner_labels: dialog
                    .service_owner_labels
                    .iter()
                    .map(|value| ValueItem {
                        value: value.clone(),
                    })
                    .collect(),
            },
        }
    }
}
