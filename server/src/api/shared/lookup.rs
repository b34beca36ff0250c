//! The service resource and owner a dialog lookup names, as both APIs write them.

use serde::Serialize;

use crate::{api::metadata::localizations, authz::decision::RegisteredResource};

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LookupServiceResource {
    id: String,
    is_delegable: bool,
    minimum_authentication_level: u8,
    name: Vec<crate::domain::dialog::model::LocalizationDoc>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LookupServiceOwner {
    code: String,
    org_number: String,
    name: Vec<crate::domain::dialog::model::LocalizationDoc>,
}

impl From<&RegisteredResource> for LookupServiceResource {
    fn from(resource: &RegisteredResource) -> Self {
        Self {
            id: resource.id.to_string(),
            is_delegable: true,
            minimum_authentication_level: resource.minimum_authentication_level,
            name: localizations(&resource.title),
        }
    }
}

impl From<&RegisteredResource> for LookupServiceOwner {
    fn from(resource: &RegisteredResource) -> Self {
        Self {
            code: resource.owner_org.clone(),
            org_number: resource.owner_organization_number.to_string(),
            name: localizations(&resource.owner_name),
        }
    }
}
