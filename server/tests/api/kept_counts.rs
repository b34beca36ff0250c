//! An accountant acting for 50,000 organisations: the portal's folder counts over their stored
//! set of clients are kept for a minute, and forgotten as soon as a client's dialog is written.

use serde_json::{Value, json};
use server::{
    auth::session::{self, NewSession},
    bench_data::{self, Options},
    domain::party::NationalIdentityNumber,
    router,
};
use sqlx::PgPool;

use crate::common::{TestResponse, call, call_if_match, pages::folder_counts, send, state_with};

fn number(count: &str) -> i64 {
    count
        .parse()
        .unwrap_or_else(|_| panic!("a count below the cap: {count}"))
}

/// A generated data set of 20,000 dialogs.
async fn generated(pool: &PgPool, seed: u64) -> bench_data::Personas {
    let options = Options {
        dialogs: 20_000,
        seed,
        replace: false,
    };
    bench_data::generate(pool, &options)
        .await
        .expect("generates")
}

/// A portal session for the person.
async fn signed_in(pool: &PgPool, person: &NationalIdentityNumber, name: &str) -> String {
    session::create(
        pool,
        &NewSession {
            party: server::domain::party::Party::Person(person.clone()),
            name: Some(name.into()),
            authentication_level: 3,
            id_token: None,
        },
    )
    .await
    .expect("stored")
}

