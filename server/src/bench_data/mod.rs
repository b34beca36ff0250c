//! `server bench-data`: fills a database with a deterministic data set shaped like upstream's
//! large one (a long tail of parties, worst-case parties and professionals, ten service
//! resources over five years), loaded by COPY with every child row the APIs read, and writes
//! the personas the benchmark drives.

mod csv;
pub mod people;
mod rows;
mod words;

use std::time::Instant;

use anyhow::Context;
use futures::{StreamExt, TryStreamExt};
use serde::Serialize;
// Table and index names here are our own constants or read from the catalog, never input.
use sqlx::{AssertSqlSafe, PgConnection, PgPool};
use uuid::Uuid;

use crate::authz::Authorizer;
use people::{Register, persona};
use rows::{Chunk, Owner, Plan, Spread};

/// Dialogs per COPY batch (and per random stream).
const CHUNK: u64 = 10_000;
/// The tables the data set fills, children after their dialogs.
const TABLES: [&str; 6] = [
    "dialogs",
    "dialog_entity_ids",
    "dialog_transmissions",
    "dialog_activities",
    "dialog_seen_log",
    "dialog_label_log",
];

pub struct Options {
    pub dialogs: u64,
    pub seed: u64,
    /// Empty the dialog tables first; without it a database with dialogs is refused.
    pub replace: bool,
}

/// A persona the benchmark signs in as, with the party it searches and some of its dialogs.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonaInfo {
    pub pid: String,
    pub party: String,
    pub dialogs: u64,
    pub sample_dialogs: Vec<Uuid>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Professional {
    pub pid: String,
    pub clients: usize,
    /// The 100 clients with the most dialogs, for a search over 100 parties.
    pub some_parties: Vec<String>,
}

/// What the benchmark needs to know about the generated data.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Personas {
    pub seed: u64,
    pub dialogs: u64,
    pub service_owner: ServiceOwnerInfo,
    pub resources: Vec<String>,
    pub citizen: PersonaInfo,
    pub organization_73k: PersonaInfo,
    pub organization_34k: PersonaInfo,
    pub organization_with_sub_units: PersonaInfo,
    pub person_73k: PersonaInfo,
    pub professional_10k: Professional,
    pub professional_50k: Professional,
    pub common_terms: Vec<String>,
    pub rare_terms: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceOwnerInfo {
    pub org: String,
    pub organization_number: String,
}

pub async fn generate(pool: &PgPool, options: &Options) -> anyhow::Result<Personas> {
    anyhow::ensure!(options.dialogs > 0, "--dialogs must be at least 1");
    let started = Instant::now();
    empty_tables(pool, options.replace).await?;
    let register = Register::for_dialogs(options.dialogs);
    Authorizer::new(pool.clone())
        .replace_all(&people::authorization_data(&register))
        .await
        .context("writing the authorization data")?;
    tracing::info!(
        persons = register.persons.len(),
        organizations = register.organizations.len(),
        seconds = started.elapsed().as_secs(),
        "authorization data written"
    );
    let indexes = drop_secondary_indexes(pool).await?;
    let spread = Spread::new(options.dialogs);
    let loaded = load(pool, options, &register, &spread).await;
    // The indexes come back whether or not the load went through.
    recreate_indexes(pool, &indexes).await?;
    let samples = loaded?;
    tracing::info!(
        seconds = started.elapsed().as_secs(),
        "indexes built; analysing"
    );
    let mut connection = pool.acquire().await?;
    sqlx::query(AssertSqlSafe(format!(
        "vacuum (analyze) {}",
        TABLES.join(", ")
    )))
    .execute(&mut *connection)
    .await?;
    // The search over 100 of a professional's parties asks for the clients with the most
    // dialogs, so that it fills a page at every size: the first 100 clients hold 17 dialogs
    // at 100,000 and a page at 1,000,000, and the two runs measured different searches.
    let clients = people::first_clients(&register, people::PROFESSIONAL_CLIENTS[0]);
    let busiest: Vec<String> = sqlx::query_scalar(
        "select party from dialogs where party = any($1)
         group by party order by count(*) desc, party limit 100",
    )
    .bind(&clients)
    .fetch_all(&mut *connection)
    .await?;
    tracing::info!(
        dialogs = options.dialogs,
        seconds = started.elapsed().as_secs(),
        "benchmark data ready"
    );
    Ok(personas(options, &register, &spread, &samples, busiest))
}

async fn empty_tables(pool: &PgPool, replace: bool) -> anyhow::Result<()> {
    let mut connection = pool.acquire().await?;
    let has_dialogs: bool = sqlx::query_scalar("select exists (select 1 from dialogs)")
        .fetch_one(&mut *connection)
        .await?;
    if has_dialogs {
        anyhow::ensure!(
            replace,
            "the database has dialogs already; --replace empties it first"
        );
        sqlx::query(AssertSqlSafe(format!("truncate {}", TABLES.join(", "))))
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// Every index of the tables but their primary keys, as (name, definition), dropped for the
/// load: building them afterwards is several times faster than keeping them up to date.
async fn drop_secondary_indexes(pool: &PgPool) -> anyhow::Result<Vec<(String, String)>> {
    let mut connection = pool.acquire().await?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
         from pg_index i join pg_class t on t.oid = i.indrelid
         where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
           and not i.indisprimary",
    )
    .bind(TABLES.map(str::to_owned).to_vec())
    .fetch_all(&mut *connection)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(AssertSqlSafe(format!("drop index {name}")))
            .execute(&mut *connection)
            .await?;
    }
    Ok(indexes)
}

