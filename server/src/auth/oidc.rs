//! Signing in with OpenID Connect: authorization code flow with PKCE (S256), state and nonce,
//! against the configured provider (ID-porten, or the built-in test provider in dev mode).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
    core::{CoreClient, CoreProviderMetadata, CoreResponseType},
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use sqlx::PgPool;
use tokio::sync::OnceCell;

use super::session::{NewSession, hash};
use crate::{
    auth::claims::CallerClaims,
    error::{Error, Result},
};

type PortalClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The relying party's settings.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Where the provider sends the browser back: `{public url}/auth/callback`.
    pub redirect_url: String,
    /// Where to land after signing out at the provider.
    pub post_logout_url: String,
}

pub struct Oidc {
    settings: OidcSettings,
    http: reqwest::Client,
    metadata: OnceCell<(CoreProviderMetadata, Option<String>)>,
}

fn unavailable(what: &str, error: impl std::fmt::Display) -> Error {
    tracing::warn!(%error, "{what}");
    Error::Unavailable(format!("{what}; try again in a moment"))
}

/// The authentication level from `acr` (ID-porten's levels) or Altinn's `urn:altinn:authlevel`.
impl Oidc {
    pub fn new(settings: OidcSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Self {
            settings,
            http,
            metadata: OnceCell::new(),
        })
    }

    /// The provider's metadata (and `end_session_endpoint`), discovered once.
    async fn metadata(&self) -> Result<&(CoreProviderMetadata, Option<String>)> {
        self.metadata
            .get_or_try_init(|| async {
                let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(|error| {
                    unavailable("the sign-in provider's address is invalid", error)
                })?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
                    .await
                    .map_err(|error| unavailable("the sign-in provider did not answer", error))?;
                let document: Value = self
                    .http
                    .get(format!(
                        "{}/.well-known/openid-configuration",
                        self.settings.issuer.trim_end_matches('/')
                    ))
                    .send()
                    .await
                    .map_err(|error| unavailable("the sign-in provider did not answer", error))?
                    .json()
                    .await
                    .map_err(|error| unavailable("the sign-in provider did not answer", error))?;
                let end_session = document["end_session_endpoint"].as_str().map(str::to_owned);
                Ok((metadata, end_session))
            })
            .await
    }

    async fn client(&self) -> Result<PortalClient> {
        let (metadata, _) = self.metadata().await?;
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|error| unavailable("the portal's address is invalid", error))?;
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(
                self.settings.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a sign-in: remembers state, nonce and PKCE verifier, and returns where to send the
    /// browser. `return_to` is a path on this site; `high` asks for ID-porten's high level
    /// (`acr_values`), for services that need it.
    pub async fn start(&self, pool: &PgPool, return_to: &str, high: bool) -> Result<String> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("digdir:dialogporten".into()))
            .set_pkce_challenge(challenge);
        if high {
            request = request.add_extra_param("acr_values", "idporten-loa-high");
        }
        let (url, state, nonce) = request.url();
        sqlx::query!(
            "insert into portal_logins (state_hash, nonce, pkce_verifier, return_to, created_at)
             values ($1, $2, $3, $4, $5)",
            hash(state.secret()),
            nonce.secret(),
            verifier.secret(),
            return_to,
            Utc::now(),
        )
        .execute(pool)
        .await?;
        Ok(url.to_string())
    }

    /// Finishes a sign-in: the state must be one we issued (once), the code is exchanged with the
    /// PKCE verifier, and the ID token is verified (signature, issuer, audience, expiry, nonce).
    pub async fn finish(
        &self,
        pool: &PgPool,
        state: &str,
        code: &str,
    ) -> Result<(NewSession, String)> {
        let expired = || {
            Error::Validation(Error::field(
                "state",
                "This sign-in has expired or was already used. Please sign in again.",
            ))
        };
        let pending = sqlx::query!(
            "delete from portal_logins where state_hash = $1 and created_at > $2
             returning nonce, pkce_verifier, return_to",
            hash(state),
            Utc::now() - chrono::Duration::minutes(10),
        )
        .fetch_optional(pool)
        .await?
        .ok_or_else(expired)?;
        let client = self.client().await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| unavailable("the sign-in provider has no token endpoint", error))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|error| unavailable("the sign-in provider refused the sign-in", error))?;
        let id_token = response
            .id_token()
            .ok_or_else(|| unavailable("the sign-in provider sent no ID token", "missing"))?;
        id_token
            .claims(&client.id_token_verifier(), &Nonce::new(pending.nonce))
            .map_err(|error| unavailable("the sign-in could not be verified", error))?;
        // Verified above; now read the claims this portal needs.
        Ok((session_of(id_token.to_string())?, pending.return_to))
    }

    /// Where to send the browser to end the provider's session too, when it supports that.
    pub async fn logout_url(&self, id_token: Option<&str>) -> Option<String> {
        let (_, end_session) = self.metadata().await.ok()?;
        let mut url = reqwest::Url::parse(end_session.as_deref()?).ok()?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(token) = id_token {
                query.append_pair("id_token_hint", token);
            }
            query
                .append_pair("post_logout_redirect_uri", &self.settings.post_logout_url)
                .append_pair("client_id", &self.settings.client_id);
        }
        Some(url.to_string())
    }
}

/// The session a verified ID token opens: ID-porten's `pid` (or `sub`) or an e-mail user,
/// the name and the security level.
fn session_of(payload: String) -> Result<NewSession> {
    let claims: Value = payload
        .split('.')
        .nth(1)
        .and_then(|part| URL_SAFE_NO_PAD.decode(part).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let claims_sub = claims["sub"].as_str().map(str::to_owned);
    let name = claims["name"].as_str().map(str::to_owned);
    let mut claims: CallerClaims = serde_json::from_value(claims).unwrap_or_default();
    // ID-porten names a person by `pid`; some providers only by `sub`.
    if claims.pid.is_none() && claims.email_user().is_none() {
        claims.pid = claims_sub;
    }
    let party = claims
        .person()
        .or_else(|| claims.email_user())
        .and_then(Result::ok)
        .ok_or_else(|| {
            Error::Forbidden(Error::field(
                "pid",
                "The sign-in named neither a Norwegian national identity number nor an \
                 e-mail user.",
            ))
        })?;
    Ok(NewSession {
        party,
        name,
        authentication_level: claims.authentication_level(),
        id_token: Some(payload),
    })
}
