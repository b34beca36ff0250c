//! Verifies bearer JWTs against the JWKS of trusted issuers and turns them into a [`Principal`].
//! Only asymmetric algorithms are accepted, the key must be the issuer's (by `kid`), and `exp`,
//! `nbf`, `iss` and (when configured) `aud` are checked.

use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use serde::Deserialize;

use super::{
    claims::CallerClaims,
    principal::{EndUserCaller, Principal, Scopes, ServiceOwner, scope},
};
use crate::{
    authz::{EndUser, SystemUserOrganizations},
    domain::party::OrganizationNumber,
};

const ACCEPTED_ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];
/// Seconds of clock difference tolerated on `exp` and `nbf`.
const LEEWAY_SECONDS: u64 = 30;
/// A JWKS is fetched again after this long, or at once for an unknown `kid`.
const JWKS_MAX_AGE: Duration = Duration::from_secs(3600);
/// After a fetch that did not find a `kid`, unknown kids fetch nothing for this long.
const JWKS_MISS_BACKOFF: Duration = Duration::from_secs(30);

/// Why a token was not accepted; logged, never shown to the caller.
#[derive(Debug, thiserror::Error)]
pub enum Rejection {
    #[error("malformed token: {0}")]
    Malformed(String),
    #[error("algorithm {0:?} is not accepted")]
    Algorithm(Algorithm),
    #[error("no trusted issuer '{0}'")]
    UnknownIssuer(String),
    #[error("the token names no key (kid)")]
    MissingKid,
    #[error("issuer '{issuer}' has no key '{kid}'")]
    UnknownKey { issuer: String, kid: String },
    #[error("fetching the keys of '{issuer}' failed: {reason}")]
    KeysUnavailable { issuer: String, reason: String },
    #[error("invalid token: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
    #[error(
        "the token identifies neither a service owner (consumer) nor an end user (pid, or an e-mail user's email): {0}"
    )]
    UnknownCaller(String),
}

/// An issuer whose tokens are accepted, with where its public keys are published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedIssuer {
    pub issuer: String,
    pub jwks_url: String,
}

impl std::str::FromStr for TrustedIssuer {
    type Err = String;

    /// `ISSUER=JWKS_URL`, for the command line.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let (issuer, jwks_url) = value
            .split_once('=')
            .ok_or_else(|| format!("'{value}' is not ISSUER=JWKS_URL"))?;
        if issuer.is_empty()
            || !(jwks_url.starts_with("https://") || jwks_url.starts_with("http://"))
        {
            return Err(format!(
                "'{value}' is not ISSUER=JWKS_URL with an http(s) URL"
            ));
        }
        Ok(Self {
            issuer: issuer.to_owned(),
            jwks_url: jwks_url.to_owned(),
        })
    }
}

/// Where an issuer's keys come from.
enum KeySource {
    /// Fetched over HTTP and cached.
    Remote {
        url: String,
        cache: RwLock<Option<(Instant, Arc<JwkSet>)>>,
    },
    /// Held in this process (the test token issuer).
    Local(Arc<JwkSet>),
}

struct Issuer {
    name: String,
    keys: KeySource,
    /// When a fetch for an unknown kid last failed to find it.
    last_miss: RwLock<Option<Instant>>,
}

pub struct Authenticator {
    issuers: Vec<Issuer>,
    audience: Option<String>,
    http: reqwest::Client,
}

