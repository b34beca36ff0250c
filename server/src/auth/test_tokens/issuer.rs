//! The issuer of test tokens: its key, and the claims of each kind of token upstream's
//! generator makes.

use serde_json::{Value, json};

use crate::auth::keys::{SigningKeyPair, jwk_set};
use crate::domain::party::{NationalIdentityNumber, OrganizationNumber};

pub struct TestTokenIssuer {
    issuer: String,
    audience: Option<String>,
    key: SigningKeyPair,
}

impl TestTokenIssuer {
    pub fn new(issuer: String, audience: Option<String>) -> anyhow::Result<Self> {
        Ok(Self {
            issuer,
            audience,
            key: SigningKeyPair::generate("testtoken-1")?,
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn key(&self) -> &SigningKeyPair {
        &self.key
    }

    pub fn jwks(&self) -> Value {
        jwk_set([&self.key])
    }

    /// The standard claims every token carries: issuer, times, id and audience.
    fn base_claims(&self, ttl: u64) -> serde_json::Map<String, Value> {
        let now = jsonwebtoken::get_current_timestamp();
        let mut claims = serde_json::Map::new();
        claims.insert("iss".into(), json!(self.issuer));
        claims.insert("iat".into(), json!(now));
        claims.insert("nbf".into(), json!(now));
        claims.insert("exp".into(), json!(now + ttl));
        claims.insert("jti".into(), json!(uuid::Uuid::now_v7().to_string()));
        if let Some(audience) = &self.audience {
            claims.insert("aud".into(), json!(audience));
        }
        claims
    }

    /// A token as Maskinporten (through Altinn's exchange) issues it to a service owner.
    pub fn enterprise_token(
        &self,
        org: &str,
        number: &OrganizationNumber,
        scopes: &str,
        ttl: u64,
    ) -> anyhow::Result<String> {
        let mut claims = self.base_claims(ttl);
        claims.insert("scope".into(), json!(scopes));
        claims.insert("token_type".into(), json!("Bearer"));
        claims.insert("client_id".into(), json!(uuid::Uuid::now_v7().to_string()));
        claims.insert("consumer".into(), json!({ "authority": "iso6523-actorid-upis", "ID": format!("0192:{}", number.as_str()) }));
        claims.insert("urn:altinn:org".into(), json!(org));
        claims.insert("urn:altinn:orgNumber".into(), json!(number.as_str()));
        claims.insert(
            "urn:altinn:authenticatemethod".into(),
            json!("maskinporten"),
        );
        claims.insert("urn:altinn:authlevel".into(), json!(3));
        self.key.sign(&Value::Object(claims))
    }

    /// A token as ID-porten (through Altinn's exchange) issues it to a person.
    pub fn personal_token(
        &self,
        pid: &NationalIdentityNumber,
        scopes: &str,
        level: u8,
        consumer: &OrganizationNumber,
        ttl: u64,
    ) -> anyhow::Result<String> {
        let mut claims = self.base_claims(ttl);
        let acr = if level >= 4 {
            "idporten-loa-high"
        } else {
            "idporten-loa-substantial"
        };
        claims.insert("scope".into(), json!(scopes));
        claims.insert("pid".into(), json!(pid.as_str()));
        claims.insert("acr".into(), json!(acr));
        claims.insert("amr".into(), json!(["TestID"]));
        claims.insert("client_amr".into(), json!("virksomhetssertifikat"));
        claims.insert("consumer".into(), json!({ "authority": "iso6523-actorid-upis", "ID": format!("0192:{}", consumer.as_str()) }));
        claims.insert("urn:altinn:authlevel".into(), json!(level));
        self.key.sign(&Value::Object(claims))
    }

    /// A token as Maskinporten (through Altinn's exchange) issues it to a system user: the
    /// system user and its owner in `authorization_details`, the asking client's organisation
    /// in `consumer`.
    pub fn system_user_token(
        &self,
        system_user: uuid::Uuid,
        owner: &OrganizationNumber,
        consumer: &OrganizationNumber,
        client_id: &str,
        scopes: &str,
        ttl: u64,
    ) -> anyhow::Result<String> {
        let organization = |number: &OrganizationNumber| json!({ "authority": "iso6523-actorid-upis", "ID": format!("0192:{}", number.as_str()) });
        let mut claims = self.base_claims(ttl);
        claims.insert("scope".into(), json!(scopes));
        claims.insert("token_type".into(), json!("Bearer"));
        claims.insert("client_id".into(), json!(client_id));
        claims.insert("client_amr".into(), json!("private_key_jwt"));
        claims.insert("consumer".into(), organization(consumer));
        claims.insert(
            "authorization_details".into(),
            json!([{
                "type": "urn:altinn:systemuser",
                "systemuser_id": [system_user],
                "systemuser_org": organization(owner),
                "system_id": format!("{}_test", consumer.as_str()),
            }]),
        );
        self.key.sign(&Value::Object(claims))
    }

    /// A token as ID-porten issues it to a user who signed in with an e-mail address only
    /// (`acr` selfregistered-email, `amr` Selfregistered-email: level 0, no `pid`).
    pub fn email_user_token(&self, email: &str, scopes: &str, ttl: u64) -> anyhow::Result<String> {
        let mut claims = self.base_claims(ttl);
        claims.insert("scope".into(), json!(scopes));
        claims.insert("email".into(), json!(email));
        claims.insert("acr".into(), json!("selfregistered-email"));
        claims.insert("amr".into(), json!(["Selfregistered-email"]));
        self.key.sign(&Value::Object(claims))
    }
}
