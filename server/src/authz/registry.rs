//! The resource registry with its policies, indexed for decisions: who may read which
//! resource as a whole, and the descriptions of roles and access packages.

use std::collections::{BTreeSet, HashMap};

use crate::domain::{
    party::OrganizationNumber,
    resource::{Action, Attribute, LocalizedText, ResourceId, ResourceType, Subject},
};

use super::model::{AuthorizationData, ServiceOwner, SubjectInfo};

/// One thing a dialog lets a user do: an action, possibly for an authorization attribute.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionRequest {
    pub action: Action,
    pub attribute: Option<Attribute>,
}

/// One grant of a policy: `subject` may do `action`, on the whole resource or for `attribute` only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub subject: Subject,
    pub action: Action,
    pub attribute: Option<Attribute>,
}

#[derive(Debug, Clone)]
pub struct RegisteredResource {
    pub id: ResourceId,
    pub title: LocalizedText,
    pub resource_type: ResourceType,
    pub owner_org: String,
    pub owner_organization_number: OrganizationNumber,
    pub owner_name: LocalizedText,
    pub minimum_authentication_level: u8,
    pub grants: Vec<Grant>,
}

/// The resource registry with its policies, indexed for decisions.
#[derive(Debug, Default)]
pub struct Registry {
    resources: HashMap<ResourceId, RegisteredResource>,
    /// Access Management's descriptions of roles and access packages.
    subjects: HashMap<Subject, SubjectInfo>,
    /// For the search filter: which resources each subject may read as a whole.
    readable_by_subject: HashMap<Subject, Vec<ResourceId>>,
}

impl Registry {
    pub fn new(resources: Vec<RegisteredResource>) -> Self {
        let mut readable_by_subject: HashMap<Subject, Vec<ResourceId>> = HashMap::new();
        for resource in &resources {
            for grant in &resource.grants {
                if grant.action == Action::read() && grant.attribute.is_none() {
                    readable_by_subject
                        .entry(grant.subject.clone())
                        .or_default()
                        .push(resource.id.clone());
                }
            }
        }
        let resources = resources
            .into_iter()
            .map(|resource| (resource.id.clone(), resource))
            .collect();
        Self {
            resources,
            readable_by_subject,
            subjects: HashMap::new(),
        }
    }

    /// With Access Management's descriptions of roles and access packages.
    pub fn with_subjects(mut self, subjects: impl IntoIterator<Item = SubjectInfo>) -> Self {
        self.subjects = subjects
            .into_iter()
            .map(|info| (info.urn.clone(), info))
            .collect();
        self
    }

    pub fn subject(&self, subject: &Subject) -> Option<&SubjectInfo> {
        self.subjects.get(subject)
    }

    pub fn subjects(&self) -> impl Iterator<Item = &SubjectInfo> {
        self.subjects.values()
    }

    /// The registry a document describes (the store builds the same from the database).
    pub fn from_data(data: &AuthorizationData) -> Self {
        let owners: HashMap<&str, &ServiceOwner> = data
            .service_owners
            .iter()
            .map(|owner| (owner.org.as_str(), owner))
            .collect();
        let resources = data
            .resources
            .iter()
            .filter_map(|resource| {
                let owner = owners.get(resource.owner.as_str())?;
                let grants = resource
                    .policy
                    .iter()
                    .flat_map(|rule| {
                        rule.subjects.iter().flat_map(move |subject| {
                            rule.actions.iter().map(move |action| Grant {
                                subject: subject.clone(),
                                action: action.clone(),
                                attribute: rule.attribute.clone(),
                            })
                        })
                    })
                    .collect();
                Some(RegisteredResource {
                    id: resource.id.clone(),
                    title: resource.title.clone(),
                    resource_type: resource.resource_type,
                    owner_org: resource.owner.clone(),
                    owner_organization_number: owner.organization_number.clone(),
                    owner_name: owner.name.clone(),
                    minimum_authentication_level: resource.minimum_authentication_level,
                    grants,
                })
            })
            .collect();
        Self::new(resources).with_subjects(data.subjects.iter().cloned())
    }

    pub fn resource(&self, id: &ResourceId) -> Option<&RegisteredResource> {
        self.resources.get(id)
    }

    /// Whether the service owner with this organisation number is the resource's competent authority.
    pub fn is_owned_by(&self, id: &ResourceId, organization: &OrganizationNumber) -> bool {
        self.resource(id)
            .is_some_and(|resource| &resource.owner_organization_number == organization)
    }

    pub fn resources(&self) -> impl Iterator<Item = &RegisteredResource> {
        self.resources.values()
    }

    /// The resources a subject may read as a whole.
    pub(super) fn readable_by(&self, subject: &Subject) -> impl Iterator<Item = &ResourceId> {
        self.readable_by_subject.get(subject).into_iter().flatten()
    }

    /// Whether any of `subjects` is granted `action` on `resource` for `attribute`. A grant without
    /// an attribute covers the resource and all its attributes; one with an attribute covers only it.
    pub(super) fn permits(
        &self,
        resource: &RegisteredResource,
        subjects: &BTreeSet<Subject>,
        request: &ActionRequest,
    ) -> bool {
        resource.grants.iter().any(|grant| {
            grant.action == request.action
                && subjects.contains(&grant.subject)
                && (grant.attribute.is_none() || grant.attribute == request.attribute)
        })
    }
}
