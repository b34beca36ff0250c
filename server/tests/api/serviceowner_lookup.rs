//! Finding a dialog by instance reference, as its service owner.

use serde_json::json;
use sqlx::PgPool;

use crate::{
    common::call,
    common::service_owner::{NAV, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
};

const LOOKUP: &str = "/api/v1/serviceowner/dialoglookup";

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_dialog_is_found_by_its_id_its_app_instance_or_its_correspondence(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let (instance, correspondence) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let mut body = minimal();
    body["content"]["nonSensitiveTitle"] =
        json!({ "value": [{ "languageCode": "nb", "value": "Melding fra Skatteetaten" }] });
    body["serviceOwnerContext"] = json!({ "serviceOwnerLabels": [
        { "value": format!("urn:altinn:integration:storage:50001234/{instance}") },
        { "value": format!("urn:altinn:correspondence-id:{correspondence}") },
    ] });
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    for reference in [
        format!("urn:altinn:dialog-id:{dialog}"),
        format!("urn:altinn:instance-id:50001234/{instance}"),
        format!("urn:altinn:correspondence-id:{correspondence}"),
    ] {
        let found = call(
            &api.app,
            "GET",
            &format!("{LOOKUP}?instanceRef={reference}"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(found.status, 200, "{reference}: {}", found.text());
        let found = found.json();
        assert_eq!(found["dialogId"], dialog.as_str());
        assert_eq!(found["instanceRef"], reference.as_str());
        assert_eq!(
            found["party"],
            "urn:altinn:person:identifier-no:01018012371"
        );
        assert_eq!(
            found["serviceResource"]["id"],
            "urn:altinn:resource:demo-skattemelding"
        );
        assert_eq!(found["serviceOwner"]["code"], "skd");
        assert_eq!(found["title"][0]["value"], "Skattemeldingen din er klar");
        assert_eq!(
            found["nonSensitiveTitle"][0]["value"],
            "Melding fra Skatteetaten"
        );
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn unknown_foreign_and_malformed_references_are_refused(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let own = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    let other = api.token(NAV, "digdir:dialogporten.serviceprovider");
    let path = |reference: String| format!("{LOOKUP}?instanceRef={reference}");
    let foreign = call(
        &api.app,
        "GET",
        &path(format!("urn:altinn:dialog-id:{dialog}")),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(foreign.status, 404);
    let unknown = format!("urn:altinn:instance-id:1/{}", uuid::Uuid::new_v4());
    assert_eq!(
        call(&api.app, "GET", &path(unknown), Some(&own), None)
            .await
            .status,
        404
    );
    assert_eq!(
        call(
            &api.app,
            "GET",
            &path("urn:altinn:dialog-id:nope".into()),
            Some(&own),
            None
        )
        .await
        .status,
        400
    );
    assert_eq!(
        call(&api.app, "GET", LOOKUP, Some(&own), None).await.status,
        400
    );
}
