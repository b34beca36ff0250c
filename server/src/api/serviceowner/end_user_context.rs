//! End users' side of a dialog, for its service owner: system labels set on an end user's behalf
//! (one dialog or in bulk), the list of end-user contexts, and the seen log.

use crate::api::schemas::{ReadProblems, WriteProblems};
use axum::{
    Json, Router,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use http::{StatusCode, header};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::write::{etag, parse_id};
use crate::{
    api::shared::path::{DialogBody, DialogPath},
    api::{
        json::ApiJson,
        page::Paginated,
        params::Params,
        shared::{
            revisions::{DialogRevisionInput, dialog_revisions},
            seen::SeenLogView,
        },
    },
    auth::principal::ServiceOwner,
    domain::dialog::{
        create::{ActorInput, validate_actor},
        end_user_labels::{EndUserLabels, LabelChange},
        status::SystemLabel,
    },
    error::Result,
    service::{
        Write,
        end_user_context::{self, OnBehalfOf},
        find, search,
    },
    state::AppState,
    store::{
        pagination::Order,
        search::{DialogFilter, Found},
    },
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/serviceowner/dialogs/{dialogId}/endusercontext/systemlabels",
            put(set_labels),
        )
        .route(
            "/v1/serviceowner/dialogs/endusercontext/systemlabels/actions/bulkset",
            post(bulk_set_labels),
        )
        .route(
            "/v1/serviceowner/dialogs/endusercontext",
            get(list_contexts),
        )
        .route("/v1/serviceowner/dialogs/{dialogId}/seenlog", get(seen_log))
        .route(
            "/v1/serviceowner/dialogs/{dialogId}/seenlog/{seenLogId}",
            get(seen_log_entry),
        )
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct SetLabelsInput {
    add_labels: Option<Vec<SystemLabel>>,
    remove_labels: Option<Vec<SystemLabel>>,
    system_labels: Option<Vec<SystemLabel>>,
    performed_by: Option<ActorInput>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct BulkSetLabelsInput {
    dialogs: Option<Vec<DialogRevisionInput>>,
    add_labels: Option<Vec<SystemLabel>>,
    remove_labels: Option<Vec<SystemLabel>>,
    system_labels: Option<Vec<SystemLabel>>,
    performed_by: Option<ActorInput>,
}

/// `?endUserId=` (any case) with the body's `performedBy`.
fn on_behalf_of(
    owner: &ServiceOwner,
    pairs: Vec<(String, String)>,
    performed_by: Option<&ActorInput>,
) -> Result<OnBehalfOf> {
    let params = Params::new(pairs);
    let performed_by = performed_by
        .map(|actor| validate_actor("PerformedBy", actor))
        .transpose()?;
    OnBehalfOf::parse(owner, params.one("enduserid").as_deref(), performed_by)
}

/// PUT: 204 with the new end-user-context revision as `ETag` (`If-Match` takes that revision).
#[utoipa::path(
    put,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/endusercontext/systemlabels",
    operation_id = "V1ServiceOwnerEndUserContextCommandsSetSystemLabel_SetDialogSystemLabels",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("enduserId" = Option<String>, Query, description = "The end user whose labels change; required unless an administrator gives performedBy"),
        ("If-Match" = Option<Uuid>, Header, description = "The revision the caller expects; 412 when it has changed")
    ),
    request_body = SetLabelsInput,
    responses(
        (status = 204, description = "Changed; the new end-user-context revision as `ETag`"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn set_labels(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
    write: Write,
    DialogBody { id, body: input }: DialogBody<SetLabelsInput>,
) -> Result<Response> {
    let on_behalf = on_behalf_of(&owner, pairs, input.performed_by.as_ref())?;
    let change = LabelChange {
        add_labels: input.add_labels,
        remove_labels: input.remove_labels,
        system_labels: input.system_labels,
    };
    let revision = end_user_context::set_labels(
        &state.pool,
        &state.authorizer,
        Some(&owner),
        &on_behalf,
        (id, write.if_match),
        &change,
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, [(header::ETAG, etag(revision))]).into_response())
}

/// POST bulkset: 1 to 100 dialogs, all changed or none; 204.
#[utoipa::path(
    post,
    path = "/api/v1/serviceowner/dialogs/endusercontext/systemlabels/actions/bulkset",
    operation_id = "V1ServiceOwnerEndUserContextCommandsBulkSetSystemLabels_BulkSetDialogSystemLabels",
    tag = "Serviceowner",
    params(
        ("enduserId" = Option<String>, Query, description = "The end user whose labels change")
    ),
    request_body = BulkSetLabelsInput,
    responses(
        (status = 204, description = "Every dialog changed"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn bulk_set_labels(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
    ApiJson(input): ApiJson<BulkSetLabelsInput>,
) -> Result<Response> {
    let on_behalf = on_behalf_of(&owner, pairs, input.performed_by.as_ref())?;
    let dialogs = dialog_revisions(input.dialogs)?;
    let change = LabelChange {
        add_labels: input.add_labels,
        remove_labels: input.remove_labels,
        system_labels: input.system_labels,
    };
    end_user_context::bulk_set_labels(
        &state.pool,
        &state.authorizer,
        Some(&owner),
        &on_behalf,
        &dialogs,
        &change,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct ContextItem {
    dialog_id: Uuid,
    end_user_context_revision: Uuid,
    system_labels: Vec<&'static str>,
}

/// GET endusercontext: the labels of a party's dialogs, newest content first; `party` is
/// required, `label` narrows to dialogs carrying every label given.
#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/endusercontext",
    operation_id = "V1ServiceOwnerDialogsQueriesSearchEndUserContext_DialogEndUserContext",
    tag = "Serviceowner",
    params(
        ("party" = Vec<String>, Query, description = "At least one party URN"),
        ("contentUpdatedAfter" = Option<String>, Query),
        ("label" = Option<Vec<SystemLabel>>, Query),
        ("continuationToken" = Option<String>, Query),
        ("limit" = Option<i32>, Query)
    ),
    responses(
        (status = 200, description = "One page of end-user contexts", body = Paginated<ContextItem>),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn list_contexts(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let mut params = Params::new(pairs);
    let filter = DialogFilter {
        parties: params
            .all("party")
            .into_iter()
            .map(|value| value.to_lowercase())
            .collect(),
        content_updated: crate::store::search::Range {
            after: params.date("contentupdatedafter"),
            before: None,
        },
        system_labels: params.parsed("label", SystemLabel::parse_input),
        ..DialogFilter::default()
    };
    if filter.parties.is_empty() {
        params.error("party", "At least one party is required.".into());
    }
    params.finish()?;
    let order = Order::newest_first();
    let (cursor, limit) = params.page(&order)?;
    let page = search::search(
        &state.searches,
        &state.authorizer,
        &owner,
        (filter, None),
        &order,
        cursor.as_ref(),
        limit,
    )
    .await?;
    let items = page
        .items
        .iter()
        .map(|Found { dialog, .. }| ContextItem {
            dialog_id: dialog.id.uuid(),
            end_user_context_revision: dialog.end_user_context_revision,
            system_labels: EndUserLabels::from_stored(
                dialog.system_label,
                dialog.marked_as_unopened,
                dialog.sent,
            )
            .labels()
            .into_iter()
            .map(SystemLabel::name)
            .collect(),
        })
        .collect();
    Ok(Json(Paginated::new(items, page.next.as_ref(), &order)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/seenlog",
    operation_id = "V1ServiceOwnerDialogsQueriesSearchSeenLogs_DialogSeenLog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog")
    ),
    responses(
        (status = 200, description = "Who has opened the dialog, oldest first", body = Vec<SeenLogView>),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn seen_log(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let log = end_user_context::seen_log(&state.pool, &state.authorizer, &owner, id).await?;
    let views: Vec<SeenLogView> = log.iter().map(SeenLogView::from).collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs/{dialogId}/seenlog/{seenLogId}",
    operation_id = "V1ServiceOwnerDialogsQueriesGetSeenLog_DialogSeenLog",
    tag = "Serviceowner",
    params(
        ("dialogId" = Uuid, Path, description = "The dialog"),
        ("seenLogId" = Uuid, Path)
    ),
    responses(
        (status = 200, description = "One entry of the seen log", body = SeenLogView),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn seen_log_entry(
    owner: ServiceOwner,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
    Path((_dialog_id, seen_log_id)): Path<(String, String)>,
) -> Result<Response> {
    let entry_id = parse_id(&seen_log_id)?;
    let log = end_user_context::seen_log(&state.pool, &state.authorizer, &owner, id).await?;
    let entry = find::seen_entry(&log, entry_id)?;
    Ok(Json(SeenLogView::from(entry)).into_response())
}
