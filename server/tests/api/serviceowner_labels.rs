//! Service-owner labels and the notification condition check.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::service_owner::{DIALOGS, NAV, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
    common::{TestResponse, call},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";

impl ServiceOwnerApi {
    async fn labels_call(
        &self,
        owner: (&str, &str),
        method: &str,
        path: &str,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.token(owner, BASIC);
        let body = body.map(|body| ("application/json", body.to_string()));
        crate::common::call_if_match(&self.app, method, path, Some(&token), body, if_match).await
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn labels_are_added_merged_removed_and_guarded_by_their_own_revision(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["serviceOwnerContext"] = json!({ "serviceOwnerLabels": [{ "value": "a-1" }] });
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let path = format!("{DIALOGS}/{dialog}/context/labels");
    let listed = api
        .labels_call(SKATTEETATEN, "GET", &path, None, None)
        .await;
    assert_eq!(listed.json(), json!([{ "value": "a-1" }]));
    let revision = listed.header("etag").to_owned();

    let stale = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        api.labels_call(
            SKATTEETATEN,
            "POST",
            &path,
            Some(json!({ "value": "b-2" })),
            Some(&stale)
        )
        .await
        .status,
        412
    );
    let added = api
        .labels_call(
            SKATTEETATEN,
            "POST",
            &path,
            Some(json!({ "Value": "B-2" })),
            Some(&revision),
        )
        .await;
    assert_eq!(added.status, 204, "{}", added.text());
    assert_ne!(added.header("etag"), revision);
    assert_eq!(
        api.labels_call(SKATTEETATEN, "GET", &path, None, None)
            .await
            .json(),
        json!([{ "value": "a-1" }, { "value": "b-2" }])
    );

    assert_eq!(
        api.labels_call(SKATTEETATEN, "DELETE", &format!("{path}/b-2"), None, None)
            .await
            .status,
        204
    );
    assert_eq!(
        api.labels_call(SKATTEETATEN, "DELETE", &format!("{path}/b-2"), None, None)
            .await
            .status,
        404
    );
    assert_eq!(
        api.labels_call(NAV, "GET", &path, None, None).await.status,
        404
    );
    let short = api
        .labels_call(
            SKATTEETATEN,
            "POST",
            &path,
            Some(json!({ "value": "x" })),
            None,
        )
        .await;
    assert_eq!(short.status, 400, "{}", short.text());
    assert_eq!(
        short.json()["errors"],
        json!({ "dto.serviceOwnerLabels[1].value": [
            "The length of 'Value' must be at least 3 characters. You entered 1 characters."
        ] })
    );
}

/// Upstream checks the labels held and the new one as one list, so a label held already (case
/// is ignored) is a duplicate, and nothing changes.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_duplicate_service_owner_label_is_a_400(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["serviceOwnerContext"] = json!({ "serviceOwnerLabels": [{ "value": "b-2" }] });
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let path = format!("{DIALOGS}/{dialog}/context/labels");
    let revision = api
        .labels_call(SKATTEETATEN, "GET", &path, None, None)
        .await
        .header("etag")
        .to_owned();
    let again = api
        .labels_call(
            SKATTEETATEN,
            "POST",
            &path,
            Some(json!({ "value": "B-2" })),
            None,
        )
        .await;
    assert_eq!(again.status, 400, "{}", again.text());
    assert_eq!(again.header("content-type"), "application/problem+json");
    assert_eq!(
        again.json()["errors"],
        json!({ "dto.serviceOwnerLabels": ["Can not contain duplicate items: [b-2]."] })
    );
    let listed = api
        .labels_call(SKATTEETATEN, "GET", &path, None, None)
        .await;
    assert_eq!(listed.json(), json!([{ "value": "b-2" }]));
    assert_eq!(listed.header("etag"), revision);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn at_most_twenty_labels_are_kept(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{dialog}/context/labels");
    for index in 0..20 {
        let response = api
            .labels_call(
                SKATTEETATEN,
                "POST",
                &path,
                Some(json!({ "value": format!("label-{index}") })),
                None,
            )
            .await;
        assert_eq!(response.status, 204);
    }
    let response = api
        .labels_call(
            SKATTEETATEN,
            "POST",
            &path,
            Some(json!({ "value": "one-too-many" })),
            None,
        )
        .await;
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(
        response.json()["errors"],
        json!({ "dto.serviceOwnerLabels": ["Maximum 20 service owner labels are allowed."] })
    );
    let listed = api
        .labels_call(SKATTEETATEN, "GET", &path, None, None)
        .await;
    assert_eq!(listed.json().as_array().map(Vec::len), Some(20));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_notification_system_asks_whether_an_activity_exists(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["activities"] =
        json!([{ "type": "DialogOpened", "performedBy": { "actorType": "ServiceOwner" } }]);
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let checker = api.token(
        ("altinn", "991825827"),
        "altinn:system/notifications.condition.check",
    );
    let ask = |query: String| {
        let path = format!("{DIALOGS}/{dialog}/actions/should-send-notification?{query}");
        let token = checker.clone();
        let app = api.app.clone();
        async move { call(&app, "GET", &path, Some(&token), None).await }
    };
    let exists = ask("conditionType=Exists&activityType=DialogOpened".into()).await;
    assert_eq!(exists.status, 200, "{}", exists.text());
    assert_eq!(exists.json(), json!({ "sendNotification": true }));
    assert_eq!(
        ask("conditiontype=NotExists&activitytype=dialogopened".into())
            .await
            .json()["sendNotification"],
        false
    );
    assert_eq!(
        ask("conditionType=NotExists&activityType=PaymentMade".into())
            .await
            .json()["sendNotification"],
        true
    );
    assert_eq!(
        ask("conditionType=Exists&activityType=TransmissionOpened".into())
            .await
            .status,
        400
    );
    let unknown = format!(
        "{DIALOGS}/{}/actions/should-send-notification?conditionType=Exists&activityType=DialogOpened",
        uuid::Uuid::now_v7()
    );
    assert_eq!(
        call(&api.app, "GET", &unknown, Some(&checker), None)
            .await
            .status,
        404
    );
    let service_owner = api.token(SKATTEETATEN, BASIC);
    let path = format!(
        "{DIALOGS}/{dialog}/actions/should-send-notification?conditionType=Exists&activityType=DialogOpened"
    );
    assert_eq!(
        call(&api.app, "GET", &path, Some(&service_owner), None)
            .await
            .status,
        403
    );
}
