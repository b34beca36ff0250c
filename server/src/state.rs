//! The state every handler can reach.

use std::sync::Arc;

use anyhow::Context;
use app::bundle::Bundle;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

use crate::{
    auth::{
        bearer::Authenticator,
        dialog_token::DialogTokenKeys,
        idp::{self, IdpState, TestProvider},
        oidc::{Oidc, OidcSettings},
        test_tokens::TestTokenIssuer,
    },
    authz::Authorizer,
    config::Config,
    database::searches::{SearchLimits, Searches},
    domain::metadata_links::MetadataLinks,
    outbound::Outbound,
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    pub authorizer: Authorizer,
    pub authenticator: Arc<Authenticator>,
    /// Present only while the test token generator is enabled.
    pub test_tokens: Option<Arc<TestTokenIssuer>>,
    pub dialog_tokens: Arc<DialogTokenKeys>,
    /// The portal's sign-in, when configured (always in dev mode).
    pub oidc: Option<Arc<Oidc>>,
    /// The built-in test identity provider (dev mode without --oidc-issuer).
    pub test_provider: Option<Arc<TestProvider>>,
    /// Whether cookies get `Secure` (the portal is served over https).
    pub secure_cookies: bool,
    /// For calling service owners' systems.
    pub outbound: Outbound,
    /// Where searches run: their own connections, timeout and per-caller limit.
    pub searches: Arc<Searches>,
    /// Where metadata links point.
    pub links: MetadataLinks,
    /// The published names of the stylesheet and browser bundle.
    pub bundle: Arc<Bundle>,
}

impl FromRef<AppState> for IdpState {
    fn from_ref(state: &AppState) -> Self {
        Self {
            pool: state.pool.clone(),
            provider: state.test_provider.clone(),
            stylesheet: state.bundle.stylesheet_href(),
        }
    }
}

