//! Transmissions and activities appended to a dialog and read back, as its service owner.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::service_owner::{DIALOGS, NAV, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
    common::{TestResponse, call},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";

impl ServiceOwnerApi {
    async fn post(
        &self,
        owner: (&str, &str),
        scopes: &str,
        path: &str,
        body: &Value,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.token(owner, scopes);
        let body = Some(("application/json", body.to_string()));
        crate::common::call_if_match(&self.app, "POST", path, Some(&token), body, if_match).await
    }

    async fn read(&self, path: &str) -> TestResponse {
        let token = self.token(SKATTEETATEN, BASIC);
        call(&self.app, "GET", path, Some(&token), None).await
    }
}

fn information() -> Value {
    json!({
        "type": "Information",
        "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Vedtaket er klart" }] } }
    })
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_transmission_and_its_opening_are_appended_and_change_the_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let base = format!("{DIALOGS}/{dialog}");
    let posted = api
        .post(
            SKATTEETATEN,
            BASIC,
            &format!("{base}/transmissions"),
            &information(),
            None,
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.text());
    let transmission = id_of(&posted);
    assert_eq!(
        posted.header("location"),
        format!("{base}/transmissions/{transmission}")
    );
    let read = api.read(&base).await;
    assert_eq!(
        read.header("etag"),
        posted.header("etag"),
        "the ETag is the dialog's new revision"
    );
    let state = read.json();
    assert_eq!(state["hasUnopenedContent"], true);
    assert_eq!(state["fromServiceOwnerTransmissionsCount"], 1);
    let listed = api.read(&format!("{base}/transmissions")).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["isOpened"], false);

    let opened = json!({ "type": "TransmissionOpened", "transmissionId": transmission,
        "performedBy": { "actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:01018012371" } });
    let posted = api
        .post(
            SKATTEETATEN,
            BASIC,
            &format!("{base}/activities"),
            &opened,
            None,
        )
        .await;
    assert_eq!(posted.status, 201, "{}", posted.text());
    let activity = id_of(&posted);
    assert_eq!(api.read(&base).await.json()["hasUnopenedContent"], false);
    assert_eq!(
        api.read(&format!("{base}/transmissions/{transmission}"))
            .await
            .json()["isOpened"],
        true
    );
    let read = api
        .read(&format!("{base}/activities/{activity}"))
        .await
        .json();
    assert_eq!(read["performedBy"]["actorName"], "Kari Nordmann");
    assert_eq!(
        api.read(&format!("{base}/activities"))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        api.read(&format!("{base}/activities/{}", uuid::Uuid::now_v7()))
            .await
            .status,
        404
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_service_owner_write_takes_the_dialog_out_of_the_bin(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["systemLabel"] = json!("Bin");
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let base = format!("{DIALOGS}/{dialog}");
    assert_eq!(
        api.read(&base).await.json()["endUserContext"]["systemLabels"],
        json!(["Bin"])
    );
    assert_eq!(
        api.post(
            SKATTEETATEN,
            BASIC,
            &format!("{base}/transmissions"),
            &information(),
            None
        )
        .await
        .status,
        201
    );
    assert_eq!(
        api.read(&base).await.json()["endUserContext"]["systemLabels"],
        json!(["Default"])
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_reused_transmission_idempotent_key_is_a_conflict(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{dialog}/transmissions");
    let mut body = information();
    body["idempotentKey"] = json!("vedtak-1");
    assert_eq!(
        api.post(SKATTEETATEN, BASIC, &path, &body, None)
            .await
            .status,
        201
    );
    assert_eq!(
        api.post(SKATTEETATEN, BASIC, &path, &body, None)
            .await
            .status,
        409
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn appends_respect_ownership_revisions_and_deletion(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let created = api.create(SKATTEETATEN, &minimal()).await;
    let (dialog, revision) = (id_of(&created), created.header("etag").to_owned());
    let path = format!("{DIALOGS}/{dialog}/transmissions");
    assert_eq!(
        api.post(NAV, BASIC, &path, &information(), None)
            .await
            .status,
        404
    );
    let stale = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        api.post(SKATTEETATEN, BASIC, &path, &information(), Some(&stale))
            .await
            .status,
        412
    );
    assert_eq!(
        api.post(SKATTEETATEN, BASIC, &path, &information(), Some(&revision))
            .await
            .status,
        201
    );
    let token = api.token(SKATTEETATEN, BASIC);
    assert_eq!(
        call(
            &api.app,
            "DELETE",
            &format!("{DIALOGS}/{dialog}"),
            Some(&token),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        api.post(SKATTEETATEN, BASIC, &path, &information(), None)
            .await
            .status,
        410
    );
    assert_eq!(api.read(&path).await.status, 410);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn activity_rules_are_enforced(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{dialog}/activities");
    let service_owner = json!({ "actorType": "ServiceOwner" });
    let cases = [
        (
            json!({ "type": "Information", "performedBy": service_owner }),
            400,
        ),
        (
            json!({ "type": "DialogOpened", "performedBy": service_owner,
                 "description": [{ "languageCode": "nb", "value": "x" }] }),
            400,
        ),
        (
            json!({ "type": "TransmissionOpened", "performedBy": service_owner }),
            400,
        ),
        (
            json!({ "type": "TransmissionOpened", "transmissionId": uuid::Uuid::now_v7(), "performedBy": service_owner }),
            422,
        ),
        (
            json!({ "type": "CorrespondenceOpened", "performedBy": service_owner }),
            403,
        ),
        (
            json!({ "type": "Information", "performedBy": { "actorType": "ServiceOwner", "actorName": "Someone" },
                 "description": [{ "languageCode": "nb", "value": "x" }] }),
            400,
        ),
        (
            json!({ "type": "Information", "performedBy": service_owner,
                 "description": [{ "languageCode": "nb", "value": "Brev sendt" }] }),
            201,
        ),
    ];
    for (body, status) in cases {
        let response = api.post(SKATTEETATEN, BASIC, &path, &body, None).await;
        assert_eq!(response.status, status, "{body}: {}", response.text());
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_bad_dialog_id_is_reported_after_the_body_and_the_if_match(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let path = format!("{DIALOGS}/not-a-guid/transmissions");
    let errors = |response: &TestResponse| -> Vec<String> {
        assert_eq!(response.status, 400, "{}", response.text());
        let body = response.json();
        let fields = body["errors"].as_object().expect("errors by field");
        fields.keys().cloned().collect()
    };

    let valid_body = api
        .post(SKATTEETATEN, BASIC, &path, &information(), None)
        .await;
    assert_eq!(errors(&valid_body), ["dialogId"]);
    assert!(
        valid_body
            .text()
            .contains("'not-a-guid' is not a valid GUID")
    );

    let token = api.token(SKATTEETATEN, BASIC);
    let broken_body = crate::common::call(
        &api.app,
        "POST",
        &path,
        Some(&token),
        Some(("application/json", "{".to_owned())),
    )
    .await;
    assert!(!errors(&broken_body).contains(&"dialogId".to_owned()));

    let bad_revision = api
        .post(SKATTEETATEN, BASIC, &path, &information(), Some("stale"))
        .await;
    assert_eq!(errors(&bad_revision), ["If-Match"]);

    // Reads have no body: the id is checked at once.
    let read = api.read(&format!("{DIALOGS}/not-a-guid/activities")).await;
    assert_eq!(errors(&read), ["dialogId"]);
}
