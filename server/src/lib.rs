//! The dialog hub server: configuration, database, REST API and the portal's server side.

pub mod api;
pub mod auth;
pub mod authz;
pub mod bench_data;
pub mod config;
pub mod database;
pub mod demo;
pub mod domain;
pub mod error;
pub mod health;
pub mod html;
pub mod outbound;
pub mod portal;
pub mod request_context;
pub mod router;
pub mod service;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod verify;

use anyhow::Context;
use tokio::net::TcpListener;

use authz::{
    Authorizer,
    model::{AuthorizationData, Format},
};
use config::{AuthorizationAction, Config, DatabaseAction};
use database::Database;
use state::AppState;

/// Serves until Ctrl-C or SIGTERM, then drains requests, closes the pool and stops the private cluster.
///
/// Start-up goes from what can fail cheaply to what leaves something behind: the configuration is
/// checked and the address taken before the database (and the private cluster) starts, so that a
/// failed start leaves no process running.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let prepared = AppState::prepare(&config)?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let database = Database::open(&config).await?;
    let state = prepared.with_pool(database.pool.clone());
    tokio::spawn(state.authorizer.clone().follow_changes());
    tracing::info!(address = %config.listen, mode = ?config.mode, "listening");
    let served = axum::serve(listener, router::build(state))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    database.close().await;
    tracing::info!("stopped");
    Ok(served?)
}

/// `server database start|stop`: manage the private cluster for scripts and test runs.
pub async fn manage_database(config: Config, action: DatabaseAction) -> anyhow::Result<()> {
    match action {
        DatabaseAction::Start => {
            let config = Config {
                database_url: None,
                ..config
            };
            let database = Database::open(&config).await?;
            database.pool.close().await;
            let cluster = database
                .cluster
                .context("the private cluster did not start")?;
            println!(
                "{}",
                secrecy::ExposeSecret::expose_secret(&cluster.database_url())
            );
        }
        DatabaseAction::Stop => {
            let dir = config.cluster_dir();
            let bin_dir = config.postgres_bin_dir.clone();
            let stopped = tokio::task::spawn_blocking(move || {
                database::cluster::stop_if_running(&dir, bin_dir.as_deref())
            })
            .await??;
            eprintln!("{}", if stopped { "stopped" } else { "not running" });
        }
    }
    Ok(())
}

/// `server authorization import|export`: load or dump the authorization data.
pub async fn manage_authorization(
    config: Config,
    action: AuthorizationAction,
) -> anyhow::Result<()> {
    let database = Database::open(&config).await?;
    let authorizer = Authorizer::new(database.pool.clone());
    let result = match action {
        AuthorizationAction::Import { file, if_empty } => {
            if if_empty && authorizer.has_data().await? {
                eprintln!(
                    "authorization data exists already; {} not imported",
                    file.display()
                );
                Ok(())
            } else {
                import_authorization(&authorizer, &file).await
            }
        }
        AuthorizationAction::Export => export_authorization(&authorizer).await,
    };
    database.close().await;
    result
}

async fn import_authorization(
    authorizer: &Authorizer,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let text = tokio::fs::read_to_string(file)
        .await
        .with_context(|| format!("cannot read {}", file.display()))?;
    let data = AuthorizationData::parse(&text, Format::from_path(file)).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .flat_map(|(place, messages)| {
                messages
                    .iter()
                    .map(move |message| format!("  {place}: {message}"))
            })
            .collect();
        anyhow::anyhow!("{} is not valid:\n{}", file.display(), lines.join("\n"))
    })?;
    authorizer.replace_all(&data).await?;
    eprintln!(
        "imported {} service owners, {} resources, {} persons, {} organizations, {} relations",
        data.service_owners.len(),
        data.resources.len(),
        data.persons.len(),
        data.organizations.len(),
        data.relations.len()
    );
    Ok(())
}

/// `server demo-data`: create the demo dialogs unless dialogs exist.
pub async fn create_demo_data(config: Config) -> anyhow::Result<()> {
    let database = Database::open(&config).await?;
    let authorizer = Authorizer::new(database.pool.clone());
    let result = demo::create_demo_dialogs(&database.pool, &authorizer).await;
    database.close().await;
    match result? {
        0 => eprintln!("dialogs exist already; no demo dialogs created"),
        created => eprintln!("created {created} demo dialogs"),
    }
    Ok(())
}

/// `server bench-data`: load the benchmark data set and print its personas as JSON.
pub async fn create_bench_data(config: Config, options: bench_data::Options) -> anyhow::Result<()> {
    let database = Database::open(&config).await?;
    let result = bench_data::generate(&database.pool, &options).await;
    database.close().await;
    println!("{}", serde_json::to_string_pretty(&result?)?);
    Ok(())
}

async fn export_authorization(authorizer: &Authorizer) -> anyhow::Result<()> {
    let data = authorizer.export().await?;
    println!("{}", serde_json::to_string_pretty(&data)?);
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
