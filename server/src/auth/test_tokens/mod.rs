//! A token generator for development and tests, with the query interface of Altinn's test token
//! generator, so that existing test suites work unchanged. It signs with its own key, and its
//! issuer is trusted only while it is enabled (`--test-tokens`; on in dev mode).

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{FromRef, Query, State},
    response::{IntoResponse, Response},
    routing::get,
};
use http::header;
use serde::Deserialize;
use serde_json::{Value, json};

mod issuer;

use crate::{
    domain::party::{IDPORTEN_EMAIL_PREFIX, NationalIdentityNumber, OrganizationNumber, Party},
    error::{Error, FieldErrors},
};
pub use issuer::TestTokenIssuer;

const DEFAULT_TTL_SECONDS: u64 = 1800;
const MAX_TTL_SECONDS: u64 = 86_400;
const MAX_BULK_COUNT: usize = 10_000;
/// The consumer organisation of personal tokens when none is given, as upstream's generator has it.
const DEFAULT_CONSUMER: &str = "991825827";

/// `/testtoken/...`: the generator's endpoints, mounted only when it is enabled.
/// The generator, when it is enabled: what its endpoints need of the server's state.
pub type TestTokens = Option<Arc<TestTokenIssuer>>;

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S>
where
    TestTokens: FromRef<S>,
{
    Router::new()
        .route(
            "/testtoken/api/GetEnterpriseToken",
            get(get_enterprise_token),
        )
        .route("/testtoken/api/GetPersonalToken", get(get_personal_token))
        .route(
            "/testtoken/api/GetSystemUserToken",
            get(get_system_user_token),
        )
        .route("/testtoken/.well-known/jwks.json", get(get_jwks))
        .route(
            "/testtoken/.well-known/openid-configuration",
            get(get_openid_configuration),
        )
}

/// Query parameters as upstream's generator takes them; names match case-insensitively.
#[derive(Debug, Default)]
struct TokenQuery(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for TokenQuery {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self(
            raw.into_iter()
                .map(|(key, value)| (key.to_ascii_lowercase(), value))
                .collect(),
        ))
    }
}

impl TokenQuery {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    /// Scopes may be separated by commas or spaces, as upstream's generator accepts.
    fn scopes(&self) -> String {
        self.get("scopes")
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|scope| !scope.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T, errors: &mut FieldErrors) -> T {
        match self.get(name).map(str::parse) {
            None => default,
            Some(Ok(value)) => value,
            Some(Err(_)) => {
                errors
                    .entry(name.to_owned())
                    .or_default()
                    .push("must be a whole number".into());
                default
            }
        }
    }

    /// An organisation number parameter (`name` as upstream spells it), 991825827 unless given.
    fn organization(&self, name: &str, errors: &mut FieldErrors) -> Option<OrganizationNumber> {
        let given = self
            .get(&name.to_ascii_lowercase())
            .unwrap_or(DEFAULT_CONSUMER);
        OrganizationNumber::parse(given)
            .map_err(|error| {
                errors
                    .entry(name.into())
                    .or_default()
                    .push(error.to_string())
            })
            .ok()
    }

    fn ttl(&self, errors: &mut FieldErrors) -> u64 {
        let ttl = self.number("ttl", DEFAULT_TTL_SECONDS, errors);
        if ttl == 0 || ttl > MAX_TTL_SECONDS {
            errors
                .entry("ttl".into())
                .or_default()
                .push(format!("must be 1 to {MAX_TTL_SECONDS} seconds"));
        }
        ttl
    }
}

fn issuer(state: &TestTokens) -> Result<&TestTokenIssuer, Error> {
    state.as_deref().ok_or_else(|| {
        Error::NotFound(Error::field(
            "Route",
            "The test token generator is not enabled.",
        ))
    })
}

fn token_response(token: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], token).into_response()
}

fn check(errors: FieldErrors) -> Result<(), Error> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errors))
    }
}

async fn get_enterprise_token(
    State(state): State<TestTokens>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let issuer = issuer(&state)?;
    let mut errors = FieldErrors::new();
    let org = query.get("org").unwrap_or_default().to_ascii_lowercase();
    if org.is_empty() {
        errors
            .entry("org".into())
            .or_default()
            .push("is required".into());
    }
    let number = OrganizationNumber::parse(query.get("orgno").unwrap_or_default())
        .map_err(|error| {
            errors
                .entry("orgNo".into())
                .or_default()
                .push(error.to_string())
        })
        .ok();
    let ttl = query.ttl(&mut errors);
    check(errors)?;
    let number = number.ok_or_else(|| Error::Internal(anyhow::anyhow!("checked above")))?;
    Ok(token_response(issuer.enterprise_token(
        &org,
        &number,
        &query.scopes(),
        ttl,
    )?))
}

