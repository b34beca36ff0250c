//! How a service owner verifies a dialog token: the signature against our JWKS, the issuer, the
//! lifetime, and then whether it allows what the request wants to do.
//!
//! ```no_run
//! # async fn example(token: &str) -> anyhow::Result<()> {
//! // Fetch (and cache for up to a day) the keys, then check each request's token.
//! let jwks: serde_json::Value = reqwest::get("https://dialogs.example/api/v1/.well-known/jwks.json")
//!     .await?
//!     .json()
//!     .await?;
//! let verified = server::verify::verify_dialog_token(token, &jwks, "https://dialogs.example/api/v1")?;
//! if !verified.allows("write", None) {
//!     // answer 403
//! }
//! # Ok(())
//! # }
//! ```

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header, jwk::JwkSet};
use serde::Deserialize;
use uuid::Uuid;

/// A dialog token that verified: who, for which dialog, allowed to do what.
#[derive(Debug, Clone, Deserialize)]
pub struct VerifiedDialogToken {
    /// The end user (`urn:altinn:person:identifier-no:…`).
    #[serde(rename = "c")]
    pub end_user: String,
    /// Their authentication level.
    #[serde(rename = "l")]
    pub authentication_level: u8,
    /// The dialog's party, service resource and id.
    #[serde(rename = "p")]
    pub party: String,
    #[serde(rename = "s")]
    pub service_resource: String,
    #[serde(rename = "i")]
    pub dialog_id: Uuid,
    /// `action[,attribute];…`
    #[serde(rename = "a")]
    pub actions: String,
    /// The entities whose authorization contexts grant the end user: ids, or the service
    /// owner's own `tokenRef`s (`e`; absent when none).
    #[serde(rename = "e", default)]
    pub authorized_entities: Vec<String>,
    pub exp: i64,
}

impl VerifiedDialogToken {
    /// Whether the token grants the entity (by its id or its context's `tokenRef`).
    pub fn grants_entity(&self, reference: &str) -> bool {
        self.authorized_entities
            .iter()
            .any(|entity| entity == reference)
    }

    /// Whether the token allows `action`, on the dialog as a whole or for `attribute` (compared as
    /// the dialog's action declares it).
    pub fn allows(&self, action: &str, attribute: Option<&str>) -> bool {
        self.actions
            .split(';')
            .filter(|item| !item.is_empty())
            .any(|item| {
                let (granted, granted_attribute) = match item.split_once(',') {
                    Some((granted, attribute)) => (granted, Some(attribute)),
                    None => (item, None),
                };
                granted.eq_ignore_ascii_case(action)
                    && match (granted_attribute, attribute) {
                        (None, None) => true,
                        (Some(granted), Some(wanted)) => granted.eq_ignore_ascii_case(wanted),
                        _ => false,
                    }
            })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("the token is not a JWT: {0}")]
    Malformed(jsonwebtoken::errors::Error),
    #[error("no published key has the token's kid")]
    UnknownKey,
    #[error("the JWKS is not valid: {0}")]
    BadKeys(String),
    #[error("the token did not verify: {0}")]
    Invalid(jsonwebtoken::errors::Error),
}

/// Verifies `token` against `jwks` (the JSON of `/.well-known/jwks.json`): EdDSA signature by a
/// published key, `iss`, `exp` and `nbf` (with no leeway).
pub fn verify_dialog_token(
    token: &str,
    jwks: &serde_json::Value,
    issuer: &str,
) -> Result<VerifiedDialogToken, VerifyError> {
    let header = decode_header(token).map_err(VerifyError::Malformed)?;
    let keys: JwkSet = serde_json::from_value(jwks.clone())
        .map_err(|error| VerifyError::BadKeys(error.to_string()))?;
    let jwk = header
        .kid
        .as_deref()
        .and_then(|kid| keys.find(kid))
        .ok_or(VerifyError::UnknownKey)?;
    let key = DecodingKey::from_jwk(jwk).map_err(VerifyError::Invalid)?;
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_issuer(&[issuer]);
    validation.validate_nbf = true;
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "iss", "nbf"]);
    decode::<VerifiedDialogToken>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(VerifyError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(actions: &str) -> VerifiedDialogToken {
        VerifiedDialogToken {
            end_user: "urn:altinn:person:identifier-no:01018012371".into(),
            authentication_level: 3,
            party: "p".into(),
            service_resource: "s".into(),
            dialog_id: Uuid::nil(),
            actions: actions.into(),
            authorized_entities: vec!["kvittering".into()],
            exp: 0,
        }
    }

    #[test]
    fn entities_are_granted_by_exact_reference() {
        let verified = token("read");
        assert!(verified.grants_entity("kvittering"));
        assert!(!verified.grants_entity("Kvittering"));
        assert!(!verified.grants_entity("read"));
    }

    #[test]
    fn actions_are_checked_with_and_without_attributes() {
        let verified = token("read;write;sign,urn:altinn:task:signering");
        assert!(verified.allows("write", None));
        assert!(verified.allows("sign", Some("urn:altinn:task:signering")));
        assert!(!verified.allows("sign", None));
        assert!(!verified.allows("delete", None));
        assert!(!token("").allows("read", None));
    }
}
