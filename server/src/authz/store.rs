//! Reading and replacing the authorization data in PostgreSQL.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{PgConnection, types::Json};

use crate::{
    domain::{
        party::{OrganizationNumber, Party},
        resource::{Action, Attribute, LocalizedText, ResourceId, ResourceType, Subject},
    },
    error::Result,
};

use super::{
    decision::{AuthorizedParty, Grant, PartyAccess, RegisteredResource, Registry},
    model::{
        AuthorizationData, Organization, Person, PolicyRule, Relation, ServiceOwner,
        ServiceResource, SubjectInfo, SystemUser,
    },
};

/// Replaces everything with `data` (already checked) and bumps the generation. Run in a transaction.
pub async fn replace_all(connection: &mut PgConnection, data: &AuthorizationData) -> Result<i64> {
    sqlx::query!("delete from party_relations")
        .execute(&mut *connection)
        .await?;
    sqlx::query!("delete from policy_rules")
        .execute(&mut *connection)
        .await?;
    sqlx::query!("delete from service_resources")
        .execute(&mut *connection)
        .await?;
    sqlx::query!("update parties set parent_urn = null")
        .execute(&mut *connection)
        .await?;
    sqlx::query!("delete from parties")
        .execute(&mut *connection)
        .await?;
    sqlx::query!("delete from service_owners")
        .execute(&mut *connection)
        .await?;
    sqlx::query!("delete from subject_catalogue")
        .execute(&mut *connection)
        .await?;
    insert_owners_and_resources(connection, data).await?;
    let subjects = &data.subjects;
    sqlx::query!(
        "insert into subject_catalogue (urn, id, name)
         select * from unnest($1::text[], $2::uuid[], $3::jsonb[])
         on conflict (urn) do nothing",
        &subjects
            .iter()
            .map(|info| info.urn.to_string())
            .collect::<Vec<_>>(),
        &subjects.iter().map(|info| info.id).collect::<Vec<_>>() as &[Option<uuid::Uuid>],
        &subjects
            .iter()
            .map(|info| serde_json::json!(info.name))
            .collect::<Vec<_>>(),
    )
    .execute(&mut *connection)
    .await?;
    insert_parties_and_relations(connection, data).await?;
    let generation = sqlx::query_scalar!(
        "update authorization_generation set generation = generation + 1 returning generation"
    )
    .fetch_one(&mut *connection)
    .await?;
    sqlx::query!(
        "select pg_notify('authorization_changed', $1)",
        generation.to_string()
    )
    .execute(&mut *connection)
    .await?;
    Ok(generation)
}

