//! Probes, request ids and the error model, through the real router on a real database.

use crate::common::{app, get};
use sqlx::PgPool;

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_liveness_probe_answers(pool: PgPool) {
    let response = get(&app(pool), "/health/live").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], "live");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_readiness_probe_answers_when_the_database_does(pool: PgPool) {
    let response = get(&app(pool), "/health/ready").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], "ready");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_readiness_probe_fails_with_a_problem_when_the_database_is_gone(pool: PgPool) {
    let app = app(pool.clone());
    pool.close().await;
    let response = get(&app, "/health/ready").await;
    assert_eq!(response.status, 503);
    assert_eq!(response.header("content-type"), "application/problem+json");
    assert_eq!(response.json()["status"], 503);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn every_response_carries_a_fresh_request_id(pool: PgPool) {
    let app = app(pool);
    let first = get(&app, "/health/live").await;
    let second = get(&app, "/health/live").await;
    let (first, second) = (first.header("x-request-id"), second.header("x-request-id"));
    assert!(uuid::Uuid::parse_str(first).is_ok(), "{first:?} is a UUID");
    assert_ne!(first, second);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_unknown_api_route_is_a_problem_with_the_request_id_as_trace_id(pool: PgPool) {
    let response = get(&app(pool), "/api/v1/serviceowner/nothing").await;
    assert_eq!(response.status, 404);
    assert_eq!(response.header("content-type"), "application/problem+json");
    let problem = response.json();
    assert_eq!(problem["title"], "Resource not found.");
    assert_eq!(problem["status"], 404);
    assert_eq!(problem["instance"], "/api/v1/serviceowner/nothing");
    assert_eq!(problem["traceId"], response.header("x-request-id"));
    assert!(problem["errors"].is_object());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_unknown_portal_address_is_a_friendly_page_with_status_404(pool: PgPool) {
    let response = get(&app(pool), "/no/such/page").await;
    assert_eq!(response.status, 404);
    assert!(response.header("content-type").starts_with("text/html"));
    let html = response.text();
    assert!(html.contains("Fant ikke siden"), "{html}");
    assert!(html.contains(r#"href="/""#));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_start_page_is_rendered_on_the_server_with_its_bundle(pool: PgPool) {
    let response = get(&app(pool), "/").await;
    assert_eq!(response.status, 200);
    let html = response.text();
    assert!(html.contains("Din innboks for det offentlige"));
    assert!(
        html.contains("/pkg/portal.js"),
        "the hydration script is linked"
    );
    assert!(html.contains("/pkg/portal.css"), "the stylesheet is linked");
    assert!(html.contains(r#"<html lang="nb""#));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn migrations_are_applied_to_the_database(pool: PgPool) {
    let applied: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations where success")
        .fetch_one(&pool)
        .await
        .expect("the migrations table exists");
    assert_eq!(applied, server::database::MIGRATOR.iter().count() as i64);
}
