//! Typed configuration from command-line flags and environment variables, validated at start-up.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use secrecy::{ExposeSecret, SecretString};

use crate::auth::bearer::TrustedIssuer;

/// The command line: global configuration plus an optional subcommand (serving is the default).
#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Dialog hub and inbox portal: the service-owner and end-user APIs and the web portal.",
    long_about = "Dialog hub and inbox portal: the service-owner and end-user APIs and the web portal.\n\n\
        Every flag can also be set through the environment variable named beside it. Without \
        DATABASE_URL the server runs a private PostgreSQL cluster under --data-dir."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal and the APIs (the default).
    Serve,
    /// Import or export the authorization data: service owners, resources, parties, relations.
    Authorization {
        #[command(subcommand)]
        action: AuthorizationAction,
    },
    /// Create the demo dialogs for the demo personas (after the demo authorization data), unless
    /// the database has dialogs already.
    DemoData,
    /// Fill the database with a deterministic benchmark data set (dialogs with every child row,
    /// and the authorization data of its personas); prints the personas as JSON.
    BenchData {
        /// How many dialogs.
        #[arg(long)]
        dialogs: u64,
        /// The same seed gives the same data set.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Empty the dialog tables first (otherwise a database with dialogs is refused).
        #[arg(long)]
        replace: bool,
    },
    /// Manage the private PostgreSQL cluster under --data-dir.
    Database {
        #[command(subcommand)]
        action: DatabaseAction,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum AuthorizationAction {
    /// Replace all authorization data with a YAML or JSON file (checked first; bad data changes nothing).
    Import {
        /// The file; `.json` is read as JSON, anything else as YAML.
        file: PathBuf,
        /// Import only into an empty database (for seeding demo data on first start).
        #[arg(long)]
        if_empty: bool,
    },
    /// Print the current authorization data as JSON.
    Export,
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub enum DatabaseAction {
    /// Start (or reuse) the private cluster, run migrations, print its URL and leave it running.
    Start,
    /// Stop the private cluster if it runs.
    Stop,
}

/// How strict start-up is about configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Local development and demos: readable logs, development-only helpers allowed.
    Dev,
    /// Everything that is not a developer's machine: every secret must be configured.
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Args)]
pub struct Config {
    /// Run mode. Production refuses to start without every secret configured.
    #[arg(
        long,
        env = "APP_MODE",
        value_enum,
        default_value = "production",
        global = true
    )]
    pub mode: Mode,

    /// Address the HTTP server listens on.
    #[arg(
        long,
        env = "LISTEN_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub listen: SocketAddr,

    /// PostgreSQL URL. Without it the private cluster under --data-dir is used.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<SecretString>,

    /// Largest number of pooled database connections.
    #[arg(
        long,
        env = "DATABASE_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub database_max_connections: u32,

    /// Database connections for searches, a pool of their own beside the main one.
    #[arg(
        long,
        env = "SEARCH_MAX_CONNECTIONS",
        default_value_t = 6,
        global = true
    )]
    pub search_max_connections: u32,

    /// Searches one caller (person or service owner) may run at once; more wait their turn.
    #[arg(long, env = "SEARCHES_PER_CALLER", default_value_t = 2, global = true)]
    pub searches_per_caller: usize,

    /// Seconds a search statement may run before it is stopped and answered 422.
    #[arg(
        long,
        env = "SEARCH_STATEMENT_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub search_statement_timeout: u64,

    /// Directory for local state: the private PostgreSQL cluster lives in its `postgres` folder.
    #[arg(long, env = "DATA_DIR", default_value = ".data", global = true)]
    pub data_dir: PathBuf,

    /// Directory of the PostgreSQL server programs for the private cluster; when unset they are
    /// looked up on PATH, then in the newest /usr/lib/postgresql/*/bin.
    #[arg(long, env = "POSTGRES_BIN_DIR", global = true)]
    pub postgres_bin_dir: Option<PathBuf>,

    /// Directory holding the built browser bundle and stylesheet (`pkg/`).
    #[arg(long, env = "SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,

    /// Altinn's platform, whose resource registry and Access Management metadata the service
    /// resource metadata links to.
    #[arg(
        long,
        env = "ALTINN_PLATFORM_URL",
        default_value = "https://platform.altinn.no/",
        global = true
    )]
    pub altinn_platform_url: String,

    /// The address users and clients reach this server at; defaults to http://<listen>.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// An issuer whose bearer tokens are accepted, as ISSUER=JWKS_URL (repeat, or separate with commas).
    #[arg(
        long = "trusted-issuer",
        env = "TRUSTED_ISSUERS",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_issuers: Vec<TrustedIssuer>,

    /// The audience bearer tokens must name (`aud`); not checked when unset.
    #[arg(long, env = "TOKEN_AUDIENCE", global = true)]
    pub token_audience: Option<String>,

    /// Serve the test token generator under /testtoken and trust its tokens. On in dev mode,
    /// off in production unless set.
    #[arg(long, env = "TEST_TOKENS", global = true)]
    pub test_tokens: Option<bool>,

    /// The dialog token signing keys as KID:SEED,KID:SEED (each seed 32 random bytes in
    /// base64url): the first signs, both are published. Required in production; in dev mode they
    /// are generated once into --data-dir.
    #[arg(long, env = "DIALOG_TOKEN_KEYS", hide_env_values = true, global = true)]
    pub dialog_token_keys: Option<SecretString>,

    /// The portal's OpenID provider (e.g. https://idporten.no); in dev mode the built-in test
    /// provider at {public url}/idp is used when unset.
    #[arg(long, env = "OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,

    /// The portal's client id at the OpenID provider.
    #[arg(long, env = "OIDC_CLIENT_ID", global = true)]
    pub oidc_client_id: Option<String>,

    /// The portal's client secret at the OpenID provider.
    #[arg(
        long,
        env = "OIDC_CLIENT_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub oidc_client_secret: Option<SecretString>,

    /// A PEM file of extra root certificates to trust when the portal calls service owners'
    /// systems (embedded content, and actions sent for browsers without JavaScript).
    #[arg(long, env = "OUTBOUND_ROOT_CA", global = true)]
    pub outbound_root_ca: Option<std::path::PathBuf>,

    /// Let the portal call service owners' systems on loopback and private addresses (tests and
    /// local demos); otherwise it calls only public ones.
    #[arg(long, env = "OUTBOUND_PRIVATE_NETWORKS", global = true)]
    pub outbound_private_networks: Option<bool>,

    /// Log format; pretty in dev mode and JSON in production unless set.
    #[arg(long, env = "LOG_FORMAT", value_enum, global = true)]
    pub log_format: Option<LogFormat>,
}

