//! The benchmark's authorization data: service owners, ten service resources, a long tail of
//! persons and organisations, and the worst cases upstream's large data set has: parties with
//! tens of thousands of dialogs, an organisation with sub-units, and professionals acting for
//! 10,000 and 50,000 organisations.

use std::collections::BTreeMap;

use crate::{
    authz::model::{
        AuthorizationData, Organization, Person, PolicyRule, Relation, ServiceOwner,
        ServiceResource,
    },
    domain::{
        party::{NationalIdentityNumber, OrganizationNumber, Party},
        resource::{Action, ResourceId, ResourceType, Subject},
    },
};

pub const RESOURCES: usize = 10;
/// Persons and organisations below these indexes are personas; the tail starts after them.
pub const PERSONA_PERSONS: usize = 100;
pub const PERSONA_ORGANIZATIONS: usize = 10;
/// The professionals' clients start here.
const FIRST_CLIENT: usize = PERSONA_ORGANIZATIONS;
pub const PROFESSIONAL_CLIENTS: [usize; 2] = [10_000, 50_000];
/// The organisation with sub-units (index) and how many sub-units it has (the next indexes).
pub const PARENT_ORGANIZATION: usize = 2;
pub const SUB_UNITS: usize = 3;

const OWNERS: [(&str, &str, &str); 3] = [
    ("skd", "974761076", "Skatteetaten"),
    ("nav", "889640782", "Arbeids- og velferdsetaten"),
    ("digdir", "991825827", "Digitaliseringsdirektoratet"),
];

/// Who plays which part, by index into the generated persons and organisations.
pub mod persona {
    /// Persons with many dialogs of their own.
    pub const PERSON_73K: usize = 0;
    pub const PERSON_34K: usize = 1;
    pub const PERSON_10K: usize = 2;
    /// The general managers (DAGL) of the big organisations.
    pub const MANAGER_73K: usize = 3;
    pub const MANAGER_34K: usize = 4;
    pub const MANAGER_WITH_SUB_UNITS: usize = 5;
    /// Accountants (REGN) for 10,000 and 50,000 organisations.
    pub const PROFESSIONALS: [usize; 2] = [6, 7];
    /// A citizen from the tail, with a handful of dialogs.
    pub const CITIZEN: usize = super::PERSONA_PERSONS;
}

/// The generated register's numbers for a data set of a given size, in a fixed order.
#[derive(Debug, Clone)]
pub struct Register {
    pub persons: Vec<NationalIdentityNumber>,
    pub organizations: Vec<OrganizationNumber>,
}

impl Register {
    pub fn for_dialogs(dialogs: u64) -> Self {
        let dialogs = usize::try_from(dialogs).unwrap_or(usize::MAX);
        let persons = (dialogs / 4).max(5_000);
        // Enough organisations for the biggest professional, and a tail beyond them.
        let organizations = (dialogs / 8).max(PROFESSIONAL_CLIENTS[1] + FIRST_CLIENT + 10_000);
        Self {
            persons: national_identity_numbers().take(persons).collect(),
            organizations: organization_numbers().take(organizations).collect(),
        }
    }

    pub fn person_party(&self, index: usize) -> String {
        Party::Person(self.persons[index].clone()).to_string()
    }

    pub fn organization_party(&self, index: usize) -> String {
        Party::Organization(self.organizations[index].clone()).to_string()
    }
}

pub fn resource_id(index: usize) -> ResourceId {
    ResourceId::parse(&format!("urn:altinn:resource:bench-{:02}", index + 1))
        .expect("a valid resource id")
}

/// The org code owning resource `index`.
pub fn resource_owner(index: usize) -> &'static str {
    OWNERS[index * OWNERS.len() / RESOURCES].0
}

/// Valid national identity numbers in a fixed order (born 1900-1999, individual numbers 000-499).
pub fn national_identity_numbers() -> impl Iterator<Item = NationalIdentityNumber> {
    const FIRST: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const SECOND: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    (0..28 * 12 * 100 * 500usize).filter_map(|candidate| {
        let day = candidate % 28 + 1;
        let month = candidate / 28 % 12 + 1;
        let year = candidate / 336 % 100;
        let individual = candidate / 33_600;
        let base = format!("{day:02}{month:02}{year:02}{individual:03}");
        let mut digits: Vec<u32> = base.bytes().map(|byte| u32::from(byte - b'0')).collect();
        let first = check_digit(&digits, &FIRST)?;
        digits.push(first);
        let second = check_digit(&digits, &SECOND)?;
        NationalIdentityNumber::parse(&format!("{base}{first}{second}")).ok()
    })
}

/// Valid organisation numbers in a fixed order (from 800000000).
pub fn organization_numbers() -> impl Iterator<Item = OrganizationNumber> {
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    (0..20_000_000usize).filter_map(|candidate| {
        let base = format!("{:08}", 80_000_000 + candidate);
        let digits: Vec<u32> = base.bytes().map(|byte| u32::from(byte - b'0')).collect();
        let check = check_digit(&digits, &WEIGHTS)?;
        OrganizationNumber::parse(&format!("{base}{check}")).ok()
    })
}

