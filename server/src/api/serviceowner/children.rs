//! Transmissions and activities of a dialog, for its service owner.

use crate::{
    api::schemas::{ReadProblems, WriteProblems},
    api::shared::path::{DialogBody, DialogPath},
    domain::dialog::id::DialogId,
    domain::dialog::model::{Activity, Transmission},
};
use axum::{
    Json, Router,
    extract::{Path, State},
    response::{IntoResponse, Response},
    routing::get,
};
use http::{HeaderValue, StatusCode, header};

use super::{
    views::TransmissionView,
    write::{etag, parse_id},
};
use crate::{
    auth::principal::ServiceOwner,
    domain::dialog::create::{ActivityInput, TransmissionInput},
    error::{Error, Result},
    service::{
        Write,
        children::{self, Appended},
        dialogs, find,
    },
    state::AppState,
    store::dialogs::DialogAggregate,
};

pub fn router() -> Router<AppState> {
    let base = "/v1/serviceowner/dialogs/{dialogId}";
    Router::new()
        .route(
            &format!("{base}/transmissions"),
            get(list_transmissions).post(create_transmission),
        )
        .route(
            &format!("{base}/transmissions/{{transmissionId}}"),
            get(get_transmission).put(replace_transmission),
        )
        .route(
            &format!("{base}/activities"),
            get(list_activities).post(create_activity),
        )
        .route(
            &format!("{base}/activities/{{activityId}}"),
            get(get_activity),
        )
}

/// 201 with `Location` of the new child, the dialog's new revision as `ETag`, and the id as a JSON string.
fn created(dialog_id: DialogId, kind: &str, appended: Appended) -> Result<Response> {
    let location = format!(
        "/api/v1/serviceowner/dialogs/{dialog_id}/{kind}/{}",
        appended.id
    );
    let location = HeaderValue::from_str(&location).map_err(anyhow::Error::from)?;
    Ok((
        StatusCode::CREATED,
        [
            (header::LOCATION, location),
            (header::ETAG, etag(appended.revision)),
        ],
        Json(appended.id.to_string()),
    )
        .into_response())
}

/// The caller's own dialog, for reading its children; a deleted dialog is gone (410).
async fn readable(state: &AppState, owner: &ServiceOwner, id: DialogId) -> Result<DialogAggregate> {
    let aggregate = dialogs::get(&state.pool, &state.authorizer, owner, id).await?;
    if aggregate.dialog.deleted_at.is_some() {
        return Err(Error::dialog_gone(id));
    }
    Ok(aggregate)
}

#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/transmissions",
    operation_id = "V1ServiceOwnerDialogsCommandsCreateTransmission_DialogTransmission",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    request_body = TransmissionInput,
    responses(
        (status = 201, description = "Created; the id as a JSON string, `Location` and the dialog's revision as `ETag`", body = String),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn create_transmission(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogBody { id, body: input }: DialogBody<TransmissionInput>,
) -> Result<Response> {
    let appended =
        children::append_transmission(&state.pool, &state.authorizer, &owner, id, write, &input)
            .await?;
    created(id, "transmissions", appended)
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/transmissions",
    operation_id = "V1ServiceOwnerDialogsQueriesSearchTransmissions_DialogTransmission",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog")
    ),
    responses(
        (status = 200, description = "The transmissions, newest first", body = Vec<TransmissionView>),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn list_transmissions(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let aggregate = readable(&state, &owner, id).await?;
    let mut newest_first: Vec<&Transmission> = aggregate.transmissions.iter().collect();
    newest_first.sort_by_key(|transmission| std::cmp::Reverse(transmission.created_at));
    let views: Vec<TransmissionView> = newest_first
        .into_iter()
        .map(|transmission| TransmissionView::new(transmission, &aggregate.activities))
        .collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/transmissions/{transmissionId}",
    operation_id = "V1ServiceOwnerDialogsQueriesGetTransmission_DialogTransmission",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("transmissionId" = Uuid, Path)
    ),
    responses(
        (status = 200, description = "The transmission", body = TransmissionView),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn get_transmission(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
    Path((_dialog_id, transmission_id)): Path<(String, String)>,
) -> Result<Response> {
    let aggregate = readable(&state, &owner, id).await?;
    let transmission = find::transmission(&aggregate, parse_id(&transmission_id)?)?;
    Ok(Json(TransmissionView::new(transmission, &aggregate.activities)).into_response())
}

/// PUT: a silent correction of one transmission; 204 with the dialog's new revision as `ETag`.
#[utoipa::path(
    put,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/transmissions/{transmissionId}",
    operation_id = "V1ServiceOwnerDialogsCommandsUpdateTransmission_DialogTransmission",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("transmissionId" = Uuid, Path),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Must be true, here or as `isSilentUpdate` in the body")
    ),
    request_body = TransmissionInput,
    responses(
        (status = 204, description = "Replaced; the dialog's new revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn replace_transmission(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path((_dialog_id, transmission_id)): Path<(String, String)>,
    mut write: Write,
    DialogBody { id, body }: DialogBody<serde_json::Value>,
) -> Result<Response> {
    let ids = (id, parse_id(&transmission_id)?);
    // Upstream takes `isSilentUpdate` in this request's body; the query works as for any write.
    let silent_in_body = body.as_object().is_some_and(|fields| {
        fields.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("isSilentUpdate") && value.as_bool() == Some(true)
        })
    });
    write.silent |= silent_in_body;
    let input: TransmissionInput = crate::domain::json::from_value(body)?;
    let revision =
        children::replace_transmission(&state.pool, &state.authorizer, &owner, ids, write, &input)
            .await?;
    Ok((StatusCode::NO_CONTENT, [(header::ETAG, etag(revision))]).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/activities",
    operation_id = "V1ServiceOwnerDialogsCommandsCreateActivity_DialogActivity",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    request_body = ActivityInput,
    responses(
        (status = 201, description = "Created; the id as a JSON string, `Location` and the dialog's revision as `ETag`", body = String),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn create_activity(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogBody { id, body: input }: DialogBody<ActivityInput>,
) -> Result<Response> {
    let appended =
        children::append_activity(&state.pool, &state.authorizer, &owner, id, write, &input)
            .await?;
    created(id, "activities", appended)
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/activities",
    operation_id = "V1ServiceOwnerDialogsQueriesSearchActivities_DialogActivity",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog")
    ),
    responses(
        (status = 200, description = "The activities, oldest first", body = Vec<Activity>),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn list_activities(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let aggregate = readable(&state, &owner, id).await?;
    Ok(Json(&aggregate.activities).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/activities/{activityId}",
    operation_id = "V1ServiceOwnerDialogsQueriesGetActivity_DialogActivity",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("activityId" = Uuid, Path)
    ),
    responses(
        (status = 200, description = "The activity", body = Activity),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn get_activity(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
    Path((_dialog_id, activity_id)): Path<(String, String)>,
) -> Result<Response> {
    let aggregate = readable(&state, &owner, id).await?;
    Ok(Json(find::activity(&aggregate, parse_id(&activity_id)?)?).into_response())
}
