//! Decisions over the registry and a person's relations, with no I/O: who may act for whom, and
//! which actions a person may take on a dialog.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::Arc,
};

use crate::domain::{
    party::Party,
    resource::{Action, Attribute, ResourceId, Subject},
};

pub use super::registry::{ActionRequest, Grant, RegisteredResource, Registry};

/// A party a person may act for, with the subjects (roles, access packages) they hold there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizedParty {
    pub party: Party,
    pub name: String,
    /// The main unit, for a sub-unit.
    pub parent: Option<Party>,
    pub subjects: BTreeSet<Subject>,
}

/// Everything a person may act for: themselves first, then organisations and their sub-units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyAccess {
    /// The end user's own party.
    pub own: Party,
    pub parties: Vec<AuthorizedParty>,
    /// Where each party is in `parties`.
    positions: HashMap<Party, usize>,
}

impl PartyAccess {
    pub fn new(own: Party, parties: Vec<AuthorizedParty>) -> Self {
        let positions = parties
            .iter()
            .enumerate()
            .map(|(position, authorized)| (authorized.party.clone(), position))
            .collect();
        Self {
            own,
            parties,
            positions,
        }
    }

    /// The party, if the person may act for it.
    pub fn get(&self, party: &Party) -> Option<&AuthorizedParty> {
        self.positions
            .get(party)
            .and_then(|position| self.parties.get(*position))
    }

    /// Whether the party is a sub-unit of another party the person may act for.
    pub fn is_listed_sub_unit(&self, authorized: &AuthorizedParty) -> bool {
        authorized
            .parent
            .as_ref()
            .is_some_and(|parent| self.positions.contains_key(parent))
    }

    pub fn subjects_for(&self, party: &Party) -> Option<&BTreeSet<Subject>> {
        self.get(party).map(|authorized| &authorized.subjects)
    }

    /// The parties as a tree one level deep: each party that is not a sub-unit of another listed
    /// party, with its listed sub-units.
    pub fn with_sub_units(&self) -> Vec<(&AuthorizedParty, Vec<&AuthorizedParty>)> {
        let mut subs_of: HashMap<&Party, Vec<&AuthorizedParty>> = HashMap::new();
        for sub in &self.parties {
            if let Some(parent) = sub.parent.as_ref().filter(|_| self.is_listed_sub_unit(sub)) {
                subs_of.entry(parent).or_default().push(sub);
            }
        }
        self.parties
            .iter()
            .filter(|authorized| !self.is_listed_sub_unit(authorized))
            .map(|main| (main, subs_of.remove(&main.party).unwrap_or_default()))
            .collect()
    }

    pub fn may_act_for(&self, party: &Party) -> bool {
        self.subjects_for(party).is_some()
    }

    /// The parties whose dialogs the person may list, grouped by the resources they may list
    /// them under (read on the whole resource): few groups, however many parties.
    pub fn readable_groups(&self, registry: &Registry) -> Vec<ReadableGroup> {
        let mut by_subjects: BTreeMap<&BTreeSet<Subject>, Vec<&Party>> = BTreeMap::new();
        for authorized in &self.parties {
            by_subjects
                .entry(&authorized.subjects)
                .or_default()
                .push(&authorized.party);
        }
        let mut by_resources: BTreeMap<Vec<ResourceId>, Vec<Party>> = BTreeMap::new();
        for (subjects, parties) in by_subjects {
            let resources: BTreeSet<&ResourceId> = subjects
                .iter()
                .flat_map(|subject| registry.readable_by(subject))
                .collect();
            if !resources.is_empty() {
                by_resources
                    .entry(resources.into_iter().cloned().collect())
                    .or_default()
                    .extend(parties.into_iter().cloned());
            }
        }
        by_resources
            .into_iter()
            .map(|(resources, parties)| ReadableGroup::new(parties, resources))
            .collect()
    }
}

/// Parties whose dialogs may be listed under each of the resources, with their URNs written
/// once for the searches that take them (all of them, and the organisations only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadableGroup {
    pub parties: Vec<Party>,
    pub resources: Vec<ResourceId>,
    pub party_urns: Arc<Vec<String>>,
    pub organisation_urns: Arc<Vec<String>>,
    pub resource_urns: Vec<String>,
}