fn check_digit(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        digit => Some(digit),
    }
}

fn subject(name: &str) -> Subject {
    Subject::parse(name).expect("a valid subject")
}

fn action(name: &str) -> Action {
    Action::parse(name).expect("a valid action")
}

fn text(value: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("nb".to_owned(), value.to_owned())])
}

/// The resources' policies: persons and managers may read and write all of them; accountants
/// read the first six; an access package reads the last four. The last asks for level 4.
fn resources() -> Vec<ServiceResource> {
    (0..RESOURCES)
        .map(|index| {
            let mut policy = vec![PolicyRule {
                subjects: vec![subject("PRIV"), subject("DAGL")],
                actions: vec![action("read"), action("write")],
                attribute: None,
            }];
            policy.push(PolicyRule {
                subjects: vec![subject(if index < 6 {
                    "REGN"
                } else {
                    "urn:altinn:accesspackage:bench-pakke"
                })],
                actions: vec![action("read")],
                attribute: None,
            });
            ServiceResource {
                id: resource_id(index),
                title: text(&format!("Benchmark service {}", index + 1)),
                resource_type: ResourceType::GenericAccessResource,
                owner: resource_owner(index).to_owned(),
                minimum_authentication_level: if index == RESOURCES - 1 { 4 } else { 3 },
                policy,
            }
        })
        .collect()
}

/// The whole register for `register`'s sizes.
pub fn authorization_data(register: &Register) -> AuthorizationData {
    let persons = register
        .persons
        .iter()
        .enumerate()
        .map(|(index, number)| Person {
            national_identity_number: number.clone(),
            name: format!("Person {index}"),
        })
        .collect();
    let organizations = register
        .organizations
        .iter()
        .enumerate()
        .map(|(index, number)| Organization {
            organization_number: number.clone(),
            name: format!("Organisasjon {index} AS"),
            parent: (PARENT_ORGANIZATION + 1..=PARENT_ORGANIZATION + SUB_UNITS)
                .contains(&index)
                .then(|| register.organizations[PARENT_ORGANIZATION].clone()),
        })
        .collect();
    let relations = relations(register);
    AuthorizationData {
        service_owners: OWNERS
            .iter()
            .map(|(org, number, name)| ServiceOwner {
                org: (*org).to_owned(),
                organization_number: OrganizationNumber::parse(number)
                    .expect("a valid organisation number"),
                name: text(name),
            })
            .collect(),
        resources: resources(),
        persons,
        organizations,
        relations,
        system_users: Vec::new(),
        subjects: Vec::new(),
    }
}

/// The personas' roles, the professionals' clients, and a manager for every other organisation.
fn relations(register: &Register) -> Vec<Relation> {
    let relation = |person: usize, organization: usize, role: &str| Relation {
        person: register.persons[person].clone(),
        organization: register.organizations[organization].clone(),
        subjects: vec![subject(role)],
    };
    let mut relations = vec![
        relation(persona::MANAGER_73K, 0, "DAGL"),
        relation(persona::MANAGER_34K, 1, "DAGL"),
        relation(persona::MANAGER_WITH_SUB_UNITS, PARENT_ORGANIZATION, "DAGL"),
    ];
    for (professional, clients) in persona::PROFESSIONALS.into_iter().zip(PROFESSIONAL_CLIENTS) {
        relations.extend(
            (FIRST_CLIENT..FIRST_CLIENT + clients)
                .map(|organization| relation(professional, organization, "REGN")),
        );
    }
    // Every tail organisation has a manager from the tail of persons.
    let tail_persons = register.persons.len() - PERSONA_PERSONS;
    relations.extend(
        (PERSONA_ORGANIZATIONS..register.organizations.len()).map(|organization| {
            relation(
                PERSONA_PERSONS + organization % tail_persons,
                organization,
                "DAGL",
            )
        }),
    );
    relations
}

/// The professionals' first clients as party URNs (for searches over 100 parties).
pub fn first_clients(register: &Register, count: usize) -> Vec<String> {
    (FIRST_CLIENT..FIRST_CLIENT + count)
        .map(|index| register.organization_party(index))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_are_valid_and_distinct() {
        let register = Register::for_dialogs(1_000);
        let persons: std::collections::BTreeSet<&NationalIdentityNumber> =
            register.persons.iter().collect();
        assert_eq!(persons.len(), register.persons.len());
        let organizations: std::collections::BTreeSet<&OrganizationNumber> =
            register.organizations.iter().collect();
        assert_eq!(organizations.len(), register.organizations.len());
    }

    #[test]
    fn the_register_checks_out_and_has_the_professionals() {
        let register = Register::for_dialogs(1_000);
        let data = authorization_data(&register);
        assert!(data.check().is_ok(), "{:?}", data.check());
        let regn = subject("REGN");
        let clients = |person: usize| {
            data.relations
                .iter()
                .filter(|relation| {
                    relation.person == register.persons[person]
                        && relation.subjects == [regn.clone()]
                })
                .count()
        };
        assert_eq!(clients(persona::PROFESSIONALS[0]), 10_000);
        assert_eq!(clients(persona::PROFESSIONALS[1]), 50_000);
    }
}
