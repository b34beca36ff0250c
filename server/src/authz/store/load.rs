//! Loading what decisions need: the registry with its policies, one person's parties and
//! relations, and names.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{PgConnection, types::Json};

use crate::{
    domain::{
        party::{OrganizationNumber, Party},
        resource::{Action, Attribute, LocalizedText, ResourceId, ResourceType, Subject},
    },
    error::Result,
};

use crate::authz::{
    decision::{AuthorizedParty, Grant, PartyAccess, RegisteredResource, Registry},
    model::SubjectInfo,
};

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
