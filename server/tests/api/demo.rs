//! The demo data: a realistic set for every persona, made once.

use std::collections::BTreeSet;

use server::{
    authz::{
        Authorizer,
        model::{AuthorizationData, Format},
    },
    demo::create_demo_dialogs,
};
use sqlx::PgPool;

const DEMO: &str = include_str!("../../demo/authorization.yaml");

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_demo_set_covers_every_status_service_and_persona_and_is_made_once(pool: PgPool) {
    let authorizer = Authorizer::new(pool.clone());
    let data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    authorizer.replace_all(&data).await.expect("imports");
    let created = create_demo_dialogs(&pool, &authorizer)
        .await
        .expect("creates");
    assert!(
        (250..=400).contains(&created),
        "a few hundred dialogs: {created}"
    );
    assert_eq!(
        create_demo_dialogs(&pool, &authorizer).await.expect("runs"),
        0,
        "a second run adds nothing"
    );

    let statuses: BTreeSet<i16> = sqlx::query_scalar("select distinct status from dialogs")
        .fetch_all(&pool)
        .await
        .expect("reads")
        .into_iter()
        .collect();
    assert_eq!(statuses.len(), 6, "every status: {statuses:?}");
    let resources: i64 = sqlx::query_scalar("select count(distinct service_resource) from dialogs")
        .fetch_one(&pool)
        .await
        .expect("reads");
    assert_eq!(resources, 7);
    let parties: BTreeSet<String> = sqlx::query_scalar("select distinct party from dialogs")
        .fetch_all(&pool)
        .await
        .expect("reads")
        .into_iter()
        .collect();
    for persona in [
        "01018012371",
        "15057523414",
        "310778737",
        "311568906",
        "313774201",
        "314876520",
        "idporten-email:kari.epost@example.no",
    ] {
        assert!(
            parties.iter().any(|party| party.ends_with(persona)),
            "dialogs for {persona}"
        );
    }
    let (overdue, archived, threaded): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where due_at < now()), count(*) filter (where system_label = 3),
                (select count(*) from dialog_transmissions where related_transmission_id is not null)
         from dialogs",
    )
    .fetch_one(&pool)
    .await
    .expect("reads");
    assert!(
        overdue > 0 && archived > 0 && threaded > 0,
        "{overdue} overdue, {archived} archived, {threaded} replies"
    );
}
