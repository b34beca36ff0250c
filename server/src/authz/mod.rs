//! Authorization, decided here and nowhere else: the resource registry with its policies, the
//! parties people may act for, and decisions for dialogs and searches. Results are cached and
//! the caches are dropped whenever the data is replaced, in this process or (via NOTIFY) another.

pub mod decision;
pub mod model;
pub mod registry;
pub mod store;

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use sqlx::PgPool;

use crate::{
    domain::{
        party::{OrganizationNumber, Party},
        resource::{ResourceId, Subject},
    },
    error::{Error, Result},
};
use decision::{ActionRequest, DialogDecision, PartyAccess, ReadableGroup, Registry};
use model::AuthorizationData;

/// How long cached data may be used without hearing of a change; bounds the staleness should a
/// change notification be missed.
const CACHE_TTL: Duration = Duration::from_secs(300);
/// Above this many cached people, expired entries are swept out on the next insert.
const PEOPLE_SWEEP_THRESHOLD: usize = 10_000;
const CHANGE_CHANNEL: &str = "authorization_changed";

/// An authenticated end user, as far as decisions are concerned: a person by national identity
/// number, an ID-porten e-mail user (`urn:altinn:person:idporten-email:…`) or a system user
/// (`urn:altinn:systemuser:uuid:…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndUser {
    /// The user's own identity: their party, or the system user.
    pub party: Party,
    /// 0-4, from the identity provider's `acr` or Altinn's `urn:altinn:authlevel`.
    pub authentication_level: u8,
    /// For a system user: the organisations its token names, which its dialog tokens carry.
    pub system_user: Option<SystemUserOrganizations>,
}

/// A system user's organisations as its token names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemUserOrganizations {
    /// Who owns the system user (`systemuser_org`).
    pub owner: Option<OrganizationNumber>,
    /// Whose Maskinporten client asked for the token (`consumer`).
    pub consumer: Option<OrganizationNumber>,
}

#[derive(Clone)]
pub struct Authorizer {
    pool: PgPool,
    cache: Arc<Cache>,
}

/// What one person may find in searches, shared by every search of theirs.
pub type ReadableGroups = Arc<Vec<ReadableGroup>>;

#[derive(Default)]
struct Cache {
    registry: RwLock<Option<(Instant, Arc<Registry>)>>,
    people: RwLock<HashMap<Party, (Instant, Arc<PartyAccess>)>>,
    readable: RwLock<HashMap<Party, (Instant, ReadableGroups)>>,
}

fn fresh<T: Clone>(entry: Option<&(Instant, T)>) -> Option<T> {
    entry
        .filter(|(loaded, _)| loaded.elapsed() < CACHE_TTL)
        .map(|(_, value)| value.clone())
}

