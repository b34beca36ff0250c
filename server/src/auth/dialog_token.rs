//! Dialog tokens: short-lived EdDSA JWTs stating who the end user is and what they may do with one
//! dialog, which service owners verify against our JWKS. Two keys are published (the one that
//! signs, and the next or previous one) so that keys can rotate without a gap.

use std::path::Path;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use uuid::Uuid;

use super::keys::{SigningKeyPair, jwk_set};

/// How long a dialog token is valid.
pub const LIFETIME_SECONDS: i64 = 600;
const KEY_FILE: &str = "dialog-token-keys";

/// The signing key and the other published key.
#[derive(Debug)]
pub struct DialogTokenKeys {
    issuer: String,
    primary: SigningKeyPair,
    secondary: SigningKeyPair,
}

/// What a dialog token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogTokenClaims {
    /// The authenticated end user (`c`): for a system user, the organisation whose client asked.
    pub end_user: String,
    /// A system user (`y`) and the organisation that owns it (`o`).
    pub system_user: Option<(String, Option<String>)>,
    /// The authentication level (`l`).
    pub authentication_level: u8,
    /// The dialog's party (`p`), service resource (`s`) and id (`i`).
    pub party: String,
    pub service_resource: String,
    pub dialog_id: Uuid,
    /// Permitted `(action, authorization attribute)` pairs (`a`).
    pub actions: Vec<(String, Option<String>)>,
    /// The entities (ids or token references) whose authorization contexts grant the user (`e`),
    /// left out of the token when there are none.
    pub authorized_entities: Vec<String>,
}

/// `a` as upstream encodes it: `action[,attribute]` joined by `;`, the main resource's without an attribute.
pub fn encode_actions(actions: &[(String, Option<String>)]) -> String {
    actions
        .iter()
        .map(|(action, attribute)| match attribute {
            Some(attribute) => format!("{action},{attribute}"),
            None => action.clone(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn parse_key(entry: &str) -> anyhow::Result<SigningKeyPair> {
    let (kid, seed) = entry
        .trim()
        .split_once(':')
        .ok_or_else(|| anyhow::anyhow!("each key is KID:BASE64URL_SEED"))?;
    let seed: [u8; 32] = URL_SAFE_NO_PAD
        .decode(seed.trim())
        .map_err(|_| anyhow::anyhow!("the seed of key '{kid}' is not base64url"))?
        .try_into()
        .map_err(|_| anyhow::anyhow!("the seed of key '{kid}' is not 32 bytes"))?;
    SigningKeyPair::from_seed(kid.trim(), &seed)
}

impl DialogTokenKeys {
    /// From `KID:SEED,KID:SEED` (primary first), each seed 32 bytes in base64url.
    pub fn parse(issuer: String, keys: &SecretString) -> anyhow::Result<Self> {
        let entries: Vec<&str> = keys.expose_secret().split(',').collect();
        let [primary, secondary] = entries.as_slice() else {
            anyhow::bail!("--dialog-token-keys needs exactly two keys, primary first");
        };
        let (primary, secondary) = (parse_key(primary)?, parse_key(secondary)?);
        anyhow::ensure!(
            primary.kid() != secondary.kid(),
            "the two dialog token keys need different kids"
        );
        Ok(Self {
            issuer,
            primary,
            secondary,
        })
    }

    /// For development: the keys in `dir/dialog-token-keys`, generated (readable by the owner
    /// only) on first use.
    pub fn load_or_create(issuer: String, dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(KEY_FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return Self::parse(issuer, &SecretString::from(text.trim().to_owned()));
        }
        let suffix = Utc::now().format("%Y%m%d%H%M%S");
        let primary = SigningKeyPair::generate(format!("dh-{suffix}-1"))?;
        let secondary = SigningKeyPair::generate(format!("dh-{suffix}-2"))?;
        let text = [&primary, &secondary]
            .iter()
            .map(|pair| format!("{}:{}", pair.kid(), URL_SAFE_NO_PAD.encode(pair.seed())))
            .collect::<Vec<_>>()
            .join(",");
        std::fs::create_dir_all(dir)?;
        let temporary = dir.join(format!("{KEY_FILE}.{}", Uuid::new_v4()));
        write_private(&temporary, &text)?;
        std::fs::rename(&temporary, &path)?;
        Ok(Self {
            issuer,
            primary,
            secondary,
        })
    }

    /// `iss`: the API's base, as upstream (`…/api/v1`).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The JWK Set with both keys.
    pub fn jwks(&self) -> Value {
        jwk_set([&self.primary, &self.secondary])
    }

    /// A signed token for `claims`, valid from `now` for ten minutes.
    pub fn issue(&self, claims: &DialogTokenClaims, now: DateTime<Utc>) -> anyhow::Result<String> {
        let issued = now.timestamp();
        let mut token = json!({
            "jti": Uuid::new_v4(),
            "iss": self.issuer,
            "iat": issued,
            "nbf": issued,
            "exp": issued + LIFETIME_SECONDS,
            "c": claims.end_user,
            "l": claims.authentication_level,
            "p": claims.party.to_lowercase(),
            "s": claims.service_resource,
            "i": claims.dialog_id,
            "a": encode_actions(&claims.actions),
        });
        if let Some(token) = token.as_object_mut() {
            if let Some((system_user, owner)) = &claims.system_user {
                token.insert("y".into(), json!(system_user));
                if let Some(owner) = owner {
                    token.insert("o".into(), json!(owner));
                }
            }
            if !claims.authorized_entities.is_empty() {
                token.insert("e".into(), json!(claims.authorized_entities));
            }
        }
        self.primary.sign(&token)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    Ok(std::fs::write(path, text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_encoded_as_upstream_encodes_them() {
        let actions = vec![
            ("read".to_owned(), None),
            ("write".to_owned(), None),
            (
                "transmissionread".to_owned(),
                Some("urn:altinn:subresource:foo".to_owned()),
            ),
        ];
        assert_eq!(
            encode_actions(&actions),
            "read;write;transmissionread,urn:altinn:subresource:foo"
        );
        assert_eq!(encode_actions(&[]), "");
    }

    #[test]
    fn keys_are_parsed_primary_first_and_bad_ones_are_refused() {
        let seed = URL_SAFE_NO_PAD.encode([1u8; 32]);
        let other = URL_SAFE_NO_PAD.encode([2u8; 32]);
        let keys = DialogTokenKeys::parse(
            "https://x/api/v1".into(),
            &SecretString::from(format!("a:{seed}, b:{other}")),
        )
        .expect("valid");
        assert_eq!(keys.jwks()["keys"][0]["kid"], "a");
        assert_eq!(keys.jwks()["keys"][1]["kid"], "b");
        for bad in [
            format!("a:{seed}"),
            format!("a:{seed},a:{other}"),
            format!("a:{seed},b:tooshort"),
            "nonsense".to_owned(),
        ] {
            assert!(
                DialogTokenKeys::parse("i".into(), &SecretString::from(bad.clone())).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn generated_keys_are_kept_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let first = DialogTokenKeys::load_or_create("i".into(), dir.path()).expect("created");
        let again = DialogTokenKeys::load_or_create("i".into(), dir.path()).expect("read");
        assert_eq!(first.jwks(), again.jwks());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .expect("file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
