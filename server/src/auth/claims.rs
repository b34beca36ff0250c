//! The claims that name an end user and their authentication level, read the same way from an
//! API bearer token and from the portal's ID token, as upstream reads them
//! (`ClaimsPrincipalExtensions`): `pid` for a person; Maskinporten's `authorization_details` for
//! a system user; `email` for an ID-porten e-mail user, when `amr` is exactly
//! `Selfregistered-email`.

use serde::Deserialize;
use serde_json::Value;

use crate::domain::party::{
    IDPORTEN_EMAIL_PREFIX, NationalIdentityNumber, OrganizationNumber, Party, PartyError,
};

/// The `authorization_details` entry of a system user.
const SYSTEM_USER_DETAILS: &str = "urn:altinn:systemuser";

/// A system user, as its token names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemUserClaims {
    /// `urn:altinn:systemuser:uuid:<id>`.
    pub party: Party,
    /// The organisation that owns the system user (`systemuser_org`), when given.
    pub organization: Option<OrganizationNumber>,
}

/// ID-porten's `amr` for a user who signed in with an e-mail address only.
const AMR_SELF_REGISTERED_EMAIL: &str = "Selfregistered-email";

/// The claims that identify a caller, read in one pass (no flattened parts, which would buffer
/// every claim on every request): the service owner's (`scope`, `consumer`, `urn:altinn:org`)
/// beside the end user's.
#[derive(Debug, Default, Deserialize)]
pub struct CallerClaims {
    #[serde(default)]
    pub scope: String,
    pub consumer: Option<Consumer>,
    #[serde(rename = "urn:altinn:org")]
    pub org: Option<String>,
    pub pid: Option<String>,
    pub email: Option<String>,
    /// A string or an array of strings.
    pub amr: Option<Value>,
    pub acr: Option<String>,
    #[serde(rename = "urn:altinn:authlevel")]
    pub altinn_authentication_level: Option<Value>,
    /// Maskinporten's rich authorization request: an object, or an array of them.
    pub authorization_details: Option<Value>,
}

/// Maskinporten's `consumer`: `{"authority": "iso6523-actorid-upis", "ID": "0192:<orgno>"}`.
#[derive(Debug, Deserialize)]
pub struct Consumer {
    #[serde(rename = "ID")]
    pub id: String,
}

impl CallerClaims {
    /// The person named by `pid`, when there is one (an invalid number is an error).
    pub fn person(&self) -> Option<Result<Party, PartyError>> {
        self.pid
            .as_deref()
            .map(|pid| NationalIdentityNumber::parse(pid).map(Party::Person))
    }

