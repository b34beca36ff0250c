//! PUT: replacing a dialog's changeable parts, as its service owner.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::service_owner::{DIALOGS, NAV, SKATTEETATEN, ServiceOwnerApi, id_of, in_days, minimal},
    common::{TestResponse, call, call_if_match},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";

impl ServiceOwnerApi {
    async fn put(
        &self,
        owner: (&str, &str),
        id: &str,
        body: &Value,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.token(owner, BASIC);
        let path = format!("{DIALOGS}/{id}");
        call_if_match(
            &self.app,
            "PUT",
            &path,
            Some(&token),
            Some(("application/json", body.to_string())),
            if_match,
        )
        .await
    }
}

/// The update body for a dialog as `minimal()` creates it, with a new status.
fn update(status: &str) -> Value {
    json!({
        "status": status,
        "content": minimal()["content"].clone(),
    })
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_update_replaces_fields_and_collections_and_gives_a_new_revision(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["searchTags"] = json!([{ "value": "old-tag" }]);
    body["attachments"] = json!([{ "displayName": [{ "languageCode": "nb", "value": "Gammel" }],
        "urls": [{ "url": "https://skd.example/old.pdf", "consumerType": "Gui" }] }]);
    let created = api.create(SKATTEETATEN, &body).await;
    let (id, revision) = (id_of(&created), created.header("etag").to_owned());

    let mut change = update("Completed");
    change["progress"] = json!(100);
    change["searchTags"] = json!([{ "value": "new-tag" }]);
    change["content"]["summary"] =
        json!({ "value": [{ "languageCode": "nb", "value": "Ferdig behandlet" }] });
    let updated = api.put(SKATTEETATEN, &id, &change, Some(&revision)).await;
    assert_eq!(updated.status, 204, "{}", updated.text());
    let read = api.get(SKATTEETATEN, &id).await;
    assert_eq!(read.header("etag"), updated.header("etag"));
    assert_ne!(updated.header("etag"), revision);
    let dialog = read.json();
    assert_eq!(dialog["status"], "Completed");
    assert_eq!(dialog["progress"], 100);
    assert_eq!(dialog["searchTags"], json!([{ "value": "new-tag" }]));
    assert_eq!(
        dialog["attachments"],
        json!([]),
        "items left out of a PUT are removed"
    );
    assert_eq!(
        dialog["content"]["summary"]["value"][0]["value"],
        "Ferdig behandlet"
    );
    assert_ne!(dialog["contentUpdatedAt"], dialog["createdAt"]);

    assert_eq!(
        api.put(SKATTEETATEN, &id, &update("InProgress"), Some(&revision))
            .await
            .status,
        412,
        "a stale revision"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn new_transmissions_are_appended_and_existing_ids_are_refused(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let transmission_id = uuid::Uuid::now_v7();
    let transmission = json!({ "id": transmission_id, "type": "Information", "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Nytt brev" }] } } });
    let mut change = update("RequiresAttention");
    change["transmissions"] = json!([transmission]);
    assert_eq!(api.put(SKATTEETATEN, &id, &change, None).await.status, 204);
    let dialog = api.get(SKATTEETATEN, &id).await.json();
    assert_eq!(dialog["transmissions"].as_array().map(Vec::len), Some(1));
    assert_eq!(dialog["hasUnopenedContent"], true);
    let again = api.put(SKATTEETATEN, &id, &change, None).await;
    assert_eq!(
        again.status,
        422,
        "transmissions are append-only: {}",
        again.text()
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn changed_dates_must_lie_ahead_and_an_expiry_may_be_removed(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["dueAt"] = json!(in_days(10));
    body["expiresAt"] = json!(in_days(100));
    let id = id_of(&api.create(SKATTEETATEN, &body).await);
    let stored = api.get(SKATTEETATEN, &id).await.json();
    let mut unchanged = update("InProgress");
    unchanged["dueAt"] = stored["dueAt"].clone();
    unchanged["expiresAt"] = stored["expiresAt"].clone();
    assert_eq!(
        api.put(SKATTEETATEN, &id, &unchanged, None).await.status,
        204
    );

    let mut past = unchanged.clone();
    past["dueAt"] = json!(in_days(-1));
    assert_eq!(api.put(SKATTEETATEN, &id, &past, None).await.status, 422);
    let mut reversed = unchanged.clone();
    reversed["dueAt"] = json!(in_days(200));
    assert_eq!(
        api.put(SKATTEETATEN, &id, &reversed, None).await.status,
        400,
        "expiry before the due date"
    );
    // The service owners' guide: an expiry may be set back to none at any time.
    let mut removed = unchanged;
    removed["expiresAt"] = Value::Null;
    let response = api.put(SKATTEETATEN, &id, &removed, None).await;
    assert_eq!(response.status, 204, "{}", response.text());
    assert!(
        api.get(SKATTEETATEN, &id).await.json()["expiresAt"].is_null(),
        "the dialog no longer expires"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn visible_at_the_guides_name_is_taken_for_visible_from(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    let visible = (chrono::Utc::now() + chrono::Duration::days(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    body["visibleAt"] = json!(visible);
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let stored = api.get(SKATTEETATEN, &id_of(&created)).await.json();
    let stored_at =
        chrono::DateTime::parse_from_rfc3339(stored["visibleFrom"].as_str().expect("visibleFrom"))
            .expect("a date");
    assert_eq!(
        stored_at.to_rfc3339(),
        chrono::DateTime::parse_from_rfc3339(&visible)
            .expect("a date")
            .to_rfc3339()
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_update_needs_a_status_an_owner_and_a_live_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let mut no_status = update("InProgress");
    no_status.as_object_mut().expect("object").remove("status");
    let response = api.put(SKATTEETATEN, &id, &no_status, None).await;
    assert_eq!(response.status, 400);
    assert_eq!(
        response.json()["errors"]["dto.status"],
        json!(["'Status' must not be empty."])
    );
    assert_eq!(
        api.put(NAV, &id, &update("InProgress"), None).await.status,
        404
    );
    let token = api.token(SKATTEETATEN, BASIC);
    assert_eq!(
        call(
            &api.app,
            "DELETE",
            &format!("{DIALOGS}/{id}"),
            Some(&token),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        api.put(SKATTEETATEN, &id, &update("InProgress"), None)
            .await
            .status,
        410
    );
}

impl ServiceOwnerApi {
    async fn patch(
        &self,
        id: &str,
        operations: &Value,
        content_type: &str,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.token(SKATTEETATEN, BASIC);
        let path = format!("{DIALOGS}/{id}");
        call_if_match(
            &self.app,
            "PATCH",
            &path,
            Some(&token),
            Some((content_type, operations.to_string())),
            if_match,
        )
        .await
    }
}

const JSON_PATCH: &str = "application/json-patch+json";

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_patch_replaces_appends_and_removes_as_rfc_6902_says(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["attachments"] = json!([{ "displayName": [{ "languageCode": "nb", "value": "Vedlegg" }],
        "urls": [{ "url": "https://skd.example/a.pdf", "consumerType": "Gui" }] }]);
    let id = id_of(&api.create(SKATTEETATEN, &body).await);
    let operations = json!([
        { "op": "replace", "path": "/status", "value": "Completed" },
        { "op": "replace", "path": "/content/title/value/0/value", "value": "Ny tittel" },
        { "op": "remove", "path": "/attachments/0" },
        { "op": "add", "path": "/transmissions/-", "value": { "type": "Information", "sender": { "actorType": "ServiceOwner" },
            "content": { "title": { "value": [{ "languageCode": "nb", "value": "Brev" }] } } } },
    ]);
    let patched = api.patch(&id, &operations, JSON_PATCH, None).await;
    assert_eq!(patched.status, 204, "{}", patched.text());
    let dialog = api.get(SKATTEETATEN, &id).await.json();
    assert_eq!(dialog["status"], "Completed");
    assert_eq!(dialog["content"]["title"]["value"][0]["value"], "Ny tittel");
    assert_eq!(dialog["attachments"], json!([]));
    assert_eq!(dialog["transmissions"].as_array().map(Vec::len), Some(1));

    let again = json!([{ "op": "add", "path": "/transmissions/-", "value": dialog["transmissions"][0].clone() }]);
    assert_eq!(
        api.patch(&id, &again, "application/json", None)
            .await
            .status,
        422,
        "an existing transmission id"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_bad_patch_is_refused_and_changes_nothing(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let created = api.create(SKATTEETATEN, &minimal()).await;
    let id = id_of(&created);
    let status = json!([{ "op": "replace", "path": "/status", "value": "Completed" }]);
    let missing = json!([{ "op": "replace", "path": "/nothing/here", "value": 1 }]);
    assert_eq!(api.patch(&id, &missing, JSON_PATCH, None).await.status, 400);
    assert_eq!(
        api.patch(&id, &json!({ "not": "a patch" }), JSON_PATCH, None)
            .await
            .status,
        400
    );
    let invalid = json!([{ "op": "replace", "path": "/status", "value": "Whatever" }]);
    assert_eq!(api.patch(&id, &invalid, JSON_PATCH, None).await.status, 400);
    assert_eq!(
        api.patch(&id, &status, "text/plain", None).await.status,
        415
    );
    let stale = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        api.patch(&id, &status, JSON_PATCH, Some(&stale))
            .await
            .status,
        412
    );
    assert_eq!(
        api.get(SKATTEETATEN, &id).await.json()["status"],
        "NotApplicable",
        "nothing changed"
    );
    assert_eq!(
        api.patch(&id, &status, JSON_PATCH, Some(created.header("etag")))
            .await
            .status,
        204
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_put_adding_a_transmission_whose_idempotent_key_exists_is_a_conflict(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let transmission = |key: &str| {
        json!({ "id": uuid::Uuid::now_v7(), "idempotentKey": key, "type": "Information",
            "sender": { "actorType": "ServiceOwner" },
            "content": { "title": { "value": [{ "languageCode": "nb", "value": "Brev" }] } } })
    };
    let mut change = update("InProgress");
    change["transmissions"] = json!([transmission("brev-1")]);
    assert_eq!(api.put(SKATTEETATEN, &id, &change, None).await.status, 204);
    let before = api.get(SKATTEETATEN, &id).await.json();

    change["transmissions"] = json!([transmission("brev-1")]);
    change["progress"] = json!(50);
    let reused = api.put(SKATTEETATEN, &id, &change, None).await;
    assert_eq!(reused.status, 409, "{}", reused.text());
    assert_eq!(reused.header("content-type"), "application/problem+json");
    assert!(reused.text().contains("brev-1"), "{}", reused.text());
    // Two new ones sharing a key are refused alike, and nothing of either update is kept.
    change["transmissions"] = json!([transmission("brev-2"), transmission("brev-2")]);
    assert_eq!(api.put(SKATTEETATEN, &id, &change, None).await.status, 409);
    let after = api.get(SKATTEETATEN, &id).await.json();
    assert_eq!(after["transmissions"], before["transmissions"]);
    assert_eq!(after["progress"], before["progress"]);
    assert_eq!(after["revision"], before["revision"]);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn patch_paths_match_in_any_case_and_replace_sets_an_absent_member(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let created = api.create(SKATTEETATEN, &minimal()).await;
    let id = id_of(&created);
    let attachment = json!({ "displayName": [{ "languageCode": "nb", "value": "Vedlegg" }],
        "urls": [{ "url": "https://skd.example/v.pdf", "consumerType": "Gui" }] });
    let summary = json!({ "value": [{ "languageCode": "nb", "value": "Nytt sammendrag" }] });
    let operations = json!([
        { "op": "add", "path": "/Attachments/-", "value": attachment },
        { "op": "replace", "path": "/Content/Summary", "value": summary },
        { "op": "replace", "path": "/Status", "value": "Completed" },
    ]);
    let patched = api.patch(&id, &operations, JSON_PATCH, None).await;
    assert_eq!(patched.status, 204, "{}", patched.text());
    let dialog = api.get(SKATTEETATEN, &id).await.json();
    assert_eq!(dialog["status"], "Completed");
    assert_eq!(dialog["attachments"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        dialog["content"]["summary"]["value"][0]["value"],
        "Nytt sammendrag"
    );
}
