//! `GET /api/v1/serviceowner/dialogs`: the service owner's dialog search.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use chrono::{DateTime, Utc};

use super::views::DialogSummary;
use crate::{
    api::{page::Paginated, params::Params, schemas::ReadProblems},
    auth::principal::ServiceOwner,
    domain::{
        dialog::status::{DialogStatus, SystemLabel},
        party::Party,
    },
    error::Result,
    service::{end_user_context, search},
    state::AppState,
    store::{
        pagination::Order,
        search::{DeletedFilter, DialogFilter},
    },
};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/serviceowner/dialogs", get(search_dialogs))
}

/// The search parameters, as the OpenAPI document lists them; [`filter_from`] reads them (names
/// in any case, lists by repeating the name).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[expect(dead_code, reason = "documents the parameters Params reads")]
pub(super) struct SearchParameters {
    /// Service resource URNs (at most 20).
    service_resource: Option<Vec<String>>,
    /// Party URNs (at most 20; 100 with `endUserId`).
    party: Option<Vec<String>>,
    /// Only dialogs this end user (urn:altinn:person:identifier-no:…) may list.
    end_user_id: Option<String>,
    extended_status: Option<Vec<String>>,
    external_reference: Option<String>,
    status: Option<Vec<DialogStatus>>,
    /// Exclude (default), Include or Only.
    deleted: Option<String>,
    created_after: Option<DateTime<Utc>>,
    created_before: Option<DateTime<Utc>>,
    updated_after: Option<DateTime<Utc>>,
    updated_before: Option<DateTime<Utc>>,
    content_updated_after: Option<DateTime<Utc>>,
    content_updated_before: Option<DateTime<Utc>>,
    is_content_seen: Option<bool>,
    due_after: Option<DateTime<Utc>>,
    due_before: Option<DateTime<Utc>>,
    visible_after: Option<DateTime<Utc>>,
    visible_before: Option<DateTime<Utc>>,
    process: Option<String>,
    /// Every label given must be set.
    system_label: Option<Vec<SystemLabel>>,
    exclude_api_only: Option<bool>,
    /// Free text (at least 3 characters): every word must match, inflected forms included.
    search: Option<String>,
    /// Every label given must be set; a trailing `*` matches by prefix.
    service_owner_labels: Option<Vec<String>>,
    /// nb, nn or en: the stemming for `search`.
    search_language_code: Option<String>,
    /// For example `dueAt_asc,createdAt_desc`; the default is `contentUpdatedAt_desc`.
    order_by: Option<String>,
    continuation_token: Option<String>,
    /// 1 to 1000, 100 when absent.
    limit: Option<i32>,
}

fn filter_from(params: &mut Params) -> DialogFilter {
    let deleted = match params
        .one("deleted")
        .map(|value| value.to_ascii_lowercase())
        .as_deref()
    {
        None | Some("exclude") => DeletedFilter::Exclude,
        Some("include") => DeletedFilter::Include,
        Some("only") => DeletedFilter::Only,
        Some(other) => {
            params.error(
                "deleted",
                format!("'{other}' is not Exclude, Include or Only"),
            );
            DeletedFilter::Exclude
        }
    };
    let labels: Vec<String> = params
        .all("serviceownerlabels")
        .into_iter()
        .map(|label| label.trim().to_lowercase())
        .collect();
    if labels
        .iter()
        .any(|label| label.trim_end_matches('*').contains('*'))
    {
        params.error(
            "serviceOwnerLabels",
            "'*' is allowed only at the end of a label".into(),
        );
    }
    DialogFilter {
        deleted,
        visible: params.range("visible"),
        service_owner_labels: labels,
        ..params.common_filter()
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialogs",
    operation_id = "V1ServiceOwnerDialogsQueriesSearch_Dialog",
    tag = "Serviceowner",
    params(
        SearchParameters
    ),
    responses(
        (status = 200, description = "One page of dialogs", body = Paginated<DialogSummary>),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn search_dialogs(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<axum::response::Response> {
    let mut params = Params::new(pairs);
    let filter = filter_from(&mut params);
    let end_user = params
        .one("enduserid")
        .map(|urn| end_user_context::end_user(&urn))
        .transpose()?;
    params.finish()?;
    let current = end_user
        .as_ref()
        .map(|person| Party::Person(person.clone()).to_string());
    let order = Order::parse(params.one("orderby").as_deref())?;
    let (cursor, limit) = params.page(&order)?;
    let page = search::search(
        &state.searches,
        &state.authorizer,
        &owner,
        (filter, end_user.as_ref()),
        &order,
        cursor.as_ref(),
        limit,
    )
    .await?;
    let items = page
        .items
        .iter()
        .map(|found| DialogSummary::new(found, current.as_deref()))
        .collect();
    let view = Paginated::new(items, page.next.as_ref(), &order);
    Ok(axum::response::IntoResponse::into_response(Json(view)))
}
