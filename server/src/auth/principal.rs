//! Who is calling: a service owner (as with Maskinporten) or an end user (as with ID-porten),
//! with their scopes. Extracted from the bearer token by the extractors in [`super::extract`].

use std::collections::BTreeSet;

use crate::{authz::EndUser, domain::party::OrganizationNumber};

pub mod scope {
    pub const END_USER: &str = "digdir:dialogporten";
    pub const END_USER_NO_CONSENT: &str = "digdir:dialogporten.noconsent";
    pub const SERVICE_PROVIDER: &str = "digdir:dialogporten.serviceprovider";
    pub const SERVICE_PROVIDER_SEARCH: &str = "digdir:dialogporten.serviceprovider.search";
    pub const SERVICE_PROVIDER_ADMIN: &str = "digdir:dialogporten.serviceprovider.admin";
    pub const CHANGE_TRANSMISSIONS: &str =
        "digdir:dialogporten.serviceprovider.changetransmissions";
    pub const CORRESPONDENCE: &str = "digdir:dialogporten.correspondence";
    pub const NOTIFICATION_CONDITION_CHECK: &str = "altinn:system/notifications.condition.check";
}

/// The space-separated `scope` claim.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scopes(BTreeSet<String>);

impl Scopes {
    pub fn parse(claim: &str) -> Self {
        Self(claim.split_whitespace().map(str::to_owned).collect())
    }

    pub fn has(&self, scope: &str) -> bool {
        self.0.contains(scope)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceOwner {
    /// From the `consumer` claim (`0192:<orgno>`).
    pub organization_number: OrganizationNumber,
    /// The org code (`urn:altinn:org`), when the token carries one.
    pub org: Option<String>,
    pub scopes: Scopes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndUserCaller {
    pub user: EndUser,
    pub scopes: Scopes,
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    ServiceOwner(ServiceOwner),
    EndUser(EndUserCaller),
}

/// A service owner with the admin scope, acting for all service owners.
#[derive(Debug, Clone)]
pub struct Admin(pub ServiceOwner);

/// An organisation (Altinn's notification system) allowed to ask whether to notify.
#[derive(Debug, Clone)]
pub struct NotificationChecker(pub ServiceOwner);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_split_on_white_space() {
        let scopes = Scopes::parse("digdir:dialogporten  digdir:dialogporten.serviceprovider");
        assert!(scopes.has(scope::END_USER) && scopes.has(scope::SERVICE_PROVIDER));
        assert!(!scopes.has(scope::SERVICE_PROVIDER_ADMIN));
    }
}
