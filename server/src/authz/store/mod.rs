//! Reading and replacing the authorization data in PostgreSQL.

mod export;
mod load;

pub use export::export;
pub use load::{load_party_access, load_registry, party_names, representatives};

use std::collections::BTreeSet;

use sqlx::PgConnection;

use crate::{
    domain::{party::Party, resource::ResourceId},
    error::Result,
};

use super::{
    decision::{Grant, Registry},
    model::AuthorizationData,
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