impl Authenticator {
    pub fn new(trusted: &[TrustedIssuer], audience: Option<String>) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let issuers = trusted
            .iter()
            .map(|trusted| Issuer {
                name: trusted.issuer.clone(),
                keys: KeySource::Remote {
                    url: trusted.jwks_url.clone(),
                    cache: RwLock::new(None),
                },
                last_miss: RwLock::new(None),
            })
            .collect();
        Ok(Self {
            issuers,
            audience,
            http,
        })
    }

    /// Trusts an issuer whose keys this process holds (the test token issuer).
    pub fn trust_local(&mut self, issuer: &str, keys: JwkSet) {
        self.issuers.push(Issuer {
            name: issuer.to_owned(),
            keys: KeySource::Local(Arc::new(keys)),
            last_miss: RwLock::new(None),
        });
    }

    pub fn audience(&self) -> Option<&str> {
        self.audience.as_deref()
    }

    pub async fn authenticate(&self, token: &str) -> Result<Principal, Rejection> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|error| Rejection::Malformed(error.to_string()))?;
        if !ACCEPTED_ALGORITHMS.contains(&header.alg) {
            return Err(Rejection::Algorithm(header.alg));
        }
        let unverified = unverified_issuer(token)?;
        let issuer = self
            .issuers
            .iter()
            .find(|issuer| issuer.name == unverified.iss)
            .ok_or_else(|| Rejection::UnknownIssuer(unverified.iss.clone()))?;
        let kid = header.kid.ok_or(Rejection::MissingKid)?;
        let key = self.key(issuer, &kid, header.alg).await?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_issuer(&[&issuer.name]);
        match &self.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                validation.set_required_spec_claims(&["exp", "iss", "aud"]);
            }
            None => {
                validation.validate_aud = false;
                validation.set_required_spec_claims(&["exp", "iss"]);
            }
        }
        let claims = jsonwebtoken::decode::<CallerClaims>(token, &key, &validation)?.claims;
        into_principal(claims)
    }

    async fn key(
        &self,
        issuer: &Issuer,
        kid: &str,
        algorithm: Algorithm,
    ) -> Result<DecodingKey, Rejection> {
        let mut keys = self.key_set(issuer, false).await?;
        // An unknown kid may mean the issuer rotated its keys: fetch again, unless a fetch for an
        // unknown kid came up empty moments ago (so random kids cannot make us hammer the issuer).
        if keys.find(kid).is_none() && !issuer.missed_recently() {
            keys = self.key_set(issuer, true).await?;
            if keys.find(kid).is_none()
                && let Ok(mut missed) = issuer.last_miss.write()
            {
                *missed = Some(Instant::now());
            }
        }
        let jwk = keys.find(kid).ok_or_else(|| Rejection::UnknownKey {
            issuer: issuer.name.clone(),
            kid: kid.to_owned(),
        })?;
        if let Some(key_algorithm) = jwk.common.key_algorithm
            && format!("{key_algorithm:?}") != format!("{algorithm:?}")
        {
            return Err(Rejection::Algorithm(algorithm));
        }
        Ok(DecodingKey::from_jwk(jwk)?)
    }

    /// The issuer's keys, from the cache unless it is stale or `fetch` demands a new copy.
    async fn key_set(&self, issuer: &Issuer, fetch: bool) -> Result<Arc<JwkSet>, Rejection> {
        let (url, cache) = match &issuer.keys {
            KeySource::Local(keys) => return Ok(keys.clone()),
            KeySource::Remote { url, cache } => (url, cache),
        };
        if !fetch
            && let Some((fetched, keys)) = cache.read().ok().and_then(|cached| cached.clone())
            && fetched.elapsed() < JWKS_MAX_AGE
        {
            return Ok(keys);
        }
        let unavailable = |reason: String| Rejection::KeysUnavailable {
            issuer: issuer.name.clone(),
            reason,
        };
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|error| unavailable(error.to_string()))?;
        let keys: JwkSet = response
            .error_for_status()
            .map_err(|error| unavailable(error.to_string()))?
            .json()
            .await
            .map_err(|error| unavailable(error.to_string()))?;
        let keys = Arc::new(keys);
        if let Ok(mut cached) = cache.write() {
            *cached = Some((Instant::now(), keys.clone()));
        }
        Ok(keys)
    }
}

impl Issuer {
    fn missed_recently(&self) -> bool {
        self.last_miss
            .read()
            .ok()
            .and_then(|missed| *missed)
            .is_some_and(|missed| missed.elapsed() < JWKS_MISS_BACKOFF)
    }
}

#[derive(Deserialize)]
struct UnverifiedIssuer {
    iss: String,
}

/// Reads `iss` before verification, only to choose whose keys verify the token.
fn unverified_issuer(token: &str) -> Result<UnverifiedIssuer, Rejection> {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let malformed = |reason: &str| Rejection::Malformed(reason.to_owned());
    let payload = token
        .split('.')
        .nth(1)
        .ok_or_else(|| malformed("not a compact JWS"))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| malformed("the payload is not base64url"))?;
    serde_json::from_slice(&bytes).map_err(|_| malformed("the payload has no issuer"))
}