async fn recreate_indexes(pool: &PgPool, indexes: &[(String, String)]) -> anyhow::Result<()> {
    let mut connection = pool.acquire().await?;
    sqlx::query("set maintenance_work_mem = '1GB'")
        .execute(&mut *connection)
        .await?;
    for (name, definition) in indexes {
        let started = Instant::now();
        sqlx::query(AssertSqlSafe(definition.as_str()))
            .execute(&mut *connection)
            .await
            .with_context(|| format!("recreating {name}"))?;
        tracing::info!(
            index = name,
            seconds = started.elapsed().as_secs(),
            "index built"
        );
    }
    Ok(())
}

/// Makes and copies the chunks, two at a time (one per core).
async fn load(
    pool: &PgPool,
    options: &Options,
    register: &Register,
    spread: &Spread,
) -> anyhow::Result<Vec<(Owner, Uuid)>> {
    let chunks = options.dialogs.div_ceil(CHUNK);
    let plan = Plan {
        seed: options.seed,
        register,
        spread,
    };
    let started = Instant::now();
    let samples: Vec<Vec<(Owner, Uuid)>> = futures::stream::iter(0..chunks)
        .map(|chunk| {
            let plan = &plan;
            async move {
                let range = chunk * CHUNK..((chunk + 1) * CHUNK).min(options.dialogs);
                // Making a chunk takes milliseconds; the COPY beside it is what takes time.
                let rows = plan.chunk(chunk, range)?;
                let mut connection = pool.acquire().await?;
                copy_chunk(&mut connection, &rows).await?;
                if (chunk + 1) % 10 == 0 {
                    tracing::info!(
                        dialogs = (chunk + 1) * CHUNK,
                        seconds = started.elapsed().as_secs(),
                        "loading"
                    );
                }
                anyhow::Ok((chunk, rows.samples))
            }
        })
        .buffer_unordered(2)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    Ok(samples.into_iter().flatten().collect())
}

async fn copy_chunk(connection: &mut PgConnection, rows: &Chunk) -> anyhow::Result<()> {
    let tables = [
        ("dialogs", rows::DIALOG_COLUMNS, &rows.dialogs),
        (
            "dialog_entity_ids",
            rows::ENTITY_ID_COLUMNS,
            &rows.entity_ids,
        ),
        (
            "dialog_transmissions",
            rows::TRANSMISSION_COLUMNS,
            &rows.transmissions,
        ),
        (
            "dialog_activities",
            rows::ACTIVITY_COLUMNS,
            &rows.activities,
        ),
        ("dialog_seen_log", rows::SEEN_COLUMNS, &rows.seen_log),
        ("dialog_label_log", rows::LABEL_LOG_COLUMNS, &rows.label_log),
    ];
    for (table, columns, csv) in tables {
        if csv.rows == 0 {
            continue;
        }
        let mut copy = connection
            .copy_in_raw(&format!(
                "copy {table} ({columns}) from stdin with (format csv)"
            ))
            .await?;
        copy.send(csv.as_bytes()).await?;
        copy.finish()
            .await
            .with_context(|| format!("copying into {table}"))?;
    }
    Ok(())
}

fn personas(
    options: &Options,
    register: &Register,
    spread: &Spread,
    samples: &[(Owner, Uuid)],
    busiest_clients: Vec<String>,
) -> Personas {
    let worst_cases = spread.worst_cases();
    let info = |pid: usize, owner: Owner| PersonaInfo {
        pid: register.persons[pid].to_string(),
        party: match owner {
            Owner::Person(index) => register.person_party(index),
            Owner::Organization(index) => register.organization_party(index),
        },
        dialogs: worst_cases
            .iter()
            .find(|(case, _)| *case == owner)
            .map_or(0, |(_, count)| *count),
        sample_dialogs: samples
            .iter()
            .filter(|(sampled, _)| *sampled == owner)
            .map(|(_, id)| *id)
            .take(50)
            .collect(),
    };
    let professional = |index: usize| Professional {
        pid: register.persons[persona::PROFESSIONALS[index]].to_string(),
        clients: people::PROFESSIONAL_CLIENTS[index],
        some_parties: busiest_clients.clone(),
    };
    Personas {
        seed: options.seed,
        dialogs: options.dialogs,
        service_owner: ServiceOwnerInfo {
            org: "skd".into(),
            organization_number: "974761076".into(),
        },
        resources: (0..people::RESOURCES)
            .map(|index| people::resource_id(index).to_string())
            .collect(),
        citizen: info(persona::CITIZEN, Owner::Person(persona::CITIZEN)),
        organization_73k: info(persona::MANAGER_73K, Owner::Organization(0)),
        organization_34k: info(persona::MANAGER_34K, Owner::Organization(1)),
        organization_with_sub_units: info(
            persona::MANAGER_WITH_SUB_UNITS,
            Owner::Organization(people::PARENT_ORGANIZATION),
        ),
        person_73k: info(persona::PERSON_73K, Owner::Person(persona::PERSON_73K)),
        professional_10k: professional(0),
        professional_50k: professional(1),
        common_terms: words::COMMON_TERMS.map(str::to_owned).to_vec(),
        rare_terms: words::RARE_TERMS.map(str::to_owned).to_vec(),
    }
}
