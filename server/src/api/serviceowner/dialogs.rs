//! Dialog operations for service owners: thin adapters over `service::dialogs`.

use crate::api::schemas::{JsonPatchOperation, ReadProblems, WriteProblems};
use axum::{
    Json, Router,
    extract::{Query, State},
    response::{IntoResponse, Response},
    routing::get,
};
use http::{HeaderMap, HeaderValue, StatusCode, header};

use super::views::{DialogView, ReadFor};
use super::write::{etag, no_content};
use crate::api::params::Params;
use crate::{
    api::json::ApiJson,
    api::shared::path::{DialogBody, DialogPath},
    auth::principal::ServiceOwner,
    authz::Authorizer,
    domain::dialog::create::{CreateDialogRequest, UpdateDialogRequest},
    domain::dialog::id::DialogId,
    error::{Error, Result},
    service::{
        Write, dialogs, end_user_context,
        lifecycle::{self, Change},
        update,
    },
    state::AppState,
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
            get(get_dialog)
                .put(update_dialog)
                .patch(patch_dialog)
                .delete(delete_dialog),
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

/// 201 with `Location`, the revision as `ETag`, and the new id as a JSON string.
#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs",
    operation_id = "V1ServiceOwnerDialogsCommandsCreate_Dialog",
    tag = "Serviceowner",
    params(
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    request_body = CreateDialogRequest,
    responses(
        (status = 201, description = "Created; the id as a JSON string, `Location` and the revision as `ETag`", body = String),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn create_dialog(
    owner: ServiceOwner,
    State(pool): State<sqlx::PgPool>,
    State(authorizer): State<Authorizer>,
    write: Write,
    ApiJson(request): ApiJson<CreateDialogRequest>,
) -> Result<Response> {
    let created = dialogs::create(&pool, &authorizer, &owner, write, &request).await?;
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

/// GET; with `?endUserId=` the read is made for that end user: it must be allowed to see the
/// dialog (403 otherwise), and the view goes into the seen log.
#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}",
    operation_id = "V1ServiceOwnerDialogsQueriesGet_Dialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("endUserId" = Option<String>, Query, description = "The end user (urn:altinn:person:identifier-no:…) the request is made for")
    ),
    responses(
        (status = 200, description = "The dialog, with its revision as `ETag`", body = DialogView),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn get_dialog(
    owner: ServiceOwner,
    State(pool): State<sqlx::PgPool>,
    State(authorizer): State<Authorizer>,
    DialogPath(id): DialogPath,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let end_user = Params::new(pairs)
        .one("enduserid")
        .map(|urn| end_user_context::end_user(&urn))
        .transpose()?;
    let (aggregate, access) = match &end_user {
        Some(person) => {
            let (aggregate, access) =
                end_user_context::get_for_end_user(&pool, &authorizer, &owner, id, person).await?;
            (aggregate, Some(access))
        }
        None => (dialogs::get(&pool, &authorizer, &owner, id).await?, None),
    };
    let current = end_user.map(|person| crate::domain::party::Party::Person(person).to_string());
    let read_for = current
        .as_deref()
        .zip(access.as_ref())
        .map(|(current, access)| ReadFor { current, access });
    Ok((
        [(header::ETAG, etag(aggregate.dialog.revision))],
        Json(DialogView::new(&aggregate, read_for)),
    )
        .into_response())
}

async fn change_dialog(
    state: &AppState,
    owner: &ServiceOwner,
    id: DialogId,
    write: Write,
    change: Change,
) -> Result<Response> {
    let revision =
        lifecycle::apply(&state.pool, &state.authorizer, owner, id, write, change).await?;
    Ok(no_content(revision))
}

/// PUT: replace the changeable parts; 204 with the new revision as `ETag`.
#[utoipa::path(
    put,
    path = "/api/v1/serviceowner/dialogs/{dialogId}",
    operation_id = "V1ServiceOwnerDialogsCommandsUpdate_Dialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    request_body = UpdateDialogRequest,
    responses(
        (status = 204, description = "Updated; the new revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn update_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogBody { id, body: request }: DialogBody<UpdateDialogRequest>,
) -> Result<Response> {
    let revision =
        update::update(&state.pool, &state.authorizer, &owner, id, write, &request).await?;
    Ok(no_content(Some(revision)))
}

/// PATCH: RFC 6902 operations on the dialog's update document (`application/json-patch+json`
/// or `application/json`); 204 with the new revision as `ETag`.
#[utoipa::path(
    patch,
    path = "/api/v1/serviceowner/dialogs/{dialogId}",
    operation_id = "V1ServiceOwnerDialogsPatchDialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    request_body(content = Vec<JsonPatchOperation>, content_type = "application/json-patch+json"),
    responses(
        (status = 204, description = "Patched; the new revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn patch_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    path: Result<DialogPath>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Result<Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type != "application/json-patch+json" && media_type != "application/json" {
        return Err(Error::UnsupportedMediaType(format!(
            "expected application/json-patch+json, got '{media_type}'"
        )));
    }
    let operations: json_patch::Patch = serde_json::from_slice(&body).map_err(|error| {
        Error::Validation(Error::field(
            "$",
            format!("The body is not a JSON Patch document: {error}"),
        ))
    })?;
    // The id is checked after the document, as upstream's binder reads the body first.
    let DialogPath(id) = path?;
    let revision = update::patch(
        &state.pool,
        &state.authorizer,
        &owner,
        id,
        write,
        &operations,
    )
    .await?;
    Ok(no_content(Some(revision)))
}

/// Soft delete: the dialog stays for its service owner, with `deletedAt`.
#[utoipa::path(
    delete,
    path = "/api/v1/serviceowner/dialogs/{dialogId}",
    operation_id = "V1ServiceOwnerDialogsCommandsDelete_Dialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    responses(
        (status = 204, description = "Deleted (restorable); the new revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn delete_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    change_dialog(&state, &owner, id, write, Change::Delete).await
}

#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/actions/restore",
    operation_id = "V1ServiceOwnerDialogsCommandsRestore_Dialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    responses(
        (status = 204, description = "Restored"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn restore_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    change_dialog(&state, &owner, id, write, Change::Restore).await
}

#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/actions/purge",
    operation_id = "V1ServiceOwnerDialogsCommandsPurge_Dialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed"),
        ("isSilentUpdate" = Option<bool>, Query, description = "Bump no timestamps, skip future-date rules, keep the end user's folder")
    ),
    responses(
        (status = 204, description = "Purged for good"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn purge_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    change_dialog(&state, &owner, id, write, Change::Purge).await
}

#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/actions/freeze",
    operation_id = "V1ServiceOwnerDialogsCommandsFreeze_FreezeDialog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed")
    ),
    responses(
        (status = 204, description = "Frozen"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn freeze_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    write: Write,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    change_dialog(&state, &owner, id, write, Change::Freeze).await
}