impl Authorizer {
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            cache: Arc::default(),
        }
    }

    /// Drops every cached decision input.
    pub fn invalidate(&self) {
        if let Ok(mut registry) = self.cache.registry.write() {
            *registry = None;
        }
        if let Ok(mut people) = self.cache.people.write() {
            people.clear();
        }
        if let Ok(mut readable) = self.cache.readable.write() {
            readable.clear();
        }
    }

    /// The resource registry with its policies.
    pub async fn registry(&self) -> Result<Arc<Registry>> {
        if let Some(registry) = self
            .cache
            .registry
            .read()
            .ok()
            .and_then(|cached| fresh(cached.as_ref()))
        {
            return Ok(registry);
        }
        let mut connection = self.pool.acquire().await?;
        let registry = Arc::new(store::load_registry(&mut connection).await?);
        if let Ok(mut cached) = self.cache.registry.write() {
            *cached = Some((Instant::now(), registry.clone()));
        }
        Ok(registry)
    }

    /// The parties an end user (by their own party) may act for, themselves first, with sub-units.
    pub async fn party_access(&self, person: &Party) -> Result<Arc<PartyAccess>> {
        if let Some(access) = self
            .cache
            .people
            .read()
            .ok()
            .and_then(|people| fresh(people.get(person)))
        {
            return Ok(access);
        }
        let mut connection = self.pool.acquire().await?;
        let access = Arc::new(store::load_party_access(&mut connection, person).await?);
        if let Ok(mut people) = self.cache.people.write() {
            if people.len() >= PEOPLE_SWEEP_THRESHOLD {
                people.retain(|_, (loaded, _)| loaded.elapsed() < CACHE_TTL);
            }
            people.insert(person.clone(), (Instant::now(), access.clone()));
        }
        Ok(access)
    }

    /// Decides every action, attachment and transmission request of one dialog at once.
    pub async fn decide_dialog(
        &self,
        user: &EndUser,
        party: &Party,
        resource: &ResourceId,
        requests: &[ActionRequest],
    ) -> Result<DialogDecision> {
        let registry = self.registry().await?;
        let access = self.party_access(&user.party).await?;
        let mut requests = requests.to_vec();
        requests.push(ActionRequest {
            action: crate::domain::resource::Action::read(),
            attribute: None,
        });
        Ok(decision::decide_dialog(
            &registry,
            &access,
            user.authentication_level,
            party,
            resource,
            &requests,
        ))
    }

    /// Decides authorization contexts' checks for the user, in order.
    pub async fn decide_contexts(
        &self,
        user: &EndUser,
        checks: &[decision::ContextCheck],
    ) -> Result<Vec<bool>> {
        if checks.is_empty() {
            return Ok(Vec::new());
        }
        let registry = self.registry().await?;
        let access = self.party_access(&user.party).await?;
        Ok(checks
            .iter()
            .map(|check| {
                decision::decide_context(&registry, &access, user.authentication_level, check)
            })
            .collect())
    }

    /// What the user may find in searches, as groups of parties with the resources they may be
    /// listed under; worked out once per person and cached like their parties.
    pub async fn readable_groups(&self, user: &EndUser) -> Result<ReadableGroups> {
        if let Some(groups) = self
            .cache
            .readable
            .read()
            .ok()
            .and_then(|cached| fresh(cached.get(&user.party)))
        {
            return Ok(groups);
        }
        let registry = self.registry().await?;
        let access = self.party_access(&user.party).await?;
        let groups = Arc::new(access.readable_groups(&registry));
        if let Ok(mut cached) = self.cache.readable.write() {
            if cached.len() >= PEOPLE_SWEEP_THRESHOLD {
                cached.retain(|_, (loaded, _)| loaded.elapsed() < CACHE_TTL);
            }
            cached.insert(user.party.clone(), (Instant::now(), groups.clone()));
        }
        Ok(groups)
    }

    /// The (party, resource) pairs whose dialogs the user may find in searches.
    pub async fn readable(&self, user: &EndUser) -> Result<Vec<(Party, ResourceId)>> {
        let groups = self.readable_groups(user).await?;
        let mut pairs: Vec<(Party, ResourceId)> = groups
            .iter()
            .flat_map(|group| {
                group.parties.iter().flat_map(|party| {
                    group
                        .resources
                        .iter()
                        .map(|resource| (party.clone(), resource.clone()))
                })
            })
            .collect();
        pairs.sort();
        Ok(pairs)
    }

    /// The roles and access packages through which the user may act on the resource for the
    /// party: theirs for the party, and granted something by the resource's policy.
    pub async fn evidence(
        &self,
        user: &EndUser,
        party: &Party,
        resource: &ResourceId,
    ) -> Result<Vec<Subject>> {
        let registry = self.registry().await?;
        let access = self.party_access(&user.party).await?;
        let (Some(held), Some(registered)) =
            (access.subjects_for(party), registry.resource(resource))
        else {
            return Ok(Vec::new());
        };
        let mut subjects: Vec<Subject> = registered
            .grants
            .iter()
            .map(|grant| grant.subject.clone())
            .filter(|subject| held.contains(subject))
            .collect();
        subjects.sort();
        subjects.dedup();
        Ok(subjects)
    }

    /// Whether a service owner (by organisation number) owns the resource, as its competent authority.
    pub async fn owns_resource(
        &self,
        owner: &OrganizationNumber,
        resource: &ResourceId,
    ) -> Result<bool> {
        Ok(self.registry().await?.is_owned_by(resource, owner))
    }

    /// Whether a service owner may manage dialogs under `service_resource`: administrators may
    /// manage all, others only those of resources their organisation is competent authority for.
    pub async fn may_manage(
        &self,
        owner: &OrganizationNumber,
        admin: bool,
        service_resource: &ResourceId,
    ) -> Result<bool> {
        if admin {
            return Ok(true);
        }
        let registry = self.registry().await?;
        Ok(registry.is_owned_by(service_resource, owner))
    }

    /// Replaces all authorization data in one transaction; invalid data changes nothing.
    pub async fn replace_all(&self, data: &AuthorizationData) -> Result<i64> {
        data.check().map_err(Error::Validation)?;
        let mut transaction = self.pool.begin().await?;
        let generation = store::replace_all(&mut transaction, data).await?;
        transaction.commit().await?;
        self.invalidate();
        tracing::info!(
            generation,
            resources = data.resources.len(),
            persons = data.persons.len(),
            organizations = data.organizations.len(),
            relations = data.relations.len(),
            "authorization data replaced"
        );
        Ok(generation)
    }

    /// Whether any authorization data has been imported.
    pub async fn has_data(&self) -> Result<bool> {
        let mut connection = self.pool.acquire().await?;
        store::has_data(&mut connection).await
    }

    pub async fn export(&self) -> Result<AuthorizationData> {
        let mut connection = self.pool.acquire().await?;
        store::export(&mut connection).await
    }

    /// Listens for changes made by other server instances and drops the caches when one comes.
    /// Runs until the pool closes; a lost connection is re-established after a pause.
    pub async fn follow_changes(self) {
        loop {
            match self.listen_once().await {
                Ok(never) => match never {},
                Err(error) => {
                    if self.pool.is_closed() {
                        return;
                    }
                    tracing::warn!(%error, "listening for authorization changes failed; retrying");
                    self.invalidate();
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    }

    async fn listen_once(&self) -> Result<std::convert::Infallible, sqlx::Error> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANGE_CHANNEL).await?;
        loop {
            match listener.try_recv().await? {
                Some(notification) => {
                    tracing::debug!(
                        generation = notification.payload(),
                        "authorization data changed elsewhere"
                    );
                }
                // The connection dropped and will be re-established: a change may have been missed.
                None => tracing::debug!("authorization change listener reconnecting"),
            }
            self.invalidate();
        }
    }
}
