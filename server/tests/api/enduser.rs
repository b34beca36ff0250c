//! The end-user API as personas use it: a citizen, business representatives with roles and
//! access packages, and a stranger; dialog tokens verified as a service owner would.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::common::{
    TestResponse, call, call_if_match,
    personas::{ENDUSER, FJORDKRAFT, INGRID, KARI, OLA, person},
    service_owner::{DIALOGS, SKATTEETATEN, ServiceOwnerApi, id_of, in_days},
};

const PER: &str = "12128545601";
const SOFIE: &str = "30089956788";
const FJORDKRAFT_BERGEN: &str = "urn:altinn:organization:identifier-no:311568906";
const HAVBRUK: &str = "urn:altinn:organization:identifier-no:313774201";
const NAV: (&str, &str) = ("nav", "889640782");
/// How upstream writes persons' ids in end-user responses.
const EPHEMERAL: &str = "urn:altinn:person:identifier-ephemeral:";

impl ServiceOwnerApi {
    fn person_token(&self, pid: &str, level: u8) -> String {
        let issuer = self.state.test_tokens.as_ref().expect("enabled");
        let pid = server::domain::party::NationalIdentityNumber::parse(pid).expect("valid");
        let consumer =
            server::domain::party::OrganizationNumber::parse("991825827").expect("valid");
        issuer
            .personal_token(&pid, "digdir:dialogporten", level, &consumer, 600)
            .expect("signs")
    }

    pub(crate) async fn as_person(
        &self,
        pid: &str,
        method: &str,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        self.as_person_at(pid, 3, method, path, body, if_match)
            .await
    }

    async fn as_person_at(
        &self,
        pid: &str,
        level: u8,
        method: &str,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.person_token(pid, level);
        let body = body.map(|body| ("application/json", body.to_string()));
        call_if_match(&self.app, method, path, Some(&token), body, if_match).await
    }

    /// Opens a dialog as the person: the dialog, and its end-user-context revision.
    async fn opened(&self, pid: &str, path: &str) -> (Value, String) {
        let opened = self.as_person(pid, "GET", path, None, None).await;
        assert_eq!(opened.status, 200, "{}", opened.text());
        let opened = opened.json();
        let revision = opened["endUserContext"]["revision"]
            .as_str()
            .expect("revision")
            .to_owned();
        (opened, revision)
    }

    async fn found(&self, pid: &str, query: &str) -> BTreeSet<String> {
        let response = self
            .as_person(pid, "GET", &format!("{ENDUSER}?{query}"), None, None)
            .await;
        listed(&response, query)
    }

    /// An end user known by a token from the test generator (`path`), to call as them.
    async fn bearer(&self, path: &str) -> Bearer<'_> {
        let token = call(&self.app, "GET", path, None, None).await;
        assert_eq!(token.status, 200, "{}", token.text());
        Bearer {
            app: &self.app,
            token: token.text(),
        }
    }

    async fn dialog(
        &self,
        owner: (&str, &str),
        resource: &str,
        party: &str,
        extra: Value,
    ) -> String {
        let mut body = json!({
            "serviceResource": format!("urn:altinn:resource:{resource}"),
            "party": party,
            "content": { "title": { "value": [{ "languageCode": "nb", "value": format!("Sak om {resource}") }] } }
        });
        for (key, value) in extra.as_object().expect("object") {
            body[key] = value.clone();
        }
        let created = self.create(owner, &body).await;
        assert_eq!(created.status, 201, "{}", created.text());
        id_of(&created)
    }
}

/// The ids a search answered.
fn listed(response: &TestResponse, query: &str) -> BTreeSet<String> {
    assert_eq!(response.status, 200, "{query}: {}", response.text());
    response.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Calls as the end user a token names.
struct Bearer<'a> {
    app: &'a axum::Router,
    token: String,
}

impl Bearer<'_> {
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> TestResponse {
        let body = body.map(|body| ("application/json", body.to_string()));
        call_if_match(self.app, method, path, Some(&self.token), body, if_match).await
    }

    async fn found(&self, query: &str) -> BTreeSet<String> {
        listed(
            &self
                .call("GET", &format!("{ENDUSER}?{query}"), None, None)
                .await,
            query,
        )
    }

    /// Opens a dialog: it, and its end-user-context revision.
    async fn opened(&self, path: &str) -> (Value, String) {
        let opened = self.call("GET", path, None, None).await;
        assert_eq!(opened.status, 200, "{}", opened.text());
        let opened = opened.json();
        let revision = opened["endUserContext"]["revision"]
            .as_str()
            .expect("revision")
            .to_owned();
        (opened, revision)
    }

    /// Moves the opened dialog at `path` to the archive.
    async fn archive(&self, path: &str, revision: &str) {
        let labels = format!("{path}/context/systemlabels");
        let archived = self
            .call(
                "PUT",
                &labels,
                Some(&json!({ "addLabels": ["Archive"] })),
                Some(revision),
            )
            .await;
        assert_eq!(archived.status, 204, "{}", archived.text());
    }
}