/// In upstream's order: a person (`pid`); a system user (`authorization_details`); a service
/// owner (`consumer` with the service provider scope); an e-mail user; a `consumer` without
/// the scope.
fn into_principal(claims: CallerClaims) -> Result<Principal, Rejection> {
    let scopes = Scopes::parse(&claims.scope);
    if claims.pid.is_none()
        && let Some(system_user) = claims.system_user()
    {
        let consumer = claims.consumer.as_ref().and_then(|consumer| {
            OrganizationNumber::parse(consumer.id.strip_prefix("0192:")?).ok()
        });
        return Ok(Principal::EndUser(EndUserCaller {
            user: EndUser {
                party: system_user.party,
                authentication_level: claims.system_user_authentication_level(),
                system_user: Some(SystemUserOrganizations {
                    owner: system_user.organization,
                    consumer,
                }),
            },
            scopes,
        }));
    }
    let acts_as_service_owner = claims.consumer.is_some() && scopes.has(scope::SERVICE_PROVIDER);
    let end_user = match claims.person() {
        Some(person) => Some(person),
        None if !acts_as_service_owner => claims.email_user(),
        None => None,
    };
    if let Some(party) = end_user {
        let party = party.map_err(|error| Rejection::UnknownCaller(error.to_string()))?;
        return Ok(Principal::EndUser(EndUserCaller {
            user: EndUser {
                party,
                authentication_level: claims.authentication_level(),
                system_user: None,
            },
            scopes,
        }));
    }
    if let Some(consumer) = &claims.consumer {
        let number = consumer.id.strip_prefix("0192:").ok_or_else(|| {
            Rejection::UnknownCaller(format!("consumer '{}' is not 0192:<orgno>", consumer.id))
        })?;
        let organization_number = OrganizationNumber::parse(number)
            .map_err(|error| Rejection::UnknownCaller(error.to_string()))?;
        return Ok(Principal::ServiceOwner(ServiceOwner {
            organization_number,
            org: claims.org,
            scopes,
        }));
    }
    Err(Rejection::UnknownCaller(
        "no pid, no consumer and no e-mail user's claims".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(json: serde_json::Value) -> CallerClaims {
        serde_json::from_value(json).expect("claims")
    }

    #[test]
    fn an_email_user_is_an_end_user_unless_the_token_is_a_service_owners() {
        let email_login = serde_json::json!({
            "email": "kari@example.no", "amr": ["Selfregistered-email"], "acr": "selfregistered-email",
            "consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:991825827"},
        });
        let Ok(Principal::EndUser(caller)) = into_principal(claims(email_login.clone())) else {
            panic!("an end user");
        };
        assert_eq!(
            caller.user.party.to_string(),
            "urn:altinn:person:idporten-email:kari@example.no"
        );
        assert_eq!(caller.user.authentication_level, 0);
        let mut service_owner = email_login;
        service_owner["scope"] = "digdir:dialogporten.serviceprovider".into();
        assert!(matches!(
            into_principal(claims(service_owner)),
            Ok(Principal::ServiceOwner(_))
        ));
    }

    #[test]
    fn a_consumer_must_be_a_valid_organisation_number() {
        let bad = claims(
            serde_json::json!({"consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:991825828"}}),
        );
        assert!(into_principal(bad).is_err());
        let good = claims(
            serde_json::json!({"consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:991825827"}}),
        );
        assert!(matches!(
            into_principal(good),
            Ok(Principal::ServiceOwner(_))
        ));
    }

    #[test]
    fn trusted_issuers_parse_from_issuer_equals_url() {
        let trusted: TrustedIssuer = "https://maskinporten.no/=https://maskinporten.no/jwk"
            .parse()
            .expect("parses");
        assert_eq!(trusted.issuer, "https://maskinporten.no/");
        assert!("no-url".parse::<TrustedIssuer>().is_err());
        assert!("https://x=ftp://y".parse::<TrustedIssuer>().is_err());
    }
}