/// The folder counts of the session's inbox over all its organisations.
async fn inbox_counts(app: &axum::Router, cookie: &str) -> Vec<String> {
    let request = http::Request::builder()
        .uri("/inbox?party=all")
        .header("cookie", format!("dialoghub_session={cookie}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let page = send(app, request).await;
    assert_eq!(page.status, 200);
    folder_counts(&page.text())
}

const INBOX: usize = 0;
const BIN: usize = 4;

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_accountants_folder_counts_are_kept_until_a_clients_dialog_is_written(pool: PgPool) {
    let personas = generated(&pool, 5).await;
    let state = state_with(pool.clone(), &["--mode", "dev"]);
    let app = router::build(state.clone());
    let accountant = &personas.professional_50k;
    let person = NationalIdentityNumber::parse(&accountant.pid).expect("valid");
    let cookie = signed_in(&pool, &person, "Revisor").await;
    let inbox = || inbox_counts(&app, &cookie);
    let kept = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from search_party_set_counts")
            .fetch_one(&pool)
            .await
            .expect("counts")
    };

    let first = inbox().await;
    assert_eq!(first.len(), 5, "{first:?}");
    assert_eq!(kept().await, 1, "the counts over the stored set are kept");

    // Kept counts are what the next page shows, for a minute.
    sqlx::query("update search_party_set_counts set counts = '{7,7,7,7,7}'")
        .execute(&pool)
        .await
        .expect("updates");
    assert_eq!(inbox().await, vec!["7"; 5]);
    sqlx::query("update search_party_set_counts set counted_at = now() - interval '61 seconds'")
        .execute(&pool)
        .await
        .expect("updates");
    assert_eq!(inbox().await, first, "counted again after a minute");

    // The accountant puts a client's dialog in the bin: the next page counts it there.
    let issuer = state.test_tokens.as_ref().expect("enabled");
    let consumer = server::domain::party::OrganizationNumber::parse("991825827").expect("valid");
    let token = issuer
        .personal_token(&person, "digdir:dialogporten", 3, &consumer, 600)
        .expect("signs");
    let query: Vec<String> = accountant
        .some_parties
        .iter()
        .map(|party| format!("party={party}"))
        .collect();
    let query = query.join("&");
    let found = call(
        &app,
        "GET",
        &format!("/api/v1/enduser/dialogs?{query}&systemLabel=Default&limit=1000"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(found.status, 200, "{}", found.text());
    let found = found.json();
    let in_inbox = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| {
            item["status"] != "Draft"
                && item["status"] != "NotApplicable"
                && item["org"] == personas.service_owner.org.as_str()
        })
        .expect("a client's dialog from the service owner in the inbox");
    let id = in_inbox["id"].as_str().expect("id");
    let before = inbox().await;
    let moved: TestResponse = call_if_match(
        &app,
        "PUT",
        &format!("/api/v1/enduser/dialogs/{id}/context/systemlabels"),
        Some(&token),
        Some((
            "application/json",
            json!({ "addLabels": ["Bin"] }).to_string(),
        )),
        None,
    )
    .await;
    assert_eq!(moved.status, 204, "{}", moved.text());
    assert_eq!(kept().await, 0, "the write forgets the kept counts");
    let after = inbox().await;
    assert_eq!(number(&after[BIN]), number(&before[BIN]) + 1);
    assert_eq!(number(&after[INBOX]), number(&before[INBOX]) - 1);

    // A service owner's new dialog for a client is counted on the next page too.
    assert_eq!(kept().await, 1);
    let owner = &personas.service_owner;
    let number_of_owner =
        server::domain::party::OrganizationNumber::parse(&owner.organization_number)
            .expect("valid");
    let owner_token = issuer
        .enterprise_token(
            &owner.org,
            &number_of_owner,
            "digdir:dialogporten.serviceprovider",
            600,
        )
        .expect("signs");
    let resource = in_inbox["serviceResource"].as_str().expect("resource");
    let party = in_inbox["party"].as_str().expect("party");
    let body: Value = json!({
        "serviceResource": resource,
        "party": party,
        "status": "RequiresAttention",
        "content": {
            "title": { "value": [{ "languageCode": "nb", "value": "Ny melding til klienten" }] },
        },
    });
    let created = call(
        &app,
        "POST",
        "/api/v1/serviceowner/dialogs",
        Some(&owner_token),
        Some(("application/json", body.to_string())),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(kept().await, 0, "the new dialog forgets the kept counts");
    let later = inbox().await;
    assert_eq!(number(&later[INBOX]), number(&after[INBOX]) + 1);
    assert_eq!(later[BIN], after[BIN]);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_10k_accountants_kept_counts_are_tallied_as_a_plain_count_finds_them(pool: PgPool) {
    let personas = generated(&pool, 7).await;
    let state = state_with(pool.clone(), &["--mode", "dev"]);
    let app = router::build(state.clone());
    let accountant = &personas.professional_10k;
    let person = NationalIdentityNumber::parse(&accountant.pid).expect("valid");
    let cookie = signed_in(&pool, &person, "Regnskapsfører").await;
    let counts = inbox_counts(&app, &cookie).await;
    let kept: i64 = sqlx::query_scalar("select count(*) from search_party_set_counts")
        .fetch_one(&pool)
        .await
        .expect("counts");
    assert_eq!(
        kept, 1,
        "the 10,000 clients' counts are kept with their set"
    );
    // The bin as a plain query over the accountant's parties and resources counts it.
    let user = server::authz::EndUser {
        party: server::domain::party::Party::Person(person),
        authentication_level: 3,
        system_user: None,
    };
    let authorized = server::service::end_user::authorized(&state.authorizer, &user, true)
        .await
        .expect("authorized");
    let mut in_bin = 0;
    for group in &authorized.groups {
        let found: i64 = sqlx::query_scalar(
            "select count(*) from dialogs where party = any($1) and service_resource = any($2) \
             and system_label = 2 and deleted_at is null \
             and (visible_from is null or visible_from <= now()) \
             and (expires_at is null or expires_at > now())",
        )
        .bind(group.parties.as_slice())
        .bind(&group.resources)
        .fetch_one(&pool)
        .await
        .expect("queries");
        in_bin += found;
    }
    assert!(
        in_bin > 0,
        "the data set has binned dialogs for the accountant"
    );
    assert_eq!(number(&counts[BIN]), in_bin.min(1000));
}
