//! Who is calling: a service owner (as with Maskinporten) or an end user (as with ID-porten),
//! with their scopes. Extracted from the bearer token by typed extractors.

use std::collections::BTreeSet;

use axum::extract::FromRequestParts;
use http::{header, request::Parts};

use crate::{
    authz::EndUser,
    domain::party::OrganizationNumber,
    error::{Error, FieldErrors},
    state::AppState,
};

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

fn forbidden(reason: &str) -> Error {
    Error::Forbidden(FieldErrors::from([(
        "Type".to_owned(),
        vec![reason.to_owned()],
    )]))
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Principal, Error> {
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .ok_or(Error::Unauthenticated)?;
    state
        .authenticator
        .authenticate(token.trim())
        .await
        .map_err(|rejection| {
            tracing::info!(%rejection, "bearer token rejected");
            Error::InvalidToken
        })
}

/// A service owner holding one of `scopes` (the first is named when none is held).
fn service_owner_with(principal: Principal, scopes: &[&str]) -> Result<ServiceOwner, Error> {
    match principal {
        Principal::ServiceOwner(owner) if scopes.iter().any(|wanted| owner.scopes.has(wanted)) => {
            Ok(owner)
        }
        Principal::ServiceOwner(_) => Err(forbidden(&format!(
            "The token lacks the scope {}.",
            scopes[0]
        ))),
        Principal::EndUser(_) => Err(forbidden("This operation is for service owners.")),
    }
}

/// An end user holding one of `scopes`.
fn end_user_with(principal: Principal, scopes: &[&str]) -> Result<EndUserCaller, Error> {
    match principal {
        Principal::EndUser(caller) if scopes.iter().any(|wanted| caller.scopes.has(wanted)) => {
            Ok(caller)
        }
        Principal::EndUser(_) => Err(forbidden(&format!(
            "The token lacks the scope {}.",
            scopes[0]
        ))),
        Principal::ServiceOwner(_) => Err(forbidden("This operation is for end users.")),
    }
}

/// An extractor that authenticates the bearer token and then demands what `$accept` demands.
macro_rules! principal_extractor {
    ($type:ty, $accept:expr) => {
        impl FromRequestParts<AppState> for $type {
            type Rejection = Error;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Self::Rejection> {
                let accept: fn(Principal) -> Result<$type, Error> = $accept;
                accept(authenticate(parts, state).await?)
            }
        }
    };
}

/// A service owner with the admin scope, acting for all service owners.
#[derive(Debug, Clone)]
pub struct Admin(pub ServiceOwner);

/// An organisation (Altinn's notification system) allowed to ask whether to notify.
#[derive(Debug, Clone)]
pub struct NotificationChecker(pub ServiceOwner);

principal_extractor!(ServiceOwner, |principal| {
    service_owner_with(
        principal,
        &[scope::SERVICE_PROVIDER, scope::SERVICE_PROVIDER_ADMIN],
    )
});
principal_extractor!(Admin, |principal| {
    service_owner_with(principal, &[scope::SERVICE_PROVIDER_ADMIN]).map(Admin)
});
principal_extractor!(NotificationChecker, |principal| {
    service_owner_with(principal, &[scope::NOTIFICATION_CONDITION_CHECK]).map(NotificationChecker)
});
principal_extractor!(EndUserCaller, |principal| {
    end_user_with(principal, &[scope::END_USER, scope::END_USER_NO_CONSENT])
});

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
