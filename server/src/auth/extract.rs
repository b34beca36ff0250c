//! The typed extractors: a handler that takes a [`ServiceOwner`], [`Admin`],
//! [`NotificationChecker`] or [`EndUserCaller`] gets the bearer token authenticated and the
//! caller's kind and scopes checked before it runs.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use http::{header, request::Parts};

use super::{
    bearer::Authenticator,
    principal::{Admin, EndUserCaller, NotificationChecker, Principal, ServiceOwner, scope},
};
use crate::error::{Error, FieldErrors};

fn forbidden(reason: &str) -> Error {
    Error::Forbidden(FieldErrors::from([(
        "Type".to_owned(),
        vec![reason.to_owned()],
    )]))
}

async fn authenticate(parts: &Parts, authenticator: &Authenticator) -> Result<Principal, Error> {
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
    authenticator
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
        impl<S: Send + Sync> FromRequestParts<S> for $type
        where
            Arc<Authenticator>: FromRef<S>,
        {
            type Rejection = Error;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                let accept: fn(Principal) -> Result<$type, Error> = $accept;
                accept(authenticate(parts, &Arc::<Authenticator>::from_ref(state)).await?)
            }
        }
    };
}

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
