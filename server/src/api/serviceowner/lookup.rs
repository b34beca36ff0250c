//! `GET /api/v1/serviceowner/dialoglookup?instanceRef=...`

use crate::api::schemas::ReadProblems;
use std::collections::BTreeMap;

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    api::shared::lookup::{LookupServiceOwner, LookupServiceResource},
    auth::principal::ServiceOwner,
    domain::dialog::model::ContentValueDoc,
    error::{Error, Result},
    service::lookup::{self, InstanceRef},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/serviceowner/dialoglookup", get(lookup_dialog))
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct LookupView {
    dialog_id: Uuid,
    instance_ref: String,
    party: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_resource: Option<LookupServiceResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_owner: Option<LookupServiceOwner>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Vec<crate::domain::dialog::model::LocalizationDoc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    non_sensitive_title: Option<Vec<crate::domain::dialog::model::LocalizationDoc>>,
}

fn texts(
    value: Option<&ContentValueDoc>,
) -> Option<Vec<crate::domain::dialog::model::LocalizationDoc>> {
    value.map(|content| content.value.clone())
}

#[utoipa::path(
    get,
    path = "/api/v1/serviceowner/dialoglookup",
    operation_id = "V1ServiceOwnerDialogLookupQueriesGet_DialogLookup",
    tag = "Serviceowner",
    params(
        ("instanceRef" = String, Query, description = "urn:altinn:instance-id:…, urn:altinn:correspondence-id:… or urn:altinn:dialog-id:…"),
        ("Accept-Language" = Option<String>, Header)
    ),
    responses(
        (status = 200, description = "The dialog the reference points to", body = LookupView),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn lookup_dialog(
    owner: ServiceOwner,
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Json<LookupView>> {
    let raw = query
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("instanceRef"))
        .map(|(_, value)| value.clone())
        .ok_or_else(|| Error::Validation(Error::field("InstanceRef", "is required")))?;
    let reference = InstanceRef::parse(&raw)?;
    let found = lookup::lookup(&state.pool, &state.authorizer, &owner, &reference).await?;
    let dialog = &found.aggregate.dialog;
    let content = &dialog.content.0;
    Ok(Json(LookupView {
        dialog_id: dialog.id.uuid(),
        instance_ref: raw.trim().to_ascii_lowercase(),
        party: dialog.party.to_string(),
        service_resource: found.resource.as_ref().map(LookupServiceResource::from),
        service_owner: found.resource.as_ref().map(LookupServiceOwner::from),
        title: texts(content.title.as_ref()),
        non_sensitive_title: texts(content.non_sensitive_title.as_ref()),
    }))
}