    /// The e-mail user, only when `amr` is exactly `Selfregistered-email`; the address
    /// lowercased, as upstream stores it.
    pub fn email_user(&self) -> Option<Result<Party, PartyError>> {
        let only_email_login = match self.amr.as_ref()? {
            Value::String(method) => method == AMR_SELF_REGISTERED_EMAIL,
            Value::Array(methods) => {
                let mut methods = methods
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|method| !method.trim().is_empty());
                methods.next() == Some(AMR_SELF_REGISTERED_EMAIL)
                    && methods.all(|method| method.eq_ignore_ascii_case(AMR_SELF_REGISTERED_EMAIL))
            }
            _ => false,
        };
        let email = self.email.as_deref().filter(|_| only_email_login)?;
        Some(Party::parse(&format!("{IDPORTEN_EMAIL_PREFIX}{email}")))
    }

    /// The system user of the first `urn:altinn:systemuser` entry of `authorization_details`
    /// (its first `systemuser_id`, lowercased), as upstream takes it.
    pub fn system_user(&self) -> Option<SystemUserClaims> {
        let details = match self.authorization_details.as_ref()? {
            Value::Array(entries) => entries.iter().collect::<Vec<_>>(),
            entry => vec![entry],
        };
        let entry = details
            .into_iter()
            .find(|entry| entry["type"].as_str() == Some(SYSTEM_USER_DETAILS))?;
        let id = entry["systemuser_id"].as_array()?.first()?.as_str()?;
        let party = Party::system_user(uuid::Uuid::parse_str(id).ok()?);
        let owner = &entry["systemuser_org"];
        let organization = owner["authority"]
            .as_str()
            .filter(|authority| authority.eq_ignore_ascii_case("iso6523-actorid-upis"))
            .and_then(|_| owner["ID"].as_str()?.strip_prefix("0192:"))
            .and_then(|number| OrganizationNumber::parse(number).ok());
        Some(SystemUserClaims {
            party,
            organization,
        })
    }

    /// A system user's level: as the claims give it, else 3, as upstream (Altinn's token
    /// exchange) has it.
    pub fn system_user_authentication_level(&self) -> u8 {
        if self.altinn_authentication_level.is_none() && self.acr.is_none() {
            3
        } else {
            self.authentication_level()
        }
    }

    /// `urn:altinn:authlevel` when present, else from `acr` as upstream maps it: an e-mail login
    /// (`selfregistered-email`) and `idporten-loa-low` are level 0.
    pub fn authentication_level(&self) -> u8 {
        let altinn = self
            .altinn_authentication_level
            .as_ref()
            .and_then(|level| match level {
                Value::Number(number) => number.as_u64(),
                Value::String(text) => text.parse().ok(),
                _ => None,
            });
        if let Some(level) = altinn {
            return u8::try_from(level.min(4)).unwrap_or(0);
        }
        match self.acr.as_deref() {
            Some("idporten-loa-high" | "Level4" | "level4") => 4,
            Some("idporten-loa-substantial" | "Level3" | "level3") => 3,
            Some("Level2" | "level2") => 2,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn claims(json: Value) -> CallerClaims {
        serde_json::from_value(json).expect("claims")
    }

    #[test]
    fn the_authentication_level_comes_from_altinn_first_then_acr() {
        let level = |json| claims(json).authentication_level();
        assert_eq!(level(json!({"acr": "idporten-loa-high"})), 4);
        assert_eq!(level(json!({"acr": "idporten-loa-substantial"})), 3);
        assert_eq!(level(json!({"acr": "idporten-loa-low"})), 0);
        assert_eq!(level(json!({"acr": "selfregistered-email"})), 0);
        assert_eq!(
            level(json!({"acr": "idporten-loa-high", "urn:altinn:authlevel": 2})),
            2
        );
        assert_eq!(level(json!({"urn:altinn:authlevel": "3"})), 3);
    }

    #[test]
    fn a_system_user_comes_from_its_authorization_details() {
        let details = json!({
            "type": "urn:altinn:systemuser",
            "systemuser_id": ["5B6D1A0E-8C5F-4C2B-9C39-7E2F4B1D3A10"],
            "systemuser_org": { "authority": "iso6523-actorid-upis", "ID": "0192:310778737" },
            "system_id": "991825827_regnskap",
        });
        for shape in [details.clone(), json!([{ "type": "other" }, details])] {
            let claims = claims(json!({ "authorization_details": shape }));
            let user = claims.system_user().expect("a system user");
            assert_eq!(
                user.party.to_string(),
                "urn:altinn:systemuser:uuid:5b6d1a0e-8c5f-4c2b-9c39-7e2f4b1d3a10"
            );
            assert_eq!(
                user.organization.as_ref().map(OrganizationNumber::as_str),
                Some("310778737")
            );
            assert_eq!(claims.system_user_authentication_level(), 3);
        }
        let other = claims(json!({ "authorization_details": [{ "type": "other" }] }));
        assert_eq!(other.system_user(), None);
    }

    #[test]
    fn an_email_user_needs_the_email_login_as_the_only_method() {
        let user = |json| {
            claims(json)
                .email_user()
                .map(|party| party.map(|p| p.to_string()))
        };
        assert_eq!(
            user(json!({"email": "Kari@Example.NO", "amr": ["Selfregistered-email"]})),
            Some(Ok("urn:altinn:person:idporten-email:kari@example.no".into()))
        );
        assert_eq!(
            user(json!({"email": "kari@example.no", "amr": "Selfregistered-email"})),
            Some(Ok("urn:altinn:person:idporten-email:kari@example.no".into()))
        );
        assert_eq!(
            user(json!({"email": "kari@example.no", "amr": ["Selfregistered-email", "BankID"]})),
            None
        );
        assert_eq!(
            user(json!({"email": "kari@example.no", "amr": ["BankID"]})),
            None
        );
        assert_eq!(user(json!({"email": "kari@example.no"})), None);
        assert!(matches!(
            user(json!({"email": "not-an-address", "amr": ["Selfregistered-email"]})),
            Some(Err(_))
        ));
    }
}