/// Altinn's generator's parameters: `systemUserId` (required), `systemUserOrg` and `orgNo` (the
/// owner's and the client's organisation, both 991825827 unless given), `clientId` (a random
/// GUID unless given), `scopes`, `ttl`.
async fn get_system_user_token(
    State(state): State<TestTokens>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let issuer = issuer(&state)?;
    let mut errors = FieldErrors::new();
    let ttl = query.ttl(&mut errors);
    let owner = query.organization("systemUserOrg", &mut errors);
    let consumer = query.organization("orgNo", &mut errors);
    let system_user = query
        .get("systemuserid")
        .and_then(|id| uuid::Uuid::parse_str(id).ok());
    if system_user.is_none() {
        errors
            .entry("systemUserId".into())
            .or_default()
            .push("must be the system user's id (a GUID)".into());
    }
    check(errors)?;
    let (Some(system_user), Some(owner), Some(consumer)) = (system_user, owner, consumer) else {
        return Err(Error::Internal(anyhow::anyhow!("checked above")));
    };
    let client_id = query
        .get("clientid")
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    Ok(token_response(issuer.system_user_token(
        system_user,
        &owner,
        &consumer,
        &client_id,
        &query.scopes(),
        ttl,
    )?))
}

async fn get_personal_token(
    State(state): State<TestTokens>,
    Query(query): Query<TokenQuery>,
) -> Result<Response, Error> {
    let issuer = issuer(&state)?;
    let mut errors = FieldErrors::new();
    let ttl = query.ttl(&mut errors);
    let level: u8 = query.number("authlvl", 3, &mut errors);
    if level > 4 {
        errors
            .entry("authLvl".into())
            .or_default()
            .push("must be 0 to 4".into());
    }
    let consumer = query.organization("consumerOrgNo", &mut errors);
    if let Some(email) = query.get("email").filter(|_| query.get("pid").is_none()) {
        return email_user_token(issuer, &query, email, ttl, errors);
    }
    let bulk: usize = query.number("bulkcount", 0, &mut errors);
    if bulk > MAX_BULK_COUNT {
        errors
            .entry("bulkCount".into())
            .or_default()
            .push(format!("must be at most {MAX_BULK_COUNT}"));
    }
    let pid = (bulk == 0).then(|| person(&query, &mut errors)).flatten();
    check(errors)?;
    let consumer = consumer.ok_or_else(|| Error::Internal(anyhow::anyhow!("checked above")))?;
    let scopes = query.scopes();
    if let Some(pid) = pid {
        return Ok(token_response(
            issuer.personal_token(&pid, &scopes, level, &consumer, ttl)?,
        ));
    }
    let tokens = synthetic_persons(bulk)
        .map(|person| {
            let token = issuer.personal_token(&person, &scopes, level, &consumer, ttl)?;
            Ok((person.as_str().to_owned(), token))
        })
        .collect::<anyhow::Result<BTreeMap<_, _>>>()?;
    Ok(Json(tokens).into_response())
}

/// Distinct valid national identity numbers of synthetic persons: D-numbers (day + 40), which
/// no one is born with, with their check digits computed.
pub fn synthetic_persons(count: usize) -> impl Iterator<Item = NationalIdentityNumber> {
    (0u32..)
        .map(|n| {
            let (day, month, year, individual) = (
                41 + n % 28,
                1 + n / 28 % 12,
                n / 336 % 100,
                500 + n / 33_600 % 500,
            );
            format!("{day:02}{month:02}{year:02}{individual:03}")
        })
        .filter_map(|base| NationalIdentityNumber::with_check_digits(&base))
        .take(count)
}

async fn get_jwks(State(state): State<TestTokens>) -> Result<Json<Value>, Error> {
    Ok(Json(issuer(&state)?.jwks()))
}

async fn get_openid_configuration(State(state): State<TestTokens>) -> Result<Json<Value>, Error> {
    let issuer = issuer(&state)?;
    Ok(Json(json!({
        "issuer": issuer.issuer(),
        "jwks_uri": format!("{}/.well-known/jwks.json", issuer.issuer()),
        "id_token_signing_alg_values_supported": ["EdDSA"],
    })))
}

/// Not in upstream's generator: a token for an ID-porten e-mail user, for `?email=` without
/// `pid`.
fn email_user_token(
    issuer: &TestTokenIssuer,
    query: &TokenQuery,
    email: &str,
    ttl: u64,
    mut errors: FieldErrors,
) -> Result<Response, Error> {
    if Party::parse(&format!("{IDPORTEN_EMAIL_PREFIX}{email}")).is_err() {
        errors
            .entry("email".into())
            .or_default()
            .push("must be an e-mail address".into());
    }
    check(errors)?;
    Ok(token_response(issuer.email_user_token(
        email,
        &query.scopes(),
        ttl,
    )?))
}

/// The `pid` a personal token is for.
fn person(query: &TokenQuery, errors: &mut FieldErrors) -> Option<NationalIdentityNumber> {
    NationalIdentityNumber::parse(query.get("pid").unwrap_or_default())
        .map_err(|error| {
            errors
                .entry("pid".into())
                .or_default()
                .push(error.to_string())
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_persons_are_valid_and_distinct() {
        let persons: Vec<_> = synthetic_persons(500).collect();
        assert_eq!(persons.len(), 500);
        let distinct: std::collections::BTreeSet<_> = persons.iter().collect();
        assert_eq!(distinct.len(), 500);
    }
}
