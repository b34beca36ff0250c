//! End users' side of dialogs as service owners reach it: system labels on an end user's
//! behalf, the list of end-user contexts, the seen log, silent updates and transmission fixes.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    common::service_owner::{DIALOGS, NAV, SKATTEETATEN, ServiceOwnerApi, id_of, minimal},
    common::{TestResponse, call_if_match},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";
const SEARCH: &str =
    "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.search";
const ADMIN: &str = "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.admin";
const CHANGE: &str =
    "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.changetransmissions";
const KARI: &str = "urn:altinn:person:identifier-no:01018012371";
/// Has no rights at all.
const PER: &str = "urn:altinn:person:identifier-no:12128545601";

impl ServiceOwnerApi {
    /// A request with a token for `owner` and `scopes`, and an optional JSON body.
    pub(crate) async fn send_as(
        &self,
        (owner, scopes): ((&str, &str), &str),
        method: &str,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.token(owner, scopes);
        let body = body.map(|body| ("application/json", body.to_string()));
        call_if_match(&self.app, method, path, Some(&token), body, if_match).await
    }

    async fn labels(&self, dialog: &str) -> Value {
        let read = self.get(SKATTEETATEN, dialog).await;
        read.json()["endUserContext"]["systemLabels"].clone()
    }
}