/// A configuration value that cannot be used, named by its flag.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {flag}: {reason}")]
pub struct ConfigError {
    pub flag: &'static str,
    pub reason: String,
}

impl Config {
    /// Checks what the types alone cannot; called once at start-up before anything is opened.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (flag, value) in [
            (
                "--search-max-connections",
                u64::from(self.search_max_connections),
            ),
            ("--searches-per-caller", self.searches_per_caller as u64),
            ("--search-statement-timeout", self.search_statement_timeout),
        ] {
            if value == 0 {
                return Err(ConfigError {
                    flag,
                    reason: "must be at least 1".into(),
                });
            }
        }
        if self.database_max_connections == 0 {
            return Err(ConfigError {
                flag: "--database-max-connections",
                reason: "must be at least 1".into(),
            });
        }
        if let Some(url) = &self.database_url {
            let url = url.expose_secret();
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(ConfigError {
                    flag: "--database-url",
                    reason: "must start with postgres:// or postgresql://".into(),
                });
            }
        }
        Ok(())
    }

    pub fn log_format(&self) -> LogFormat {
        self.log_format.unwrap_or(match self.mode {
            Mode::Dev => LogFormat::Pretty,
            Mode::Production => LogFormat::Json,
        })
    }

    pub fn test_tokens_enabled(&self) -> bool {
        self.test_tokens.unwrap_or(self.mode == Mode::Dev)
    }

    /// The base URL without a trailing slash.
    pub fn public_url(&self) -> String {
        let url = self
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen));
        url.trim_end_matches('/').to_owned()
    }

    /// Where the private PostgreSQL cluster keeps its files.
    pub fn cluster_dir(&self) -> PathBuf {
        self.data_dir.join("postgres")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("server").chain(args.iter().copied()))
            .expect("arguments parse")
    }

    #[test]
    fn production_is_the_default_mode() {
        assert_eq!(parse(&[]).config.mode, Mode::Production);
    }

    #[test]
    fn production_logs_json_and_dev_logs_pretty_lines() {
        assert_eq!(parse(&[]).config.log_format(), LogFormat::Json);
        assert_eq!(
            parse(&["--mode", "dev"]).config.log_format(),
            LogFormat::Pretty
        );
    }

    #[test]
    fn a_database_url_of_another_scheme_is_rejected() {
        let cli = parse(&["--database-url", "mysql://localhost/x"]);
        let error = cli.config.validate().expect_err("mysql is not PostgreSQL");
        assert_eq!(error.flag, "--database-url");
    }

    #[test]
    fn a_pool_without_connections_is_rejected() {
        let cli = parse(&["--database-max-connections", "0"]);
        assert!(cli.config.validate().is_err());
    }

    #[test]
    fn the_database_url_never_shows_in_debug_output() {
        let cli = parse(&["--database-url", "postgres://u:hunter2@db/x"]);
        assert!(!format!("{:?}", cli.config).contains("hunter2"));
    }

    #[test]
    fn the_test_token_generator_is_on_in_dev_and_off_in_production_unless_set() {
        assert!(parse(&["--mode", "dev"]).config.test_tokens_enabled());
        assert!(!parse(&[]).config.test_tokens_enabled());
        assert!(
            parse(&["--test-tokens", "true"])
                .config
                .test_tokens_enabled()
        );
        assert!(
            !parse(&["--mode", "dev", "--test-tokens", "false"])
                .config
                .test_tokens_enabled()
        );
    }

    #[test]
    fn trusted_issuers_can_be_repeated_or_comma_separated() {
        let cli = parse(&[
            "--trusted-issuer",
            "a=https://a/jwks,b=https://b/jwks",
            "--trusted-issuer",
            "c=http://c/jwks",
        ]);
        let issuers: Vec<_> = cli
            .config
            .trusted_issuers
            .iter()
            .map(|issuer| issuer.issuer.as_str())
            .collect();
        assert_eq!(issuers, ["a", "b", "c"]);
    }

    #[test]
    fn an_unparseable_listen_address_is_refused() {
        let result = Cli::try_parse_from(["server", "--listen", "not-an-address"]);
        assert!(result.is_err());
    }
}
