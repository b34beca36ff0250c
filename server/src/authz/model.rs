//! The authorization data as one document: the format of the import file and the admin API.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{
    domain::{
        party::{NationalIdentityNumber, OrganizationNumber},
        resource::{Action, Attribute, LocalizedText, ResourceId, ResourceType, Subject},
    },
    error::FieldErrors,
};

/// Everything an import replaces: service owners, resources with policies, parties, relations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizationData {
    #[serde(default)]
    pub service_owners: Vec<ServiceOwner>,
    #[serde(default)]
    pub resources: Vec<ServiceResource>,
    #[serde(default)]
    pub persons: Vec<Person>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub system_users: Vec<SystemUser>,
    /// What Access Management says of the roles and access packages: their names, and a role's id.
    #[serde(default)]
    pub subjects: Vec<SubjectInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceOwner {
    /// Short code such as `digdir` or `skd`, lowercase.
    pub org: String,
    pub organization_number: OrganizationNumber,
    pub name: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceResource {
    pub id: ResourceId,
    pub title: LocalizedText,
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// The competent authority's org code.
    pub owner: String,
    /// The authentication level (0-4) a user needs to see the dialogs in full.
    #[serde(default = "default_authentication_level")]
    pub minimum_authentication_level: u8,
    #[serde(default)]
    pub policy: Vec<PolicyRule>,
}

fn default_authentication_level() -> u8 {
    3
}

/// Grants each action to each subject, on the whole resource or only for one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyRule {
    pub subjects: Vec<Subject>,
    pub actions: Vec<Action>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    pub national_identity_number: NationalIdentityNumber,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organization {
    pub organization_number: OrganizationNumber,
    pub name: String,
    /// The main unit, for a sub-unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OrganizationNumber>,
}

/// The roles and access packages a person holds for an organisation (and its sub-units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Relation {
    pub person: NationalIdentityNumber,
    pub organization: OrganizationNumber,
    pub subjects: Vec<Subject>,
}

/// A system user: an organisation's business system acting as an end user, with the rights
/// (roles and access packages) its system holds and the organisation granted, for that
/// organisation and its sub-units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SystemUser {
    pub id: uuid::Uuid,
    pub name: String,
    pub organization: OrganizationNumber,
    pub subjects: Vec<Subject>,
}

/// A role or access package as Access Management describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubjectInfo {
    pub urn: Subject,
    /// A role's id in Access Management, which its metadata link names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<uuid::Uuid>,
    pub name: LocalizedText,
}

/// The formats the document can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// By file name: `.json` is JSON, anything else YAML (a superset of JSON).
    pub fn from_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|extension| extension.to_str()) {
            Some(extension) if extension.eq_ignore_ascii_case("json") => Self::Json,
            _ => Self::Yaml,
        }
    }
}

impl AuthorizationData {
    /// Parses and checks a document; every problem is reported against its place in the document.
    pub fn parse(text: &str, format: Format) -> Result<Self, FieldErrors> {
        let parsed: Result<Self, String> = match format {
            Format::Json => serde_json::from_str(text).map_err(|error| error.to_string()),
            Format::Yaml => serde_norway::from_str(text).map_err(|error| error.to_string()),
        };
        let data =
            parsed.map_err(|error| FieldErrors::from([("document".to_owned(), vec![error])]))?;
        data.check()?;
        Ok(data)
    }

    /// Cross-references: owners, parents and relation parties must exist, identifiers be unique.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut report =
            |place: String, message: String| errors.entry(place).or_default().push(message);
        self.check_owners_and_resources(&mut report);
        let (persons, organizations) = self.check_parties(&mut report);
        self.check_relations_and_system_users(&persons, &organizations, &mut report);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Org codes unique and lowercase; resources unique, each of a known owner.
    fn check_owners_and_resources(&self, report: &mut impl FnMut(String, String)) {
        let owners = unique(
            self.service_owners.iter().map(|owner| owner.org.clone()),
            "serviceOwners",
            "org",
            report,
        );
        for (index, owner) in self.service_owners.iter().enumerate() {
            let valid = !owner.org.is_empty()
                && owner
                    .org
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit());
            if !valid {
                report(
                    format!("serviceOwners[{index}].org"),
                    format!("'{}' must be a lowercase org code", owner.org),
                );
            }
        }
        unique(
            self.resources
                .iter()
                .map(|resource| resource.id.to_string()),
            "resources",
            "id",
            report,
        );
        for (index, resource) in self.resources.iter().enumerate() {
            if !owners.contains(&resource.owner) {
                report(
                    format!("resources[{index}].owner"),
                    format!("no service owner '{}'", resource.owner),
                );
            }
            if resource.minimum_authentication_level > 4 {
                report(
                    format!("resources[{index}].minimumAuthenticationLevel"),
                    "must be 0 to 4".into(),
                );
            }
        }
    }

    /// Persons and organisations unique, a sub-unit's parent a main unit: the persons' and
    /// organisations' numbers.
    fn check_parties(
        &self,
        report: &mut impl FnMut(String, String),
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let persons = unique(
            self.persons
                .iter()
                .map(|person| person.national_identity_number.as_str().to_owned()),
            "persons",
            "nationalIdentityNumber",
            report,
        );
        let organizations = unique(
            self.organizations
                .iter()
                .map(|organization| organization.organization_number.as_str().to_owned()),
            "organizations",
            "organizationNumber",
            report,
        );
        let main_units: BTreeMap<&str, bool> = self
            .organizations
            .iter()
            .map(|organization| {
                (
                    organization.organization_number.as_str(),
                    organization.parent.is_none(),
                )
            })
            .collect();
        for (index, organization) in self.organizations.iter().enumerate() {
            if let Some(parent) = &organization.parent
                && main_units.get(parent.as_str()) != Some(&true)
            {
                report(
                    format!("organizations[{index}].parent"),
                    format!("'{}' is not a main unit in this document", parent.as_str()),
                );
            }
        }
        (persons, organizations)
    }

    /// Relations and system users name persons and organisations of the document.
    fn check_relations_and_system_users(
        &self,
        persons: &BTreeSet<String>,
        organizations: &BTreeSet<String>,
        report: &mut impl FnMut(String, String),
    ) {
        for (index, relation) in self.relations.iter().enumerate() {
            if !persons.contains(relation.person.as_str()) {
                report(
                    format!("relations[{index}].person"),
                    format!("no person '{}'", relation.person.as_str()),
                );
            }
            if !organizations.contains(relation.organization.as_str()) {
                report(
                    format!("relations[{index}].organization"),
                    format!("no organization '{}'", relation.organization.as_str()),
                );
            }
        }
        unique(
            self.system_users.iter().map(|user| user.id.to_string()),
            "systemUsers",
            "id",
            report,
        );
        for (index, user) in self.system_users.iter().enumerate() {
            if !organizations.contains(user.organization.as_str()) {
                report(
                    format!("systemUsers[{index}].organization"),
                    format!("no organization '{}'", user.organization.as_str()),
                );
            }
            if user.subjects.is_empty() {
                report(
                    format!("systemUsers[{index}].subjects"),
                    "a system user needs at least one role or access package".into(),
                );
            }
        }
    }
}

