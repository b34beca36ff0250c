//! The database: a pool on the configured server or on the private cluster, with migrations applied.

pub mod cluster;
pub mod searches;

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::{Connection, PgPool, postgres::PgPoolOptions};

use crate::config::Config;
use cluster::{DATABASE_NAME, PrivateCluster};

/// Creates the database named [`DATABASE_NAME`]; a literal, as DDL takes no bind parameters.
const CREATE_DATABASE: &str = "create database dialoghub";

/// A pooled connection idle for longer than this is pinged before use.
const PING_IDLE_AFTER: Duration = Duration::from_secs(1);

/// Pool options that check a connection only when it has been idle: one that was in use a
/// moment ago is alive, and pinging it anyway is a round trip to the database on every request
/// (on this machine a fifth of a small search's time). A connection that fails its ping is
/// dropped and another one taken.
pub fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for > PING_IDLE_AFTER {
                    Connection::ping(connection).await?;
                }
                Ok(true)
            })
        })
}

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The database the server works on, and the private cluster behind it when there is one.
pub struct Database {
    pub pool: PgPool,
    pub cluster: Option<PrivateCluster>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or starts the private cluster when none is set; then migrates.
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        let (url, cluster) = match &config.database_url {
            Some(url) => (url.clone(), None),
            None => {
                let cluster = start_private_cluster(config).await?;
                (cluster.database_url(), Some(cluster))
            }
        };
        match connect_and_migrate(config, &url).await {
            Ok(pool) => Ok(Self { pool, cluster }),
            Err(error) => {
                stop_if_started_here(cluster).await;
                Err(error)
            }
        }
    }

    /// Closes the pool and stops the private cluster if this process started it.
    pub async fn close(self) {
        self.pool.close().await;
        stop_if_started_here(self.cluster).await;
    }
}

async fn connect_and_migrate(config: &Config, url: &SecretString) -> anyhow::Result<PgPool> {
    let pool = pool_options()
        .max_connections(config.database_max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url.expose_secret())
        .await
        .map_err(|error| anyhow::anyhow!("connecting to PostgreSQL failed: {error}"))?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|error| anyhow::anyhow!("running migrations failed: {error}"))?;
    Ok(pool)
}

async fn start_private_cluster(config: &Config) -> anyhow::Result<PrivateCluster> {
    let dir = config.cluster_dir();
    let bin_dir = config.postgres_bin_dir.clone();
    let cluster = tokio::task::spawn_blocking(move || {
        PrivateCluster::start_or_reuse(&dir, bin_dir.as_deref())
    })
    .await??;
    if let Err(error) = create_database_if_missing(&cluster.maintenance_url()).await {
        stop_if_started_here(Some(cluster)).await;
        return Err(error);
    }
    Ok(cluster)
}

/// Stops a cluster this process started, so that it does not outlive a failed start.
async fn stop_if_started_here(cluster: Option<PrivateCluster>) {
    if let Some(cluster) = cluster.filter(PrivateCluster::started_here) {
        match tokio::task::spawn_blocking(move || cluster.stop()).await {
            Ok(Ok(())) => tracing::info!("stopped the private PostgreSQL cluster"),
            Ok(Err(error)) => {
                tracing::error!(%error, "stopping the private PostgreSQL cluster failed")
            }
            Err(error) => {
                tracing::error!(%error, "stopping the private PostgreSQL cluster failed")
            }
        }
    }
}

async fn create_database_if_missing(maintenance_url: &SecretString) -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(maintenance_url.expose_secret())
        .await?;
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
            .bind(DATABASE_NAME)
            .fetch_one(&pool)
            .await?;
    if !exists {
        sqlx::query(CREATE_DATABASE).execute(&pool).await?;
    }
    pool.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_create_statement_names_the_project_database() {
        assert_eq!(CREATE_DATABASE, format!("create database {DATABASE_NAME}"));
    }
}
