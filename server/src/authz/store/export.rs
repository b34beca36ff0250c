//! The authorization data as a document again: what `replace_all` took, for an export.

use std::collections::BTreeMap;

use sqlx::{PgConnection, types::Json};

use crate::{
    domain::{
        party::{OrganizationNumber, Party},
        resource::{LocalizedText, Subject},
    },
    error::Result,
};

use crate::authz::{
    decision::RegisteredResource,
    model::{
        AuthorizationData, Organization, Person, PolicyRule, Relation, ServiceOwner,
        ServiceResource, SystemUser,
    },
    store::load_registry,
};

/// The whole data set as a document, for the admin API's export.
pub async fn export(connection: &mut PgConnection) -> Result<AuthorizationData> {
    let owners = sqlx::query!(r#"select org_code, organization_number, name as "name: Json<LocalizedText>" from service_owners order by org_code"#)
        .fetch_all(&mut *connection)
        .await?;
    let registry = load_registry(connection).await?;
    let mut data = AuthorizationData::default();
    for owner in owners {
        data.service_owners.push(ServiceOwner {
            org: owner.org_code,
            organization_number: OrganizationNumber::parse(&owner.organization_number)
                .map_err(anyhow::Error::from)?,
            name: owner.name.0,
        });
    }
    let mut resources: Vec<_> = registry.resources().collect();
    resources.sort_by(|a, b| a.id.cmp(&b.id));
    data.resources = resources.into_iter().map(to_document_resource).collect();
    data.subjects = registry.subjects().cloned().collect();
    data.subjects.sort_by(|a, b| a.urn.cmp(&b.urn));
    let system_users = export_parties(&mut *connection, &mut data).await?;
    export_relations(connection, &mut data, &system_users).await?;
    Ok(data)
}

/// The persons and organisations into the document; the system users' (id, name) by URN,
/// for their relations to complete.
async fn export_parties(
    connection: &mut PgConnection,
    data: &mut AuthorizationData,
) -> Result<BTreeMap<String, (String, String)>> {
    let parties = sqlx::query!("select urn, name, parent_urn from parties order by urn")
        .fetch_all(&mut *connection)
        .await?;
    let mut system_users = BTreeMap::new();
    for party in parties {
        match Party::parse_end_user(&party.urn).map_err(anyhow::Error::from)? {
            Party::Person(number) => data.persons.push(Person {
                national_identity_number: number,
                name: party.name,
            }),
            Party::Organization(number) => data.organizations.push(Organization {
                organization_number: number,
                name: party.name,
                parent: party
                    .parent_urn
                    .as_deref()
                    .and_then(|urn| Party::parse(urn).ok())
                    .and_then(|parent| parent.organization().cloned()),
            }),
            Party::SystemUser(id) => {
                system_users.insert(party.urn, (id, party.name));
            }
            Party::SelfIdentified(_) | Party::IdportenEmail(_) => {}
        }
    }
    Ok(system_users)
}

/// The persons' relations, and the system users with theirs.
async fn export_relations(
    connection: &mut PgConnection,
    data: &mut AuthorizationData,
    system_users: &BTreeMap<String, (String, String)>,
) -> Result<()> {
    let relations = sqlx::query!(
        r#"select person_urn, organization_urn, array_agg(subject order by subject) as "subjects!"
           from party_relations group by person_urn, organization_urn order by person_urn, organization_urn"#
    )
    .fetch_all(&mut *connection)
    .await?;
    for relation in relations {
        let holder = Party::parse_end_user(&relation.person_urn).map_err(anyhow::Error::from)?;
        let organization = Party::parse(&relation.organization_urn).map_err(anyhow::Error::from)?;
        let Some(organization) = organization.organization().cloned() else {
            continue;
        };
        let subjects = relation
            .subjects
            .iter()
            .filter_map(|subject| Subject::parse(subject).ok())
            .collect();
        match &holder {
            Party::Person(person) => data.relations.push(Relation {
                person: person.clone(),
                organization,
                subjects,
            }),
            Party::SystemUser(_) => {
                if let Some((id, name)) = system_users.get(&relation.person_urn) {
                    data.system_users.push(SystemUser {
                        id: id.parse().map_err(anyhow::Error::from)?,
                        name: name.clone(),
                        organization,
                        subjects,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// One policy rule per grant: simple and lossless, if more verbose than the imported document.
fn to_document_resource(resource: &RegisteredResource) -> ServiceResource {
    ServiceResource {
        id: resource.id.clone(),
        title: resource.title.clone(),
        resource_type: resource.resource_type,
        owner: resource.owner_org.clone(),
        minimum_authentication_level: resource.minimum_authentication_level,
        policy: resource
            .grants
            .iter()
            .map(|grant| PolicyRule {
                subjects: vec![grant.subject.clone()],
                actions: vec![grant.action.clone()],
                attribute: grant.attribute.clone(),
            })
            .collect(),
    }
}
