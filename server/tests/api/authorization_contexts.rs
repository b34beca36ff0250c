//! Authorization contexts (upstream 1.121): a service owner guards single parts of a dialog
//! with their own authorization question, and end users see each part as it answers for them.
//! Ola is Fjordkraft's general manager (DAGL: read, write and sign on VAT returns, read on tax
//! returns); Ingrid holds Fjordkraft's VAT package only (read and write, no tax returns).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    common::personas::{ENDUSER, FJORDKRAFT, INGRID, OLA, person},
    common::service_owner::{DIALOGS, SKATTEETATEN, ServiceOwnerApi, id_of},
};

const BASIC: &str = "digdir:dialogporten.serviceprovider";
const TAX_RETURN: &str = "urn:altinn:resource:demo-skattemelding";
const UNAUTHORIZED: &str = "urn:dialogporten:unauthorized";

/// A context asking about read on the tax return for the dialog's party.
fn tax_return(presentation: &str) -> Value {
    json!({
        "serviceResource": TAX_RETURN,
        "includeDialogParty": true,
        "unauthorizedPresentation": presentation
    })
}

fn title(text: &str) -> Value {
    json!([{ "languageCode": "nb", "value": text }])
}

fn attachment(id: Uuid, name: &str, context: Option<Value>) -> Value {
    let mut attachment = json!({
        "id": id,
        "displayName": title(name),
        "urls": [{ "url": format!("https://fjordkraft.example/{name}.pdf"), "consumerType": "Gui" }]
    });
    if let Some(context) = context {
        attachment["authorizationContext"] = context;
    }
    attachment
}

fn transmission(id: Uuid, reference: &str, context: Option<Value>, extra: Value) -> Value {
    let mut transmission = json!({
        "id": id,
        "type": "Information",
        "externalReference": reference,
        "sender": { "actorType": "ServiceOwner" },
        "content": {
            "title": { "value": title("Tittel") },
            "contentReference": { "mediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown", "value": title("https://fjordkraft.example/embed") }
        }
    });
    if let Some(context) = context {
        transmission["authorizationContext"] = context;
    }
    for (key, value) in extra.as_object().expect("object") {
        transmission[key] = value.clone();
    }
    transmission
}

/// Every part of a VAT return dialog guarded one way or another, with the ids of the parts.
struct Guarded {
    body: Value,
    gui_sign: Uuid,
    gui_excluded: Uuid,
    api_sign: Uuid,
    plain_attachment: Uuid,
    excluded_attachment: Uuid,
    disabled_attachment: Uuid,
    disabled_transmission: Uuid,
    narrowed_child: Uuid,
    excluded_transmission: Uuid,
    open_transmission: Uuid,
    excluded_child: Uuid,
}

