//! The anonymous metadata endpoints, as any client (a stranger) reads them.

use crate::common::{app, get};
use serde_json::json;
use server::authz::{
    Authorizer,
    model::{AuthorizationData, Format},
};
use sqlx::PgPool;

const DEMO: &str = include_str!("../../demo/authorization.yaml");

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_limits_are_upstreams(pool: PgPool) {
    let response = get(&app(pool), "/api/v1/metadata/limits").await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.json(),
        json!({
            "endUserSearch": {
                "maxPartyFilterValues": 100,
                "maxServiceResourceFilterValues": 20,
                "maxOrgFilterValues": 20,
                "maxExtendedStatusFilterValues": 20
            },
            "serviceOwnerSearch": {
                "maxPartyFilterValues": 20,
                "maxServiceResourceFilterValues": 20,
                "maxExtendedStatusFilterValues": 20
            }
        })
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn service_resources_list_each_resource_with_its_owner_roles_and_packages(pool: PgPool) {
    let before = app(pool.clone());
    assert_eq!(
        get(&before, "/api/v1/metadata/serviceresources")
            .await
            .json(),
        json!({ "items": [] })
    );

    let data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    Authorizer::new(pool.clone())
        .replace_all(&data)
        .await
        .expect("imports");
    // A fresh application: the first one cached the empty registry and hears of changes only
    // through the listener the server (not this test) runs.
    let response = get(&app(pool), "/api/v1/metadata/serviceresources").await;
    assert_eq!(response.status, 200);
    let items = response.json()["items"].as_array().expect("items").clone();
    assert_eq!(items.len(), 7);
    // In upstream's order: by bokmål name, then id.
    let names: Vec<&str> = items
        .iter()
        .map(|item| {
            item["serviceResource"]["name"][1]["value"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|name| name.to_lowercase());
    assert_eq!(names, sorted);
    let skattemelding = items
        .iter()
        .find(|item| item["serviceResource"]["id"] == "demo-skattemelding")
        .expect("listed by its id without the URN prefix, as upstream");
    assert_eq!(
        skattemelding["serviceResource"]["name"],
        json!([
            { "languageCode": "en", "value": "Tax return" },
            { "languageCode": "nb", "value": "Skattemelding" },
            { "languageCode": "nn", "value": "Skattemelding" }
        ])
    );
    assert_eq!(
        skattemelding["serviceResource"]["links"]["metadata"],
        "https://platform.altinn.no/resourceregistry/api/v1/resource/demo-skattemelding"
    );
    assert_eq!(
        skattemelding["serviceResource"]["minimumAuthenticationLevel"],
        3
    );
    assert_eq!(skattemelding["serviceOwner"]["code"], "skd");
    assert_eq!(skattemelding["serviceOwner"]["orgNumber"], "974761076");
    assert_eq!(
        skattemelding["roles"],
        json!([
            {
                "urn": "urn:altinn:rolecode:dagl",
                "name": [
                    { "languageCode": "en", "value": "Managing director" },
                    { "languageCode": "nb", "value": "Daglig leder" },
                    { "languageCode": "nn", "value": "Dagleg leiar" }
                ],
                "links": { "metadata": "https://platform.altinn.no/accessmanagement/api/v1/meta/info/roles/55bd7d4d-08dd-46ee-ac8e-3a44d800d752" }
            },
            {
                "urn": "urn:altinn:rolecode:priv",
                "name": [
                    { "languageCode": "en", "value": "Private person" },
                    { "languageCode": "nb", "value": "Privatperson" },
                    { "languageCode": "nn", "value": "Privatperson" }
                ],
                "links": { "metadata": "https://platform.altinn.no/accessmanagement/api/v1/meta/info/roles/1c6eeec1-fe70-4fc5-8b45-df4a2255dea6" }
            }
        ])
    );
    assert_eq!(
        skattemelding["accessPackages"][0]["links"]["metadata"],
        "https://platform.altinn.no/accessmanagement/api/v1/meta/info/accesspackages/package/urn/urn%3Aaltinn%3Aaccesspackage%3Askattegrunnlag"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn service_resource_names_keep_the_accepted_language_and_undescribed_subjects_are_left_out(
    pool: PgPool,
) {
    let mut data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    data.subjects
        .retain(|info| info.urn.as_str() != "urn:altinn:rolecode:priv");
    Authorizer::new(pool.clone())
        .replace_all(&data)
        .await
        .expect("imports");
    let app = app(pool.clone());
    for language in ["nb", "nn", "en"] {
        let request = http::Request::builder()
            .uri("/api/v1/metadata/serviceresources")
            .header("accept-language", language)
            .body(axum::body::Body::empty())
            .expect("request");
        let response = crate::common::send(&app, request).await;
        assert_eq!(response.status, 200);
        let items = response.json()["items"].clone();
        for item in items.as_array().expect("items") {
            let names = [
                &item["serviceResource"]["name"],
                &item["serviceOwner"]["name"],
            ]
            .into_iter()
            .chain(
                item["roles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|role| &role["name"]),
            )
            .chain(
                item["accessPackages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|package| &package["name"]),
            );
            for name in names {
                assert_eq!(name.as_array().map(Vec::len), Some(1), "{name}");
                assert_eq!(name[0]["languageCode"], language, "{name}");
            }
        }
        let skattemelding = items
            .as_array()
            .into_iter()
            .flatten()
            .find(|item| item["serviceResource"]["id"] == "demo-skattemelding")
            .expect("listed");
        let roles: Vec<&str> = skattemelding["roles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|role| role["urn"].as_str())
            .collect();
        assert_eq!(roles, ["urn:altinn:rolecode:dagl"], "PRIV is not described");
    }
    // The export carries the catalogue, and imports back to the same.
    let exported = Authorizer::new(pool).export().await.expect("exports");
    assert_eq!(exported.subjects.len(), data.subjects.len());
}
