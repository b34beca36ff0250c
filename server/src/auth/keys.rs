//! Ed25519 signing keys published as JWKs: used by the test token issuer, and for dialog tokens.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

/// A private signing key with its key id. Its Debug output never shows the key.
pub struct SigningKeyPair {
    kid: String,
    key: SigningKey,
}

impl std::fmt::Debug for SigningKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyPair")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKeyPair {
    /// A new random key from the operating system's random source.
    pub fn generate(kid: impl Into<String>) -> anyhow::Result<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|error| anyhow::anyhow!("no random source: {error}"))?;
        Self::from_seed(kid, &seed)
    }

    pub fn from_seed(kid: impl Into<String>, seed: &[u8; 32]) -> anyhow::Result<Self> {
        Ok(Self {
            kid: kid.into(),
            key: SigningKey::from_bytes(seed),
        })
    }

    /// The 32-byte private seed, for persisting a generated key.
    pub fn seed(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK (`OKP`, `Ed25519`), with `kid`, `alg` and `use`.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(self.key.verifying_key().as_bytes()),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        })
    }

    /// The raw public key bytes.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// Signs `claims` as a compact JWS (RFC 7515) with `alg: EdDSA`, `typ: JWT` and this key's
    /// `kid`: base64url(header).base64url(claims).base64url(Ed25519 signature of the two).
    pub fn sign(&self, claims: &Value) -> anyhow::Result<String> {
        let header = json!({ "alg": "EdDSA", "typ": "JWT", "kid": self.kid });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header)?),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims)?)
        );
        let signature = self.key.sign(signing_input.as_bytes());
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        ))
    }
}

/// A JWK Set document of public keys.
pub fn jwk_set<'a>(keys: impl IntoIterator<Item = &'a SigningKeyPair>) -> Value {
    json!({ "keys": keys.into_iter().map(SigningKeyPair::public_jwk).collect::<Vec<_>>() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_token_verifies_with_the_published_jwk() {
        let pair = SigningKeyPair::generate("k1").expect("key");
        let token = pair
            .sign(&json!({ "sub": "x", "exp": 4_000_000_000u64 }))
            .expect("signs");
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(pair.public_jwk()).expect("a valid JWK");
        let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).expect("key");
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
        validation.required_spec_claims.clear();
        let decoded = jsonwebtoken::decode::<Value>(&token, &key, &validation).expect("verifies");
        assert_eq!(decoded.claims["sub"], "x");
        assert_eq!(decoded.header.kid.as_deref(), Some("k1"));
    }

    #[test]
    fn debug_output_shows_the_kid_but_not_the_key() {
        let pair = SigningKeyPair::from_seed("k1", &[7; 32]).expect("key");
        let debug = format!("{pair:?}");
        assert!(debug.contains("k1") && !debug.contains("7, 7"));
    }
}