/// Collects keys, reporting each repeated one; returns the set of keys.
fn unique(
    keys: impl Iterator<Item = String>,
    list: &str,
    field: &str,
    report: &mut impl FnMut(String, String),
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (index, key) in keys.enumerate() {
        if !seen.insert(key.clone()) {
            report(
                format!("{list}[{index}].{field}"),
                format!("'{key}' appears more than once"),
            );
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"
serviceOwners:
  - org: digdir
    organizationNumber: "991825827"
    name: { nb: Digitaliseringsdirektoratet }
resources:
  - id: urn:altinn:resource:demo
    title: { nb: Demo }
    type: GenericAccessResource
    owner: digdir
    policy:
      - subjects: [PRIV, DAGL]
        actions: [read, write]
persons:
  - nationalIdentityNumber: "01018012371"
    name: Kari Nordmann
organizations:
  - organizationNumber: "310778737"
    name: Main AS
  - organizationNumber: "311568906"
    name: Main AS avd. Bergen
    parent: "310778737"
relations:
  - person: "01018012371"
    organization: "310778737"
    subjects: [DAGL]
"#;

    #[test]
    fn a_valid_yaml_document_parses() {
        let data = AuthorizationData::parse(VALID, Format::Yaml).expect("valid");
        assert_eq!(data.resources[0].minimum_authentication_level, 3);
        assert_eq!(
            data.resources[0].policy[0].subjects[1].as_str(),
            "urn:altinn:rolecode:dagl"
        );
    }

    #[test]
    fn the_same_document_round_trips_through_json() {
        let data = AuthorizationData::parse(VALID, Format::Yaml).expect("valid");
        let json = serde_json::to_string(&data).expect("serializes");
        assert_eq!(
            AuthorizationData::parse(&json, Format::Json).expect("valid"),
            data
        );
    }

    #[test]
    fn an_invalid_organisation_number_is_reported_with_its_reason() {
        let errors =
            AuthorizationData::parse(&VALID.replace("310778737", "310778738"), Format::Yaml)
                .expect_err("invalid");
        assert!(errors["document"][0].contains("310778738"), "{errors:?}");
    }

    #[test]
    fn unknown_fields_are_refused_so_typos_do_not_pass_silently() {
        let errors =
            AuthorizationData::parse(&VALID.replace("    policy:", "    polcy:"), Format::Yaml)
                .expect_err("typo");
        assert!(errors["document"][0].contains("polcy"), "{errors:?}");
    }

    #[test]
    fn broken_references_are_each_reported_at_their_place() {
        let broken = VALID
            .replace("owner: digdir", "owner: nobody")
            .replace("parent: \"310778737\"", "parent: \"991825827\"")
            .replace("person: \"01018012371\"", "person: \"15057523414\"");
        let errors = AuthorizationData::parse(&broken, Format::Yaml).expect_err("broken");
        assert!(errors.contains_key("resources[0].owner"), "{errors:?}");
        assert!(errors.contains_key("organizations[1].parent"), "{errors:?}");
        assert!(errors.contains_key("relations[0].person"), "{errors:?}");
    }

    #[test]
    fn duplicates_are_reported() {
        let doubled = VALID.replace(
            "persons:\n",
            "persons:\n  - nationalIdentityNumber: \"01018012371\"\n    name: Twin\n",
        );
        let errors = AuthorizationData::parse(&doubled, Format::Yaml).expect_err("duplicate");
        assert!(
            errors.contains_key("persons[1].nationalIdentityNumber"),
            "{errors:?}"
        );
    }
}
