//! `/api/v1/metadata`: anonymous facts about this installation, as upstream serves them.

use crate::api::openapi::ReadProblems;
use std::collections::BTreeSet;

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::{
    authz::{Authorizer, decision::RegisteredResource},
    domain::resource::{ACCESS_PACKAGE_PREFIX, LocalizedText, ROLE_PREFIX},
    error::Result,
    state::AppState,
};

/// How many values a search filter may list; the same numbers upstream enforces.
pub mod limits {
    pub const END_USER_PARTIES: usize = 100;
    pub const END_USER_SERVICE_RESOURCES: usize = 20;
    pub const END_USER_ORGS: usize = 20;
    pub const END_USER_EXTENDED_STATUSES: usize = 20;
    pub const SERVICE_OWNER_PARTIES: usize = 20;
    pub const SERVICE_OWNER_SERVICE_RESOURCES: usize = 20;
    pub const SERVICE_OWNER_EXTENDED_STATUSES: usize = 20;
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/metadata/limits", get(get_limits))
        .route("/v1/metadata/serviceresources", get(get_service_resources))
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Limits {
    end_user_search: EndUserSearchLimits,
    service_owner_search: ServiceOwnerSearchLimits,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct EndUserSearchLimits {
    max_party_filter_values: usize,
    max_service_resource_filter_values: usize,
    max_org_filter_values: usize,
    max_extended_status_filter_values: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct ServiceOwnerSearchLimits {
    max_party_filter_values: usize,
    max_service_resource_filter_values: usize,
    max_extended_status_filter_values: usize,
}

#[utoipa::path(
    get,
    path = "/api/v1/metadata/limits",
    operation_id = "V1MetadataLimitsGet_Limits",
    tag = "Metadata",
    responses(
        (status = 200, description = "The search limits", body = Limits),
        ReadProblems
    )
)]
pub(super) async fn get_limits() -> Json<Limits> {
    Json(Limits {
        end_user_search: EndUserSearchLimits {
            max_party_filter_values: limits::END_USER_PARTIES,
            max_service_resource_filter_values: limits::END_USER_SERVICE_RESOURCES,
            max_org_filter_values: limits::END_USER_ORGS,
            max_extended_status_filter_values: limits::END_USER_EXTENDED_STATUSES,
        },
        service_owner_search: ServiceOwnerSearchLimits {
            max_party_filter_values: limits::SERVICE_OWNER_PARTIES,
            max_service_resource_filter_values: limits::SERVICE_OWNER_SERVICE_RESOURCES,
            max_extended_status_filter_values: limits::SERVICE_OWNER_EXTENDED_STATUSES,
        },
    })
}

/// Localized text as upstream writes it: `[{ "languageCode": "nb", "value": "..." }]`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Localization {
    pub language_code: String,
    pub value: String,
}

pub fn localizations(text: &LocalizedText) -> Vec<Localization> {
    text.iter()
        .map(|(language, value)| Localization {
            language_code: language.clone(),
            value: value.clone(),
        })
        .collect()
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct ServiceResourceMetadata {
    items: Vec<ServiceResourceMetadataItem>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceResourceMetadataItem {
    service_resource: ServiceResourceSummary,
    service_owner: ServiceOwnerSummary,
    roles: Vec<SubjectSummary>,
    access_packages: Vec<SubjectSummary>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct ServiceResourceSummary {
    id: String,
    name: Vec<Localization>,
    resource_type: &'static str,
    minimum_authentication_level: u8,
    is_delegable: bool,
    status: &'static str,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct ServiceOwnerSummary {
    code: String,
    org_number: String,
    name: Vec<Localization>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct SubjectSummary {
    urn: String,
}

/// Every registered service resource, with its owner and the roles and access packages its policy names.
#[utoipa::path(
    get,
    path = "/api/v1/metadata/serviceresources",
    operation_id = "V1MetadataServiceResourcesGet_ServiceResourceMetadata",
    tag = "Metadata",
    params(
        ("Accept-Language" = Option<String>, Header)
    ),
    responses(
        (status = 200, description = "The service resources in use, with the roles and access packages that give access", body = ServiceResourceMetadata),
        ReadProblems
    )
)]
pub(super) async fn get_service_resources(
    State(authorizer): State<Authorizer>,
) -> Result<Json<ServiceResourceMetadata>> {
    let registry = authorizer.registry().await?;
    let mut resources: Vec<&RegisteredResource> = registry.resources().collect();
    resources.sort_by(|a, b| a.id.cmp(&b.id));
    let items = resources.into_iter().map(metadata_item).collect();
    Ok(Json(ServiceResourceMetadata { items }))
}

pub(crate) fn metadata_item(resource: &RegisteredResource) -> ServiceResourceMetadataItem {
    let subjects: BTreeSet<&str> = resource
        .grants
        .iter()
        .map(|grant| grant.subject.as_str())
        .collect();
    let named = |prefix: &str| {
        subjects
            .iter()
            .filter(|subject| subject.starts_with(prefix))
            .map(|subject| SubjectSummary {
                urn: (*subject).to_owned(),
            })
            .collect()
    };
    ServiceResourceMetadataItem {
        service_resource: ServiceResourceSummary {
            id: resource.id.to_string(),
            name: localizations(&resource.title),
            resource_type: resource.resource_type.as_str(),
            minimum_authentication_level: resource.minimum_authentication_level,
            is_delegable: true,
            status: "Completed",
        },
        service_owner: ServiceOwnerSummary {
            code: resource.owner_org.clone(),
            org_number: resource.owner_organization_number.to_string(),
            name: localizations(&resource.owner_name),
        },
        roles: named(ROLE_PREFIX),
        access_packages: named(ACCESS_PACKAGE_PREFIX),
    }
}
