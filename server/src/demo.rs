//! Demo dialogs for the demo personas, created through the service layer as their service
//! owners would create them: every status, markdown, attachments, actions, threaded
//! transmissions, activities, due and past dates, in nb, nn and en.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    auth::principal::{Scopes, ServiceOwner, scope},
    authz::Authorizer,
    domain::{dialog::create::CreateDialogRequest, json::from_value, party::OrganizationNumber},
    service::{Write, dialogs},
};

/// A service: its resource, its owner, and the parties that have it.
struct Service {
    resource: &'static str,
    owner: (&'static str, &'static str),
    titles: [&'static str; 3],
    parties: &'static [&'static str],
    count: usize,
}

const KARI: &str = "urn:altinn:person:identifier-no:01018012371";
const OLA: &str = "urn:altinn:person:identifier-no:15057523414";
const INGRID: &str = "urn:altinn:person:identifier-no:23069034578";
const SOFIE: &str = "urn:altinn:person:identifier-no:30089956788";
const FJORDKRAFT: &str = "urn:altinn:organization:identifier-no:310778737";
const BERGEN: &str = "urn:altinn:organization:identifier-no:311568906";
const OSLO: &str = "urn:altinn:organization:identifier-no:312674556";
const HAVBRUK: &str = "urn:altinn:organization:identifier-no:313774201";
const KYSTBYGG: &str = "urn:altinn:organization:identifier-no:314876520";
/// A user who signs in with ID-porten's e-mail login: no national identity number.
const EMAIL_USER: &str = "urn:altinn:person:idporten-email:kari.epost@example.no";

const SERVICES: [Service; 7] = [
    Service {
        resource: "urn:altinn:resource:demo-skattemelding",
        owner: ("skd", "974761076"),
        titles: [
            "Skattemelding for {year}",
            "Skattemelding for {year}",
            "Tax return for {year}",
        ],
        parties: &[KARI, OLA, INGRID, SOFIE, FJORDKRAFT],
        count: 16,
    },
    Service {
        resource: "urn:altinn:resource:demo-mva-melding",
        owner: ("skd", "974761076"),
        titles: [
            "Mva-melding {term}. termin",
            "Mva-melding {term}. termin",
            "VAT return, period {term}",
        ],
        parties: &[FJORDKRAFT, BERGEN, OSLO],
        count: 18,
    },
    Service {
        resource: "urn:altinn:resource:demo-sykepenger",
        owner: ("nav", "889640782"),
        titles: [
            "Søknad om sykepenger",
            "Søknad om sjukepengar",
            "Sickness benefit application",
        ],
        parties: &[KARI, OLA, INGRID],
        count: 10,
    },
    Service {
        resource: "urn:altinn:resource:demo-arbeidsforhold",
        owner: ("nav", "889640782"),
        titles: [
            "Arbeidsforhold {term}/{year}",
            "Arbeidsforhold {term}/{year}",
            "Employment report {term}/{year}",
        ],
        parties: &[FJORDKRAFT, BERGEN, HAVBRUK],
        count: 14,
    },
    Service {
        resource: "urn:altinn:resource:demo-meldingsboks",
        owner: ("digdir", "991825827"),
        titles: [
            "Melding fra Digdir nr. {n}",
            "Melding frå Digdir nr. {n}",
            "Message from Digdir no. {n}",
        ],
        parties: &[KARI, OLA, FJORDKRAFT, KYSTBYGG],
        count: 14,
    },
    Service {
        resource: "urn:altinn:resource:demo-tilskudd",
        owner: ("digdir", "991825827"),
        titles: [
            "Søknad om tilskudd {year}",
            "Søknad om tilskot {year}",
            "Grant application {year}",
        ],
        parties: &[FJORDKRAFT, HAVBRUK, KYSTBYGG],
        count: 10,
    },
    Service {
        resource: "urn:altinn:resource:demo-brev",
        owner: ("digdir", "991825827"),
        titles: [
            "Brev fra Digdir nr. {n}",
            "Brev frå Digdir nr. {n}",
            "Letter from Digdir no. {n}",
        ],
        parties: &[EMAIL_USER],
        count: 3,
    },
];

const STATUSES: [&str; 6] = [
    "InProgress",
    "RequiresAttention",
    "Awaiting",
    "Completed",
    "NotApplicable",
    "Draft",
];

fn localized(texts: [&str; 3]) -> Value {
    json!([
        { "languageCode": "nb", "value": texts[0] },
        { "languageCode": "nn", "value": texts[1] },
        { "languageCode": "en", "value": texts[2] },
    ])
}

fn fill(template: &str, n: usize) -> String {
    template
        .replace("{year}", &(2020 + n % 7).to_string())
        .replace("{term}", &(1 + n % 6).to_string())
        .replace("{n}", &(100 + n).to_string())
}

