//! Searches cannot take the server down: a search past its statement timeout answers upstream's
//! 422, a search whose request ends is cancelled in the database, and one person's searches
//! leave connections for everybody else. A lock on the dialogs table holds searches in the
//! database for as long as a test needs.

use std::time::Duration;

use axum::body::Body;
use http::Request;
use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};
use tokio::task::JoinHandle;

use crate::{
    common::service_owner::{SKATTEETATEN, ServiceOwnerApi, minimal},
    common::{TestResponse, send, state_with},
};

const KARI: &str = "01018012371";
const OLA: &str = "15057523414";

async fn api(pool: PgPool, flags: &[&str]) -> ServiceOwnerApi {
    let demo = ServiceOwnerApi::new(pool.clone()).await;
    let created = demo.create(SKATTEETATEN, &minimal()).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let flags: Vec<&str> = ["--mode", "dev"].iter().chain(flags).copied().collect();
    let state = state_with(pool, &flags);
    ServiceOwnerApi {
        app: server::router::build(state.clone()),
        state,
    }
}

fn person_token(api: &ServiceOwnerApi, pid: &str) -> String {
    let issuer = api.state.test_tokens.as_ref().expect("enabled");
    let number = server::domain::party::NationalIdentityNumber::parse(pid).expect("valid");
    let consumer = server::domain::party::OrganizationNumber::parse("991825827").expect("valid");
    issuer
        .personal_token(&number, "digdir:dialogporten", 3, &consumer, 600)
        .expect("signs")
}

fn search_request(api: &ServiceOwnerApi, pid: &str) -> Request<Body> {
    let token = person_token(api, pid);
    Request::builder()
        .uri(format!(
            "/api/v1/enduser/dialogs?party=urn:altinn:person:identifier-no:{pid}"
        ))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request builds")
}

fn spawn_search(api: &ServiceOwnerApi, pid: &str) -> JoinHandle<TestResponse> {
    let app = api.app.clone();
    let request = search_request(api, pid);
    tokio::spawn(async move { send(&app, request).await })
}

/// Holds every search that reaches the dialogs table until the transaction ends.
async fn lock_dialogs(pool: &PgPool) -> Transaction<'static, Postgres> {
    let mut transaction = pool.begin().await.expect("begins");
    sqlx::query("lock table dialogs in access exclusive mode")
        .execute(&mut *transaction)
        .await
        .expect("locks");
    transaction
}

/// How many searches are running in the database (waiting on the lock counts).
async fn running_searches(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()
           and state = 'active' and query like 'select c.id from%'",
    )
    .fetch_one(pool)
    .await
    .expect("reads the activity")
}

async fn until_running(pool: &PgPool, expected: i64) {
    for _ in 0..100 {
        if running_searches(pool).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "expected {expected} running searches, found {}",
        running_searches(pool).await
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_search_past_its_statement_timeout_answers_422_asking_to_narrow_it(pool: PgPool) {
    let api = api(pool.clone(), &["--search-statement-timeout", "1"]).await;
    let lock = lock_dialogs(&pool).await;
    let response = send(&api.app, search_request(&api, KARI)).await;
    assert_eq!(response.status, 422, "{}", response.text());
    assert_eq!(response.header("content-type"), "application/problem+json");
    let body: Value = response.json();
    assert_eq!(
        body["errors"]["Search"][0],
        server::error::SEARCH_TIMED_OUT,
        "{body}"
    );
    lock.rollback().await.expect("unlocks");
    let again = send(&api.app, search_request(&api, KARI)).await;
    assert_eq!(again.status, 200, "{}", again.text());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_search_whose_request_ends_stops_running_in_the_database(pool: PgPool) {
    let api = api(pool.clone(), &[]).await;
    let lock = lock_dialogs(&pool).await;
    let search = spawn_search(&api, KARI);
    until_running(&pool, 1).await;
    // The client goes away: the request's future is dropped mid-query.
    search.abort();
    // The lock still holds, so only the cancellation can end the query.
    until_running(&pool, 0).await;
    lock.rollback().await.expect("unlocks");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn one_persons_searches_leave_connections_for_everybody_else(pool: PgPool) {
    let api = api(
        pool.clone(),
        &[
            "--searches-per-caller",
            "2",
            "--search-max-connections",
            "4",
        ],
    )
    .await;
    let lock = lock_dialogs(&pool).await;
    let karis: Vec<JoinHandle<TestResponse>> = (0..6).map(|_| spawn_search(&api, KARI)).collect();
    until_running(&pool, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(running_searches(&pool).await, 2, "Kari runs two at a time");
    let olas = spawn_search(&api, OLA);
    until_running(&pool, 3).await;
    // Requests that are not searches have the main pool to themselves.
    let parties = tokio::time::timeout(
        Duration::from_secs(5),
        crate::common::call(
            &api.app,
            "GET",
            "/api/v1/enduser/parties",
            Some(&person_token(&api, OLA)),
            None,
        ),
    )
    .await
    .expect("answers while the searches wait");
    assert_eq!(parties.status, 200, "{}", parties.text());
    lock.rollback().await.expect("unlocks");
    for search in karis.into_iter().chain([olas]) {
        let response = search.await.expect("completes");
        assert_eq!(response.status, 200, "{}", response.text());
    }
}

/// A pooled connection is checked only after it has been idle (a ping before every search is a
/// round trip on every request); one the database dropped while it was idle is replaced.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_search_after_the_database_dropped_its_idle_connections_still_answers(pool: PgPool) {
    let api = api(pool.clone(), &[]).await;
    let first = send(&api.app, search_request(&api, KARI)).await;
    assert_eq!(first.status, 200, "{}", first.text());
    let dropped: Vec<bool> = sqlx::query_scalar(
        "select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state = 'idle'",
    )
    .fetch_all(&pool)
    .await
    .expect("terminates");
    assert!(
        dropped.iter().any(|done| *done),
        "the searches' connection was idle"
    );
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let again = send(&api.app, search_request(&api, KARI)).await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert!(
        again.json()["items"][0]["id"].is_string(),
        "{}",
        again.text()
    );
}

/// A search whose connection the database ends while it runs (a restart, an administrator)
/// answers 503, as for a database that cannot be reached, not 500.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_search_whose_connection_the_database_ends_answers_503(pool: PgPool) {
    let api = api(pool.clone(), &[]).await;
    let lock = lock_dialogs(&pool).await;
    let search = spawn_search(&api, KARI);
    until_running(&pool, 1).await;
    let ended: Vec<bool> = sqlx::query_scalar(
        "select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()
           and state = 'active' and query like 'select c.id from%'",
    )
    .fetch_all(&pool)
    .await
    .expect("terminates");
    assert_eq!(ended, [true]);
    let response = search.await.expect("completes");
    lock.rollback().await.expect("unlocks");
    assert_eq!(response.status, 503, "{}", response.text());
    assert_eq!(response.header("content-type"), "application/problem+json");
}
