//! The service-owner API's error bodies, each as one of upstream's end-to-end snapshot tests
//! (`ErrorResponseSnapshotTests`) sends its request and verifies the answer.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::TestResponse,
    serviceowner_dialogs::{DIALOGS, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";

impl ServiceOwnerApi {
    async fn send_skd(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        self.send_as((SKATTEETATEN, BASIC), method, path, body, if_match)
            .await
    }
}

/// The attachment and fields upstream's invalid create and update requests carry.
fn invalid_parts() -> Value {
    json!({
        "progress": 101,
        "process": "a".repeat(1024),
        "content": {},
        "attachments": [{
            "name": "a".repeat(256),
            "displayName": [
                { "value": "aaaa", "languageCode": "no" },
                { "value": "", "languageCode": "en" },
            ],
        }],
    })
}

fn shared_errors() -> Value {
    json!({
        "dto.progress": ["'Progress' must be between 0 and 100. You entered 101."],
        "dto.attachments[0].displayName[0].languageCode": [
            "'LanguageCode' 'no' is not a valid language code. Use 'nb' or 'nn' for Norwegian. Culture specific codes like 'en_GB' and 'en-US' are normalized to 'en' (ISO 639)."
        ],
        "dto.attachments[0].displayName[1].value": ["'Value' must not be empty."],
        "dto.attachments[0].name": [
            "The length of 'Name' must be 255 characters or fewer. You entered 256 characters."
        ],
        "dto.attachments[0].urls": ["'Urls' must not be empty."],
        "dto.content": ["Title must not be empty."],
        "dto.process": [
            "The length of 'Process' must be 1023 characters or fewer. You entered 1024 characters."
        ],
    })
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn should_return_400_for_invalid_dialog_creation(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = invalid_parts();
    body["serviceResource"] = json!("InvalidServiceResource");
    body["party"] = json!("InvalidParty");
    let response = api.create(SKATTEETATEN, &body).await;
    assert_eq!(response.status, 400, "{}", response.text());
    let mut expected = shared_errors();
    expected["dto.serviceResource"] =
        json!(["'ServiceResource' must start with 'urn:altinn:resource:'."]);
    expected["dto.party"] = json!([
        "'Party' must be on format 'urn:altinn:organization:identifier-no:{norwegian org-nr}', 'urn:altinn:person:identifier-no:{norwegian f-nr/d-nr}', 'urn:altinn:person:legacy-selfidentified:{username}' or 'urn:altinn:person:idporten-email:{e-mail}' with valid values, respectively."
    ]);
    let problem = response.json();
    assert_eq!(problem["errors"], expected, "{problem:#}");
    assert_eq!(problem["title"], "One or more validation errors occurred.");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn should_return_400_for_invalid_dialog_update(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let mut body = invalid_parts();
    body["status"] = json!("NotApplicable");
    let response = api
        .send_skd("PUT", &format!("{DIALOGS}/{id}"), Some(&body), None)
        .await;
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(response.json()["errors"], shared_errors());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn should_return_404_for_update_on_non_existent_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let missing = uuid::Uuid::now_v7();
    let mut body = minimal();
    body["status"] = json!("InProgress");
    for (method, body) in [("GET", None), ("PUT", Some(&body))] {
        let response = api
            .send_skd(method, &format!("{DIALOGS}/{missing}"), body, None)
            .await;
        assert_eq!(response.status, 404, "{method}: {}", response.text());
        assert_eq!(
            response.json()["errors"],
            json!({ "DialogEntity": [format!(
                "Entity 'DialogEntity' with the following key(s) was not found: ({missing})."
            )] }),
            "{method}"
        );
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn should_return_410_for_update_on_deleted_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{id}");
    assert_eq!(api.send_skd("DELETE", &path, None, None).await.status, 204);
    let gone = json!({ "DialogEntity": [format!(
        "Entity 'DialogEntity' with the following key(s) is removed: ({id})."
    )] });
    let mut body = minimal();
    body["status"] = json!("InProgress");
    let updated = api.send_skd("PUT", &path, Some(&body), None).await;
    assert_eq!(updated.status, 410, "{}", updated.text());
    assert_eq!(updated.json()["errors"], gone);
    let activity = json!({ "type": "Information",
        "performedBy": { "actorType": "ServiceOwner" },
        "description": [{ "languageCode": "nb", "value": "Info" }] });
    let appended = api
        .send_skd("POST", &format!("{path}/activities"), Some(&activity), None)
        .await;
    assert_eq!(appended.status, 410, "{}", appended.text());
    assert_eq!(appended.json()["errors"], gone);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn should_return_422_for_duplicate_activity(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let activity_id = uuid::Uuid::now_v7();
    let activity = json!({ "id": activity_id, "type": "Information",
        "performedBy": { "actorType": "ServiceOwner" },
        "description": [{ "languageCode": "nb", "value": "En beskrivelse" }] });
    let path = format!("{DIALOGS}/{id}/activities");
    let first = api.send_skd("POST", &path, Some(&activity), None).await;
    assert_eq!(first.status, 201, "{}", first.text());
    let again = api.send_skd("POST", &path, Some(&activity), None).await;
    assert_eq!(again.status, 422, "{}", again.text());
    let exists = json!({ "DialogActivity": [format!(
        "Entity 'DialogActivity' with the following key(s) already exists: ({activity_id})."
    )] });
    assert_eq!(again.json()["errors"], exists);

    // The same through an update that appends it.
    let mut body = minimal();
    body["status"] = json!("InProgress");
    body["activities"] = json!([activity]);
    let updated = api
        .send_skd("PUT", &format!("{DIALOGS}/{id}"), Some(&body), None)
        .await;
    assert_eq!(updated.status, 422, "{}", updated.text());
    assert_eq!(updated.json()["errors"], exists);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn should_return_403_for_update_with_correspondence_activity_without_scope(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let mut body = minimal();
    body["status"] = json!("InProgress");
    body["activities"] = json!([{ "type": "CorrespondenceConfirmed",
        "performedBy": { "actorType": "ServiceOwner" } }]);
    let response = api
        .send_skd("PUT", &format!("{DIALOGS}/{id}"), Some(&body), None)
        .await;
    assert_eq!(response.status, 403, "{}", response.text());
    assert_eq!(
        response.json()["errors"],
        json!({ "Forbidden": [
            "Use of CorrespondenceConfirmed or CorrespondenceOpened activity types requires the scope digdir:dialogporten.correspondence."
        ] })
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn restoring_a_dialog_that_is_not_deleted_still_returns_an_etag(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let created = api.create(SKATTEETATEN, &minimal()).await;
    let (id, revision) = (id_of(&created), created.header("etag").to_owned());
    let restored = api
        .send_skd(
            "POST",
            &format!("{DIALOGS}/{id}/actions/restore"),
            None,
            None,
        )
        .await;
    assert_eq!(restored.status, 204, "{}", restored.text());
    assert_eq!(
        restored.header("etag"),
        revision,
        "nothing changed: the dialog's own revision"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn entity_ids_are_unique_across_dialogs(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let (activity_id, transmission_id) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let activity = json!({ "id": activity_id, "type": "Information",
        "performedBy": { "actorType": "ServiceOwner" },
        "description": [{ "languageCode": "nb", "value": "En beskrivelse" }] });
    let transmission = json!({ "id": transmission_id, "type": "Information",
        "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Melding" }] } } });
    let mut first = minimal();
    first["activities"] = json!([activity]);
    first["transmissions"] = json!([transmission]);
    let created = api.create(SKATTEETATEN, &first).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let first_id = id_of(&created);

    // Another dialog may not reuse the activity's id, the transmission's or the dialog's.
    let mut reusing_activity = minimal();
    reusing_activity["activities"] = json!([activity]);
    let refused = api.create(SKATTEETATEN, &reusing_activity).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        json!({ "DialogActivity": [format!(
            "Entity 'DialogActivity' with the following key(s) already exists: ({activity_id})."
        )] })
    );
    let other = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let appended = api
        .send_skd(
            "POST",
            &format!("{DIALOGS}/{other}/transmissions"),
            Some(&transmission),
            None,
        )
        .await;
    assert_eq!(appended.status, 422, "{}", appended.text());
    assert_eq!(
        appended.json()["errors"],
        json!({ "DialogTransmission": [format!(
            "Entity 'DialogTransmission' with the following key(s) already exists: ({transmission_id})."
        )] })
    );
    let mut same_dialog_id = minimal();
    same_dialog_id["id"] = json!(first_id);
    let refused = api.create(SKATTEETATEN, &same_dialog_id).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        json!({ "DialogEntity": [format!(
            "Entity 'DialogEntity' with the following key(s) already exists: ({first_id})."
        )] })
    );
}