async fn insert_owners_and_resources(
    connection: &mut PgConnection,
    data: &AuthorizationData,
) -> Result<()> {
    let owners = &data.service_owners;
    sqlx::query!(
        "insert into service_owners (org_code, organization_number, name)
         select * from unnest($1::text[], $2::text[], $3::jsonb[])",
        &owners
            .iter()
            .map(|owner| owner.org.clone())
            .collect::<Vec<_>>(),
        &owners
            .iter()
            .map(|owner| owner.organization_number.as_str().to_owned())
            .collect::<Vec<_>>(),
        &owners
            .iter()
            .map(|owner| serde_json::json!(owner.name))
            .collect::<Vec<_>>(),
    )
    .execute(&mut *connection)
    .await?;
    let resources = &data.resources;
    sqlx::query!(
        "insert into service_resources (id, title, resource_type, owner_org, minimum_authentication_level)
         select * from unnest($1::text[], $2::jsonb[], $3::text[], $4::text[], $5::smallint[])",
        &resources.iter().map(|resource| resource.id.to_string()).collect::<Vec<_>>(),
        &resources.iter().map(|resource| serde_json::json!(resource.title)).collect::<Vec<_>>(),
        &resources.iter().map(|resource| resource.resource_type.as_str().to_owned()).collect::<Vec<_>>(),
        &resources.iter().map(|resource| resource.owner.clone()).collect::<Vec<_>>(),
        &resources.iter().map(|resource| i16::from(resource.minimum_authentication_level)).collect::<Vec<_>>(),
    )
    .execute(&mut *connection)
    .await?;
    let registry = Registry::from_data(data);
    let grants: Vec<(&ResourceId, &Grant)> = registry
        .resources()
        .flat_map(|resource| {
            resource
                .grants
                .iter()
                .map(move |grant| (&resource.id, grant))
        })
        .collect();
    sqlx::query!(
        "insert into policy_rules (resource_id, subject, action, attribute)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
         on conflict do nothing",
        &grants
            .iter()
            .map(|(id, _)| id.to_string())
            .collect::<Vec<_>>(),
        &grants
            .iter()
            .map(|(_, grant)| grant.subject.to_string())
            .collect::<Vec<_>>(),
        &grants
            .iter()
            .map(|(_, grant)| grant.action.to_string())
            .collect::<Vec<_>>(),
        &grants
            .iter()
            .map(|(_, grant)| grant.attribute.as_ref().map(ToString::to_string))
            .collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

async fn insert_parties_and_relations(
    connection: &mut PgConnection,
    data: &AuthorizationData,
) -> Result<()> {
    let persons = data.persons.iter().map(|person| {
        (
            Party::Person(person.national_identity_number.clone()),
            &person.name,
            None,
        )
    });
    let organizations = data.organizations.iter().map(|organization| {
        (
            Party::Organization(organization.organization_number.clone()),
            &organization.name,
            organization.parent.clone().map(Party::Organization),
        )
    });
    // A system user is in the register as its own party, with its rights as relations.
    let system_users = data
        .system_users
        .iter()
        .map(|user| (Party::system_user(user.id), &user.name, None));
    let parties: Vec<_> = persons.chain(organizations).chain(system_users).collect();
    // Main units go in before the sub-units that point at them.
    sqlx::query!(
        "insert into parties (urn, name, parent_urn)
         select * from unnest($1::text[], $2::text[], $3::text[]) as p(urn, name, parent_urn)
         order by parent_urn nulls first",
        &parties
            .iter()
            .map(|(party, _, _)| party.to_string())
            .collect::<Vec<_>>(),
        &parties
            .iter()
            .map(|(_, name, _)| (*name).clone())
            .collect::<Vec<_>>(),
        &parties
            .iter()
            .map(|(_, _, parent)| parent.as_ref().map(ToString::to_string))
            .collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(&mut *connection)
    .await?;
    let people = data.relations.iter().map(|relation| {
        (
            Party::Person(relation.person.clone()),
            &relation.organization,
            &relation.subjects,
        )
    });
    let systems = data.system_users.iter().map(|user| {
        (
            Party::system_user(user.id),
            &user.organization,
            &user.subjects,
        )
    });
    let relations: Vec<(String, String, String)> = people
        .chain(systems)
        .flat_map(|(holder, organization, subjects)| {
            let holder = holder.to_string();
            let organization = Party::Organization(organization.clone()).to_string();
            subjects
                .iter()
                .map(move |subject| (holder.clone(), organization.clone(), subject.to_string()))
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    sqlx::query!(
        "insert into party_relations (person_urn, organization_urn, subject)
         select * from unnest($1::text[], $2::text[], $3::text[])",
        &relations
            .iter()
            .map(|(person, _, _)| person.clone())
            .collect::<Vec<_>>(),
        &relations
            .iter()
            .map(|(_, organization, _)| organization.clone())
            .collect::<Vec<_>>(),
        &relations
            .iter()
            .map(|(_, _, subject)| subject.clone())
            .collect::<Vec<_>>(),
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

pub async fn has_data(connection: &mut PgConnection) -> Result<bool> {
    Ok(
        sqlx::query_scalar!(r#"select exists (select 1 from service_owners) as "exists!""#)
            .fetch_one(connection)
            .await?,
    )
}

/// Loads the registry: every resource with its owner and policy grants.
pub async fn load_registry(connection: &mut PgConnection) -> Result<Registry> {
    let rows = sqlx::query!(
        r#"select r.id, r.title as "title: Json<LocalizedText>", r.resource_type, r.owner_org,
                  o.organization_number, o.name as "owner_name: Json<LocalizedText>",
                  r.minimum_authentication_level,
                  coalesce(array_agg(g.subject order by g.subject, g.action, g.attribute nulls first)
                           filter (where g.subject is not null), '{}') as "subjects!",
                  coalesce(array_agg(g.action order by g.subject, g.action, g.attribute nulls first)
                           filter (where g.subject is not null), '{}') as "actions!",
                  coalesce(array_agg(coalesce(g.attribute, '') order by g.subject, g.action, g.attribute nulls first)
                           filter (where g.subject is not null), '{}') as "attributes!"
           from service_resources r
           join service_owners o on o.org_code = r.owner_org
           left join policy_rules g on g.resource_id = r.id
           group by r.id, o.org_code"#
    )
    .fetch_all(&mut *connection)
    .await?;
    let resources = rows
        .into_iter()
        .map(|row| -> anyhow::Result<RegisteredResource> {
            let grants = row
                .subjects
                .iter()
                .zip(&row.actions)
                .zip(&row.attributes)
                .map(|((subject, action), attribute)| {
                    Ok(Grant {
                        subject: Subject::parse(subject)?,
                        action: Action::parse(action)?,
                        attribute: (!attribute.is_empty())
                            .then(|| Attribute::parse(attribute))
                            .transpose()?,
                    })
                })
                .collect::<Result<_, crate::domain::resource::ResourceError>>()?;
            Ok(RegisteredResource {
                id: ResourceId::parse(&row.id)?,
                title: row.title.0,
                resource_type: ResourceType::parse(&row.resource_type).ok_or_else(|| {
                    anyhow::anyhow!("unknown resource type {}", row.resource_type)
                })?,
                owner_org: row.owner_org,
                owner_organization_number: OrganizationNumber::parse(&row.organization_number)?,
                owner_name: row.owner_name.0,
                minimum_authentication_level: u8::try_from(row.minimum_authentication_level)?,
                grants,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let subjects = sqlx::query!(
        r#"select urn, id, name as "name: Json<LocalizedText>" from subject_catalogue order by urn"#
    )
    .fetch_all(&mut *connection)
    .await?
    .into_iter()
    .map(|row| {
        Ok(SubjectInfo {
            urn: Subject::parse(&row.urn)?,
            id: row.id,
            name: row.name.0,
        })
    })
    .collect::<Result<Vec<_>, crate::domain::resource::ResourceError>>()
    .map_err(anyhow::Error::from)?;
    Ok(Registry::new(resources).with_subjects(subjects))
}

/// The parties an end user may act for: their own (a system user has none), every organisation
/// they hold a role or access package for, and the sub-units of those organisations, which
/// inherit the main unit's subjects.
pub async fn load_party_access(
    connection: &mut PgConnection,
    own_party: &Party,
) -> Result<PartyAccess> {
    let person_urn = own_party.to_string();
    let own_name = sqlx::query_scalar!("select name from parties where urn = $1", person_urn)
        .fetch_optional(&mut *connection)
        .await?;
    let rows = sqlx::query!(
        r#"with direct as (
               select organization_urn, array_agg(subject) as subjects
               from party_relations where person_urn = $1 group by organization_urn
           )
           select p.urn as "urn!", p.name as "name!", p.parent_urn, d.subjects as "subjects!"
           from direct d join parties p on p.urn = d.organization_urn
           union all
           select c.urn, c.name, c.parent_urn, d.subjects
           from direct d join parties c on c.parent_urn = d.organization_urn"#,
        person_urn
    )
    .fetch_all(&mut *connection)
    .await?;
    let mut organizations: BTreeMap<String, AuthorizedParty> = BTreeMap::new();
    for row in rows {
        let subjects = row
            .subjects
            .iter()
            .map(|subject| Subject::parse(subject))
            .collect::<Result<BTreeSet<_>, _>>()
            .map_err(anyhow::Error::from)?;
        let party = Party::parse(&row.urn).map_err(anyhow::Error::from)?;
        let parent = row
            .parent_urn
            .as_deref()
            .map(Party::parse)
            .transpose()
            .map_err(anyhow::Error::from)?;
        organizations
            .entry(row.urn)
            .or_insert_with(|| AuthorizedParty {
                party,
                name: row.name,
                parent,
                subjects: BTreeSet::new(),
            })
            .subjects
            .extend(subjects);
    }
    // A system user acts only for the organisations it was given rights for.
    let own = (!matches!(own_party, Party::SystemUser(_))).then(|| AuthorizedParty {
        party: own_party.clone(),
        // An e-mail user is known by their address, as Access Management names them.
        name: own_name.unwrap_or_else(|| match own_party {
            Party::Person(_) => String::new(),
            other => other.identifier().to_owned(),
        }),
        parent: None,
        subjects: BTreeSet::from([Subject::private_person()]),
    });
    Ok(PartyAccess::new(
        own_party.clone(),
        order_parties(own, organizations.into_values().collect()),
    ))
}

/// The person first; then main units by name, each followed by its sub-units by name.
fn order_parties(
    own: Option<AuthorizedParty>,
    organizations: Vec<AuthorizedParty>,
) -> Vec<AuthorizedParty> {
    let names: HashMap<&Party, &str> = organizations
        .iter()
        .map(|party| (&party.party, party.name.as_str()))
        .collect();
    let sort_key = |party: &AuthorizedParty| {
        let main_name = party
            .parent
            .as_ref()
            .and_then(|parent| names.get(parent).copied())
            .unwrap_or(party.name.as_str());
        (
            main_name.to_lowercase(),
            party.parent.is_some(),
            party.name.to_lowercase(),
        )
    };
    let mut keyed: Vec<_> = organizations
        .iter()
        .map(|party| (sort_key(party), party.clone()))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    own.into_iter()
        .chain(keyed.into_iter().map(|(_, party)| party))
        .collect()
}

/// The whole data set as a document, for the admin API's export.
pub async fn export(connection: &mut PgConnection) -> Result<AuthorizationData> {
    let owners = sqlx::query!(r#"select org_code, organization_number, name as "name: Json<LocalizedText>" from service_owners order by org_code"#)
        .fetch_all(&mut *connection)
        .await?;
    let registry = load_registry(connection).await?;
    let parties = sqlx::query!("select urn, name, parent_urn from parties order by urn")
        .fetch_all(&mut *connection)
        .await?;
    let relations = sqlx::query!(
        r#"select person_urn, organization_urn, array_agg(subject order by subject) as "subjects!"
           from party_relations group by person_urn, organization_urn order by person_urn, organization_urn"#
    )
    .fetch_all(&mut *connection)
    .await?;
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
    Ok(data)
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

/// Everyone who may act for `party` as (person URN, name), by name: the people with a role or
/// access package for it or its main unit, or the person themself.
pub async fn representatives(
    connection: &mut PgConnection,
    party: &str,
) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query!(
        r#"select p.urn as "urn!", p.name as "name!"
           from party_relations r join parties p on p.urn = r.person_urn
           where (r.organization_urn = $1
                  or r.organization_urn = (select parent_urn from parties where urn = $1))
             and p.urn like 'urn:altinn:person:%'
           union
           select urn, name from parties where urn = $1 and urn like 'urn:altinn:person:%'
           order by 2, 1"#,
        party
    )
    .fetch_all(&mut *connection)
    .await?;
    Ok(rows.into_iter().map(|row| (row.urn, row.name)).collect())
}

/// The registered names of parties, by URN (parties the register does not know are left out).
pub async fn party_names(
    connection: &mut PgConnection,
    urns: &[String],
) -> Result<BTreeMap<String, String>> {
    // A system user goes by its owning organisation's name, as upstream names it (it has no
    // name of its own upstream can look up): the organisation its rights are held for.
    let rows = sqlx::query!(
        r#"select p.urn, coalesce(owner.name, p.name) as "name!"
           from parties p
           left join lateral (
               select o.name from party_relations r join parties o on o.urn = r.organization_urn
               where r.person_urn = p.urn and p.urn like 'urn:altinn:systemuser:%'
               order by o.urn limit 1
           ) owner on true
           where p.urn = any($1)"#,
        urns
    )
    .fetch_all(&mut *connection)
    .await?;
    Ok(rows.into_iter().map(|row| (row.urn, row.name)).collect())
}
