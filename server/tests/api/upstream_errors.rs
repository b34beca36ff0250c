//! The service-owner API's error bodies, each as one of upstream's end-to-end snapshot tests
//! (`ErrorResponseSnapshotTests`) sends its request and verifies the answer.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::TestResponse,
    common::service_owner::{DIALOGS, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
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
    // As upstream's database refuses it (its end-to-end test looks for these words).
    assert_eq!(
        again.json()["errors"],
        json!({ "DialogActivity": [format!("Key ('Id')=({activity_id}) already exists.")] })
    );

    // The same through an update that appends it: upstream's update command names it.
    let mut body = minimal();
    body["status"] = json!("InProgress");
    body["activities"] = json!([activity]);
    let updated = api
        .send_skd("PUT", &format!("{DIALOGS}/{id}"), Some(&body), None)
        .await;
    assert_eq!(updated.status, 422, "{}", updated.text());
    assert_eq!(
        updated.json()["errors"],
        json!({ "Activities": [format!(
            "Entity 'DialogActivity' with the following key(s) already exists: ({activity_id})."
        )] })
    );
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
    let ids: Vec<uuid::Uuid> = (0..7).map(|_| uuid::Uuid::now_v7()).collect();
    let [
        activity_id,
        transmission_id,
        attachment_id,
        gui_id,
        api_id,
        endpoint_id,
        sent_id,
    ] = ids[..]
    else {
        unreachable!("seven ids")
    };
    let nb = |value: &str| json!([{ "languageCode": "nb", "value": value }]);
    let activity = json!({ "id": activity_id, "type": "Information",
        "performedBy": { "actorType": "ServiceOwner" }, "description": nb("En beskrivelse") });
    let attachment = |id| {
        json!({ "id": id, "displayName": nb("Vedlegg.pdf"),
        "urls": [{ "url": "https://skatt.example/files/1.pdf", "consumerType": "Gui" }] })
    };
    let transmission = json!({ "id": transmission_id, "type": "Information",
        "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": nb("Melding") } },
        "attachments": [attachment(sent_id)] });
    let gui = |id| {
        json!({ "id": id, "action": "write", "url": "https://skatt.example/fill",
        "priority": "Primary", "title": nb("Fyll ut") })
    };
    let api_action = |id, endpoint| {
        json!({ "id": id, "action": "write", "endpoints": [
        { "id": endpoint, "url": "https://skatt.example/api", "httpMethod": "POST" }] })
    };
    let mut first = minimal();
    first["activities"] = json!([activity]);
    first["transmissions"] = json!([transmission]);
    first["attachments"] = json!([attachment(attachment_id)]);
    first["guiActions"] = json!([gui(gui_id)]);
    first["apiActions"] = json!([api_action(api_id, endpoint_id)]);
    let created = api.create(SKATTEETATEN, &first).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let first_id = id_of(&created);
    let refused_as_the_database_does = |table: &str, id: &dyn std::fmt::Display| json!({ table: [format!("Key ('Id')=({id}) already exists.")] });

    // Another dialog may not reuse any of them, as upstream's tables refuse it.
    let other_api = uuid::Uuid::now_v7();
    let mut other_sent = transmission.clone();
    other_sent["id"] = json!(uuid::Uuid::now_v7());
    for (member, value, table, id) in [
        (
            "activities",
            json!([activity]),
            "DialogActivity",
            activity_id,
        ),
        (
            "attachments",
            json!([attachment(attachment_id)]),
            "Attachment",
            attachment_id,
        ),
        (
            "attachments",
            json!([attachment(sent_id)]),
            "Attachment",
            sent_id,
        ),
        ("transmissions", json!([other_sent]), "Attachment", sent_id),
        (
            "guiActions",
            json!([gui(gui_id)]),
            "DialogGuiAction",
            gui_id,
        ),
        (
            "apiActions",
            json!([api_action(api_id, uuid::Uuid::now_v7())]),
            "DialogApiAction",
            api_id,
        ),
        (
            "apiActions",
            json!([api_action(other_api, endpoint_id)]),
            "DialogApiActionEndpoint",
            endpoint_id,
        ),
    ] {
        let mut reusing = minimal();
        reusing[member] = value;
        let refused = api.create(SKATTEETATEN, &reusing).await;
        assert_eq!(refused.status, 422, "{member}: {}", refused.text());
        assert_eq!(
            refused.json()["errors"],
            refused_as_the_database_does(table, &id),
            "{member}"
        );
    }
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
        refused_as_the_database_does("DialogTransmission", &transmission_id)
    );
    let mut same_dialog_id = minimal();
    same_dialog_id["id"] = json!(first_id);
    let refused = api.create(SKATTEETATEN, &same_dialog_id).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        refused_as_the_database_does("Dialog", &first_id)
    );

    // An update may keep its own ids, but not take another dialog's: attachments are named
    // together by upstream's update command, actions refused by its database.
    let put = |id: &str, body: &Value| {
        let (api, path, body) = (&api, format!("{DIALOGS}/{id}"), body.clone());
        async move { api.send_skd("PUT", &path, Some(&body), None).await }
    };
    let mut kept = first.clone();
    kept.as_object_mut().expect("object").remove("activities");
    kept.as_object_mut()
        .expect("object")
        .remove("transmissions");
    kept["status"] = json!("InProgress");
    let updated = put(&first_id, &kept).await;
    assert_eq!(updated.status, 204, "{}", updated.text());
    let mut taking = minimal();
    taking["status"] = json!("InProgress");
    taking["attachments"] = json!([attachment(attachment_id), attachment(sent_id)]);
    let refused = put(&other, &taking).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        json!({ "Attachments": [format!(
            "Entity 'DialogAttachment' with the following key(s) already exists: ({attachment_id}, {sent_id})."
        )] })
    );
    taking["attachments"] = json!([]);
    taking["guiActions"] = json!([gui(gui_id)]);
    let refused = put(&other, &taking).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        refused_as_the_database_does("DialogGuiAction", &gui_id)
    );
    taking["guiActions"] = json!([]);
    taking["activities"] = json!([activity]);
    let refused = put(&other, &taking).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        json!({ "Activities": [format!(
            "Entity 'DialogActivity' with the following key(s) already exists: ({activity_id})."
        )] })
    );

    // Ids a dialog gives up, or loses with it when it is purged, are free again.
    kept["guiActions"] = json!([]);
    assert_eq!(put(&first_id, &kept).await.status, 204);
    let mut taking = minimal();
    taking["status"] = json!("InProgress");
    taking["guiActions"] = json!([gui(gui_id)]);
    let moved = put(&other, &taking).await;
    assert_eq!(moved.status, 204, "{}", moved.text());
    let purged = api
        .send_skd(
            "POST",
            &format!("{DIALOGS}/{first_id}/actions/purge"),
            None,
            None,
        )
        .await;
    assert_eq!(purged.status, 204, "{}", purged.text());
    let mut again = minimal();
    again["attachments"] = json!([attachment(attachment_id)]);
    again["apiActions"] = json!([api_action(api_id, endpoint_id)]);
    let created = api.create(SKATTEETATEN, &again).await;
    assert_eq!(created.status, 201, "{}", created.text());
}
