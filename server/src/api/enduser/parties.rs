//! Who the user may act for, which services they reach, and finding a dialog by reference.

use std::collections::BTreeSet;

use axum::{
    Json, Router,
    extract::{Query, State},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    api::{
        accept_language::AcceptLanguage,
        metadata::{ServiceResourceMetadataItem, metadata_items},
        params::Params,
        schemas::ReadProblems,
        shared::lookup::{LookupServiceOwner, LookupServiceResource},
    },
    auth::principal::EndUserCaller,
    authz::decision::AuthorizedParty,
    domain::{
        dialog::model::LocalizationDoc,
        party::Party,
        resource::{ACCESS_PACKAGE_PREFIX, ResourceId},
    },
    error::{Error, Result},
    service::{
        end_user,
        lookup::{self, InstanceRef},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/enduser/dialoglookup", get(lookup_dialog))
        .route("/v1/enduser/parties", get(parties))
        .route("/v1/enduser/serviceresources", get(service_resources))
}

/// Role codes that make someone a key person of an organisation.
const KEY_ROLES: [&str; 6] = ["dagl", "lede", "innh", "dtpr", "dtso", "best"];

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct PartyView {
    party: String,
    /// A stable id of the party here (derived from its URN).
    party_uuid: Uuid,
    name: String,
    /// A person's date of birth (`1943-04-08`), as their national identity number gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<String>,
    /// `Person` or `Organization`.
    party_type: &'static str,
    is_deleted: bool,
    has_key_role: bool,
    is_current_end_user: bool,
    is_main_administrator: bool,
    is_access_manager: bool,
    has_only_access_to_sub_parties: bool,
    /// The sub-units, when there are any (none is left out, as upstream leaves it null).
    #[schema(no_recursion)]
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_parties: Option<Vec<PartyView>>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct Parties {
    authorized_parties: Vec<PartyView>,
}

fn party_view(
    authorized: &AuthorizedParty,
    current: &Party,
    sub_parties: Vec<PartyView>,
) -> PartyView {
    let has = |code: &str| {
        authorized
            .subjects
            .iter()
            .any(|subject| subject.as_str() == format!("urn:altinn:rolecode:{code}"))
    };
    let urn = authorized.party.to_string();
    PartyView {
        party_uuid: Uuid::new_v5(&Uuid::NAMESPACE_URL, urn.as_bytes()),
        party: urn,
        name: authorized.name.clone(),
        date_of_birth: authorized
            .party
            .person()
            .and_then(|person| person.date_of_birth())
            .map(|date| date.to_string()),
        party_type: match authorized.party {
            Party::Person(_) => "Person",
            Party::Organization(_) => "Organization",
            // E-mail users and legacy self-identified users, as Access Management types them.
            Party::SelfIdentified(_) | Party::IdportenEmail(_) | Party::SystemUser(_) => {
                "SelfIdentified"
            }
        },
        is_deleted: false,
        has_key_role: KEY_ROLES.iter().any(|code| has(code)),
        is_current_end_user: &authorized.party == current,
        is_main_administrator: has("hadm"),
        is_access_manager: has("admai"),
        has_only_access_to_sub_parties: authorized.subjects.is_empty(),
        sub_parties: (!sub_parties.is_empty()).then_some(sub_parties),
    }
}

/// Everyone the user may act for: organisations with their sub-units nested, then themselves
/// (upstream's order).
#[utoipa::path(
    get,
    path = "/api/v1/enduser/parties",
    operation_id = "V1AccessManagementQueriesGetParties_Parties",
    tag = "Enduser",
    responses((status = 200, description = "The parties the user may act for", body = Parties), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn parties(
    caller: EndUserCaller,
    State(state): State<AppState>,
) -> Result<Response> {
    let access = state.authorizer.party_access(&caller.user.party).await?;
    let current = caller.user.party.clone();
    let (organisations, persons): (Vec<_>, Vec<_>) = access
        .with_sub_units()
        .into_iter()
        .partition(|(main, _)| main.party.organization().is_some());
    let authorized_parties = organisations
        .into_iter()
        .chain(persons)
        .map(|(main, subs)| {
            let subs = subs
                .into_iter()
                .map(|sub| party_view(sub, &current, Vec::new()))
                .collect();
            party_view(main, &current, subs)
        })
        .collect();
    Ok(Json(Parties { authorized_parties }).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct AuthorizedServiceResources {
    items: Vec<ServiceResourceMetadataItem>,
    /// Always false here: the list is exactly what the user may reach.
    is_full_catalogue_fallback: bool,
}

/// The service resources the user may see dialogs of (for the given parties, or all of theirs).
#[utoipa::path(
    get,
    path = "/api/v1/enduser/serviceresources",
    operation_id = "V1EndUserServiceResourcesSearch_AuthorizedServiceResources",
    tag = "Enduser",
    params(("party" = Option<Vec<String>>, Query, description = "Only for these parties"), ("Accept-Language" = Option<String>, Header)),
    responses((status = 200, description = "The service resources", body = AuthorizedServiceResources), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn service_resources(
    caller: EndUserCaller,
    State(state): State<AppState>,
    languages: AcceptLanguage,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let params = Params::new(pairs);
    let parties: BTreeSet<String> = params
        .all("party")
        .into_iter()
        .map(|party| party.to_lowercase())
        .collect();
    let groups = state.authorizer.readable_groups(&caller.user).await?;
    let resources: BTreeSet<&ResourceId> = groups
        .iter()
        .filter(|group| {
            parties.is_empty()
                || group
                    .parties
                    .iter()
                    .any(|party| parties.contains(&party.to_string()))
        })
        .flat_map(|group| &group.resources)
        .collect();
    let registry = state.authorizer.registry().await?;
    let items = metadata_items(
        &registry,
        &state.links,
        resources.iter().filter_map(|id| registry.resource(id)),
        &languages,
    );
    Ok(Json(AuthorizedServiceResources {
        items,
        is_full_catalogue_fallback: false,
    })
    .into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct EvidenceItem {
    /// `Role` or `AccessPackage`.
    grant_type: &'static str,
    subject: String,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct AuthorizationEvidence {
    current_authentication_level: u8,
    via_role: bool,
    via_access_package: bool,
    via_resource_delegation: bool,
    via_instance_delegation: bool,
    evidence: Vec<EvidenceItem>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct EndUserLookup {
    dialog_id: Uuid,
    instance_ref: String,
    party: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_resource: Option<LookupServiceResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_owner: Option<LookupServiceOwner>,
    /// The non-sensitive title when the user signed in below the resource's level.
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Vec<LocalizationDoc>>,
    authorization_evidence: AuthorizationEvidence,
}

/// Finds the dialog behind an instance reference, if the user may see it (404 otherwise).
#[utoipa::path(
    get,
    path = "/api/v1/enduser/dialoglookup",
    operation_id = "V1EndUserDialogLookupQueriesGet_DialogLookup",
    tag = "Enduser",
    params(
        ("instanceRef" = String, Query, description = "urn:altinn:instance-id:…, urn:altinn:correspondence-id:… or urn:altinn:dialog-id:…"),
        ("Accept-Language" = Option<String>, Header)
    ),
    responses((status = 200, description = "The dialog the reference points to", body = EndUserLookup), ReadProblems),
    security(("idporten" = []))
)]
pub(super) async fn lookup_dialog(
    caller: EndUserCaller,
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let raw = Params::new(pairs).one("instanceref").ok_or_else(|| {
        Error::Validation(Error::field("InstanceRef", "instanceRef is required."))
    })?;
    let reference = InstanceRef::parse(&raw)?;
    let (found, subjects) =
        lookup::lookup_for_end_user(&state.pool, &state.authorizer, &caller.user, &reference)
            .await?;
    let dialog = &found.aggregate.dialog;
    let sensitive = end_user::sensitive_resources(&state.authorizer, &caller.user).await?;
    let content = &dialog.content.0;
    let (title, _) =
        end_user::listed_title_and_summary(content, sensitive(&dialog.service_resource));
    let evidence: Vec<EvidenceItem> = subjects
        .iter()
        .map(|subject| EvidenceItem {
            grant_type: if subject.as_str().starts_with(ACCESS_PACKAGE_PREFIX) {
                "AccessPackage"
            } else {
                "Role"
            },
            subject: subject.to_string(),
        })
        .collect();
    let view = EndUserLookup {
        dialog_id: dialog.id.uuid(),
        instance_ref: raw.trim().to_ascii_lowercase(),
        party: dialog.party.to_string(),
        service_resource: found.resource.as_ref().map(LookupServiceResource::from),
        service_owner: found.resource.as_ref().map(LookupServiceOwner::from),
        title: title.map(|value| value.value.clone()),
        authorization_evidence: AuthorizationEvidence {
            current_authentication_level: caller.user.authentication_level,
            via_role: evidence.iter().any(|item| item.grant_type == "Role"),
            via_access_package: evidence
                .iter()
                .any(|item| item.grant_type == "AccessPackage"),
            via_resource_delegation: false,
            via_instance_delegation: false,
            evidence,
        },
    };
    Ok(Json(view).into_response())
}