impl ReadableGroup {
    pub fn new(parties: Vec<Party>, resources: Vec<ResourceId>) -> Self {
        let organisation_urns = parties
            .iter()
            .filter(|party| party.organization().is_some())
            .map(ToString::to_string)
            .collect();
        Self {
            party_urns: Arc::new(parties.iter().map(ToString::to_string).collect()),
            organisation_urns: Arc::new(organisation_urns),
            resource_urns: resources.iter().map(ToString::to_string).collect(),
            parties,
            resources,
        }
    }

    pub fn contains(&self, party: &Party, resource: &ResourceId) -> bool {
        self.resources.contains(resource) && self.parties.contains(party)
    }
}

/// The answer for every action a dialog offers, decided in one go.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DialogDecision {
    /// The user signed in at a lower level than the resource requires; nothing is permitted.
    pub authentication_level_too_low: bool,
    permitted: BTreeSet<ActionRequest>,
}

impl DialogDecision {
    /// A decision that permits exactly `requests`: a service owner's preview of its own dialog.
    pub fn permitting(requests: impl IntoIterator<Item = ActionRequest>) -> Self {
        Self {
            authentication_level_too_low: false,
            permitted: requests.into_iter().collect(),
        }
    }

    pub fn permits(&self, request: &ActionRequest) -> bool {
        self.permitted.contains(request)
    }

    /// Access to the dialog itself: read on the resource as a whole.
    pub fn may_read(&self) -> bool {
        self.permits(&ActionRequest {
            action: Action::read(),
            attribute: None,
        })
    }

    pub fn permitted(&self) -> impl Iterator<Item = &ActionRequest> {
        self.permitted.iter()
    }
}

/// Decides every request for a dialog of `party` under `resource`. An attribute naming another
/// resource is decided by that resource's policy, as upstream does.
pub fn decide_dialog(
    registry: &Registry,
    access: &PartyAccess,
    authentication_level: u8,
    party: &Party,
    resource: &ResourceId,
    requests: &[ActionRequest],
) -> DialogDecision {
    let (Some(subjects), Some(registered)) =
        (access.subjects_for(party), registry.resource(resource))
    else {
        return DialogDecision::default();
    };
    if authentication_level < registered.minimum_authentication_level {
        return DialogDecision {
            authentication_level_too_low: true,
            permitted: BTreeSet::new(),
        };
    }
    let permitted = requests
        .iter()
        .filter(|request| {
            match request
                .attribute
                .as_ref()
                .and_then(Attribute::referenced_resource)
            {
                Some(other) => registry.resource(&other).is_some_and(|other| {
                    authentication_level >= other.minimum_authentication_level
                        && registry.permits(
                            other,
                            subjects,
                            &ActionRequest {
                                action: request.action.clone(),
                                attribute: None,
                            },
                        )
                }),
                None => registry.permits(registered, subjects, request),
            }
        })
        .cloned()
        .collect();
    DialogDecision {
        authentication_level_too_low: false,
        permitted,
    }
}

/// An authorization context's question: may the user do `request` on `resource` for any one
/// of `parties`?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextCheck {
    pub resource: ResourceId,
    pub request: ActionRequest,
    pub parties: Vec<Party>,
}

/// Decides one context's check. Each party is decided on its own, as a request on its behalf
/// (OR over the parties); a party the user may not act for, a resource not in the registry or
/// a sign-in below its level is denied, and a check with no parties is never granted.
pub fn decide_context(
    registry: &Registry,
    access: &PartyAccess,
    authentication_level: u8,
    check: &ContextCheck,
) -> bool {
    let Some(resource) = registry.resource(&check.resource) else {
        return false;
    };
    authentication_level >= resource.minimum_authentication_level
        && check.parties.iter().any(|party| {
            access
                .subjects_for(party)
                .is_some_and(|subjects| registry.permits(resource, subjects, &check.request))
        })
}
