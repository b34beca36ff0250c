//! The state every handler can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

use crate::{
    auth::{bearer::Authenticator, test_tokens::TestTokenIssuer},
    authz::Authorizer,
    config::Config,
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    pub authorizer: Authorizer,
    pub authenticator: Arc<Authenticator>,
    /// Present only while the test token generator is enabled.
    pub test_tokens: Option<Arc<TestTokenIssuer>>,
}

impl AppState {
    /// Everything the server needs, built from its configuration around an open pool.
    pub fn new(config: &Config, pool: PgPool) -> anyhow::Result<Self> {
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
        Ok(Self {
            leptos_options: crate::router::leptos_options(&config.site_root, config.listen),
            authorizer: Authorizer::new(pool.clone()),
            authenticator: Arc::new(authenticator),
            test_tokens,
            pool,
        })
    }
}
