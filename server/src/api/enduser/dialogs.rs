//! Searching and reading dialogs as their end user.

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::Utc;
use http::{HeaderValue, StatusCode, header};

use super::{
    elements::EndUserTransmission,
    ephemeral::EphemeralIds,
    schema::EndUserTransmissionDoc,
    views::{EndUserDialogView, EndUserSummary},
};
use crate::{
    api::shared::path::DialogPath,
    api::{
        accept_language::AcceptLanguage,
        page::Paginated,
        params::Params,
        schemas::ReadProblems,
        shared::{path::parse_id, seen::SeenView},
    },
    auth::principal::EndUserCaller,
    domain::dialog::model::Activity,
    error::{Error, Result},
    service::{
        end_user::{self, NotYetVisible, view},
        find,
    },
    state::AppState,
    store::{dialogs::DialogAggregate, pagination::Order},
};

pub fn router() -> Router<AppState> {
    let base = "/v1/enduser/dialogs/{dialogId}";
    Router::new()
        .route("/v1/enduser/dialogs", get(search_dialogs))
        .route(base, get(get_dialog))
        .route(&format!("{base}/activities"), get(list_activities))
        .route(
            &format!("{base}/activities/{{activityId}}"),
            get(get_activity),
        )
        .route(&format!("{base}/transmissions"), get(list_transmissions))
        .route(
            &format!("{base}/transmissions/{{transmissionId}}"),
            get(get_transmission),
        )
        .route(&format!("{base}/seenlog"), get(seen_log))
        .route(
            &format!("{base}/seenlog/{{seenLogId}}"),
            get(seen_log_entry),
        )
}

/// A dialog as its end user reads it through this API: each text in the accepted language, and
/// persons' ids as this response writes them (returned, for `isCurrentEndUser`).
fn as_read(aggregate: &mut DialogAggregate, languages: &AcceptLanguage) -> EphemeralIds {
    languages.prune_dialog(aggregate);
    let ids = EphemeralIds::new();
    ids.dialog(aggregate);
    ids
}

/// The caller's own URN as this response writes persons' ids, for `isCurrentEndUser`.
pub(super) fn current(caller: &EndUserCaller, ids: &EphemeralIds) -> String {
    ids.id(&caller.user.party.to_string())
}

/// The search parameters, as the OpenAPI document lists them (read by [`Params`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[expect(dead_code, reason = "documents the parameters Params reads")]
pub(super) struct SearchParameters {
    /// Service owner codes (at most 20).
    org: Option<Vec<String>>,
    /// Service resource URNs (at most 20). This or `party` is required.
    service_resource: Option<Vec<String>>,
    /// Party URNs (at most 100). This or `serviceResource` is required.
    party: Option<Vec<String>>,
    extended_status: Option<Vec<String>>,
    external_reference: Option<String>,
    status: Option<Vec<crate::domain::dialog::status::DialogStatus>>,
    created_after: Option<chrono::DateTime<Utc>>,
    created_before: Option<chrono::DateTime<Utc>>,
    updated_after: Option<chrono::DateTime<Utc>>,
    updated_before: Option<chrono::DateTime<Utc>>,
    content_updated_after: Option<chrono::DateTime<Utc>>,
    content_updated_before: Option<chrono::DateTime<Utc>>,
    due_after: Option<chrono::DateTime<Utc>>,
    due_before: Option<chrono::DateTime<Utc>>,
    /// Seen since its content last changed, and not marked as unopened.
    is_content_seen: Option<bool>,
    process: Option<String>,
    /// Every label given must be set.
    system_label: Option<Vec<crate::domain::dialog::status::SystemLabel>>,
    exclude_api_only: Option<bool>,
    /// Free text (at least 3 characters): every word must match, inflected forms included.
    search: Option<String>,
    /// nb, nn or en: the stemming for `search`.
    search_language_code: Option<String>,
    order_by: Option<String>,
    continuation_token: Option<String>,
    /// 1 to 1000, 100 when absent.
    limit: Option<i32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs",
    operation_id = "V1EndUserDialogsQueriesSearch_Dialog",
    tag = "Enduser",
    params(SearchParameters, ("Accept-Language" = Option<String>, Header, description = "Keeps one localization of each text: the first accepted language it has, then English, then bokmål")),
    responses(
        (status = 200, description = "One page of the dialogs the user may see", body = Paginated<EndUserSummary>),
        ReadProblems
    ),
    security(("idporten" = []))
)]
pub(super) async fn search_dialogs(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let mut params = Params::new(pairs);
    let mut filter = params.common_filter();
    let orgs: Vec<String> = params
        .all("org")
        .into_iter()
        .map(|org| org.to_ascii_lowercase())
        .collect();
    filter.orgs = (!orgs.is_empty()).then_some(orgs);
    params.finish()?;
    let order = Order::parse(params.one("orderby").as_deref())?;
    let (cursor, limit) = params.page(&order)?;
    let mut page = end_user::search(
        &state.searches,
        &state.authorizer,
        &caller.user,
        filter,
        &order,
        cursor.as_ref(),
        limit,
    )
    .await?;
    let ids = EphemeralIds::new();
    for found in &mut page.items {
        if let Some(languages) = &languages.0 {
            languages.prune_content(&mut found.dialog.content.0);
        }
        ids.seen_log(&mut found.seen_log);
        if let Some(activity) = &mut found.latest_activity {
            ids.actor(&mut activity.performed_by);
        }
    }
    let sensitive = end_user::sensitive_resources(&state.authorizer, &caller.user).await?;
    let current = current(&caller, &ids);
    let items = page
        .items
        .iter()
        .map(|found| {
            EndUserSummary::new(found, &current, sensitive(&found.dialog.service_resource))
        })
        .collect();
    Ok(Json(Paginated::new(items, page.next.as_ref(), &order)).into_response())
}