fn guarded() -> Guarded {
    let ids: Vec<Uuid> = (0..11).map(|_| Uuid::now_v7()).collect();
    let [
        gui_sign,
        gui_excluded,
        api_sign,
        plain_attachment,
        excluded_attachment,
        disabled_attachment,
        disabled_transmission,
        narrowed_child,
        excluded_transmission,
        open_transmission,
        excluded_child,
    ] = ids.try_into().expect("eleven");
    let sign = json!({
        "action": "sign",
        "additionalResourceAttribute": "urn:altinn:task:signering",
        "includeDialogParty": true,
        "unauthorizedPresentation": "Disabled"
    });
    let mut kvittering = tax_return("Disabled");
    kvittering["tokenRef"] = json!("kvittering");
    let body = json!({
        "serviceResource": "urn:altinn:resource:demo-mva-melding",
        "party": FJORDKRAFT,
        "content": { "title": { "value": title("MVA-melding") } },
        "guiActions": [
            { "action": "write", "url": "https://fjordkraft.example/fyll-ut", "priority": "Primary", "title": title("Fyll ut") },
            { "id": gui_sign, "url": "https://fjordkraft.example/signer", "priority": "Secondary", "title": title("Signer"), "authorizationContext": sign },
            { "id": gui_excluded, "url": "https://fjordkraft.example/skatt", "priority": "Tertiary", "title": title("Se skattemeldingen"), "authorizationContext": tax_return("Excluded") }
        ],
        "apiActions": [{
            "id": api_sign,
            "authorizationContext": sign,
            "endpoints": [
                { "url": "https://fjordkraft.example/api/sign", "httpMethod": "POST" },
                { "url": "https://fjordkraft.example/api/v0/sign", "httpMethod": "POST", "deprecated": true }
            ]
        }],
        "attachments": [
            attachment(plain_attachment, "vedlegg", None),
            attachment(excluded_attachment, "skattegrunnlag", Some(tax_return("Excluded"))),
            attachment(disabled_attachment, "kvittering", Some(kvittering))
        ],
        "transmissions": [
            transmission(disabled_transmission, "disabled", Some(tax_return("Disabled")), json!({
                "attachments": [attachment(narrowed_child, "barn", Some(json!({
                    "includeDialogParty": true,
                    "unauthorizedPresentation": "Disabled"
                })))],
                "navigationalActions": [{ "title": title("Gå til sak"), "url": "https://fjordkraft.example/sak" }]
            })),
            transmission(excluded_transmission, "excluded", Some(tax_return("Excluded")), json!({
                "attachments": [attachment(Uuid::now_v7(), "skjult", None)]
            })),
            transmission(open_transmission, "open", None, json!({
                "attachments": [attachment(excluded_child, "skatt", Some(tax_return("Excluded")))],
                "navigationalActions": [{ "title": title("Skatt"), "url": "https://fjordkraft.example/skatt", "authorizationContext": tax_return("Disabled") }]
            }))
        ]
    });
    Guarded {
        body,
        gui_sign,
        gui_excluded,
        api_sign,
        plain_attachment,
        excluded_attachment,
        disabled_attachment,
        disabled_transmission,
        narrowed_child,
        excluded_transmission,
        open_transmission,
        excluded_child,
    }
}

