//! Service-owner labels on a dialog, and the notification condition check.

use crate::api::schemas::{ReadProblems, WriteProblems};
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
    routing::{delete, get},
};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::write::{etag, if_match};
use crate::{
    api::json::ApiJson,
    api::shared::path::DialogPath,
    auth::principal::{NotificationChecker, ServiceOwner},
    domain::{dialog::model::ActivityType, json::from_value},
    error::{Error, Result},
    service::labels::{self, LabelChange},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    let base = "/v1/serviceowner/dialogs/{dialogId}";
    Router::new()
        .route(
            &format!("{base}/context/labels"),
            get(list_labels).post(add_label),
        )
        .route(
            &format!("{base}/context/labels/{{label}}"),
            delete(remove_label),
        )
        .route(
            &format!("{base}/actions/should-send-notification"),
            get(should_send_notification),
        )
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub(super) struct Label {
    value: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/context/labels",
    operation_id = "V1ServiceOwnerServiceOwnerContextQueriesGetServiceOwnerLabel_ServiceOwnerLabel",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog")
    ),
    responses(
        (status = 200, description = "The labels, with the service-owner-context revision as `ETag`", body = Vec<Label>),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn list_labels(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let labels = labels::list(&state.pool, &state.authorizer, &owner, id).await?;
    // Alphabetically, as upstream lists them.
    let mut values = labels.service_owner_labels;
    values.sort();
    let body: Vec<Label> = values
        .into_iter()
        .map(|value| Label { value: Some(value) })
        .collect();
    Ok((
        [(header::ETAG, etag(labels.service_owner_context_revision))],
        Json(body),
    )
        .into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/context/labels",
    operation_id = "V1ServiceOwnerServiceOwnerContextCommandsCreateServiceOwnerLabel_ServiceOwnerLabel",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed")
    ),
    request_body = Label,
    responses(
        (status = 204, description = "Added; the new service-owner-context revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn add_label(
    owner: ServiceOwner,
    State(state): State<AppState>,
    path: Result<DialogPath>,
    headers: HeaderMap,
    ApiJson(label): ApiJson<Label>,
) -> Result<Response> {
    let value = label
        .value
        .ok_or_else(|| Error::Validation(Error::field("Value", "is required")))?;
    // The id is checked after the body's fields, as upstream's binder and validator run.
    let DialogPath(id) = path?;
    let revision = labels::change(
        &state.pool,
        &state.authorizer,
        &owner,
        id,
        if_match(&headers)?,
        LabelChange::Add(value),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, [(header::ETAG, etag(revision))]).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/context/labels/{label}",
    operation_id = "V1ServiceOwnerServiceOwnerContextCommandsDeleteServiceOwnerLabel_ServiceOwnerLabel",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("label" = String, Path),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed")
    ),
    responses(
        (status = 204, description = "Removed; the new service-owner-context revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn remove_label(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
    Path((_dialog_id, label)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let revision = labels::change(
        &state.pool,
        &state.authorizer,
        &owner,
        id,
        if_match(&headers)?,
        LabelChange::Remove(label),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, [(header::ETAG, etag(revision))]).into_response())
}

#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
struct ConditionQuery {
    condition_type: Option<ConditionType>,
    activity_type: Option<ActivityType>,
    transmission_id: Option<uuid::Uuid>,
}

#[derive(Deserialize, PartialEq, utoipa::ToSchema)]
enum ConditionType {
    NotExists,
    Exists,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct NotificationCondition {
    send_notification: bool,
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/actions/should-send-notification",
    operation_id = "V1ServiceOwnerDialogsQueriesNotificationCondition_NotificationCondition",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ConditionQuery
    ),
    responses(
        (status = 200, description = "Whether to send the notification", body = NotificationCondition),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn should_send_notification(
    _checker: NotificationChecker,
    State(state): State<AppState>,
    path: Result<DialogPath>,
    Query(raw): Query<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<NotificationCondition>> {
    let query: ConditionQuery = from_value(serde_json::Value::Object(raw))?;
    let condition = query
        .condition_type
        .ok_or_else(|| Error::Validation(Error::field("ConditionType", "is required")))?;
    let activity_type = query
        .activity_type
        .ok_or_else(|| Error::Validation(Error::field("ActivityType", "is required")))?;
    let send = labels::should_send_notification(
        &state.pool,
        path?.0,
        condition == ConditionType::Exists,
        activity_type,
        query.transmission_id,
    )
    .await?;
    Ok(Json(NotificationCondition {
        send_notification: send,
    }))
}
