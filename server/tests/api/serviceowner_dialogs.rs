//! Creating and reading dialogs as service owners, with upstream's payloads and error statuses.

use serde_json::{Value, json};
use sqlx::PgPool;

use crate::common::{
    TestResponse, call,
    service_owner::{DIALOGS, NAV, SKATTEETATEN, ServiceOwnerApi, id_of, in_days, minimal},
};

const DIGDIR: (&str, &str) = ("digdir", "991825827");

/// Upstream's full create payload, with capitalised keys where clients send them so.
fn canonical() -> Value {
    let transmission_id = uuid::Uuid::now_v7().to_string();
    json!({
        "Id": uuid::Uuid::now_v7(),
        "IdempotentKey": "skattemelding-2026-kari",
        "ServiceResource": "urn:altinn:resource:demo-skattemelding",
        "Party": "urn:altinn:person:identifier-no:01018012371",
        "Progress": 40,
        "ExtendedStatus": "urn:skd:status:utkast",
        "ExternalReference": "SKD-2026-1",
        "DueAt": in_days(30),
        "ExpiresAt": in_days(365),
        "Process": "urn:skd:process:skattemelding-2026",
        "Status": "RequiresAttention",
        "SystemLabel": "Default",
        "ServiceOwnerContext": { "ServiceOwnerLabels": [{ "Value": "Skatt-2026" }] },
        "Content": {
            "Title": { "Value": [{ "LanguageCode": "nb", "Value": "Skattemeldingen din for 2026" }, { "LanguageCode": "en", "Value": "Your 2026 tax return" }] },
            "Summary": { "Value": [{ "LanguageCode": "nb", "Value": "Sjekk og lever innen fristen." }] },
            "SenderName": { "Value": [{ "LanguageCode": "nb", "Value": "Skatteetaten" }] },
            "AdditionalInfo": { "MediaType": "text/markdown", "Value": [{ "LanguageCode": "nb", "Value": "## Frist\nLever innen **30. april**." }] },
            "ExtendedStatus": { "Value": [{ "LanguageCode": "nb", "Value": "Utkast" }] },
            "MainContentReference": { "MediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown", "Value": [{ "LanguageCode": "nb", "Value": "https://skatt.example/embed/1" }] }
        },
        "SearchTags": [{ "Value": "skattemelding" }, { "Value": "Selvangivelse" }],
        "Attachments": [{
            "DisplayName": [{ "LanguageCode": "nb", "Value": "Skatteoppgjør.pdf" }],
            "Urls": [{ "Url": "https://skatt.example/files/1.pdf", "MediaType": "application/pdf", "ConsumerType": "Gui" }]
        }],
        "GuiActions": [
            { "Action": "write", "Url": "https://skatt.example/fill", "Priority": "Primary", "Title": [{ "LanguageCode": "nb", "Value": "Fyll ut" }] },
            { "Action": "sign", "Url": "https://skatt.example/sign", "HttpMethod": "POST", "Priority": "Secondary", "Title": [{ "LanguageCode": "nb", "Value": "Signer" }] },
            { "Action": "write", "Url": "https://skatt.example/delete", "HttpMethod": "DELETE", "Priority": "Tertiary", "IsDeleteDialogAction": true,
              "Title": [{ "LanguageCode": "nb", "Value": "Slett" }], "Prompt": [{ "LanguageCode": "nb", "Value": "Vil du slette utkastet?" }] }
        ],
        "ApiActions": [{
            "Action": "write", "Name": "submit",
            "Endpoints": [{ "Url": "https://skatt.example/api/submit", "HttpMethod": "POST", "Version": "v1", "DocumentationUrl": "https://skatt.example/docs" }]
        }],
        "Transmissions": [{
            "Id": transmission_id,
            "Type": "Information",
            "Sender": { "ActorType": "ServiceOwner" },
            "Content": { "Title": { "Value": [{ "LanguageCode": "nb", "Value": "Skattemeldingen er klar" }] } },
            "Attachments": [{ "DisplayName": [{ "LanguageCode": "nb", "Value": "Vedlegg" }], "Urls": [{ "Url": "https://skatt.example/files/2.pdf", "ConsumerType": "Api" }] }]
        }, {
            "Type": "Submission",
            "RelatedTransmissionId": transmission_id,
            "Sender": { "ActorType": "PartyRepresentative", "ActorId": "urn:altinn:person:identifier-no:01018012371" },
            "Content": { "Title": { "Value": [{ "LanguageCode": "nb", "Value": "Innsendt" }] } }
        }],
        "Activities": [
            { "Type": "DialogCreated", "PerformedBy": { "ActorType": "ServiceOwner" } },
            { "Type": "Information", "PerformedBy": { "ActorType": "ServiceOwner" }, "Description": [{ "LanguageCode": "nb", "Value": "Forhåndsutfylt" }] },
            { "Type": "TransmissionOpened", "TransmissionId": transmission_id, "PerformedBy": { "ActorType": "PartyRepresentative", "ActorName": "Kari Nordmann" } }
        ]
    })
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_canonical_payload_round_trips(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let payload = canonical();
    let created = api.create(SKATTEETATEN, &payload).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let id = id_of(&created);
    assert_eq!(id, payload["Id"].as_str().expect("id"));
    assert_eq!(created.header("location"), format!("{DIALOGS}/{id}"));
    let etag = created.header("etag").to_owned();
    assert!(uuid::Uuid::parse_str(&etag).is_ok(), "a bare GUID: {etag}");

    let read = api.get(SKATTEETATEN, &id).await;
    assert_eq!(read.status, 200, "{}", read.text());
    assert_eq!(read.header("etag"), etag);
    let dialog = read.json();
    assert_eq!(dialog["org"], "skd");
    assert_eq!(dialog["serviceResourceType"], "genericaccessresource");
    assert_eq!(dialog["status"], "RequiresAttention");
    assert_eq!(dialog["progress"], 40);
    assert_eq!(dialog["idempotentKey"], "skattemelding-2026-kari");
    assert_eq!(dialog["content"]["title"]["mediaType"], "text/plain");
    assert_eq!(
        dialog["content"]["title"]["value"][0],
        json!({ "languageCode": "en", "value": "Your 2026 tax return" }),
        "localizations by language code, as upstream returns them"
    );
    assert_eq!(
        dialog["content"]["additionalInfo"]["mediaType"],
        "text/markdown"
    );
    assert_eq!(
        dialog["searchTags"],
        json!([{ "value": "skattemelding" }, { "value": "selvangivelse" }])
    );
    assert_eq!(
        dialog["serviceOwnerContext"]["serviceOwnerLabels"],
        json!([{ "value": "skatt-2026" }])
    );
    assert_eq!(dialog["attachments"][0]["urls"][0]["consumerType"], "Gui");
    assert_eq!(dialog["guiActions"].as_array().map(Vec::len), Some(3));
    assert_eq!(dialog["guiActions"][1]["httpMethod"], "POST");
    assert_eq!(
        dialog["guiActions"][0]["httpMethod"], "GET",
        "GET is the default"
    );
    assert_eq!(
        dialog["apiActions"][0]["endpoints"][0]["httpMethod"],
        "POST"
    );
    let transmissions = dialog["transmissions"].as_array().expect("transmissions");
    assert_eq!(transmissions.len(), 2);
    let information = transmissions
        .iter()
        .find(|t| t["type"] == "Information")
        .expect("information");
    assert_eq!(
        information["isOpened"], true,
        "a TransmissionOpened activity references it"
    );
    let submission = transmissions
        .iter()
        .find(|t| t["type"] == "Submission")
        .expect("submission");
    assert_eq!(
        submission["sender"]["actorName"], "Kari Nordmann",
        "the actor's name comes from the register"
    );
    assert_eq!(dialog["fromServiceOwnerTransmissionsCount"], 1);
    assert_eq!(dialog["fromPartyTransmissionsCount"], 1);
    assert_eq!(dialog["hasUnopenedContent"], false);
    assert_eq!(
        dialog["endUserContext"]["systemLabels"],
        json!(["Default", "Sent"])
    );
    assert_eq!(dialog["activities"].as_array().map(Vec::len), Some(3));
    assert!(
        dialog.get("visibleFrom").is_none() && dialog.get("deletedAt").is_none(),
        "nulls are omitted"
    );
    let created_at = dialog["createdAt"].as_str().expect("createdAt");
    assert!(
        created_at.ends_with('Z')
            && created_at
                .split('.')
                .nth(1)
                .is_some_and(|fraction| fraction.len() == 8)
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn legacy_status_names_are_accepted_on_input(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["status"] = json!("sent");
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(
        api.get(SKATTEETATEN, &id_of(&created)).await.json()["status"],
        "Awaiting"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn rule_violations_are_400_with_every_error_at_its_property(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = canonical();
    body["Party"] = json!("urn:altinn:person:identifier-no:01018012372");
    body["Content"]["Title"]["Value"][0]["LanguageCode"] = json!("no");
    body["GuiActions"][1]["Priority"] = json!("Primary");
    body["Attachments"][0]["Urls"][0]["Url"] = json!("http://insecure.example/file");
    body["Id"] = json!(uuid::Uuid::new_v4());
    let response = api.create(SKATTEETATEN, &body).await;
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(response.header("content-type"), "application/problem+json");
    let errors = &response.json()["errors"];
    for key in [
        "dto.party",
        "dto.content.value[0].languageCode",
        "dto.guiActions",
        "dto.attachments[0].urls[0].url",
        "dto.id",
    ] {
        assert!(
            errors[key].is_array(),
            "expected an error at {key}: {errors}"
        );
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_due_date_in_the_past_is_a_domain_error(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["dueAt"] = json!(in_days(-1));
    let response = api.create(SKATTEETATEN, &body).await;
    assert_eq!(response.status, 422, "{}", response.text());
    assert_eq!(
        response.json()["errors"]["DueAt"][0],
        "Must be in the future"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_date_without_an_offset_is_refused(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["dueAt"] = json!("2030-01-01T12:00:00");
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_service_owner_cannot_create_dialogs_for_another_owners_resource(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let response = api.create(NAV, &minimal()).await;
    assert_eq!(response.status, 403, "{}", response.text());
    let mut body = minimal();
    body["guiActions"] = json!([{ "action": "read", "url": "https://x.example", "priority": "Primary",
        "authorizationAttribute": "urn:altinn:resource:demo-sykepenger", "title": [{ "languageCode": "nb", "value": "Se" }] }]);
    let response = api.create(SKATTEETATEN, &body).await;
    assert_eq!(
        response.status,
        403,
        "an attribute naming another owner's resource: {}",
        response.text()
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_unregistered_resource_is_a_domain_error(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["serviceResource"] = json!("urn:altinn:resource:not-registered");
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 422);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn correspondence_resources_need_the_correspondence_scope(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["serviceResource"] = json!("urn:altinn:resource:demo-meldingsboks");
    assert_eq!(api.create(DIGDIR, &body).await.status, 403);
    let scopes = "digdir:dialogporten.serviceprovider digdir:dialogporten.correspondence";
    let created = api.create_as(DIGDIR, scopes, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let dialog = api.get(DIGDIR, &id_of(&created)).await.json();
    assert_eq!(dialog["serviceResourceType"], "correspondenceservice");
    assert_eq!(
        dialog["hasUnopenedContent"], true,
        "an unopened correspondence"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_reused_idempotent_key_is_a_conflict_naming_the_existing_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let mut body = minimal();
    body["idempotentKey"] = json!("once-only");
    let first = api.create(SKATTEETATEN, &body).await;
    assert_eq!(first.status, 201);
    let second = api.create(SKATTEETATEN, &body).await;
    assert_eq!(second.status, 409);
    assert!(second.text().contains(&id_of(&first)), "{}", second.text());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn concurrent_creates_with_one_idempotent_key_make_one_dialog(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let mut body = minimal();
    body["idempotentKey"] = json!("raced");
    let attempts = (0..8).map(|_| api.create(SKATTEETATEN, &body));
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status.as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|status| **status == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|status| *status == 201 || *status == 409),
        "{statuses:?}"
    );
    let count: i64 =
        sqlx::query_scalar("select count(*) from dialogs where idempotent_key = 'raced'")
            .fetch_one(&pool)
            .await
            .expect("counts");
    assert_eq!(count, 1);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_reused_dialog_id_is_a_domain_error(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["id"] = json!(uuid::Uuid::now_v7());
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 201);
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 422);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_actor_unknown_to_the_register_fails_the_write(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["activities"] = json!([{ "type": "DialogOpened", "performedBy": {
        "actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:02027012372" } }]);
    let response = api.create(SKATTEETATEN, &body).await;
    assert_eq!(response.status, 422, "{}", response.text());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn another_owners_dialog_is_not_found_and_so_is_a_missing_one(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    assert_eq!(api.get(NAV, &id).await.status, 404);
    assert_eq!(
        api.get(SKATTEETATEN, &uuid::Uuid::now_v7().to_string())
            .await
            .status,
        404
    );
    assert_eq!(api.get(SKATTEETATEN, "not-a-guid").await.status, 400);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn callers_without_the_right_token_or_body_are_refused(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let body = minimal().to_string();
    let anonymous = call(
        &api.app,
        "POST",
        DIALOGS,
        None,
        Some(("application/json", body.clone())),
    )
    .await;
    assert_eq!(anonymous.status, 401);
    let issuer = api.state.test_tokens.as_ref().expect("enabled");
    let person =
        server::domain::party::NationalIdentityNumber::parse("01018012371").expect("valid");
    let consumer = server::domain::party::OrganizationNumber::parse("991825827").expect("valid");
    let citizen = issuer
        .personal_token(&person, "digdir:dialogporten", 3, &consumer, 600)
        .expect("signs");
    assert_eq!(
        call(
            &api.app,
            "POST",
            DIALOGS,
            Some(&citizen),
            Some(("application/json", body.clone()))
        )
        .await
        .status,
        403
    );
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    assert_eq!(
        call(
            &api.app,
            "POST",
            DIALOGS,
            Some(&token),
            Some(("text/plain", body))
        )
        .await
        .status,
        415
    );
    let broken = call(
        &api.app,
        "POST",
        DIALOGS,
        Some(&token),
        Some(("application/json", "{".into())),
    )
    .await;
    assert_eq!(broken.status, 400);
}

impl ServiceOwnerApi {
    async fn act(
        &self,
        owner: (&str, &str),
        scopes: &str,
        method: &str,
        path: &str,
        if_match: Option<&str>,
    ) -> TestResponse {
        let token = self.token(owner, scopes);
        crate::common::call_if_match(&self.app, method, path, Some(&token), None, if_match).await
    }
}

const BASIC: &str = "digdir:dialogporten.serviceprovider";
const ADMIN: &str = "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.admin";

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_deleted_dialog_stays_visible_to_its_owner_cannot_be_deleted_twice_and_can_be_restored(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{id}");
    let deleted = api.act(SKATTEETATEN, BASIC, "DELETE", &path, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    let revision = deleted.header("etag").to_owned();
    let read = api.get(SKATTEETATEN, &id).await;
    assert_eq!(
        read.header("etag"),
        revision,
        "the delete's ETag is the new revision"
    );
    assert!(read.json()["deletedAt"].is_string());
    assert_eq!(
        api.act(SKATTEETATEN, BASIC, "DELETE", &path, None)
            .await
            .status,
        410
    );

    let restored = api
        .act(
            SKATTEETATEN,
            BASIC,
            "POST",
            &format!("{path}/actions/restore"),
            None,
        )
        .await;
    assert_eq!(restored.status, 204);
    assert!(
        api.get(SKATTEETATEN, &id)
            .await
            .json()
            .get("deletedAt")
            .is_none()
    );
    let again = api
        .act(
            SKATTEETATEN,
            BASIC,
            "POST",
            &format!("{path}/actions/restore"),
            None,
        )
        .await;
    assert_eq!(again.status, 204, "restoring a live dialog changes nothing");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn if_match_guards_against_lost_updates(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let created = api.create(SKATTEETATEN, &minimal()).await;
    let (id, revision) = (id_of(&created), created.header("etag").to_owned());
    let path = format!("{DIALOGS}/{id}");
    let stale = uuid::Uuid::new_v4().to_string();
    let refused = api
        .act(SKATTEETATEN, BASIC, "DELETE", &path, Some(&stale))
        .await;
    assert_eq!(refused.status, 412);
    assert_eq!(refused.header("content-type"), "application/problem+json");
    assert!(
        api.get(SKATTEETATEN, &id)
            .await
            .json()
            .get("deletedAt")
            .is_none(),
        "nothing changed"
    );
    assert_eq!(
        api.act(SKATTEETATEN, BASIC, "DELETE", &path, Some(&revision))
            .await
            .status,
        204
    );
    assert_eq!(
        api.act(SKATTEETATEN, BASIC, "DELETE", &path, Some("not-a-guid"))
            .await
            .status,
        400
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn another_owner_can_neither_delete_nor_purge(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{id}");
    assert_eq!(api.act(NAV, BASIC, "DELETE", &path, None).await.status, 404);
    assert_eq!(
        api.act(NAV, BASIC, "POST", &format!("{path}/actions/purge"), None)
            .await
            .status,
        404
    );
    assert_eq!(api.get(SKATTEETATEN, &id).await.status, 200);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_purged_dialog_is_gone_with_its_children(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let id = id_of(&api.create(SKATTEETATEN, &canonical()).await);
    let purged = api
        .act(
            SKATTEETATEN,
            BASIC,
            "POST",
            &format!("{DIALOGS}/{id}/actions/purge"),
            None,
        )
        .await;
    assert_eq!(purged.status, 204);
    assert_eq!(api.get(SKATTEETATEN, &id).await.status, 404);
    let children: i64 = sqlx::query_scalar("select (select count(*) from dialog_transmissions) + (select count(*) from dialog_activities)")
        .fetch_one(&pool)
        .await
        .expect("counts");
    assert_eq!(children, 0);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn only_admins_freeze_and_a_frozen_dialog_resists_its_owner(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let path = format!("{DIALOGS}/{id}");
    assert_eq!(
        api.act(
            SKATTEETATEN,
            BASIC,
            "POST",
            &format!("{path}/actions/freeze"),
            None
        )
        .await
        .status,
        403
    );
    assert_eq!(
        api.act(
            DIGDIR,
            ADMIN,
            "POST",
            &format!("{path}/actions/freeze"),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        api.act(SKATTEETATEN, BASIC, "DELETE", &path, None)
            .await
            .status,
        403
    );
    assert_eq!(
        api.act(DIGDIR, ADMIN, "DELETE", &path, None).await.status,
        204,
        "an admin may"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn deleting_a_correspondence_dialog_needs_the_correspondence_scope(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["serviceResource"] = json!("urn:altinn:resource:demo-meldingsboks");
    let correspondence = "digdir:dialogporten.serviceprovider digdir:dialogporten.correspondence";
    let id = id_of(&api.create_as(DIGDIR, correspondence, &body).await);
    let path = format!("{DIALOGS}/{id}");
    assert_eq!(
        api.act(DIGDIR, BASIC, "DELETE", &path, None).await.status,
        403
    );
    assert_eq!(
        api.act(DIGDIR, correspondence, "DELETE", &path, None)
            .await
            .status,
        204
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn any_path_with_a_trailing_slash_works_as_without_it(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let token = api.token(
        SKATTEETATEN,
        "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.search",
    );
    let plain = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/{id}"),
        Some(&token),
        None,
    )
    .await;
    let slashed = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/{id}/"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(slashed.status, 200, "{}", slashed.text());
    assert_eq!(slashed.json(), plain.json());
    let listed = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/?party=urn:altinn:person:identifier-no:01018012371"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    assert_eq!(listed.json()["items"][0]["id"], id);
    assert_eq!(
        call(&api.app, "GET", "/health/live/", None, None)
            .await
            .status,
        200
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_empty_query_value_counts_as_absent(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let id = id_of(&api.create(SKATTEETATEN, &minimal()).await);
    let token = api.token(
        SKATTEETATEN,
        "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.search",
    );
    let read = call(
        &api.app,
        "GET",
        &format!("{DIALOGS}/{id}?endUserId="),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(read.status, 200, "{}", read.text());
    assert_eq!(read.json()["id"], id);
    let found = call(
        &api.app,
        "GET",
        &format!(
            "{DIALOGS}?party=urn:altinn:person:identifier-no:01018012371&endUserId=&search=&status="
        ),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(found.status, 200, "{}", found.text());
    assert_eq!(found.json()["items"][0]["id"], id);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_transmission_without_created_at_or_with_the_dotnet_default_date_is_created_now(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    let transmission = |created_at: Option<&str>| {
        let mut transmission = json!({ "type": "Information", "sender": { "actorType": "ServiceOwner" },
            "content": { "title": { "value": [{ "languageCode": "nb", "value": "Brev" }] } } });
        if let Some(created_at) = created_at {
            transmission["createdAt"] = json!(created_at);
        }
        transmission
    };
    body["transmissions"] = json!([
        transmission(None),
        transmission(Some("0001-01-01T00:00:00+00:00")),
        transmission(Some("0001-01-01T00:00:00Z")),
    ]);
    let started = chrono::Utc::now() - chrono::Duration::seconds(5);
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let dialog = api.get(SKATTEETATEN, &id_of(&created)).await.json();
    let transmissions = dialog["transmissions"].as_array().expect("transmissions");
    assert_eq!(transmissions.len(), 3);
    for transmission in transmissions {
        let at = chrono::DateTime::parse_from_rfc3339(
            transmission["createdAt"].as_str().expect("createdAt"),
        )
        .expect("a date");
        assert!(at > started, "{transmission}");
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_empty_process_is_accepted(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["process"] = json!("");
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let dialog = api.get(SKATTEETATEN, &id_of(&created)).await.json();
    assert!(
        dialog["process"].is_null() || dialog["process"] == "",
        "{dialog}"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn of_duplicate_keys_differing_only_in_case_the_last_one_wins(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let token = api.token(SKATTEETATEN, "digdir:dialogporten.serviceprovider");
    let minimal = minimal().to_string();
    let body = |first: &str, second: &str| {
        format!(
            "{{\"Status\": \"{first}\", {}, \"status\": \"{second}\"}}",
            &minimal[1..minimal.len() - 1]
        )
    };
    for (first, second) in [("Completed", "InProgress"), ("InProgress", "Completed")] {
        let created = call(
            &api.app,
            "POST",
            DIALOGS,
            Some(&token),
            Some(("application/json", body(first, second))),
        )
        .await;
        assert_eq!(created.status, 201, "{}", created.text());
        let dialog = api.get(SKATTEETATEN, &id_of(&created)).await.json();
        assert_eq!(dialog["status"], second);
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn numbers_sent_as_strings_are_accepted(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let mut body = minimal();
    body["progress"] = json!("60");
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let dialog = api.get(SKATTEETATEN, &id_of(&created)).await.json();
    assert_eq!(dialog["progress"], 60);
    body["progress"] = json!("sixty");
    let refused = api.create(SKATTEETATEN, &body).await;
    assert_eq!(refused.status, 400, "{}", refused.text());
}