/// The one element of `list` with this id.
fn by_id(list: &Value, id: Uuid) -> &Value {
    let found: Vec<&Value> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter(|item| item["id"] == id.to_string())
        .collect();
    assert_eq!(found.len(), 1, "{id} once in {list}");
    found[0]
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item["id"].as_str().expect("id").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The claims of a dialog token, unverified (the verifier's own tests check the signature).
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

fn all_urls(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "url" {
                    found.push(value.as_str().unwrap_or_default().to_owned());
                }
                all_urls(value, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| all_urls(item, found)),
        _ => {}
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_end_user_denied_by_authorization_contexts_sees_parts_masked_or_left_out(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let guarded = guarded();
    let created = api.create(SKATTEETATEN, &guarded.body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let dialog = id_of(&created);
    let opened = api
        .as_person(INGRID, "GET", &format!("{ENDUSER}/{dialog}"), None, None)
        .await;
    assert_eq!(opened.status, 200, "{}", opened.text());
    let view = opened.json();
    assert!(
        !opened.text().contains("authorizationContext"),
        "an end user never sees the contexts themselves"
    );

    // GUI actions: the legacy one decided as before; sign disabled (masked, the evaluated
    // action reported); the tax-return one gone, with a stand-in.
    let gui = &view["guiActions"];
    assert_eq!(gui.as_array().map(Vec::len), Some(2), "{gui}");
    assert_eq!(gui[0]["isAuthorized"], true);
    let sign = by_id(gui, guarded.gui_sign);
    assert_eq!(sign["isAuthorized"], false);
    assert_eq!(sign["url"], UNAUTHORIZED);
    assert_eq!(sign["action"], "sign");
    assert_eq!(
        ids(&view["excludedGuiActions"]),
        [guarded.gui_excluded.to_string()]
    );
    assert!(view["excludedGuiActions"][0]["createdAt"].is_string());
    let api_sign = by_id(&view["apiActions"], guarded.api_sign);
    assert_eq!(api_sign["isAuthorized"], false);
    assert_eq!(api_sign["action"], "sign");
    let mut urls = Vec::new();
    all_urls(&api_sign["endpoints"], &mut urls);
    assert_eq!(urls, [UNAUTHORIZED, UNAUTHORIZED], "deprecated ones too");
    assert!(
        view.get("excludedApiActions").is_none(),
        "absent when nothing is left out"
    );

    // Attachments: without a context as the dialog; disabled masked; excluded left out.
    let attachments = &view["attachments"];
    assert_eq!(
        by_id(attachments, guarded.plain_attachment)["isAuthorized"],
        true
    );
    let disabled = by_id(attachments, guarded.disabled_attachment);
    assert_eq!(disabled["isAuthorized"], false);
    assert_eq!(disabled["urls"][0]["url"], UNAUTHORIZED);
    assert_eq!(
        disabled["displayName"][0]["value"], "kvittering",
        "still legible"
    );
    assert_eq!(
        ids(&view["excludedAttachments"]),
        [guarded.excluded_attachment.to_string()]
    );

    // Transmissions: the disabled one keeps its text but not its embed, and its children are
    // never more available than it (a context that would grant the child on its own does not).
    let transmissions = &view["transmissions"];
    assert_eq!(
        transmissions.as_array().map(Vec::len),
        Some(2),
        "{transmissions}"
    );
    let disabled = by_id(transmissions, guarded.disabled_transmission);
    assert_eq!(disabled["isAuthorized"], false);
    assert_eq!(disabled["content"]["title"]["value"][0]["value"], "Tittel");
    assert_eq!(
        disabled["content"]["contentReference"]["value"][0]["value"],
        UNAUTHORIZED
    );
    let child = by_id(&disabled["attachments"], guarded.narrowed_child);
    assert_eq!(child["isAuthorized"], false);
    assert_eq!(child["urls"][0]["url"], UNAUTHORIZED);
    assert_eq!(disabled["navigationalActions"][0]["isAuthorized"], false);
    assert_eq!(disabled["navigationalActions"][0]["url"], UNAUTHORIZED);
    assert_eq!(
        ids(&view["excludedTransmissions"]),
        [guarded.excluded_transmission.to_string()],
        "an excluded transmission takes its children with it"
    );
    // A transmission the user may read, with one child excluded and one disabled.
    let open = by_id(transmissions, guarded.open_transmission);
    assert_eq!(open["isAuthorized"], true);
    assert_eq!(open["attachments"], json!([]));
    assert_eq!(
        ids(&open["excludedAttachments"]),
        [guarded.excluded_child.to_string()]
    );
    assert_eq!(open["navigationalActions"][0]["isAuthorized"], false);
    assert_eq!(open["navigationalActions"][0]["url"], UNAUTHORIZED);
    assert!(open.get("excludedNavigationalActions").is_none());

    // The token: legacy grants in `a`, and no context granted, so no `e`.
    let claims = claims(view["dialogToken"].as_str().expect("token"));
    assert_eq!(claims["a"], "read;write");
    assert!(claims.get("e").is_none(), "{claims}");

    // The transmission endpoints: the excluded one is forbidden (the dialog says it exists),
    // and left out of the list; the others as in the dialog.
    let path = format!("{ENDUSER}/{dialog}/transmissions");
    let excluded = api
        .as_person(
            INGRID,
            "GET",
            &format!("{path}/{}", guarded.excluded_transmission),
            None,
            None,
        )
        .await;
    assert_eq!(excluded.status, 403, "{}", excluded.text());
    assert!(
        excluded
            .header("content-type")
            .starts_with("application/problem+json")
    );
    let listed = api.as_person(INGRID, "GET", &path, None, None).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert!(!ids(&listed).contains(&guarded.excluded_transmission.to_string()));
    let one = api
        .as_person(
            INGRID,
            "GET",
            &format!("{path}/{}", guarded.disabled_transmission),
            None,
            None,
        )
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["attachments"][0]["isAuthorized"], false);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_end_user_granted_by_authorization_contexts_gets_every_part_and_the_tokens_e_claim(
    pool: PgPool,
) {
    use server::verify::verify_dialog_token;

    let api = ServiceOwnerApi::new(pool).await;
    let guarded = guarded();
    let dialog = id_of(&api.create(SKATTEETATEN, &guarded.body).await);
    let view = api
        .as_person(OLA, "GET", &format!("{ENDUSER}/{dialog}"), None, None)
        .await
        .json();
    for list in [
        "excludedGuiActions",
        "excludedApiActions",
        "excludedAttachments",
        "excludedTransmissions",
    ] {
        assert!(view.get(list).is_none(), "{list}: nothing left out for Ola");
    }
    let mut urls = Vec::new();
    all_urls(&view, &mut urls);
    assert!(!urls.iter().any(|url| url == UNAUTHORIZED), "{urls:?}");
    assert_eq!(
        by_id(&view["guiActions"], guarded.gui_sign)["isAuthorized"],
        true
    );
    assert_eq!(view["transmissions"].as_array().map(Vec::len), Some(3));
    let open = by_id(&view["transmissions"], guarded.open_transmission);
    assert_eq!(
        by_id(&open["attachments"], guarded.excluded_child)["isAuthorized"],
        true
    );
    assert_eq!(open["navigationalActions"][0]["isAuthorized"], true);

    // `e` lists each granted context's entity, by its tokenRef where it has one, in document
    // order; `a` keeps only the legacy grants (the sign context's grant is not there).
    let jwks = crate::common::get(&api.app, "/api/v1/.well-known/jwks.json")
        .await
        .json();
    let token = view["dialogToken"].as_str().expect("token");
    let verified =
        verify_dialog_token(token, &jwks, "http://localhost:3000/api/v1").expect("verifies");
    assert_eq!(verified.actions, "read;write");
    let entities = &verified.authorized_entities;
    let expected_start = [
        guarded.gui_sign.to_string(),
        guarded.gui_excluded.to_string(),
        guarded.api_sign.to_string(),
        guarded.excluded_attachment.to_string(),
        "kvittering".to_owned(),
        guarded.disabled_transmission.to_string(),
        guarded.narrowed_child.to_string(),
        guarded.excluded_transmission.to_string(),
        guarded.excluded_child.to_string(),
    ];
    assert_eq!(entities.len(), expected_start.len() + 1, "{entities:?}");
    assert_eq!(&entities[..expected_start.len()], &expected_start);
    assert!(!verified.grants_entity(&guarded.plain_attachment.to_string()));
    assert!(verified.grants_entity("kvittering"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_context_naming_other_parties_grants_if_any_of_them_permits(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let shared = Uuid::now_v7();
    let body = json!({
        "serviceResource": "urn:altinn:resource:demo-mva-melding",
        "party": FJORDKRAFT,
        "content": { "title": { "value": title("MVA-melding") } },
        "attachments": [attachment(shared, "til-ingrid", Some(json!({
            "serviceResource": TAX_RETURN,
            "parties": [person(INGRID)],
            "unauthorizedPresentation": "Disabled"
        })))]
    });
    let dialog = id_of(&api.create(SKATTEETATEN, &body).await);
    let path = format!("{ENDUSER}/{dialog}");
    // Ingrid reads her own tax return: the check on her behalf grants it.
    let ingrid = api.as_person(INGRID, "GET", &path, None, None).await.json();
    assert_eq!(ingrid["attachments"][0]["isAuthorized"], true, "{ingrid}");
    // Ola may act for Fjordkraft, but not for Ingrid, and the dialog's party is not asked.
    let ola = api.as_person(OLA, "GET", &path, None, None).await.json();
    assert_eq!(ola["attachments"][0]["isAuthorized"], false);
    assert_eq!(ola["attachments"][0]["urls"][0]["url"], UNAUTHORIZED);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_service_owner_reads_its_contexts_back_and_may_reference_only_its_own_resources(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool).await;
    let guarded = guarded();
    let dialog = id_of(&api.create(SKATTEETATEN, &guarded.body).await);
    let read = api.get(SKATTEETATEN, &dialog).await.json();
    let sign = by_id(&read["guiActions"], guarded.gui_sign);
    assert_eq!(
        sign["action"], "",
        "reads back empty, so the GET can be PUT back"
    );
    assert_eq!(sign["authorizationContext"]["action"], "sign");
    assert_eq!(
        sign["authorizationContext"]["unauthorizedPresentation"],
        "Disabled"
    );
    assert_eq!(
        by_id(&read["attachments"], guarded.disabled_attachment)["authorizationContext"]["tokenRef"],
        "kvittering"
    );
    let transmissions = api
        .send_as(
            (SKATTEETATEN, BASIC),
            "GET",
            &format!("{DIALOGS}/{dialog}/transmissions"),
            None,
            None,
        )
        .await
        .json();
    let open = by_id(&transmissions, guarded.open_transmission);
    assert_eq!(
        open["navigationalActions"][0]["authorizationContext"]["serviceResource"],
        TAX_RETURN
    );
    assert!(open["attachments"][0].get("isAuthorized").is_none());

    // The read-back goes straight back in as an update.
    let mut update = read.clone();
    for field in [
        "id",
        "org",
        "serviceResourceType",
        "revision",
        "createdAt",
        "updatedAt",
        "contentUpdatedAt",
        "seenSinceLastUpdate",
        "seenSinceLastContentUpdate",
        "endUserContext",
        "hasUnopenedContent",
        "fromServiceOwnerTransmissionsCount",
        "fromPartyTransmissionsCount",
        "isContentSeen",
        "serviceOwnerContext",
    ] {
        update.as_object_mut().expect("object").remove(field);
    }
    update["transmissions"] = json!([]);
    update["activities"] = json!([]);
    let path = format!("{DIALOGS}/{dialog}");
    let put = api
        .send_as((SKATTEETATEN, BASIC), "PUT", &path, Some(&update), None)
        .await;
    assert_eq!(put.status, 204, "{}", put.text());

    // A context naming another owner's resource is refused, on create, update and append.
    let unowned = json!({
        "serviceResource": "urn:altinn:resource:demo-sykepenger",
        "includeDialogParty": true,
        "unauthorizedPresentation": "Excluded"
    });
    let mut body = guarded.body.clone();
    body["attachments"] = json!([attachment(Uuid::now_v7(), "fremmed", Some(unowned.clone()))]);
    body["transmissions"] = json!([]);
    let refused = api.create(SKATTEETATEN, &body).await;
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(
        refused.text().contains("Not allowed to reference the following unowned resources: [urn:altinn:resource:demo-sykepenger]"),
        "{}",
        refused.text()
    );
    update["attachments"] = body["attachments"].clone();
    let refused = api
        .send_as((SKATTEETATEN, BASIC), "PUT", &path, Some(&update), None)
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text());
    let appended = api
        .send_as(
            (SKATTEETATEN, BASIC),
            "POST",
            &format!("{path}/transmissions"),
            Some(&transmission(
                Uuid::now_v7(),
                "fremmed",
                Some(unowned),
                json!({}),
            )),
            None,
        )
        .await;
    assert_eq!(appended.status, 403, "{}", appended.text());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn authorization_contexts_are_refused_in_upstreams_words(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool).await;
    let context = |extra: Value| {
        let mut context =
            json!({ "includeDialogParty": true, "unauthorizedPresentation": "Disabled" });
        for (key, value) in extra.as_object().expect("object") {
            context[key] = value.clone();
        }
        context
    };
    let cases = [
        (
            context(
                json!({ "parties": [person(OLA), person(INGRID), FJORDKRAFT, person("01018012371")] }),
            ),
            "dto.attachments[0].authorizationContext.parties",
            "'Parties' cannot contain more than 3 parties.",
        ),
        (
            context(json!({ "parties": [person(OLA), person(OLA)] })),
            "dto.attachments[0].authorizationContext.parties",
            "Can not contain duplicate items: [urn:altinn:person:identifier-no:15057523414].",
        ),
        (
            json!({ "parties": [], "unauthorizedPresentation": "Disabled" }),
            "dto.attachments[0].authorizationContext.parties",
            "'Parties' must contain at least one party when 'IncludeDialogParty' is false.",
        ),
        (
            context(json!({ "parties": ["urn:altinn:person:identifier-no:123"] })),
            "dto.attachments[0].authorizationContext.parties[0]",
            "'Parties' must be on format",
        ),
        (
            context(
                json!({ "additionalResourceAttribute": "urn:altinn:resource:demo-skattemelding" }),
            ),
            "dto.attachments[0].authorizationContext.additionalResourceAttribute",
            "'AdditionalResourceAttribute' cannot contain a service resource reference ('urn:altinn:resource:...'); use 'ServiceResource' instead.",
        ),
        (
            context(json!({ "additionalResourceAttribute": "urn:altinn:app:skd_mva" })),
            "dto.attachments[0].authorizationContext.additionalResourceAttribute",
            "'AdditionalResourceAttribute' cannot reference an app",
        ),
        (
            context(json!({ "additionalResourceAttribute": "urn:altinn:org:skd" })),
            "dto.attachments[0].authorizationContext.additionalResourceAttribute",
            "'AdditionalResourceAttribute' cannot reference an organization",
        ),
        (
            context(json!({ "serviceResource": "demo-skattemelding" })),
            "dto.attachments[0].authorizationContext.serviceResource",
            "'ServiceResource' must start with 'urn:altinn:resource:'.",
        ),
        (
            json!({ "includeDialogParty": true }),
            "dto.attachments[0].authorizationContext.unauthorizedPresentation",
            "'UnauthorizedPresentation' is required and must be either 'Disabled' or 'Excluded'.",
        ),
        (
            context(json!({ "tokenRef": "x".repeat(51) })),
            "dto.attachments[0].authorizationContext.tokenRef",
            "The length of 'TokenRef' must be 50 characters or fewer. You entered 51 characters.",
        ),
    ];
    for (context, key, message) in cases {
        let body = json!({
            "serviceResource": "urn:altinn:resource:demo-mva-melding",
            "party": FJORDKRAFT,
            "content": { "title": { "value": title("MVA-melding") } },
            "attachments": [attachment(Uuid::now_v7(), "vedlegg", Some(context))]
        });
        let refused = api.create(SKATTEETATEN, &body).await;
        assert_eq!(refused.status, 400, "{key}: {}", refused.text());
        let errors = &refused.json()["errors"][key];
        assert!(
            errors.as_array().is_some_and(|messages| messages
                .iter()
                .any(|m| m.as_str().unwrap_or_default().starts_with(message))),
            "{key} should say {message}: {}",
            refused.text()
        );
    }

    // A GUI action: a context instead of the legacy attribute and its own action.
    let body = json!({
        "serviceResource": "urn:altinn:resource:demo-mva-melding",
        "party": FJORDKRAFT,
        "content": { "title": { "value": title("MVA-melding") } },
        "guiActions": [
            { "action": "sign", "authorizationAttribute": "urn:altinn:task:signering", "url": "https://fjordkraft.example/a", "priority": "Primary", "title": title("A"), "authorizationContext": context(json!({})) },
            { "url": "https://fjordkraft.example/b", "priority": "Secondary", "title": title("B") }
        ],
        "transmissions": [transmission(Uuid::now_v7(), "t", Some(context(json!({}))), json!({ "authorizationAttribute": "kvittering" }))]
    });
    let refused = api.create(SKATTEETATEN, &body).await;
    assert_eq!(refused.status, 400);
    let errors = &refused.json()["errors"];
    assert_eq!(
        errors["dto.guiActions[0].action"],
        json!([
            "'Action' cannot be combined with 'AuthorizationContext'; use 'AuthorizationContext.Action' instead."
        ])
    );
    assert_eq!(
        errors["dto.guiActions[0].authorizationAttribute"],
        json!(["'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'."])
    );
    assert_eq!(
        errors["dto.guiActions[1].action"],
        json!(["'Action' must not be empty when 'AuthorizationContext' is not supplied."])
    );
    assert_eq!(
        errors["dto.transmissions[0].authorizationAttribute"],
        json!(["'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'."])
    );
}
