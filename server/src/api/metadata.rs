//! `/api/v1/metadata`: anonymous facts about this installation, as upstream serves them.

use crate::api::schemas::ReadProblems;
use std::collections::BTreeSet;

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use crate::{
    api::accept_language::AcceptLanguage,
    authz::{
        Authorizer,
        decision::{RegisteredResource, Registry},
    },
    domain::{
        dialog::model::LocalizationDoc,
        limits,
        metadata_links::MetadataLinks,
        resource::{ACCESS_PACKAGE_PREFIX, LocalizedText, RESOURCE_PREFIX, ROLE_PREFIX, Subject},
    },
    error::Result,
    state::AppState,
};

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
    /// The resource's id without `urn:altinn:resource:`, as upstream writes it.
    id: String,
    name: Vec<LocalizationDoc>,
    resource_type: &'static str,
    minimum_authentication_level: u8,
    is_delegable: bool,
    status: &'static str,
    links: Links,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct ServiceOwnerSummary {
    code: String,
    org_number: String,
    name: Vec<LocalizationDoc>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct SubjectSummary {
    urn: String,
    name: Vec<LocalizationDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Links>,
}

/// Where Altinn describes the thing.
#[derive(Serialize, utoipa::ToSchema)]
struct Links {
    metadata: String,
}

pub fn localizations(text: &LocalizedText) -> Vec<LocalizationDoc> {
    text.iter()
        .map(|(language, value)| LocalizationDoc {
            language_code: language.clone(),
            value: value.clone(),
        })
        .collect()
}

/// Upstream's order for names in a list: bokmål, else English, else the first, case-insensitively.
fn sort_name(names: &[LocalizationDoc]) -> String {
    ["nb", "en"]
        .iter()
        .find_map(|code| names.iter().find(|name| name.language_code == *code))
        .or_else(|| names.first())
        .map(|name| name.value.to_lowercase())
        .unwrap_or_default()
}

/// Every registered service resource, with its owner and the roles and access packages its
/// policy names (those Access Management describes), each name kept to the accepted language.
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
    State(links): State<MetadataLinks>,
    languages: AcceptLanguage,
) -> Result<Json<ServiceResourceMetadata>> {
    let registry = authorizer.registry().await?;
    let items = metadata_items(&registry, &links, registry.resources(), &languages);
    Ok(Json(ServiceResourceMetadata { items }))
}

/// The metadata of `resources`, by name in the accepted language and then id, as upstream orders it.
pub(crate) fn metadata_items<'a>(
    registry: &Registry,
    links: &MetadataLinks,
    resources: impl Iterator<Item = &'a RegisteredResource>,
    languages: &AcceptLanguage,
) -> Vec<ServiceResourceMetadataItem> {
    let mut items: Vec<ServiceResourceMetadataItem> = resources
        .map(|resource| metadata_item(registry, links, resource, languages))
        .collect();
    items.sort_by_cached_key(|item| {
        (
            sort_name(&item.service_resource.name),
            item.service_resource.id.to_lowercase(),
        )
    });
    items
}

/// A text's localizations, only in the languages asked for (all without `Accept-Language`).
fn pruned(text: &LocalizedText, languages: &AcceptLanguage) -> Vec<LocalizationDoc> {
    let mut names = localizations(text);
    if let Some(languages) = &languages.0 {
        languages.prune(&mut names);
    }
    names
}

/// The resource's roles or access packages (by URN prefix) as the registry describes them,
/// sorted by name.
fn described(
    registry: &Registry,
    links: &MetadataLinks,
    (subjects, prefix): (&BTreeSet<&Subject>, &str),
    languages: &AcceptLanguage,
) -> Vec<SubjectSummary> {
    let mut described: Vec<SubjectSummary> = subjects
        .iter()
        .filter(|subject| subject.as_str().starts_with(prefix))
        .filter_map(|subject| registry.subject(subject))
        .map(|info| SubjectSummary {
            urn: info.urn.to_string(),
            name: pruned(&info.name, languages),
            links: if prefix == ROLE_PREFIX {
                info.id.map(|id| Links {
                    metadata: links.role(id),
                })
            } else {
                Some(Links {
                    metadata: links.access_package(info.urn.as_str()),
                })
            },
        })
        .collect();
    described.sort_by_cached_key(|summary| sort_name(&summary.name));
    described
}

fn metadata_item(
    registry: &Registry,
    links: &MetadataLinks,
    resource: &RegisteredResource,
    languages: &AcceptLanguage,
) -> ServiceResourceMetadataItem {
    let pruned = |text: &LocalizedText| pruned(text, languages);
    let subjects: BTreeSet<&Subject> = resource.grants.iter().map(|grant| &grant.subject).collect();
    let described = |prefix| described(registry, links, (&subjects, prefix), languages);
    let id = resource
        .id
        .as_str()
        .strip_prefix(RESOURCE_PREFIX)
        .unwrap_or(resource.id.as_str())
        .to_owned();
    ServiceResourceMetadataItem {
        service_resource: ServiceResourceSummary {
            name: pruned(&resource.title),
            resource_type: resource.resource_type.as_str(),
            minimum_authentication_level: resource.minimum_authentication_level,
            is_delegable: true,
            status: "Completed",
            links: Links {
                metadata: links.service_resource(&id),
            },
            id,
        },
        service_owner: ServiceOwnerSummary {
            code: resource.owner_org.clone(),
            org_number: resource.owner_organization_number.to_string(),
            name: pruned(&resource.owner_name),
        },
        roles: described(ROLE_PREFIX),
        access_packages: described(ACCESS_PACKAGE_PREFIX),
    }
}