fn labels_path(dialog: &str, end_user: &str) -> String {
    format!("{DIALOGS}/{dialog}/endusercontext/systemlabels?enduserId={end_user}")
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn labels_are_set_for_an_end_user_who_may_see_the_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let before = api.get(SKATTEETATEN, &dialog).await.json();
    let context_revision = before["endUserContext"]["revision"]
        .as_str()
        .expect("revision");
    let owner = (SKATTEETATEN, BASIC);

    let stale = uuid::Uuid::new_v4().to_string();
    let bin = json!({ "addLabels": ["Bin"] });
    let put = |end_user: &str| labels_path(&dialog, end_user);
    let refused = api
        .send_as(owner, "PUT", &put(KARI), Some(&bin), Some(&stale))
        .await;
    assert_eq!(refused.status, 412);

    let set = api
        .send_as(owner, "PUT", &put(KARI), Some(&bin), Some(context_revision))
        .await;
    assert_eq!(set.status, 204, "{}", set.text());
    assert_ne!(set.header("etag"), context_revision);
    assert_eq!(api.labels(&dialog).await, json!(["Bin"]));
    let after = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(after["endUserContext"]["revision"], set.header("etag"));
    assert_eq!(
        after["revision"], before["revision"],
        "the dialog itself did not change"
    );

    let archive_and_mark =
        json!({ "AddLabels": ["archive", "MarkedAsUnopened"], "removeLabels": ["Bin"] });
    let set = api
        .send_as(owner, "PUT", &put(KARI), Some(&archive_and_mark), None)
        .await;
    assert_eq!(set.status, 204, "{}", set.text());
    assert_eq!(
        api.labels(&dialog).await,
        json!(["Archive", "MarkedAsUnopened"])
    );

    for (path, body, status) in [
        (put(PER), bin.clone(), 403),
        (put(KARI), json!({ "addLabels": ["Sent"] }), 400),
        (put(KARI), json!({ "removeLabels": ["Default"] }), 400),
        (
            put("urn:altinn:organization:identifier-no:974761076"),
            bin.clone(),
            400,
        ),
        (
            format!("{DIALOGS}/{dialog}/endusercontext/systemlabels"),
            bin.clone(),
            400,
        ),
        (
            format!("{DIALOGS}/{dialog}/endusercontext/systemlabels"),
            json!({ "addLabels": ["Bin"], "performedBy": { "actorType": "ServiceOwner" } }),
            403,
        ),
        (
            labels_path(&uuid::Uuid::now_v7().to_string(), KARI),
            bin.clone(),
            404,
        ),
    ] {
        let response = api.send_as(owner, "PUT", &path, Some(&body), None).await;
        assert_eq!(
            response.status,
            status,
            "{path} {body}: {}",
            response.text()
        );
        assert_eq!(response.header("content-type"), "application/problem+json");
    }
    let other_owner = api
        .send_as((NAV, BASIC), "PUT", &put(KARI), Some(&bin), None)
        .await;
    assert_eq!(other_owner.status, 404);
    assert_eq!(
        api.labels(&dialog).await,
        json!(["Archive", "MarkedAsUnopened"]),
        "no refused request changed anything"
    );

    let by_admin = api
        .send_as(
            (SKATTEETATEN, ADMIN),
            "PUT",
            &format!("{DIALOGS}/{dialog}/endusercontext/systemlabels"),
            Some(&json!({ "removeLabels": ["Archive"], "performedBy": { "actorType": "ServiceOwner" } })),
            None,
        )
        .await;
    assert_eq!(by_admin.status, 204, "{}", by_admin.text());
    assert_eq!(
        api.labels(&dialog).await,
        json!(["Default", "MarkedAsUnopened"])
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_service_owner_write_takes_a_dialog_out_of_the_bin_unless_silent(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let owner = (SKATTEETATEN, BASIC);
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let bin = json!({ "addLabels": ["Bin"] });
    let path = labels_path(&dialog, KARI);
    assert_eq!(
        api.send_as(owner, "PUT", &path, Some(&bin), None)
            .await
            .status,
        204
    );
    let before = api.get(SKATTEETATEN, &dialog).await.json();

    let activity = json!({ "type": "Information", "performedBy": { "actorType": "ServiceOwner" },
        "description": [{ "languageCode": "nb", "value": "Saken er oppdatert" }] });
    let activities = format!("{DIALOGS}/{dialog}/activities");
    let silent = api
        .send_as(
            owner,
            "POST",
            &format!("{activities}?isSilentUpdate=true"),
            Some(&activity),
            None,
        )
        .await;
    assert_eq!(silent.status, 201, "{}", silent.text());
    let after_silent = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(
        after_silent["endUserContext"]["systemLabels"],
        json!(["Bin"])
    );
    assert_eq!(after_silent["updatedAt"], before["updatedAt"]);
    assert_ne!(after_silent["revision"], before["revision"]);

    let loud = api
        .send_as(owner, "POST", &activities, Some(&activity), None)
        .await;
    assert_eq!(loud.status, 201, "{}", loud.text());
    let after = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(after["endUserContext"]["systemLabels"], json!(["Default"]));
    assert_ne!(after["updatedAt"], before["updatedAt"]);

    let not_a_flag = api
        .send_as(
            owner,
            "POST",
            &format!("{activities}?isSilentUpdate=maybe"),
            Some(&activity),
            None,
        )
        .await;
    assert_eq!(not_a_flag.status, 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_silent_create_may_carry_dates_in_the_past(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["dueAt"] = json!("2020-01-01T00:00:00Z");
    let loud = api
        .send_as((SKATTEETATEN, BASIC), "POST", DIALOGS, Some(&body), None)
        .await;
    assert_eq!(loud.status, 422);
    let silent = api
        .send_as(
            (SKATTEETATEN, BASIC),
            "POST",
            &format!("{DIALOGS}?IsSilentUpdate=True"),
            Some(&body),
            None,
        )
        .await;
    assert_eq!(silent.status, 201, "{}", silent.text());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn bulk_label_changes_are_all_or_nothing(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let owner = (SKATTEETATEN, BASIC);
    let first = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let second = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let bulk = format!("{DIALOGS}/endusercontext/systemlabels/actions/bulkset?endUserId={KARI}");
    let missing = uuid::Uuid::now_v7().to_string();

    let with_missing = json!({ "dialogs": [{ "dialogId": first }, { "dialogId": missing }], "addLabels": ["Archive"] });
    let refused = api
        .send_as(owner, "POST", &bulk, Some(&with_missing), None)
        .await;
    assert_eq!(refused.status, 404);
    let stale = json!({ "dialogs": [{ "dialogId": first }, { "dialogId": second, "endUserContextRevision": missing }],
        "addLabels": ["Archive"] });
    assert_eq!(
        api.send_as(owner, "POST", &bulk, Some(&stale), None)
            .await
            .status,
        412
    );
    assert_eq!(
        api.labels(&first).await,
        json!(["Default"]),
        "nothing changed"
    );

    let both = json!({ "dialogs": [{ "dialogId": first }, { "dialogId": second }], "addLabels": ["Archive"] });
    let done = api.send_as(owner, "POST", &bulk, Some(&both), None).await;
    assert_eq!(done.status, 204, "{}", done.text());
    assert_eq!(api.labels(&first).await, json!(["Archive"]));
    assert_eq!(api.labels(&second).await, json!(["Archive"]));

    let too_many: Vec<Value> = (0..101)
        .map(|_| json!({ "dialogId": uuid::Uuid::now_v7() }))
        .collect();
    let body = json!({ "dialogs": too_many, "addLabels": ["Bin"] });
    assert_eq!(
        api.send_as(owner, "POST", &bulk, Some(&body), None)
            .await
            .status,
        400
    );
    let empty = json!({ "dialogs": [], "addLabels": ["Bin"] });
    assert_eq!(
        api.send_as(owner, "POST", &bulk, Some(&empty), None)
            .await
            .status,
        400
    );
}

/// As upstream's bulk change: the dialogs it cannot find for the end user (another party's,
/// another service owner's, missing) are all named in one 404, before any revision is
/// compared, and nothing changes.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_bulk_set_with_another_partys_dialog_is_a_404_naming_it(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let owner = (SKATTEETATEN, BASIC);
    let karis = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let mut body = minimal();
    body["party"] = json!(PER);
    let pers = id_of(&api.create(SKATTEETATEN, &body).await);
    let mut body = minimal();
    body["serviceResource"] = json!("urn:altinn:resource:demo-sykepenger");
    let navs = api.create(NAV, &body).await;
    assert_eq!(navs.status, 201, "{}", navs.text());
    let navs = id_of(&navs);
    let missing = uuid::Uuid::now_v7().to_string();
    let bulk = format!("{DIALOGS}/endusercontext/systemlabels/actions/bulkset?endUserId={KARI}");
    let stale = uuid::Uuid::new_v4().to_string();
    let request = json!({
        "dialogs": [
            { "dialogId": karis, "endUserContextRevision": stale },
            { "dialogId": pers },
            { "dialogId": missing },
            { "dialogId": navs },
        ],
        "addLabels": ["Archive"],
    });
    let refused = api
        .send_as(owner, "POST", &bulk, Some(&request), None)
        .await;
    assert_eq!(refused.status, 404, "{}", refused.text());
    assert_eq!(
        refused.json()["errors"],
        json!({ "DialogEntity": [format!(
            "Entity 'DialogEntity' with the following key(s) was not found: ({pers}, {missing}, {navs})."
        )] })
    );
    assert_eq!(
        api.labels(&karis).await,
        json!(["Default"]),
        "nothing changed"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn end_user_contexts_are_listed_by_party_and_label(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let owner = (SKATTEETATEN, BASIC);
    let archived = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let other = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let archive = json!({ "addLabels": ["Archive"] });
    let path = labels_path(&archived, KARI);
    assert_eq!(
        api.send_as(owner, "PUT", &path, Some(&archive), None)
            .await
            .status,
        204
    );

    let list = format!("{DIALOGS}/endusercontext?party={KARI}");
    let all = api
        .send_as((SKATTEETATEN, SEARCH), "GET", &list, None, None)
        .await;
    assert_eq!(all.status, 200, "{}", all.text());
    let listed = all.json();
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["dialogId"].as_str())
        .collect();
    assert_eq!(ids, [other.as_str(), archived.as_str()], "newest first");

    let only_archived = api
        .send_as(
            (SKATTEETATEN, SEARCH),
            "GET",
            &format!("{list}&label=Archive&limit=5"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(only_archived["items"].as_array().map(Vec::len), Some(1));
    let item = &only_archived["items"][0];
    assert_eq!(item["dialogId"], archived.as_str());
    assert_eq!(item["systemLabels"], json!(["Archive"]));
    assert!(item["endUserContextRevision"].is_string());
    assert_eq!(only_archived["hasNextPage"], false);

    let no_party = api
        .send_as(
            (SKATTEETATEN, SEARCH),
            "GET",
            &format!("{DIALOGS}/endusercontext"),
            None,
            None,
        )
        .await;
    assert_eq!(no_party.status, 400);
    let no_scope = api
        .send_as((SKATTEETATEN, BASIC), "GET", &list, None, None)
        .await;
    assert_eq!(no_scope.status, 403);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_read_made_for_an_end_user_is_logged_once_per_version(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let owner = (SKATTEETATEN, BASIC);
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let mark = json!({ "addLabels": ["MarkedAsUnopened"] });
    let path = labels_path(&dialog, KARI);
    assert_eq!(
        api.send_as(owner, "PUT", &path, Some(&mark), None)
            .await
            .status,
        204
    );
    let seen_log = format!("{DIALOGS}/{dialog}/seenlog");
    let empty = api.send_as(owner, "GET", &seen_log, None, None).await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.json(), json!([]));

    let as_kari = format!("{DIALOGS}/{dialog}?endUserId={KARI}");
    let read = api.send_as(owner, "GET", &as_kari, None, None).await;
    assert_eq!(read.status, 200, "{}", read.text());
    let view = read.json();
    assert_eq!(view["seenSinceLastUpdate"][0]["seenBy"]["actorId"], KARI);
    assert_eq!(view["seenSinceLastUpdate"][0]["isCurrentEndUser"], true);
    assert_eq!(view["isContentSeen"], true);
    assert_eq!(
        view["endUserContext"]["systemLabels"],
        json!(["Default"]),
        "reading unmarks"
    );
    assert_eq!(
        api.send_as(owner, "GET", &as_kari, None, None).await.status,
        200
    );

    let log = api
        .send_as(owner, "GET", &seen_log, None, None)
        .await
        .json();
    assert_eq!(log.as_array().map(Vec::len), Some(1), "{log}");
    let entry = &log[0];
    assert_eq!(entry["isViaServiceOwner"], true);
    assert_eq!(entry["seenBy"]["actorName"], "Kari Nordmann");
    assert!(entry.get("isCurrentEndUser").is_none());
    let id = entry["id"].as_str().expect("id");
    let one = api
        .send_as(owner, "GET", &format!("{seen_log}/{id}"), None, None)
        .await;
    assert_eq!(one.json(), *entry);
    let unknown = format!("{seen_log}/{}", uuid::Uuid::now_v7());
    assert_eq!(
        api.send_as(owner, "GET", &unknown, None, None).await.status,
        404
    );
    assert_eq!(
        api.send_as((NAV, BASIC), "GET", &seen_log, None, None)
            .await
            .status,
        404
    );

    let found = api
        .send_as(
            (SKATTEETATEN, SEARCH),
            "GET",
            &format!("{DIALOGS}?endUserId={KARI}"),
            None,
            None,
        )
        .await
        .json();
    let seen = &found["items"][0]["seenSinceLastUpdate"];
    assert_eq!(seen.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(seen[0]["isCurrentEndUser"], true);
    let plain = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(plain["seenSinceLastUpdate"][0]["isCurrentEndUser"], false);
    // As upstream: an end user with no right on the dialog does not find it.
    let stranger = format!("{DIALOGS}/{dialog}?endUserId={PER}");
    assert_eq!(
        api.send_as(owner, "GET", &stranger, None, None)
            .await
            .status,
        404
    );
}

/// A dialog with one transmission: its id, the transmission's, and the dialog as read.
async fn dialog_with_one_transmission(api: &ServiceOwnerApi) -> (String, String, Value) {
    let mut body = minimal();
    let transmission = uuid::Uuid::now_v7().to_string();
    body["transmissions"] = json!([{ "id": transmission, "type": "Information",
        "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Vedtak" }] } } }]);
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let read = api.get(SKATTEETATEN, &dialog).await.json();
    (dialog, transmission, read)
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_transmission_is_corrected_only_silently_and_with_the_scope(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let (dialog, transmission, before) = dialog_with_one_transmission(&api).await;
    let path = format!("{DIALOGS}/{dialog}/transmissions/{transmission}");
    let corrected = json!({ "type": "Decision", "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Vedtak (rettet)" }] } } });

    let loud = api
        .send_as((SKATTEETATEN, CHANGE), "PUT", &path, Some(&corrected), None)
        .await;
    assert_eq!(loud.status, 400, "{}", loud.text());
    let silent = format!("{path}?isSilentUpdate=true");
    let no_scope = api
        .send_as(
            (SKATTEETATEN, BASIC),
            "PUT",
            &silent,
            Some(&corrected),
            None,
        )
        .await;
    assert_eq!(no_scope.status, 403);
    let stale = uuid::Uuid::new_v4().to_string();
    let conflict = api
        .send_as(
            (SKATTEETATEN, CHANGE),
            "PUT",
            &silent,
            Some(&corrected),
            Some(&stale),
        )
        .await;
    assert_eq!(conflict.status, 412);
    let unknown = format!(
        "{DIALOGS}/{dialog}/transmissions/{}?isSilentUpdate=true",
        uuid::Uuid::now_v7()
    );
    let missing = api
        .send_as(
            (SKATTEETATEN, CHANGE),
            "PUT",
            &unknown,
            Some(&corrected),
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    let invalid = json!({ "type": "Decision" });
    let bad = api
        .send_as((SKATTEETATEN, CHANGE), "PUT", &silent, Some(&invalid), None)
        .await;
    assert_eq!(bad.status, 400);

    let done = api
        .send_as(
            (SKATTEETATEN, CHANGE),
            "PUT",
            &silent,
            Some(&corrected),
            None,
        )
        .await;
    assert_eq!(done.status, 204, "{}", done.text());
    let after = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(after["revision"], done.header("etag"));
    assert_eq!(after["updatedAt"], before["updatedAt"]);
    let stored = &after["transmissions"][0];
    assert_eq!(stored["id"], transmission.as_str());
    assert_eq!(stored["type"], "Decision");
    assert_eq!(
        stored["content"]["title"]["value"][0]["value"],
        "Vedtak (rettet)"
    );
    assert_eq!(stored["createdAt"], before["transmissions"][0]["createdAt"]);
    assert_eq!(after["transmissions"].as_array().map(Vec::len), Some(1));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn is_silent_update_in_the_body_of_put_transmission_counts(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let (dialog, transmission, before) = dialog_with_one_transmission(&api).await;
    let path = format!("{DIALOGS}/{dialog}/transmissions/{transmission}");
    let corrected = json!({ "IsSilentUpdate": true, "type": "Decision",
        "sender": { "actorType": "ServiceOwner" },
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Vedtak (rettet)" }] } } });
    let done = api
        .send_as((SKATTEETATEN, CHANGE), "PUT", &path, Some(&corrected), None)
        .await;
    assert_eq!(done.status, 204, "{}", done.text());
    let after = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(after["updatedAt"], before["updatedAt"]);
    assert_eq!(after["transmissions"][0]["type"], "Decision");
    let mut loud = corrected.clone();
    loud["IsSilentUpdate"] = json!(false);
    let refused = api
        .send_as((SKATTEETATEN, CHANGE), "PUT", &path, Some(&loud), None)
        .await;
    assert_eq!(refused.status, 400, "{}", refused.text());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn end_user_id_as_a_bare_national_identity_number_is_accepted(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let bare = KARI.rsplit(':').next().expect("a number");
    let read = api
        .send_as(
            (SKATTEETATEN, BASIC),
            "GET",
            &format!("{DIALOGS}/{dialog}?endUserId={bare}"),
            None,
            None,
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.text());
    assert_eq!(
        read.json()["seenSinceLastUpdate"][0]["seenBy"]["actorId"],
        KARI
    );
    assert_eq!(
        read.json()["seenSinceLastUpdate"][0]["isCurrentEndUser"],
        true
    );
    let found = api
        .send_as(
            (SKATTEETATEN, SEARCH),
            "GET",
            &format!("{DIALOGS}?party={KARI}&endUserId={bare}"),
            None,
            None,
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.text());
    assert_eq!(found.json()["items"][0]["id"], dialog.as_str());
    let invalid = api
        .send_as(
            (SKATTEETATEN, BASIC),
            "GET",
            &format!("{DIALOGS}/{dialog}?endUserId=12345678901"),
            None,
            None,
        )
        .await;
    assert_eq!(invalid.status, 400, "{}", invalid.text());
    assert!(
        invalid.json()["errors"]["EndUserId"][0]
            .as_str()
            .is_some_and(
                |message| message.starts_with("EndUserId must be a valid end user identifier")
            ),
        "{}",
        invalid.text()
    );
}
