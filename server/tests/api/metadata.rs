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
    let skattemelding = items
        .iter()
        .find(|item| item["serviceResource"]["id"] == "urn:altinn:resource:demo-skattemelding")
        .expect("listed");
    assert_eq!(
        skattemelding["serviceResource"]["name"],
        json!([
            { "languageCode": "en", "value": "Tax return" },
            { "languageCode": "nb", "value": "Skattemelding" },
            { "languageCode": "nn", "value": "Skattemelding" }
        ])
    );
    assert_eq!(
        skattemelding["serviceResource"]["minimumAuthenticationLevel"],
        3
    );
    assert_eq!(skattemelding["serviceOwner"]["code"], "skd");
    assert_eq!(skattemelding["serviceOwner"]["orgNumber"], "974761076");
    assert_eq!(
        skattemelding["roles"],
        json!([{ "urn": "urn:altinn:rolecode:dagl" }, { "urn": "urn:altinn:rolecode:priv" }])
    );
    assert_eq!(
        skattemelding["accessPackages"],
        json!([{ "urn": "urn:altinn:accesspackage:skattegrunnlag" }])
    );
}
