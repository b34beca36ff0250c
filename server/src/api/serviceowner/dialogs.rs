//! Dialog operations for service owners: thin adapters over `service::dialogs`.

use axum::{
    Json, Router,
    extract::{Path, State},
    response::{IntoResponse, Response},
    routing::get,
};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use uuid::Uuid;

use super::views::DialogView;
use crate::{
    api::json::ApiJson,
    auth::principal::ServiceOwner,
    authz::Authorizer,
    domain::dialog::create::{CreateDialogRequest, UpdateDialogRequest},
    error::{Error, Result},
    service::{
        dialogs,
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

pub(super) fn etag(revision: Uuid) -> HeaderValue {
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

pub(super) fn parse_id(raw: &str) -> Result<Uuid> {
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
        Json(DialogView::from(&aggregate)),
    )
        .into_response())
}

/// The `If-Match` revision: a GUID, bare as upstream sends its ETags (quotes are tolerated).
pub(super) fn if_match(headers: &HeaderMap) -> Result<Option<Uuid>> {
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

/// PUT: replace the changeable parts; 204 with the new revision as `ETag`.
async fn update_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(dialog_id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<UpdateDialogRequest>,
) -> Result<Response> {
    let id = parse_id(&dialog_id)?;
    let revision = update::update(
        &state.pool,
        &state.authorizer,
        &owner,
        id,
        if_match(&headers)?,
        &request,
    )
    .await?;
    Ok(no_content(Some(revision)))
}

/// PATCH: RFC 6902 operations on the dialog's update document (`application/json-patch+json`
/// or `application/json`); 204 with the new revision as `ETag`.
async fn patch_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Path(dialog_id): Path<String>,
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
    let id = parse_id(&dialog_id)?;
    let revision = update::patch(
        &state.pool,
        &state.authorizer,
        &owner,
        id,
        if_match(&headers)?,
        &operations,
    )
    .await?;
    Ok(no_content(Some(revision)))
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
