//! `/api/v1/admin`: operations for service-owner administrators (admin scope).

use crate::api::schemas::{ReadProblems, WriteProblems};
use axum::{
    Json, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};
use bytes::Bytes;
use http::{HeaderMap, header};
use serde_json::json;

use crate::{
    auth::principal::Admin,
    authz::{
        Authorizer,
        model::{AuthorizationData, Format},
    },
    error::{Error, Result},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/v1/admin/authorization",
        get(export_authorization).put(replace_authorization),
    )
}

/// The whole authorization data set as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/admin/authorization",
    operation_id = "AdminExportAuthorization",
    tag = "Admin",
    responses(
        (status = 200, description = "All authorization data as one document"),
        ReadProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn export_authorization(
    _admin: Admin,
    State(authorizer): State<Authorizer>,
) -> Result<Json<AuthorizationData>> {
    Ok(Json(authorizer.export().await?))
}

/// Replaces the authorization data with the body: JSON, or YAML with a YAML content type.
#[utoipa::path(
    put,
    path = "/api/v1/admin/authorization",
    operation_id = "AdminReplaceAuthorization",
    tag = "Admin",
    request_body(content = Object, description = "The authorization document (JSON, or YAML with a YAML content type)", content_type = "application/json"),
    responses(
        (status = 204, description = "Replaced"),
        WriteProblems
    ),
    security(("maskinporten" = []))
)]
pub(super) async fn replace_authorization(
    Admin(admin): Admin,
    State(authorizer): State<Authorizer>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/json");
    let format = if content_type.contains("yaml") {
        Format::Yaml
    } else {
        Format::Json
    };
    let text = std::str::from_utf8(&body)
        .map_err(|_| Error::Validation(Error::field("document", "The body is not UTF-8 text.")))?;
    let data = AuthorizationData::parse(text, format).map_err(Error::Validation)?;
    let generation = authorizer.replace_all(&data).await?;
    tracing::info!(
        by = admin.organization_number.as_str(),
        generation,
        "authorization data replaced through the API"
    );
    Ok(Json(json!({
        "generation": generation,
        "serviceOwners": data.service_owners.len(),
        "resources": data.resources.len(),
        "persons": data.persons.len(),
        "organizations": data.organizations.len(),
        "relations": data.relations.len(),
    }))
    .into_response())
}