/// The `n`th demo dialog of a service for a party: varied by `n`, the same on every run.
fn dialog(service: &Service, party: &str, n: usize) -> Value {
    let title = service.titles.map(|template| fill(template, n));
    let status = STATUSES[n % STATUSES.len()];
    let now = Utc::now();
    let due = match n % 5 {
        0 => Some(now + Duration::days(3)),
        1 => Some(now + Duration::days(40)),
        2 => Some(now - Duration::days(2)),
        _ => None,
    };
    // At least a day old, so that the reply five hours later is in the past too.
    let created = now
        - Duration::days(1 + i64::try_from(n * 9 % 300).unwrap_or(0))
        - Duration::hours(i64::try_from(n % 24).unwrap_or(0));
    let host = format!("https://{}.example", service.owner.0);
    let mut body = json!({
        "serviceResource": service.resource,
        "party": party,
        "status": status,
        "createdAt": created.to_rfc3339(),
        "progress": (n * 17) % 101,
        "content": content(&title),
        "searchTags": [{ "value": "demo" }],
        "attachments": attachments(&host, n),
        "guiActions": gui_actions(&host, n),
        "apiActions": [{ "action": "write", "name": "confirm", "endpoints": [{ "url": format!("{host}/api/confirm/{n}"), "httpMethod": "POST" }] }],
        "transmissions": transmissions(created),
        "activities": [{ "type": "DialogCreated", "createdAt": created.to_rfc3339(), "performedBy": { "actorType": "ServiceOwner" } }],
    });
    if let Some(due) = due {
        body["dueAt"] = json!(due.to_rfc3339());
    }
    if n % 7 == 3 {
        body["systemLabel"] = json!("Archive");
    }
    if n % 4 == 1
        && let Some(transmissions) = body["transmissions"].as_array_mut()
    {
        transmissions.truncate(1);
    }
    body
}

/// A demo dialog's texts in the three languages.
fn content(title: &[String; 3]) -> Value {
    json!({
        "title": { "value": localized([&title[0], &title[1], &title[2]]) },
        "summary": { "value": localized([
            "Se over opplysningene og svar innen fristen.",
            "Sjå over opplysningane og svar innan fristen.",
            "Review the details and reply by the deadline.",
        ]) },
        "additionalInfo": { "mediaType": "text/markdown", "value": localized([
            "## Hva du må gjøre\n1. Kontroller opplysningene\n2. Rett det som er feil\n3. Send inn\n\nLes mer på [nettsidene våre](https://www.example.no/hjelp).",
            "## Kva du må gjere\n1. Kontroller opplysningane\n2. Rett det som er feil\n3. Send inn",
            "## What to do\n1. Check the details\n2. Correct what is wrong\n3. Submit\n\nRead more on [our website](https://www.example.no/help).",
        ]) },
    })
}

fn attachments(host: &str, n: usize) -> Value {
    json!([{
        "displayName": localized(["Vedtak.pdf", "Vedtak.pdf", "Decision.pdf"]),
        "urls": [{ "url": format!("{host}/files/{n}.pdf"), "mediaType": "application/pdf", "consumerType": "Gui" }],
    }])
}

/// Open the service, confirm (POST) and delete (DELETE, with a prompt).
fn gui_actions(host: &str, n: usize) -> Value {
    json!([
        { "action": "write", "url": format!("{host}/open/{n}"), "priority": "Primary", "title": localized(["Gå til tjenesten", "Gå til tenesta", "Go to the service"]) },
        { "action": "write", "url": format!("{host}/api/confirm/{n}"), "httpMethod": "POST", "priority": "Secondary", "title": localized(["Bekreft", "Stadfest", "Confirm"]) },
        { "action": "write", "url": format!("{host}/api/delete/{n}"), "httpMethod": "DELETE", "priority": "Tertiary", "isDeleteDialogAction": true,
          "title": localized(["Slett", "Slett", "Delete"]), "prompt": localized(["Vil du slette denne saken?", "Vil du slette denne saka?", "Do you want to delete this case?"]) },
    ])
}

/// The service owner's request, and the party's submission five hours later in its thread.
fn transmissions(created: DateTime<Utc>) -> Value {
    let sent = uuid::Uuid::now_v7();
    json!([
        { "id": sent, "type": "Request", "createdAt": created.to_rfc3339(), "sender": { "actorType": "ServiceOwner" },
          "content": { "title": { "value": localized(["Vi trenger opplysninger", "Vi treng opplysningar", "We need information"]) } } },
        { "type": "Submission", "relatedTransmissionId": sent, "createdAt": (created + Duration::hours(5)).to_rfc3339(),
          "sender": { "actorType": "PartyRepresentative", "actorName": "Innsender" },
          "content": { "title": { "value": localized(["Opplysninger sendt inn", "Opplysningar sende inn", "Information submitted"]) } } },
    ])
}

/// Creates the demo dialogs unless any dialog exists already; returns how many were made.
pub async fn create_demo_dialogs(pool: &PgPool, authorizer: &Authorizer) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query_scalar!(r#"select count(*) as "count!" from dialogs"#)
        .fetch_one(pool)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let mut created = 0;
    for service in &SERVICES {
        // Admin scope: the demo has overdue dialogs, which only administrators may create.
        let owner = ServiceOwner {
            organization_number: OrganizationNumber::parse(service.owner.1)?,
            org: Some(service.owner.0.to_owned()),
            scopes: Scopes::parse(&format!(
                "{} {} {}",
                scope::SERVICE_PROVIDER,
                scope::SERVICE_PROVIDER_ADMIN,
                scope::CORRESPONDENCE
            )),
        };
        for party in service.parties {
            for n in 0..service.count {
                let request: CreateDialogRequest = from_value(dialog(service, party, n))
                    .map_err(|error| anyhow::anyhow!("demo dialog does not parse: {error:?}"))?;
                dialogs::create(pool, authorizer, &owner, Write::default(), &request)
                    .await
                    .map_err(|error| anyhow::anyhow!("demo dialog refused: {error:?}"))?;
                created += 1;
            }
        }
    }
    Ok(created)
}