/// The Leptos options for serving the portal's bundle from `site_root`.
pub fn leptos_options(site_root: &std::path::Path, listen: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(app::OUTPUT_NAME)
        .site_root(site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(listen)
        .build()
}

/// The published names from `pkg/manifest.json` under `site_root` (written by `style/build.mjs`),
/// or wasm-bindgen's own names where there is no manifest (a bundle built by hand, or none).
fn bundle(site_root: &std::path::Path) -> anyhow::Result<Bundle> {
    let path = site_root.join("pkg/manifest.json");
    match std::fs::read(&path) {
        Ok(manifest) => serde_json::from_slice(&manifest)
            .with_context(|| format!("{} is not a bundle manifest", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Bundle::default()),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// What the server builds from its configuration alone, before anything starts: every check the
/// configuration needs (keys, sign-in settings, certificates, addresses) is made here, so that a
/// bad configuration stops the server before it starts a database or listens.
pub struct Prepared {
    leptos_options: LeptosOptions,
    authenticator: Arc<Authenticator>,
    test_tokens: Option<Arc<TestTokenIssuer>>,
    dialog_tokens: Arc<DialogTokenKeys>,
    oidc: Option<Arc<Oidc>>,
    test_provider: Option<Arc<TestProvider>>,
    secure_cookies: bool,
    outbound: Outbound,
    search_limits: SearchLimits,
    links: MetadataLinks,
    bundle: Arc<Bundle>,
}

impl AppState {
    /// Everything the server needs, built from its configuration around an open pool.
    pub fn new(config: &Config, pool: PgPool) -> anyhow::Result<Self> {
        Ok(Self::prepare(config)?.with_pool(pool))
    }

    /// Checks the configuration and builds what needs no database.
    pub fn prepare(config: &Config) -> anyhow::Result<Prepared> {
        let (authenticator, test_tokens) = authentication(config)?;
        let dialog_tokens = dialog_token_keys(config)?;
        let (test_provider, oidc) = sign_in(config)?;
        let public_url = config.public_url();
        Ok(Prepared {
            links: MetadataLinks::new(&config.altinn_platform_url)?,
            search_limits: SearchLimits {
                connections: config.search_max_connections,
                per_caller: config.searches_per_caller,
                statement_timeout: std::time::Duration::from_secs(config.search_statement_timeout),
            },
            outbound: Outbound::new(
                config.outbound_root_ca.as_deref(),
                config.outbound_private_networks.unwrap_or(false),
            )?,
            secure_cookies: public_url.starts_with("https://"),
            oidc,
            test_provider,
            dialog_tokens: Arc::new(dialog_tokens),
            leptos_options: leptos_options(&config.site_root, config.listen),
            bundle: Arc::new(bundle(&config.site_root)?),
            authenticator: Arc::new(authenticator),
            test_tokens,
        })
    }
}

/// Who may call the APIs: the trusted issuers, and the test token generator when it is on
/// (trusted too, then).
fn authentication(
    config: &Config,
) -> anyhow::Result<(Authenticator, Option<Arc<TestTokenIssuer>>)> {
    let mut authenticator =
        Authenticator::new(&config.trusted_issuers, config.token_audience.clone())?;
    let test_tokens = if config.test_tokens_enabled() {
        let issuer = TestTokenIssuer::new(
            format!("{}/testtoken", config.public_url()),
            config.token_audience.clone(),
        )?;
        let keys = serde_json::from_value(issuer.jwks())?;
        authenticator.trust_local(issuer.issuer(), keys);
        if config.mode == crate::config::Mode::Production {
            tracing::warn!(
                "the test token generator is enabled in production mode: anyone can mint tokens"
            );
        }
        Some(Arc::new(issuer))
    } else {
        None
    };
    Ok((authenticator, test_tokens))
}

/// The keys dialog tokens are signed with: given, or in dev mode kept in the data folder.
fn dialog_token_keys(config: &Config) -> anyhow::Result<DialogTokenKeys> {
    let issuer = format!("{}/api/v1", config.public_url());
    Ok(match (&config.dialog_token_keys, config.mode) {
        (Some(keys), _) => DialogTokenKeys::parse(issuer, keys)?,
        (None, crate::config::Mode::Dev) => {
            DialogTokenKeys::load_or_create(issuer, &config.data_dir)?
        }
        (None, crate::config::Mode::Production) => anyhow::bail!(
            "--dialog-token-keys (DIALOG_TOKEN_KEYS) is required in production: two Ed25519 seeds as KID:SEED,KID:SEED"
        ),
    })
}

/// The built-in test provider when it runs, and the OpenID client the portal signs in with.
type SignIn = (Option<Arc<TestProvider>>, Option<Arc<Oidc>>);

/// The portal's sign-in: the configured OpenID provider, or in dev mode the built-in one.
fn sign_in(config: &Config) -> anyhow::Result<SignIn> {
    let public_url = config.public_url();
    let (test_provider, oidc_settings) = match (&config.oidc_issuer, config.mode) {
        (Some(issuer), _) => {
            let (Some(client_id), Some(secret)) =
                (&config.oidc_client_id, &config.oidc_client_secret)
            else {
                anyhow::bail!("--oidc-issuer needs --oidc-client-id and --oidc-client-secret");
            };
            (
                None,
                Some((issuer.clone(), client_id.clone(), secret.clone())),
            )
        }
        (None, crate::config::Mode::Dev) => {
            let provider = TestProvider::new(&public_url)?;
            let settings = (
                provider.issuer().to_owned(),
                idp::CLIENT_ID.to_owned(),
                provider.client_secret().clone(),
            );
            (Some(provider), Some(settings))
        }
        (None, crate::config::Mode::Production) => (None, None),
    };
    let oidc = oidc_settings
        .map(|(issuer, client_id, client_secret)| {
            Oidc::new(OidcSettings {
                issuer,
                client_id,
                client_secret,
                redirect_url: format!("{public_url}/auth/callback"),
                post_logout_url: format!("{public_url}/"),
            })
        })
        .transpose()?
        .map(Arc::new);
    Ok((test_provider, oidc))
}

impl Prepared {
    /// The state, around an open pool.
    pub fn with_pool(self, pool: PgPool) -> AppState {
        AppState {
            searches: Arc::new(Searches::new(&pool.connect_options(), self.search_limits)),
            authorizer: Authorizer::new(pool.clone()),
            pool,
            leptos_options: self.leptos_options,
            authenticator: self.authenticator,
            test_tokens: self.test_tokens,
            dialog_tokens: self.dialog_tokens,
            oidc: self.oidc,
            test_provider: self.test_provider,
            secure_cookies: self.secure_cookies,
            outbound: self.outbound,
            links: self.links,
            bundle: self.bundle,
        }
    }
}
