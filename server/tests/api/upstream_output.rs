//! What the service-owner API writes, as upstream's verified snapshots of a created dialog show
//! it (`CreateDialogSnapshotTests`, `GetDialogTests`, `GetServiceOwnerLabelsSnapshotTests`).

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::call,
    common::service_owner::{DIALOGS, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";

fn localized(items: &[(&str, &str)]) -> Value {
    items
        .iter()
        .map(|(code, value)| json!({ "languageCode": code, "value": value }))
        .collect()
}

fn codes(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["languageCode"].as_str())
        .collect()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_created_dialog_reads_back_as_upstream_writes_it(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["content"]["title"]["value"] = localized(&[("nb", "Tittel"), ("en", "Title")]);
    body["guiActions"] = json!([{ "action": "read", "url": "https://Digdir.no", "priority": "Primary",
        "title": localized(&[("nb", "Gå til dialog")]) }]);
    body["apiActions"] = json!([{ "action": "read", "endpoints": [
        { "url": "https://digdir.no", "httpMethod": "GET" },
        { "url": "https://digdir.no/deprecated", "httpMethod": "GET", "deprecated": true }] }]);
    body["attachments"] = json!([{ "displayName": localized(&[("nb", "Vedlegg"), ("en", "Attachment")]),
        "urls": [{ "url": "https://altinn.no/vedlegg.pdf", "consumerType": "Gui" }] }]);
    body["serviceOwnerContext"] = json!({ "serviceOwnerLabels": [
        { "value": "secondary-label" }, { "value": "primary-label" }, { "value": "digdir:label" }] });
    body["activities"] = json!([
        { "type": "DialogCreated", "performedBy": { "actorType": "ServiceOwner" } },
        { "type": "Information", "performedBy": { "actorType": "ServiceOwner" },
          "description": localized(&[("nb", "Skattesvindel"), ("en", "Tax fraud")]) },
    ]);
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = id_of(&created);
    let dialog = api.get(SKATTEETATEN, &id).await.json();

    // URLs as .NET's Uri writes them.
    assert_eq!(dialog["guiActions"][0]["url"], "https://digdir.no/");
    assert_eq!(
        dialog["apiActions"][0]["endpoints"][0]["url"],
        "https://digdir.no/"
    );
    assert_eq!(
        dialog["apiActions"][0]["endpoints"][1]["url"],
        "https://digdir.no/deprecated"
    );
    // Localizations by language code.
    assert_eq!(codes(&dialog["content"]["title"]["value"]), ["en", "nb"]);
    assert_eq!(
        codes(&dialog["attachments"][0]["displayName"]),
        ["en", "nb"]
    );
    assert_eq!(codes(&dialog["activities"][1]["description"]), ["en", "nb"]);
    // No description is none, not an empty list.
    assert!(
        dialog["activities"][0]["description"].is_null(),
        "{}",
        dialog["activities"][0]
    );
    assert_eq!(dialog["serviceResourceType"], "genericaccessresource");
    // Service-owner labels alphabetically, in the dialog and in their own list.
    let alphabetical = json!([{ "value": "digdir:label" }, { "value": "primary-label" },
        { "value": "secondary-label" }]);
    assert_eq!(
        dialog["serviceOwnerContext"]["serviceOwnerLabels"],
        alphabetical
    );
    let token = api.token(SKATTEETATEN, BASIC);
    let labels = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/{id}/context/labels"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(labels.status, 200, "{}", labels.text());
    assert_eq!(labels.json(), alphabetical);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_service_owners_transmission_list_is_newest_first(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let transmission = |days_ago: i64, title: &str| {
        json!({ "type": "Information", "sender": { "actorType": "ServiceOwner" },
            "createdAt": (chrono::Utc::now() - chrono::Duration::days(days_ago)).to_rfc3339(),
            "content": { "title": { "value": localized(&[("nb", title)]) } } })
    };
    let mut body = minimal();
    body["transmissions"] = json!([
        transmission(3, "Eldst"),
        transmission(1, "Nyest"),
        transmission(2, "Midt i"),
    ]);
    let id = id_of(&api.create(SKATTEETATEN, &body).await);
    let token = api.token(SKATTEETATEN, BASIC);
    let listed = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/{id}/transmissions"),
        Some(&token),
        None,
    )
    .await
    .json();
    let titles: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|item| item["content"]["title"]["value"][0]["value"].as_str())
        .collect();
    assert_eq!(titles, ["Nyest", "Midt i", "Eldst"]);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_dialogs_org_is_the_tokens_org_claim(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    // An administrator's token (Digdir) creating a dialog of Skatteetaten's resource.
    let admin = api.token(
        ("digdir", "991825827"),
        "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.admin",
    );
    let created = call(
        &api.app,
        "POST",
        DIALOGS,
        Some(&admin),
        Some(("application/json", minimal().to_string())),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let read = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/{}", id_of(&created)),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(read.json()["org"], "digdir");
    // Without an admin token, the owner's own claim is the resource owner's org.
    let own = api.create(SKATTEETATEN, &minimal()).await;
    assert_eq!(
        api.get(SKATTEETATEN, &id_of(&own)).await.json()["org"],
        "skd"
    );
}
