//! The end user's own system labels on dialogs, and their log.

use axum::{
    Json, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};

use super::ephemeral::EphemeralIds;
use crate::{
    api::shared::path::{DialogBody, DialogPath},
    api::{
        json::ApiJson,
        schemas::{ReadProblems, WriteProblems},
        shared::revisions::{DialogRevisionInput, dialog_revisions},
    },
    auth::principal::EndUserCaller,
    domain::dialog::{
        end_user_labels::LabelChange, model::Actor, status::SystemLabel, time::format_timestamp,
    },
    error::Result,
    service::{
        Write,
        end_user::{self},
        end_user_context::{self, OnBehalfOf},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/enduser/dialogs/{dialogId}/context/labellog",
            get(label_log),
        )
        .route(
            "/v1/enduser/dialogs/{dialogId}/context/systemlabels",
            put(set_labels),
        )
        .route(
            "/v1/enduser/dialogs/context/systemlabels/actions/bulkset",
            post(bulk_set_labels),
        )
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct LabelLogView {
    created_at: String,
    /// For example `systemlabel:Bin`.
    name: String,
    /// `set` or `remove`.
    action: String,
    performed_by: Actor,
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/context/labellog",
    operation_id = "V1EndUserEndUserContextQueriesSearchLabelAssignmentLog_LabelAssignmentLog",
    tag = "Enduser",
    params(("dialogId" = uuid::Uuid, Path)),
    responses((status = 200, description = "How the labels changed, oldest first", body = Vec<LabelLogView>), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn label_log(
    caller: EndUserCaller,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    let mut connection = state.pool.acquire().await?;
    let log = end_user_context::label_log(&mut connection, id).await?;
    let ids = EphemeralIds::new();
    let views: Vec<LabelLogView> = log
        .into_iter()
        .map(|entry| {
            let mut performed_by = entry.performed_by.0;
            ids.actor(&mut performed_by);
            LabelLogView {
                created_at: format_timestamp(&entry.created_at),
                name: entry.name,
                action: entry.action,
                performed_by,
            }
        })
        .collect();
    Ok(Json(views).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EndUserSetLabelsInput)]
pub(super) struct SetLabelsInput {
    add_labels: Option<Vec<SystemLabel>>,
    remove_labels: Option<Vec<SystemLabel>>,
    /// Deprecated: the same as `addLabels`.
    system_labels: Option<Vec<SystemLabel>>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EndUserBulkSetLabelsInput)]
pub(super) struct BulkSetLabelsInput {
    dialogs: Option<Vec<DialogRevisionInput>>,
    add_labels: Option<Vec<SystemLabel>>,
    remove_labels: Option<Vec<SystemLabel>>,
    /// Deprecated: the same as `addLabels`.
    system_labels: Option<Vec<SystemLabel>>,
}

fn own(caller: &EndUserCaller) -> OnBehalfOf {
    OnBehalfOf::EndUser(caller.user.party.clone())
}

#[utoipa::path(
    put,
    path = "/api/v1/enduser/dialogs/{dialogId}/context/systemlabels",
    operation_id = "V1EndUserEndUserContextCommandsSetSystemLabel_SetDialogSystemLabels",
    tag = "Enduser",
    params(
        ("dialogId" = uuid::Uuid, Path),
        ("If-Match" = Option<uuid::Uuid>, Header, description = "The end-user-context revision the caller expects")
    ),
    request_body = SetLabelsInput,
    responses((status = 204, description = "Changed; the new end-user-context revision as `ETag`"), WriteProblems),
    security(("idporten" = []))
)]
pub(super) async fn set_labels(
    caller: EndUserCaller,
    State(state): State<AppState>,
    write: Write,
    DialogBody { id, body: input }: DialogBody<SetLabelsInput>,
) -> Result<Response> {
    let change = LabelChange {
        add_labels: input.add_labels,
        remove_labels: input.remove_labels,
        system_labels: input.system_labels,
    };
    let revision = end_user_context::set_labels(
        &state.pool,
        &state.authorizer,
        None,
        &own(&caller),
        (id, write.if_match),
        &change,
    )
    .await?;
    let etag = HeaderValue::from_str(&revision.to_string()).map_err(anyhow::Error::from)?;
    Ok((StatusCode::NO_CONTENT, [(header::ETAG, etag)]).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/enduser/dialogs/context/systemlabels/actions/bulkset",
    operation_id = "V1EndUserEndUserContextCommandsBulkSetSystemLabels_BulkSetDialogSystemLabels",
    tag = "Enduser",
    request_body = BulkSetLabelsInput,
    responses((status = 204, description = "Every dialog changed"), WriteProblems),
    security(("idporten" = []))
)]
pub(super) async fn bulk_set_labels(
    caller: EndUserCaller,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<BulkSetLabelsInput>,
) -> Result<Response> {
    let dialogs = dialog_revisions(input.dialogs)?;
    let change = LabelChange {
        add_labels: input.add_labels,
        remove_labels: input.remove_labels,
        system_labels: input.system_labels,
    };
    end_user_context::bulk_set_labels(
        &state.pool,
        &state.authorizer,
        None,
        &own(&caller),
        &dialogs,
        &change,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