fn set(ids: &[&String]) -> BTreeSet<String> {
    ids.iter().map(|id| (*id).clone()).collect()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_citizen_sees_their_own_dialogs_and_no_one_elses(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let karis = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let olas = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(OLA), json!({}))
        .await;
    let party = |pid: &str| format!("party={}", person(pid));

    assert_eq!(api.found(KARI, &party(KARI)).await, set(&[&karis]));
    assert!(api.found(KARI, &party(OLA)).await.is_empty());
    assert_eq!(api.found(OLA, &party(OLA)).await, set(&[&olas]));
    assert!(
        api.found(PER, &party(KARI)).await.is_empty(),
        "a stranger finds nothing"
    );
    assert!(api.found(PER, &party(PER)).await.is_empty());

    let own = api
        .as_person(KARI, "GET", &format!("{ENDUSER}/{karis}"), None, None)
        .await;
    assert_eq!(own.status, 200, "{}", own.text());
    for (pid, dialog) in [(KARI, &olas), (PER, &karis)] {
        let refused = api
            .as_person(pid, "GET", &format!("{ENDUSER}/{dialog}"), None, None)
            .await;
        assert_eq!(refused.status, 403, "{pid} reads {dialog}");
        let parts = api
            .as_person(
                pid,
                "GET",
                &format!("{ENDUSER}/{dialog}/transmissions"),
                None,
                None,
            )
            .await;
        assert_eq!(parts.status, 404, "sub-resources say not found");
    }
    let missing = api
        .as_person(
            KARI,
            "GET",
            &format!("{ENDUSER}/{}", uuid::Uuid::now_v7()),
            None,
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    let no_filter = api.as_person(KARI, "GET", ENDUSER, None, None).await;
    assert_eq!(
        no_filter.status, 400,
        "party or serviceResource is required"
    );
    let service_owner = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    let wrong_caller = crate::common::call(
        &api.app,
        "GET",
        &format!("{ENDUSER}?{}", party(KARI)),
        Some(&service_owner),
        None,
    )
    .await;
    assert_eq!(wrong_caller.status, 403);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn business_representatives_see_what_their_roles_and_packages_allow(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let vat = api
        .dialog(SKATTEETATEN, "demo-mva-melding", FJORDKRAFT, json!({}))
        .await;
    let vat_bergen = api
        .dialog(
            SKATTEETATEN,
            "demo-mva-melding",
            FJORDKRAFT_BERGEN,
            json!({}),
        )
        .await;
    let employment = api
        .dialog(NAV, "demo-arbeidsforhold", FJORDKRAFT, json!({}))
        .await;
    let havbruk = api
        .dialog(NAV, "demo-arbeidsforhold", HAVBRUK, json!({}))
        .await;
    let all = format!("party={FJORDKRAFT}&party={FJORDKRAFT_BERGEN}&party={HAVBRUK}");

    assert_eq!(
        api.found(OLA, &all).await,
        set(&[&vat, &vat_bergen, &employment]),
        "the general manager sees the organisation and its sub-units"
    );
    assert_eq!(
        api.found(INGRID, &all).await,
        set(&[&vat, &vat_bergen]),
        "the VAT package reaches VAT returns of the organisation and its sub-units, not employment"
    );
    assert_eq!(
        api.found(SOFIE, &all).await,
        set(&[&havbruk]),
        "the accountant role reads employment"
    );
    assert!(api.found(PER, &all).await.is_empty());
    let by_service = api
        .found(
            OLA,
            "serviceResource=urn:altinn:resource:demo-arbeidsforhold",
        )
        .await;
    assert_eq!(by_service, set(&[&employment]));
    assert_eq!(
        api.found(OLA, &format!("{all}&org=nav")).await,
        set(&[&employment])
    );

    let parties = api
        .as_person(OLA, "GET", "/api/v1/enduser/parties", None, None)
        .await
        .json();
    let listed = parties["authorizedParties"].as_array().expect("parties");
    // Organisations first and the person last, as upstream lists them.
    let types: Vec<&str> = listed
        .iter()
        .filter_map(|party| party["partyType"].as_str())
        .collect();
    assert!(
        types.len() > 1
            && types[..types.len() - 1]
                .iter()
                .all(|t| *t == "Organization")
    );
    let ola = listed.last().expect("the person");
    assert_eq!(ola["party"], person(OLA));
    assert_eq!(ola["isCurrentEndUser"], true);
    assert_eq!(
        ola["dateOfBirth"], "1975-05-15",
        "from the national identity number"
    );
    assert!(
        ola.get("subParties").is_none(),
        "no sub-parties is null: {ola}"
    );
    let fjordkraft = listed
        .iter()
        .find(|p| p["party"] == FJORDKRAFT)
        .expect("Fjordkraft");
    assert_eq!(fjordkraft["hasKeyRole"], true);
    assert_eq!(fjordkraft["partyType"], "Organization");
    assert!(fjordkraft.get("dateOfBirth").is_none());
    assert_eq!(fjordkraft["subParties"].as_array().map(Vec::len), Some(2));

    let resources = api
        .as_person(
            INGRID,
            "GET",
            &format!("/api/v1/enduser/serviceresources?party={FJORDKRAFT}"),
            None,
            None,
        )
        .await
        .json();
    let ids: Vec<&str> = resources["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["serviceResource"]["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        ["demo-mva-melding"],
        "ids without the URN prefix, as upstream"
    );
}

fn vat_with_actions() -> Value {
    json!({
        "guiActions": [
            { "action": "write", "url": "https://mva.example/fill", "priority": "Primary", "title": [{ "languageCode": "nb", "value": "Fyll ut" }] },
            { "action": "sign", "url": "https://mva.example/sign", "authorizationAttribute": "urn:altinn:task:signering", "httpMethod": "POST", "priority": "Secondary", "title": [{ "languageCode": "nb", "value": "Signer" }] }
        ],
        "transmissions": [{
            "type": "Information", "authorizationAttribute": "urn:altinn:subresource:kvittering",
            "sender": { "actorType": "ServiceOwner" },
            "content": { "title": { "value": [{ "languageCode": "nb", "value": "Kvittering" }] } },
            "attachments": [{ "displayName": [{ "languageCode": "nb", "value": "kvittering.pdf" }],
                "urls": [{ "url": "https://mva.example/kvittering.pdf", "consumerType": "Gui" }] }]
        }],
        "attachments": [{ "displayName": [{ "languageCode": "nb", "value": "Veiledning" }],
            "urls": [{ "url": "https://mva.example/veiledning.pdf", "consumerType": "Gui" }] }]
    })
}

/// As upstream's service-owner GET with `endUserId`: every action, transmission and the main
/// content reference says whether that end user may use it (URLs are left as they are), a GET
/// naming nobody says nothing, and an end user without rights on the dialog gets a 404.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_service_owner_get_with_end_user_id_computes_is_authorized_everywhere(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut extra = vat_with_actions();
    extra["apiActions"] = json!([
        { "action": "write", "endpoints": [{ "url": "https://mva.example/api", "httpMethod": "POST" }] },
        { "action": "sign", "authorizationAttribute": "urn:altinn:task:signering",
          "endpoints": [{ "url": "https://mva.example/api/sign", "httpMethod": "POST" }] }
    ]);
    extra["content"] = json!({
        "title": { "value": [{ "languageCode": "nb", "value": "Mva-melding" }] },
        "mainContentReference": { "value": [{ "languageCode": "nb", "value": "https://mva.example/main" }],
            "mediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown" }
    });
    let dialog = api
        .dialog(SKATTEETATEN, "demo-mva-melding", FJORDKRAFT, extra)
        .await;
    let owner = (SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    let read_for =
        |pid: &str| format!("{DIALOGS}/{dialog}?endUserId=urn:altinn:person:identifier-no:{pid}");

    // What the end user's own GET says, part by part.
    let decisions = |view: &Value| -> Vec<Value> {
        let mut found: Vec<Value> = ["guiActions", "apiActions", "transmissions"]
            .iter()
            .flat_map(|parts| view[*parts].as_array().cloned().unwrap_or_default())
            .map(|part| part["isAuthorized"].clone())
            .collect();
        found.push(view["content"]["mainContentReference"]["isAuthorized"].clone());
        found
    };
    for (pid, expected) in [
        (INGRID, [true, false, true, false, true, true]),
        (OLA, [true, true, true, true, false, true]),
    ] {
        let read = api.send_as(owner, "GET", &read_for(pid), None, None).await;
        assert_eq!(read.status, 200, "{}", read.text());
        let view = read.json();
        let expected: Vec<Value> = expected.into_iter().map(Value::Bool).collect();
        assert_eq!(decisions(&view), expected, "{pid}: {view}");
        let own = api
            .as_person(pid, "GET", &format!("{ENDUSER}/{dialog}"), None, None)
            .await
            .json();
        assert_eq!(
            decisions(&view),
            decisions(&own),
            "as the end-user API decides"
        );
        assert_eq!(view["guiActions"][1]["url"], "https://mva.example/sign");
        assert_eq!(
            view["content"]["mainContentReference"]["value"][0]["value"],
            "https://mva.example/main"
        );
    }

    let plain = api.get(SKATTEETATEN, &dialog).await.json();
    assert!(
        plain["guiActions"][0].get("isAuthorized").is_none(),
        "{plain}"
    );
    assert!(plain["apiActions"][0].get("isAuthorized").is_none());
    assert!(plain["transmissions"][0].get("isAuthorized").is_none());
    assert!(
        plain["content"]["mainContentReference"]
            .get("isAuthorized")
            .is_none()
    );
    assert_eq!(
        plain["content"]["title"]["value"][0]["value"],
        "Mva-melding"
    );

    let stranger = api.send_as(owner, "GET", &read_for(PER), None, None).await;
    assert_eq!(stranger.status, 404, "{}", stranger.text());
    assert_eq!(
        stranger.json()["errors"]["DialogEntity"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn each_action_and_transmission_says_whether_the_user_may_use_it(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = api
        .dialog(
            SKATTEETATEN,
            "demo-mva-melding",
            FJORDKRAFT,
            vat_with_actions(),
        )
        .await;
    let path = format!("{ENDUSER}/{dialog}");

    let ola = api.as_person(OLA, "GET", &path, None, None).await;
    assert_eq!(ola.status, 200, "{}", ola.text());
    let view = ola.json();
    assert_eq!(view["guiActions"][0]["isAuthorized"], true);
    assert_eq!(view["guiActions"][1]["isAuthorized"], true, "DAGL may sign");
    assert_eq!(view["guiActions"][1]["url"], "https://mva.example/sign");
    let receipt = &view["transmissions"][0];
    assert_eq!(
        receipt["isAuthorized"], false,
        "the receipt is for the VAT package"
    );
    assert_eq!(
        receipt["attachments"][0]["urls"][0]["url"],
        "urn:dialogporten:unauthorized"
    );
    assert!(receipt.get("idempotentKey").is_none());
    assert_eq!(
        view["attachments"][0]["urls"][0]["url"],
        "https://mva.example/veiledning.pdf"
    );
    assert!(view.get("serviceOwnerContext").is_none() && view.get("searchTags").is_none());
    assert_eq!(
        ola.header("etag"),
        view["revision"].as_str().expect("revision")
    );

    let ingrid = api.as_person(INGRID, "GET", &path, None, None).await.json();
    assert_eq!(ingrid["guiActions"][0]["isAuthorized"], true);
    assert_eq!(ingrid["guiActions"][1]["isAuthorized"], false);
    assert_eq!(
        ingrid["guiActions"][1]["url"],
        "urn:dialogporten:unauthorized"
    );
    assert_eq!(ingrid["transmissions"][0]["isAuthorized"], true);
    assert_eq!(
        ingrid["transmissions"][0]["attachments"][0]["urls"][0]["url"],
        "https://mva.example/kvittering.pdf"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn dates_deletion_and_the_authentication_level_are_respected(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let later = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(KARI),
            json!({ "visibleFrom": in_days(2) }),
        )
        .await;
    let not_yet = api
        .as_person(KARI, "GET", &format!("{ENDUSER}/{later}"), None, None)
        .await;
    assert_eq!(not_yet.status, 404);
    assert!(
        not_yet.header("expires").ends_with("GMT"),
        "{:?}",
        not_yet.headers
    );
    assert!(
        api.found(KARI, &format!("party={}", person(KARI)))
            .await
            .is_empty(),
        "not listed before visibleFrom"
    );

    let deleted = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    let removed = crate::common::call(
        &api.app,
        "DELETE",
        &format!("{DIALOGS}/{deleted}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(removed.status, 204);
    let gone = api
        .as_person(KARI, "GET", &format!("{ENDUSER}/{deleted}"), None, None)
        .await;
    assert_eq!(gone.status, 410);
    assert_eq!(
        gone.json()["errors"],
        json!({ "DialogEntity": [format!(
            "Entity 'DialogEntity' with the following key(s) is removed: ({deleted})."
        )] })
    );
    let missing = uuid::Uuid::now_v7();
    let not_found = api
        .as_person(KARI, "GET", &format!("{ENDUSER}/{missing}"), None, None)
        .await;
    assert_eq!(not_found.status, 404);
    assert_eq!(
        not_found.json()["errors"],
        json!({ "DialogEntity": [format!(
            "Entity 'DialogEntity' with the following key(s) was not found: ({missing})."
        )] })
    );

    let sensitive = json!({ "content": {
        "title": { "value": [{ "languageCode": "nb", "value": "Sykmelding for diagnose X" }] },
        "nonSensitiveTitle": { "value": [{ "languageCode": "nb", "value": "Melding om sykepenger" }] } } });
    let sick_leave = api
        .dialog(NAV, "demo-sykepenger", &person(KARI), sensitive)
        .await;
    let weak = api
        .as_person_at(
            KARI,
            3,
            "GET",
            &format!("{ENDUSER}/{sick_leave}"),
            None,
            None,
        )
        .await;
    assert_eq!(weak.status, 403, "{}", weak.text());
    assert_eq!(
        weak.json()["errors"],
        json!({ "Forbidden": ["Altinn authentication level too low."] }),
        "too low a level is Forbidden, as upstream words it"
    );
    let listed = api
        .as_person_at(
            KARI,
            3,
            "GET",
            &format!("{ENDUSER}?serviceResource=urn:altinn:resource:demo-sykepenger"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(
        listed["items"][0]["content"]["title"]["value"][0]["value"],
        "Melding om sykepenger"
    );
    let strong = api
        .as_person_at(
            KARI,
            4,
            "GET",
            &format!("{ENDUSER}/{sick_leave}"),
            None,
            None,
        )
        .await;
    assert_eq!(strong.status, 200);
    assert_eq!(
        strong.json()["content"]["title"]["value"][0]["value"],
        "Sykmelding for diagnose X"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn opening_a_dialog_is_logged_and_labels_change_with_their_own_revision(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let base = format!("{ENDUSER}/{dialog}");
    let (opened, revision) = api.opened(KARI, &base).await;
    assert_eq!(opened["isContentSeen"], true);
    assert_eq!(opened["seenSinceLastUpdate"][0]["isCurrentEndUser"], true);
    let log = api
        .as_person(KARI, "GET", &format!("{base}/seenlog"), None, None)
        .await
        .json();
    assert_eq!(log.as_array().map(Vec::len), Some(1));
    assert_eq!(log[0]["isViaServiceOwner"], false);
    assert!(
        log[0]["seenBy"]["actorId"]
            .as_str()
            .is_some_and(|id| id.starts_with(EPHEMERAL)),
        "{log}"
    );
    assert_eq!(log[0]["isCurrentEndUser"], true);
    let entry = api
        .as_person(
            KARI,
            "GET",
            &format!("{base}/seenlog/{}", log[0]["id"].as_str().expect("id")),
            None,
            None,
        )
        .await;
    assert_eq!(entry.json()["id"], log[0]["id"]);

    let labels = format!("{base}/context/systemlabels");
    let bin = json!({ "addLabels": ["Bin"] });
    let stale = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        api.as_person(KARI, "PUT", &labels, Some(&bin), Some(&stale))
            .await
            .status,
        412
    );
    let changed = api
        .as_person(KARI, "PUT", &labels, Some(&bin), Some(&revision))
        .await;
    assert_eq!(changed.status, 204, "{}", changed.text());
    assert_ne!(changed.header("etag"), revision);
    assert_eq!(
        api.as_person(
            KARI,
            "PUT",
            &labels,
            Some(&json!({ "addLabels": ["Sent"] })),
            None
        )
        .await
        .status,
        400
    );
    assert_eq!(
        api.as_person(PER, "PUT", &labels, Some(&bin), None)
            .await
            .status,
        403
    );

    let label_log = api
        .as_person(KARI, "GET", &format!("{base}/context/labellog"), None, None)
        .await
        .json();
    assert_eq!(label_log[0]["name"], "systemlabel:Bin");
    assert_eq!(label_log[0]["action"], "set");
    assert!(
        label_log[0]["performedBy"]["actorId"]
            .as_str()
            .is_some_and(|id| id.starts_with(EPHEMERAL)),
        "{label_log}"
    );
    let binned = api
        .found(KARI, &format!("party={}&systemLabel=Bin", person(KARI)))
        .await;
    assert_eq!(binned, set(&[&dialog]));

    let other = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let olas = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(OLA), json!({}))
        .await;
    let bulk = "/api/v1/enduser/dialogs/context/systemlabels/actions/bulkset";
    let foreign = json!({ "dialogs": [{ "dialogId": other }, { "dialogId": olas }], "addLabels": ["Archive"] });
    assert_eq!(
        api.as_person(KARI, "POST", bulk, Some(&foreign), None)
            .await
            .status,
        404
    );
    let own = json!({ "dialogs": [{ "dialogId": other }, { "dialogId": dialog }], "addLabels": ["Archive"] });
    assert_eq!(
        api.as_person(KARI, "POST", bulk, Some(&own), None)
            .await
            .status,
        204
    );
    let archived = api
        .found(KARI, &format!("party={}&systemLabel=Archive", person(KARI)))
        .await;
    assert_eq!(archived, set(&[&dialog, &other]));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_dialog_can_be_looked_up_by_reference_by_those_who_may_see_it(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = api
        .dialog(SKATTEETATEN, "demo-mva-melding", FJORDKRAFT, json!({}))
        .await;
    let path = format!("/api/v1/enduser/dialoglookup?instanceRef=urn:altinn:dialog-id:{dialog}");
    let found = api.as_person(INGRID, "GET", &path, None, None).await;
    assert_eq!(found.status, 200, "{}", found.text());
    let view = found.json();
    assert_eq!(view["dialogId"], dialog.as_str());
    assert_eq!(view["authorizationEvidence"]["viaAccessPackage"], true);
    assert_eq!(
        view["authorizationEvidence"]["evidence"][0]["subject"],
        "urn:altinn:accesspackage:merverdiavgift"
    );
    assert_eq!(
        api.as_person(PER, "GET", &path, None, None).await.status,
        404
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn inflected_norwegian_words_are_found(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let titled = |language: &str, title: &str| json!({ "content": { "title": { "value": [{ "languageCode": language, "value": title }] } } });
    let bokmaal = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(KARI),
            titled("nb", "Søknaden om utsettelse er mottatt"),
        )
        .await;
    let nynorsk = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(KARI),
            titled("nn", "Vedtaket om skattetrekk"),
        )
        .await;
    let party = format!("party={}", person(KARI));
    assert_eq!(
        api.found(KARI, &format!("{party}&search=søknader")).await,
        set(&[&bokmaal])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&search=utsettelsen%20mottatt"))
            .await,
        set(&[&bokmaal])
    );
    assert_eq!(
        api.found(
            KARI,
            &format!("{party}&search=vedtak&searchLanguageCode=nn")
        )
        .await,
        set(&[&nynorsk])
    );
    assert!(
        api.found(KARI, &format!("{party}&search=søknader%20skattetrekk"))
            .await
            .is_empty(),
        "every word must match"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_dialog_token_verifies_against_the_published_keys_and_nothing_else(pool: PgPool) {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use server::verify::{VerifyError, verify_dialog_token};

    let api = ServiceOwnerApi::new(pool).await;
    let dialog = api
        .dialog(
            SKATTEETATEN,
            "demo-mva-melding",
            FJORDKRAFT,
            vat_with_actions(),
        )
        .await;
    let view = api
        .as_person(OLA, "GET", &format!("{ENDUSER}/{dialog}"), None, None)
        .await
        .json();
    let token = view["dialogToken"].as_str().expect("a token").to_owned();

    let jwks = crate::common::get(&api.app, "/api/v1/.well-known/jwks.json")
        .await
        .json();
    assert_eq!(
        jwks["keys"].as_array().map(Vec::len),
        Some(2),
        "two keys for rotation"
    );
    let metadata = crate::common::get(&api.app, "/api/v1/.well-known/oauth-authorization-server")
        .await
        .json();
    let issuer = metadata["issuer"].as_str().expect("issuer");
    assert_eq!(issuer, "http://localhost:3000/api/v1");
    assert_eq!(
        metadata["jwks_uri"],
        format!("{issuer}/.well-known/jwks.json")
    );

    // The service owner's side, with jsonwebtoken (our tokens are signed without it).
    let verified = verify_dialog_token(&token, &jwks, issuer).expect("verifies");
    assert_eq!(verified.end_user, person(OLA));
    assert_eq!(verified.party, FJORDKRAFT);
    assert_eq!(
        verified.service_resource,
        "urn:altinn:resource:demo-mva-melding"
    );
    assert_eq!(verified.dialog_id.to_string(), dialog);
    assert_eq!(verified.authentication_level, 3);
    assert_eq!(
        verified.actions,
        "read;sign,urn:altinn:task:signering;write"
    );
    assert!(
        verified.allows("write", None)
            && verified.allows("sign", Some("urn:altinn:task:signering"))
    );
    assert!(!verified.allows(
        "transmissionread",
        Some("urn:altinn:subresource:kvittering")
    ));
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').next().expect("header"))
            .expect("b64"),
    )
    .expect("json");
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["typ"], "JWT");
    let payload: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(1).expect("payload"))
            .expect("b64"),
    )
    .expect("json");
    assert_eq!(
        payload["exp"].as_i64().expect("exp") - payload["iat"].as_i64().expect("iat"),
        600
    );
    assert_eq!(payload["nbf"], payload["iat"]);
    assert!(payload["jti"].is_string());

    // Tampered: another party in the payload, the signature kept.
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut forged = payload.clone();
    forged["p"] = json!(HAVBRUK);
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).expect("json"));
    assert!(matches!(
        verify_dialog_token(&parts.join("."), &jwks, issuer),
        Err(VerifyError::Invalid(_))
    ));
    // Another issuer.
    assert!(verify_dialog_token(&token, &jwks, "https://elsewhere.example/api/v1").is_err());
    // The signing key removed from the set: only the other key is left.
    let kid = header["kid"].as_str().expect("kid");
    let others: Vec<&Value> = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .filter(|key| key["kid"] != kid)
        .collect();
    assert_eq!(others.len(), 1);
    assert!(matches!(
        verify_dialog_token(&token, &json!({ "keys": others }), issuer),
        Err(VerifyError::UnknownKey)
    ));
    // Expired: a token issued eleven minutes ago by the same keys.
    let claims = server::auth::dialog_token::DialogTokenClaims {
        end_user: person(OLA),
        system_user: None,
        authentication_level: 3,
        party: FJORDKRAFT.into(),
        service_resource: "urn:altinn:resource:demo-mva-melding".into(),
        dialog_id: uuid::Uuid::parse_str(&dialog).expect("uuid"),
        actions: vec![("read".into(), None)],
        authorized_entities: Vec::new(),
    };
    let old = api
        .state
        .dialog_tokens
        .issue(&claims, chrono::Utc::now() - chrono::Duration::minutes(11))
        .expect("signs");
    assert!(matches!(
        verify_dialog_token(&old, &jwks, issuer),
        Err(VerifyError::Invalid(_))
    ));
    let fresh = api
        .state
        .dialog_tokens
        .issue(&claims, chrono::Utc::now())
        .expect("signs");
    assert!(verify_dialog_token(&fresh, &jwks, issuer).is_ok());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn continuation_tokens_walk_more_than_a_thousand_dialogs(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let owner = server::auth::principal::ServiceOwner {
        organization_number: server::domain::party::OrganizationNumber::parse("974761076")
            .expect("valid"),
        org: Some("skd".into()),
        scopes: server::auth::principal::Scopes::parse("digdir:dialogporten.serviceprovider"),
    };
    let mut created = BTreeSet::new();
    for index in 0..1050 {
        let body = json!({
            "serviceResource": "urn:altinn:resource:demo-skattemelding",
            "party": person(KARI),
            "content": { "title": { "value": [{ "languageCode": "nb", "value": format!("Sak {index}") }] } }
        });
        let request = serde_json::from_value(body).expect("a create request");
        let made = server::service::dialogs::create(
            &pool,
            &api.state.authorizer,
            &owner,
            server::service::Write::default(),
            &request,
        )
        .await
        .expect("created");
        created.insert(made.id.to_string());
    }
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    let mut query = format!("party={}&limit=1000&orderBy=createdAt_asc", person(KARI));
    loop {
        let page = api
            .as_person(KARI, "GET", &format!("{ENDUSER}?{query}"), None, None)
            .await
            .json();
        pages += 1;
        for item in page["items"].as_array().expect("items") {
            assert!(
                seen.insert(item["id"].as_str().expect("id").to_owned()),
                "no duplicates"
            );
        }
        if page["hasNextPage"] == false {
            break;
        }
        let token = page["continuationToken"].as_str().expect("a token");
        query = format!(
            "party={}&limit=1000&orderBy=createdAt_asc&continuationToken={}",
            person(KARI),
            app::model::inbox::encode(token)
        );
    }
    assert_eq!(pages, 2);
    assert_eq!(seen, created, "no gaps");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn free_text_results_can_be_ranked_and_paged_by_relevance(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let content = |title: &str, summary: &str| {
        json!({ "content": {
            "title": { "value": [{ "languageCode": "nb", "value": title }] },
            "summary": { "value": [{ "languageCode": "nb", "value": summary }] } } })
    };
    let in_summary = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(KARI),
            content("Brev fra Skatteetaten", "Gjelder formuesskatt"),
        )
        .await;
    let in_title = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(KARI),
            content("Formuesskatt for 2025", "Formuesskatt og gjeld"),
        )
        .await;
    api.dialog(
        SKATTEETATEN,
        "demo-skattemelding",
        &person(KARI),
        content("Noe annet", "Ingen treff"),
    )
    .await;

    let query = format!(
        "party={}&search=formuesskatt&orderBy=relevance&limit=1",
        person(KARI)
    );
    let first = api
        .as_person(KARI, "GET", &format!("{ENDUSER}?{query}"), None, None)
        .await
        .json();
    assert_eq!(first["orderBy"], "relevance_desc,id_desc");
    assert_eq!(
        first["items"][0]["id"],
        in_title.as_str(),
        "the title match ranks first"
    );
    let token = app::model::inbox::encode(first["continuationToken"].as_str().expect("more"));
    let second = api
        .as_person(
            KARI,
            "GET",
            &format!("{ENDUSER}?{query}&continuationToken={token}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(second["items"][0]["id"], in_summary.as_str());
    assert_eq!(second["hasNextPage"], false);

    let unranked = api
        .as_person(
            KARI,
            "GET",
            &format!("{ENDUSER}?party={}&orderBy=relevance", person(KARI)),
            None,
            None,
        )
        .await;
    assert_eq!(unranked.status, 400, "relevance needs a search");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn each_filter_narrows_an_end_users_search(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let plain = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let detailed = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(KARI),
            json!({ "status": "RequiresAttention", "extendedStatus": "urn:skd:utkast", "externalReference": "ref-1",
                    "process": "urn:skd:process:1", "dueAt": in_days(3), "isApiOnly": true }),
        )
        .await;
    let party = format!("party={}", person(KARI));
    assert_eq!(
        api.found(KARI, &format!("{party}&status=RequiresAttention"))
            .await,
        set(&[&detailed])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&extendedStatus=urn:skd:utkast"))
            .await,
        set(&[&detailed])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&externalReference=ref-1"))
            .await,
        set(&[&detailed])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&process=urn:skd:process:1"))
            .await,
        set(&[&detailed])
    );
    assert_eq!(
        api.found(
            KARI,
            &format!(
                "{party}&dueBefore={}",
                app::model::inbox::encode(&in_days(5))
            )
        )
        .await,
        set(&[&detailed])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&excludeApiOnly=true"))
            .await,
        set(&[&plain])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&isContentSeen=false"))
            .await,
        set(&[&plain, &detailed])
    );
    assert_eq!(
        api.found(KARI, &format!("{party}&org=nav")).await,
        BTreeSet::new()
    );
    assert_eq!(
        api.found(
            KARI,
            &format!(
                "{party}&createdAfter={}",
                app::model::inbox::encode(&in_days(1))
            )
        )
        .await,
        BTreeSet::new()
    );
    let ordered = api
        .as_person(
            KARI,
            "GET",
            &format!("{ENDUSER}?{party}&orderBy=dueAt_asc"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(
        ordered["items"][0]["id"],
        detailed.as_str(),
        "a due date sorts before none"
    );
    assert_eq!(ordered["orderBy"], "dueat_asc,id_asc");
    for bad in [
        "status=Unknown",
        "createdAfter=yesterday",
        "limit=0",
        "search=ab",
    ] {
        let refused = api
            .as_person(KARI, "GET", &format!("{ENDUSER}?{party}&{bad}"), None, None)
            .await;
        assert_eq!(refused.status, 400, "{bad}");
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_person_the_register_does_not_know_opens_labels_and_is_seen_in_their_own_dialogs(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool).await;
    // A valid national identity number that is in no register data.
    let stranger = (0..1000)
        .filter_map(|n| {
            server::domain::party::NationalIdentityNumber::with_check_digits(&format!(
                "010190{n:03}"
            ))
        })
        .map(|number| number.as_str().to_owned())
        .find(|number| ![KARI, OLA, INGRID, PER, SOFIE].contains(&number.as_str()))
        .expect("a number");
    let dialog = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &person(&stranger),
            json!({}),
        )
        .await;
    let base = format!("{ENDUSER}/{dialog}");
    let (opened, revision) = api.opened(&stranger, &base).await;
    assert_eq!(opened["seenSinceLastUpdate"][0]["isCurrentEndUser"], true);
    let log = api
        .as_person(&stranger, "GET", &format!("{base}/seenlog"), None, None)
        .await
        .json();
    assert!(
        log[0]["seenBy"]["actorId"]
            .as_str()
            .is_some_and(|id| id.starts_with(EPHEMERAL)),
        "{log}"
    );
    assert!(log[0]["seenBy"]["actorName"].is_null(), "{log}");
    let labelled = api
        .as_person(
            &stranger,
            "PUT",
            &format!("{base}/context/systemlabels"),
            Some(&json!({ "addLabels": ["Archive"] })),
            Some(&revision),
        )
        .await;
    assert_eq!(labelled.status, 204, "{}", labelled.text());
    let found = api
        .found(
            &stranger,
            &format!("party={}&systemLabel=Archive", person(&stranger)),
        )
        .await;
    assert!(found.contains(&dialog), "{found:?}");
}

const DIGDIR: (&str, &str) = ("digdir", "991825827");

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_id_porten_email_user_reads_labels_and_is_seen_in_their_own_dialogs(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let party = "urn:altinn:person:idporten-email:kari.epost@example.no";
    let letter = api.dialog(DIGDIR, "demo-brev", party, json!({})).await;
    let tax = api
        .dialog(SKATTEETATEN, "demo-skattemelding", party, json!({}))
        .await;
    // ID-porten writes the address as the user typed it; upstream lowercases it.
    let user = api
        .bearer("/testtoken/api/GetPersonalToken?email=Kari.Epost@Example.no&scopes=digdir:dialogporten")
        .await;

    let parties = user
        .call("GET", "/api/v1/enduser/parties", None, None)
        .await;
    assert_eq!(parties.status, 200, "{}", parties.text());
    let parties = parties.json();
    assert_eq!(parties["authorizedParties"][0]["party"], party, "{parties}");
    assert_eq!(
        parties["authorizedParties"][0]["isCurrentEndUser"], true,
        "{parties}"
    );
    let found = user.found(&format!("party={party}")).await;
    assert!(found.contains(&letter), "{found:?}");

    let base = format!("{ENDUSER}/{letter}");
    let (opened, revision) = user.opened(&base).await;
    assert_eq!(
        opened["seenSinceLastUpdate"][0]["isCurrentEndUser"], true,
        "{opened}"
    );
    user.archive(&base, &revision).await;
    // The service owner sees who it was, by their own id.
    let seen = api.get(DIGDIR, &letter).await.json();
    assert_eq!(
        seen["seenSinceLastUpdate"][0]["seenBy"]["actorId"], party,
        "{seen}"
    );
    assert_eq!(
        seen["endUserContext"]["systemLabels"],
        json!(["Archive"]),
        "{seen}"
    );

    // An e-mail login is level 0: a service that asks for more is refused, as upstream does.
    let tax = user
        .call("GET", &format!("{ENDUSER}/{tax}"), None, None)
        .await;
    assert_eq!(tax.status, 403, "{}", tax.text());
    assert_eq!(
        tax.json()["errors"],
        json!({ "Forbidden": ["Altinn authentication level too low."] })
    );
    // Nobody else reads the e-mail user's letter.
    assert_eq!(
        api.as_person(KARI, "GET", &base, None, None).await.status,
        403
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn process_with_an_invalid_uri_is_a_bad_request_in_the_end_users_search(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let party = person(KARI);
    let id = api
        .dialog(
            SKATTEETATEN,
            "demo-skattemelding",
            &party,
            json!({ "process": "urn:skd:process:1" }),
        )
        .await;
    assert_eq!(
        api.found(KARI, &format!("party={party}&process=urn:skd:process:1"))
            .await,
        set(&[&id])
    );
    let response = api
        .as_person(
            KARI,
            "GET",
            &format!("{ENDUSER}?party={party}&process=not%20a%20uri"),
            None,
            None,
        )
        .await;
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(
        response.json()["errors"]["Process"][0],
        "'Process' is not a well-formatted URI."
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn setting_labels_with_empty_add_and_remove_lists_is_a_no_op(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let dialog = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let base = format!("{ENDUSER}/{dialog}");
    let (_, revision) = api.opened(KARI, &base).await;
    let labels = format!("{base}/context/systemlabels");
    for body in [
        json!({ "addLabels": [], "removeLabels": [] }),
        json!({}),
        json!({ "addLabels": ["Default"] }),
    ] {
        let response = api
            .as_person(KARI, "PUT", &labels, Some(&body), Some(&revision))
            .await;
        assert_eq!(response.status, 204, "{body}: {}", response.text());
        assert_eq!(response.header("etag"), revision, "{body}: nothing changed");
    }
    let after = api.as_person(KARI, "GET", &base, None, None).await.json();
    assert_eq!(after["endUserContext"]["revision"], revision.as_str());
    assert_eq!(after["endUserContext"]["systemLabels"], json!(["Default"]));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_label_log_reads_as_upstreams_and_records_the_service_owners_reset(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), json!({}))
        .await;
    let base = format!("{ENDUSER}/{id}");
    let labels = format!("{base}/context/systemlabels");
    // Upstream's sequence (SearchLabelAssignmentLogSnapshotTests): bin, archive, default,
    // marked as unopened, then opening the dialog clears the mark.
    for label in ["Bin", "Archive", "Default", "MarkedAsUnopened"] {
        let set = api
            .as_person(
                KARI,
                "PUT",
                &labels,
                Some(&json!({ "addLabels": [label] })),
                None,
            )
            .await;
        assert_eq!(set.status, 204, "{label}: {}", set.text());
    }
    api.opened(KARI, &base).await;
    let log = |entries: &Value| -> Vec<(String, String)> {
        entries
            .as_array()
            .expect("entries")
            .iter()
            .map(|entry| {
                (
                    entry["name"].as_str().unwrap_or_default().to_owned(),
                    entry["action"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    let read = api
        .as_person(KARI, "GET", &format!("{base}/context/labellog"), None, None)
        .await;
    assert_eq!(read.status, 200, "{}", read.text());
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, action)| ((*name).to_owned(), (*action).to_owned()))
            .collect()
    };
    assert_eq!(
        log(&read.json()),
        pairs(&[
            ("systemlabel:Bin", "set"),
            ("systemlabel:Archive", "set"),
            ("systemlabel:Bin", "remove"),
            ("systemlabel:Archive", "remove"),
            ("systemlabel:MarkedAsUnopened", "set"),
            ("systemlabel:MarkedAsUnopened", "remove"),
        ])
    );

    // The person bins it; the service owner's next (not silent) update takes it out, logged
    // as the service owner's, under a new end-user-context revision.
    let binned = api
        .as_person(
            KARI,
            "PUT",
            &labels,
            Some(&json!({ "addLabels": ["Bin"] })),
            None,
        )
        .await;
    assert_eq!(binned.status, 204);
    let (_, revision) = api.opened(KARI, &base).await;
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    let update = json!({ "status": "InProgress",
        "content": { "title": { "value": [{ "languageCode": "nb", "value": "Sak om demo-skattemelding" }] } } });
    let updated = call_if_match(
        &api.app,
        "PUT",
        &format!("/api/v1/serviceowner/dialogs/{id}"),
        Some(&token),
        Some(("application/json", update.to_string())),
        None,
    )
    .await;
    assert_eq!(updated.status, 204, "{}", updated.text());
    let (opened, after) = api.opened(KARI, &base).await;
    assert_ne!(
        after, revision,
        "the reset changes the end-user context's revision"
    );
    assert_eq!(opened["endUserContext"]["systemLabels"], json!(["Default"]));
    let entries = api
        .as_person(KARI, "GET", &format!("{base}/context/labellog"), None, None)
        .await
        .json();
    let last = entries
        .as_array()
        .and_then(|all| all.last())
        .expect("an entry");
    assert_eq!(last["name"], "systemlabel:Bin");
    assert_eq!(last["action"], "remove");
    assert_eq!(last["performedBy"]["actorType"], "ServiceOwner");
}

impl ServiceOwnerApi {
    /// An end user's GET with an `Accept-Language` header.
    async fn read_in(&self, pid: &str, path: &str, languages: &str) -> TestResponse {
        let request = axum::http::Request::builder()
            .uri(path)
            .header(
                "authorization",
                format!("Bearer {}", self.person_token(pid, 3)),
            )
            .header("accept-language", languages)
            .body(axum::body::Body::empty())
            .expect("request builds");
        crate::common::send(&self.app, request).await
    }
}

/// Texts in Norwegian bokmål, nynorsk and English.
fn three_languages(text: &str) -> Value {
    json!([
        { "languageCode": "nb", "value": format!("{text} (nb)") },
        { "languageCode": "nn", "value": format!("{text} (nn)") },
        { "languageCode": "en", "value": format!("{text} (en)") },
    ])
}

fn codes(localizations: &Value) -> Vec<&str> {
    localizations
        .as_array()
        .expect("localizations")
        .iter()
        .filter_map(|item| item["languageCode"].as_str())
        .collect()
}

/// As upstream: with `Accept-Language`, every text an end user reads is one localization (the
/// heaviest accepted language it has, then English, then bokmål), in the dialog, its lists and
/// its transmissions and activities; without it, all of them; malformed, a 400.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn accept_language_prunes_every_text_to_one_localization(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let extra = json!({
        "content": {
            "title": { "value": three_languages("Tittel") },
            "summary": { "value": three_languages("Sammendrag") },
        },
        "attachments": [{ "displayName": three_languages("Vedlegg"),
            "urls": [{ "url": "https://skatt.example/v.pdf", "consumerType": "Gui" }] }],
        "guiActions": [{ "action": "read", "url": "https://skatt.example/open", "priority": "Primary",
            "title": three_languages("Åpne") }],
        "transmissions": [{ "type": "Information", "sender": { "actorType": "ServiceOwner" },
            "content": { "title": { "value": three_languages("Melding") } } }],
        "activities": [{ "type": "Information", "performedBy": { "actorType": "ServiceOwner" },
            "description": three_languages("Hendelse") }],
    });
    let dialog = api
        .dialog(SKATTEETATEN, "demo-skattemelding", &person(KARI), extra)
        .await;
    let path = format!("{ENDUSER}/{dialog}");

    let read = api.read_in(KARI, &path, "nn;q=0.5, en-GB;q=0.8").await;
    assert_eq!(read.status, 200, "{}", read.text());
    let view = read.json();
    for texts in [
        &view["content"]["title"]["value"],
        &view["content"]["summary"]["value"],
        &view["attachments"][0]["displayName"],
        &view["guiActions"][0]["title"],
        &view["transmissions"][0]["content"]["title"]["value"],
        &view["activities"][0]["description"],
    ] {
        assert_eq!(codes(texts), ["en"], "{view}");
    }
    assert_eq!(view["content"]["title"]["value"][0]["value"], "Tittel (en)");

    let found = api
        .read_in(KARI, &format!("{ENDUSER}?party={}", person(KARI)), "nn")
        .await
        .json();
    assert_eq!(
        codes(&found["items"][0]["content"]["title"]["value"]),
        ["nn"],
        "{found}"
    );
    let transmissions = api
        .read_in(KARI, &format!("{path}/transmissions"), "de, sv;q=0.1")
        .await
        .json();
    assert_eq!(
        codes(&transmissions[0]["content"]["title"]["value"]),
        ["nb"],
        "bokmål stands in first when Swedish is accepted"
    );
    let activities = api
        .read_in(KARI, &format!("{path}/activities"), "nb")
        .await
        .json();
    assert_eq!(codes(&activities[0]["description"]), ["nb"]);

    let whole = api.as_person(KARI, "GET", &path, None, None).await.json();
    assert_eq!(
        codes(&whole["content"]["title"]["value"]),
        ["en", "nb", "nn"]
    );

    let malformed = api.read_in(KARI, &path, "en;level=1").await;
    assert_eq!(malformed.status, 400, "{}", malformed.text());
    assert_eq!(
        malformed.json()["errors"],
        json!({ "Accept-Language": ["Value [en;level=1] is not valid for a [AcceptedLanguages] property!"] })
    );
}

/// As upstream: in every end-user response a person's id is
/// `urn:altinn:person:identifier-ephemeral:<10 hex>`, one id per person within a response (so
/// `isCurrentEndUser` still says which is the reader), and no national identity number is
/// written; the service owner still reads the real ids.
#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn other_persons_ids_are_ephemeral_in_every_end_user_response(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let ola = person(OLA);
    let extra = json!({
        "activities": [{ "type": "Information", "performedBy": { "actorType": "PartyRepresentative", "actorId": ola },
            "description": [{ "languageCode": "nb", "value": "Sendt inn" }] }],
        "transmissions": [{ "type": "Submission", "sender": { "actorType": "PartyRepresentative", "actorId": ola },
            "content": { "title": { "value": [{ "languageCode": "nb", "value": "Innsendt" }] } } }],
    });
    let dialog = api
        .dialog(SKATTEETATEN, "demo-mva-melding", FJORDKRAFT, extra)
        .await;
    let path = format!("{ENDUSER}/{dialog}");
    api.opened(OLA, &path).await;
    let (view, revision) = api.opened(INGRID, &path).await;
    let labelled = api
        .as_person(
            INGRID,
            "PUT",
            &format!("{path}/context/systemlabels"),
            Some(&json!({ "addLabels": ["Archive"] })),
            Some(&revision),
        )
        .await;
    assert_eq!(labelled.status, 204, "{}", labelled.text());

    let seen = view["seenSinceLastUpdate"]
        .as_array()
        .expect("seen")
        .clone();
    assert_eq!(seen.len(), 2, "{view}");
    let ids: BTreeSet<&str> = seen
        .iter()
        .filter_map(|entry| entry["seenBy"]["actorId"].as_str())
        .collect();
    assert_eq!(ids.len(), 2, "one id per person");
    assert!(
        ids.iter()
            .all(|id| id.starts_with(EPHEMERAL) && id.len() == EPHEMERAL.len() + 10)
    );
    assert_eq!(
        seen.iter()
            .filter(|entry| entry["isCurrentEndUser"] == true)
            .count(),
        1
    );
    let sender = view["transmissions"][0]["sender"]["actorId"]
        .as_str()
        .expect("sender");
    let performer = view["activities"][0]["performedBy"]["actorId"]
        .as_str()
        .expect("actor");
    assert!(
        sender.starts_with(EPHEMERAL) && performer == sender,
        "{view}"
    );

    for read in [
        path.clone(),
        format!("{path}/seenlog"),
        format!("{path}/activities"),
        format!("{path}/transmissions"),
        format!("{path}/context/labellog"),
        format!("{ENDUSER}?party={FJORDKRAFT}"),
    ] {
        let response = api.as_person(INGRID, "GET", &read, None, None).await;
        assert_eq!(response.status, 200, "{read}: {}", response.text());
        let text = response.text();
        assert!(
            !text.contains(OLA) && !text.contains(INGRID),
            "{read}: {text}"
        );
    }
    let log = api
        .as_person(
            INGRID,
            "GET",
            &format!("{path}/context/labellog"),
            None,
            None,
        )
        .await
        .json();
    assert!(
        log.as_array()
            .expect("log")
            .iter()
            .any(|entry| entry["performedBy"]["actorId"]
                .as_str()
                .is_some_and(|id| id.starts_with(EPHEMERAL))),
        "{log}"
    );

    let owners = api.get(SKATTEETATEN, &dialog).await.json();
    assert_eq!(
        owners["transmissions"][0]["sender"]["actorId"],
        ola.as_str()
    );
}

/// Fjordkraft's accounting system in the demo data, with the VAT access package.
const FJORDKRAFT_SYSTEM: &str = "8c6f1d2e-3b4a-4f5e-9a7b-1c2d3e4f5a6b";

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_system_user_searches_reads_and_labels_what_its_systems_rights_allow(pool: PgPool) {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

    let api = ServiceOwnerApi::new(pool).await;
    let vat = api
        .dialog(SKATTEETATEN, "demo-mva-melding", FJORDKRAFT, json!({}))
        .await;
    let employment = api
        .dialog(NAV, "demo-arbeidsforhold", FJORDKRAFT, json!({}))
        .await;
    let system_user = |id: &str| {
        format!(
            "/testtoken/api/GetSystemUserToken?systemUserId={id}&systemUserOrg=310778737&orgNo=991825827&scopes=digdir:dialogporten"
        )
    };
    let system = api.bearer(&system_user(FJORDKRAFT_SYSTEM)).await;

    // It acts for Fjordkraft only, and sees only what the VAT package reaches.
    let parties = system
        .call("GET", "/api/v1/enduser/parties", None, None)
        .await;
    assert_eq!(parties.status, 200, "{}", parties.text());
    let parties = parties.json();
    assert_eq!(
        parties["authorizedParties"][0]["party"], FJORDKRAFT,
        "{parties}"
    );
    assert_eq!(parties["authorizedParties"][0]["isCurrentEndUser"], false);
    assert_eq!(
        parties["authorizedParties"].as_array().map(Vec::len),
        Some(1)
    );
    let listed = system.found(&format!("party={FJORDKRAFT}")).await;
    assert!(listed.contains(&vat), "{listed:?}");
    assert!(!listed.contains(&employment), "{listed:?}");
    let refused = system
        .call("GET", &format!("{ENDUSER}/{employment}"), None, None)
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text());

    // Reading records it in the seen log by its own id and, as upstream names a system user,
    // its owning organisation's name; its dialog token says who asked.
    let base = format!("{ENDUSER}/{vat}");
    let (opened, revision) = system.opened(&base).await;
    let me = format!("urn:altinn:systemuser:uuid:{FJORDKRAFT_SYSTEM}");
    assert_eq!(
        opened["seenSinceLastUpdate"][0]["seenBy"]["actorId"],
        me.as_str(),
        "{opened}"
    );
    assert_eq!(
        opened["seenSinceLastUpdate"][0]["seenBy"]["actorName"],
        "Fjordkraft Demo AS"
    );
    assert_eq!(opened["seenSinceLastUpdate"][0]["isCurrentEndUser"], true);
    let dialog_token = opened["dialogToken"].as_str().expect("a dialog token");
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(dialog_token.split('.').nth(1).expect("payload"))
            .expect("b64"),
    )
    .expect("json");
    assert_eq!(
        claims["c"],
        "urn:altinn:organization:identifier-no:991825827"
    );
    assert_eq!(claims["y"], me.as_str());
    assert_eq!(claims["o"], FJORDKRAFT);
    assert_eq!(claims["l"], 3);
    system.archive(&base, &revision).await;
    let archived = system
        .found(&format!("party={FJORDKRAFT}&systemLabel=Archive"))
        .await;
    assert!(archived.contains(&vat), "{archived:?}");

    // A system user nobody granted anything finds nothing and opens nothing.
    let stranger = api
        .bearer(&system_user(&uuid::Uuid::new_v4().to_string()))
        .await;
    assert!(
        stranger
            .found(&format!("party={FJORDKRAFT}"))
            .await
            .is_empty()
    );
    let refused = stranger.call("GET", &base, None, None).await;
    assert_eq!(refused.status, 403, "{}", refused.text());
}