/// GET one dialog: with `isAuthorized` everywhere, a fresh dialog token, and the view recorded
/// in the seen log.
#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}",
    operation_id = "V1EndUserDialogsQueriesGet_Dialog",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path), ("Accept-Language" = Option<String>, Header, description = "Keeps one localization of each text: the first accepted language it has, then English, then bokmål")),
    responses(
        (status = 200, description = "The dialog, with its revision as `ETag`", body = EndUserDialogView),
        ReadProblems
    ),
    security(("idporten" = []))
)]
pub(super) async fn get_dialog(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let mut opened = match end_user::open(
        &state.pool,
        &state.authorizer,
        &state.dialog_tokens,
        &caller.user,
        id,
    )
    .await?
    {
        Ok(opened) => opened,
        Err(NotYetVisible(from)) => {
            let expires = from.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
            let mut response = Error::dialog_not_found(id).into_response();
            if let Ok(value) = HeaderValue::from_str(&expires) {
                response.headers_mut().insert(header::EXPIRES, value);
            }
            return Ok(response);
        }
    };
    let ids = as_read(&mut opened.aggregate, &languages);
    let current = current(&caller, &ids);
    let view = EndUserDialogView::new(&opened, &current, Utc::now());
    let etag = HeaderValue::from_str(&opened.aggregate.dialog.revision.to_string())
        .map_err(anyhow::Error::from)?;
    Ok((StatusCode::OK, [(header::ETAG, etag)], Json(view)).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/activities",
    operation_id = "V1EndUserDialogsQueriesSearchActivities_DialogActivity",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path), ("Accept-Language" = Option<String>, Header, description = "Keeps one localization of each text: the first accepted language it has, then English, then bokmål")),
    responses((status = 200, description = "The activities, oldest first", body = Vec<Activity>), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn list_activities(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let (mut aggregate, _) =
        end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    as_read(&mut aggregate, &languages);
    Ok(Json(aggregate.activities).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/activities/{activityId}",
    operation_id = "V1EndUserDialogsQueriesGetActivity_DialogActivity",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path), ("activityId" = Uuid, Path), ("Accept-Language" = Option<String>, Header, description = "Keeps one localization of each text: the first accepted language it has, then English, then bokmål")),
    responses((status = 200, description = "The activity", body = Activity), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn get_activity(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    DialogPath(id): DialogPath,
    Path((_dialog_id, activity_id)): Path<(String, String)>,
) -> Result<Response> {
    let activity_id = parse_id(&activity_id, "activityId")?;
    let (mut aggregate, _) =
        end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    as_read(&mut aggregate, &languages);
    let activity = find::activity(&aggregate, activity_id)?;
    Ok(Json(activity).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/transmissions",
    operation_id = "V1EndUserDialogsQueriesSearchTransmissions_DialogTransmission",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path), ("Accept-Language" = Option<String>, Header, description = "Keeps one localization of each text: the first accepted language it has, then English, then bokmål")),
    responses((status = 200, description = "The transmissions, oldest first", body = Vec<EndUserTransmissionDoc>), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn list_transmissions(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let (mut aggregate, access) =
        end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    as_read(&mut aggregate, &languages);
    // A bare list has nowhere for stand-ins: what is excluded is left out, as upstream does.
    let (shown, _excluded) = view::transmissions(&aggregate, &access, Utc::now());
    let views: Vec<EndUserTransmission> = shown.into_iter().map(Into::into).collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/transmissions/{transmissionId}",
    operation_id = "V1EndUserDialogsQueriesGetTransmission_DialogTransmission",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path), ("transmissionId" = Uuid, Path), ("Accept-Language" = Option<String>, Header, description = "Keeps one localization of each text: the first accepted language it has, then English, then bokmål")),
    responses((status = 200, description = "The transmission", body = EndUserTransmissionDoc), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn get_transmission(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    DialogPath(id): DialogPath,
    Path((_dialog_id, transmission_id)): Path<(String, String)>,
) -> Result<Response> {
    let transmission_id = parse_id(&transmission_id, "transmissionId")?;
    let (mut aggregate, access) =
        end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    as_read(&mut aggregate, &languages);
    let transmission = find::transmission(&aggregate, transmission_id)?;
    match view::transmission_as_shown(transmission, &aggregate.activities, &access, Utc::now()) {
        Ok(shown) => Ok(Json(EndUserTransmission::from(shown)).into_response()),
        // 403, not 404: the dialog's excludedTransmissions already says that it exists.
        Err(_excluded) => Err(Error::Forbidden(Error::field("Forbidden", "Forbidden"))),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/seenlog",
    operation_id = "V1EndUserDialogsQueriesSearchSeenLogs_DialogSeenLog",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path)),
    responses((status = 200, description = "Who has opened the dialog, oldest first", body = Vec<SeenView>), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn seen_log(
    caller: EndUserCaller,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
) -> Result<Response> {
    let (mut aggregate, _) =
        end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    let ids = EphemeralIds::new();
    ids.seen_log(&mut aggregate.seen_log);
    let current = current(&caller, &ids);
    let views: Vec<SeenView> = aggregate
        .seen_log
        .iter()
        .map(|entry| SeenView::for_user(entry, &current))
        .collect();
    Ok(Json(views).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialogs/{dialogId}/seenlog/{seenLogId}",
    operation_id = "V1EndUserDialogsQueriesGetSeenLog_DialogSeenLog",
    tag = "Enduser",
    params(("dialogId" = Uuid, Path), ("seenLogId" = Uuid, Path)),
    responses((status = 200, description = "One entry of the seen log", body = SeenView), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn seen_log_entry(
    caller: EndUserCaller,
    State(state): State<AppState>,
    DialogPath(id): DialogPath,
    Path((_dialog_id, seen_log_id)): Path<(String, String)>,
) -> Result<Response> {
    let entry_id = parse_id(&seen_log_id, "seenLogId")?;
    let (mut aggregate, _) =
        end_user::parts(&state.pool, &state.authorizer, &caller.user, id).await?;
    let ids = EphemeralIds::new();
    ids.seen_log(&mut aggregate.seen_log);
    let entry = find::seen_entry(&aggregate.seen_log, entry_id)?;
    Ok(Json(SeenView::for_user(entry, &current(&caller, &ids))).into_response())
}
