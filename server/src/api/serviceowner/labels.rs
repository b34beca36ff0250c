//! Service-owner labels on a dialog, and the notification condition check.

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
    routing::{delete, get},
};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::dialogs::{etag, if_match, parse_id};
use crate::{
    api::json::{ApiJson, from_value},
    auth::principal::{NotificationChecker, ServiceOwner},
    domain::dialog::model::ActivityType,
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

#[derive(Serialize, Deserialize)]
struct Label {
    value: Option<String>,
}

async fn list_labels(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(dialog_id): Path<String>,
) -> Result<Response> {
    let labels = labels::list(
        &state.pool,
        &state.authorizer,
        &owner,
        parse_id(&dialog_id)?,
    )
    .await?;
    let body: Vec<Label> = labels
        .service_owner_labels
        .into_iter()
        .map(|value| Label { value: Some(value) })
        .collect();
    Ok((
        [(header::ETAG, etag(labels.service_owner_context_revision))],
        Json(body),
    )
        .into_response())
}

async fn add_label(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(dialog_id): Path<String>,
    headers: HeaderMap,
    ApiJson(label): ApiJson<Label>,
) -> Result<Response> {
    let value = label
        .value
        .ok_or_else(|| Error::Validation(Error::field("Value", "is required")))?;
    let id = parse_id(&dialog_id)?;
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

async fn remove_label(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path((dialog_id, label)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let id = parse_id(&dialog_id)?;
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConditionQuery {
    condition_type: Option<ConditionType>,
    activity_type: Option<ActivityType>,
    transmission_id: Option<uuid::Uuid>,
}

#[derive(Deserialize, PartialEq)]
enum ConditionType {
    NotExists,
    Exists,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationCondition {
    send_notification: bool,
}

async fn should_send_notification(
    _checker: NotificationChecker,
    State(state): State<AppState>,
    Path(dialog_id): Path<String>,
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
        parse_id(&dialog_id)?,
        condition == ConditionType::Exists,
        activity_type,
        query.transmission_id,
    )
    .await?;
    Ok(Json(NotificationCondition {
        send_notification: send,
    }))
}
