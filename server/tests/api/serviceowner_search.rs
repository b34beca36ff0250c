//! Searching dialogs as a service owner: only one's own, every filter, and paging that walks a
//! whole result without duplicates or gaps.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::service_owner::{DIALOGS, NAV, SKATTEETATEN, ServiceOwnerApi, id_of, in_days, minimal},
    common::{TestResponse, call},
};

const SEARCH_SCOPES: &str =
    "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.search";

impl ServiceOwnerApi {
    async fn search(&self, owner: (&str, &str), query: &str) -> TestResponse {
        let token = self.token(owner, SEARCH_SCOPES);
        call(
            &self.app,
            "GET",
            &format!("{DIALOGS}?{query}"),
            Some(&token),
            None,
        )
        .await
    }

    async fn search_ids(&self, owner: (&str, &str), query: &str) -> Vec<String> {
        let response = self.search(owner, query).await;
        assert_eq!(response.status, 200, "{query}: {}", response.text());
        ids(&response.json())
    }

    async fn create_with(&self, owner: (&str, &str), changes: Value) -> String {
        let mut body = minimal();
        for (key, value) in changes.as_object().expect("object") {
            body[key] = value.clone();
        }
        let response = self.create(owner, &body).await;
        assert_eq!(response.status, 201, "{}", response.text());
        id_of(&response)
    }
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

fn set(ids: &[&String]) -> BTreeSet<String> {
    ids.iter().map(|id| (*id).clone()).collect()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_service_owner_finds_only_its_own_dialogs_and_each_filter_narrows(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let kari = "urn:altinn:person:identifier-no:01018012371";
    let ola = "urn:altinn:person:identifier-no:15057523414";
    let company = "urn:altinn:organization:identifier-no:310778737";
    let tax_kari = api
        .create_with(
            SKATTEETATEN,
            json!({ "status": "InProgress", "externalReference": "ref-1" }),
        )
        .await;
    let tax_ola = api
        .create_with(
            SKATTEETATEN,
            json!({ "party": ola, "status": "Completed", "systemLabel": "Archive",
            "serviceOwnerContext": { "serviceOwnerLabels": [{ "value": "skatt-2026-a" }] } }),
        )
        .await;
    let vat = api
        .create_with(
            SKATTEETATEN,
            json!({ "party": company, "serviceResource": "urn:altinn:resource:demo-mva-melding",
            "dueAt": in_days(10), "process": "urn:skd:process:mva" }),
        )
        .await;
    let sick_leave = api
        .create_with(
            NAV,
            json!({ "serviceResource": "urn:altinn:resource:demo-sykepenger" }),
        )
        .await;

    let all = api.search_ids(SKATTEETATEN, "").await;
    assert_eq!(
        set(&all.iter().collect::<Vec<_>>()),
        set(&[&tax_kari, &tax_ola, &vat]),
        "never NAV's dialog"
    );
    assert_eq!(api.search_ids(NAV, "").await, vec![sick_leave.clone()]);

    let cases: Vec<(String, Vec<&String>)> = vec![
        (format!("party={kari}"), vec![&tax_kari]),
        (
            format!("party={kari}&party={ola}"),
            vec![&tax_kari, &tax_ola],
        ),
        (
            "serviceResource=urn:altinn:resource:demo-mva-melding".into(),
            vec![&vat],
        ),
        ("status=completed".into(), vec![&tax_ola]),
        (
            "status=InProgress&status=Completed".into(),
            vec![&tax_kari, &tax_ola],
        ),
        ("externalReference=ref-1".into(), vec![&tax_kari]),
        ("systemLabel=Archive".into(), vec![&tax_ola]),
        ("serviceOwnerLabels=skatt-2026*".into(), vec![&tax_ola]),
        ("serviceOwnerLabels=skatt-2026".into(), vec![]),
        ("process=urn:skd:process:mva".into(), vec![&vat]),
        (
            format!("dueBefore={}", in_days(20).replace('+', "%2B")),
            vec![&vat],
        ),
        (
            format!("createdAfter={}", in_days(1).replace('+', "%2B")),
            vec![],
        ),
    ];
    for (query, expected) in cases {
        let found = api.search_ids(SKATTEETATEN, &query).await;
        assert_eq!(
            set(&found.iter().collect::<Vec<_>>()),
            set(&expected),
            "{query}"
        );
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn deleted_dialogs_are_excluded_unless_asked_for(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let live = api.create_with(SKATTEETATEN, json!({})).await;
    let gone = api.create_with(SKATTEETATEN, json!({})).await;
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    assert_eq!(
        call(
            &api.app,
            "DELETE",
            &format!("{DIALOGS}/{gone}"),
            Some(&token),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(api.search_ids(SKATTEETATEN, "").await, vec![live.clone()]);
    assert_eq!(
        api.search_ids(SKATTEETATEN, "deleted=Only").await,
        vec![gone.clone()]
    );
    assert_eq!(
        api.search_ids(SKATTEETATEN, "deleted=include").await.len(),
        2
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn searching_needs_the_search_scope(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    assert_eq!(
        call(&api.app, "GET", DIALOGS, Some(&token), None)
            .await
            .status,
        403
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn continuation_tokens_walk_the_whole_result_without_duplicates_or_gaps(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut created = Vec::new();
    for index in 0..23 {
        let due = if index % 3 == 0 {
            Value::Null
        } else {
            json!(in_days(5 + index % 4))
        };
        created.push(api.create_with(SKATTEETATEN, json!({ "dueAt": due })).await);
    }
    for order in [
        "",
        "orderBy=dueAt_asc",
        "orderBy=dueAt_desc",
        "orderBy=createdAt_asc",
    ] {
        let mut seen: Vec<String> = Vec::new();
        let mut query = format!("limit=5&{order}");
        for _ in 0..10 {
            let page = api.search(SKATTEETATEN, &query).await;
            assert_eq!(page.status, 200, "{query}: {}", page.text());
            let page = page.json();
            seen.extend(ids(&page));
            if page["hasNextPage"] == false {
                assert!(page.get("continuationToken").is_none());
                break;
            }
            let token = page["continuationToken"]
                .as_str()
                .expect("a token when there is more");
            query = format!(
                "limit=5&{order}&continuationToken={}",
                token.replace('+', "%2B")
            );
        }
        assert_eq!(seen.len(), 23, "{order}: every dialog once");
        assert_eq!(
            set(&seen.iter().collect::<Vec<_>>()),
            set(&created.iter().collect::<Vec<_>>()),
            "{order}"
        );
        let everything = api
            .search_ids(SKATTEETATEN, &format!("limit=1000&{order}"))
            .await;
        assert_eq!(
            seen, everything,
            "{order}: pages keep the order of one big page"
        );
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_order_is_echoed_and_bad_parameters_are_400(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let page = api.search(SKATTEETATEN, "orderBy=DUEAT").await;
    assert_eq!(page.json()["orderBy"], "dueat_desc,id_desc");
    let many_parties = (0..21)
        .map(|_| "party=urn:altinn:person:identifier-no:01018012371")
        .collect::<Vec<_>>()
        .join("&");
    for query in [
        "limit=0",
        "limit=1001",
        "orderBy=title",
        "continuationToken=garbage",
        "createdAfter=2026-01-01T00:00:00",
        "deleted=sometimes",
        "status=Unknown",
        "serviceOwnerLabels=a*b",
        "search=ab",
        "search=skatt&searchLanguageCode=no-such-language",
        "endUserId=urn:altinn:organization:identifier-no:974761076",
        many_parties.as_str(),
    ] {
        let response = api.search(SKATTEETATEN, query).await;
        assert_eq!(response.status, 400, "{query}: {}", response.text());
        assert_eq!(response.header("content-type"), "application/problem+json");
    }
}

fn titled(language: &str, title: &str) -> Value {
    json!({ "title": { "value": [{ "languageCode": language, "value": title }] },
            "summary": { "value": [{ "languageCode": language, "value": "Les mer i dialogen." }] } })
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn free_text_finds_inflected_words_and_needs_every_term(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let tax = api
        .create_with(
            SKATTEETATEN,
            json!({ "content": titled("nb", "Skattemeldingen for 2025 er klar") }),
        )
        .await;
    let english = api
        .create_with(
            SKATTEETATEN,
            json!({ "content": titled("en", "Your tax returns are ready") }),
        )
        .await;
    let tagged = api
        .create_with(
            SKATTEETATEN,
            json!({ "content": titled("nb", "Annen sak"), "searchTags": [{ "value": "boligsparing" }] }),
        )
        .await;
    let attached = api
        .create_with(
            SKATTEETATEN,
            json!({ "content": titled("nb", "Tredje sak"), "attachments": [{ "displayName": [{ "languageCode": "nb", "value": "Kvittering.pdf" }],
                "urls": [{ "url": "https://example.com/k.pdf", "mediaType": "application/pdf", "consumerType": "Gui" }] }] }),
        )
        .await;
    let search = |query: &'static str| api.search_ids(SKATTEETATEN, query);
    assert_eq!(search("search=skattemeldinger").await, [tax.as_str()]);
    assert_eq!(search("search=SKATTEMELDING%202025").await, [tax.as_str()]);
    assert_eq!(
        search("search=skattemelding%20sykepenger").await,
        Vec::<String>::new()
    );
    assert_eq!(
        search("search=return&searchLanguageCode=en").await,
        [english.as_str()]
    );
    assert_eq!(search("search=tax%20ready").await, [english.as_str()]);
    assert_eq!(search("search=boligsparing").await, [tagged.as_str()]);
    assert_eq!(search("search=kvittering").await, [attached.as_str()]);
    assert_eq!(
        set(&search("search=dialogen").await.iter().collect::<Vec<_>>()),
        set(&[&tax, &english, &tagged, &attached]),
        "summaries are searched too"
    );
    assert!(api.search_ids(NAV, "search=skattemelding").await.is_empty());
}

/// As upstream's search, which matches every content value: a word only the additional info
/// holds finds the dialog, through both APIs.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn free_text_also_matches_additional_info(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut content = titled("nb", "Melding om vedtak");
    content["additionalInfo"] = json!({ "mediaType": "text/markdown", "value": [
        { "languageCode": "nb", "value": "## Klagefrist\n\nDu kan klage på **arveavgiften** innen tre uker." }
    ] });
    let informed = api
        .create_with(SKATTEETATEN, json!({ "content": content }))
        .await;
    let other = api
        .create_with(
            SKATTEETATEN,
            json!({ "content": titled("nb", "Annen melding") }),
        )
        .await;
    assert_eq!(
        api.search_ids(SKATTEETATEN, "search=arveavgift").await,
        [informed.as_str()]
    );
    assert_eq!(
        api.search_ids(SKATTEETATEN, "search=klagefristen").await,
        [informed.as_str()],
        "inflected, as the other texts"
    );
    let kari = "endUserId=urn:altinn:person:identifier-no:01018012371";
    assert_eq!(
        api.search_ids(SKATTEETATEN, &format!("{kari}&search=arveavgiften"))
            .await,
        [informed.as_str()]
    );
    assert_ne!(informed, other);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_end_user_search_finds_only_what_that_end_user_may_list(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let karis = api.create_with(SKATTEETATEN, json!({})).await;
    let kari = "endUserId=urn:altinn:person:identifier-no:01018012371";
    let per = "endUserId=urn:altinn:person:identifier-no:12128545601";
    assert_eq!(api.search_ids(SKATTEETATEN, kari).await, [karis]);
    assert!(api.search_ids(SKATTEETATEN, per).await.is_empty());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn process_with_an_invalid_uri_is_a_bad_request_in_the_service_owners_search(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = api
        .create_with(SKATTEETATEN, json!({ "process": "urn:skd:process:1" }))
        .await;
    assert_eq!(
        api.search_ids(SKATTEETATEN, "process=urn:skd:process:1")
            .await,
        vec![id]
    );
    for invalid in ["not%20a%20uri", "a%25zz", "%3Cprocess%3E"] {
        let response = api
            .search(SKATTEETATEN, &format!("process={invalid}"))
            .await;
        assert_eq!(response.status, 400, "{invalid}: {}", response.text());
        assert_eq!(
            response.json()["errors"]["Process"][0],
            "'Process' is not a well-formatted URI."
        );
    }
    let long = format!("urn:{}", "a".repeat(1020));
    let response = api.search(SKATTEETATEN, &format!("process={long}")).await;
    assert_eq!(response.status, 400, "{}", response.text());
}
