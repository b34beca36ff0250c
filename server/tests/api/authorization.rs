//! Who may see and do what: the demo personas against resources with different policies.

use std::collections::BTreeSet;

use server::{
    authz::{
        Authorizer, EndUser,
        decision::ActionRequest,
        model::{AuthorizationData, Format},
    },
    domain::{
        party::{NationalIdentityNumber, OrganizationNumber, Party},
        resource::{Action, Attribute, ResourceId},
    },
};
use sqlx::PgPool;

const DEMO: &str = include_str!("../../demo/authorization.yaml");

const KARI: &str = "01018012371"; // citizen
const OLA: &str = "15057523414"; // general manager of Fjordkraft Demo AS
const INGRID: &str = "23069034578"; // employee with the VAT access package
const PER: &str = "12128545601"; // no rights
const SOFIE: &str = "30089956788"; // accountant for Havbruk, general manager of Kystbygg

const FJORDKRAFT: &str = "310778737";
const FJORDKRAFT_BERGEN: &str = "311568906";
const FJORDKRAFT_OSLO: &str = "312674556";
const HAVBRUK: &str = "313774201";
const KYSTBYGG: &str = "314876520";

fn person(number: &str) -> Party {
    Party::Person(NationalIdentityNumber::parse(number).expect("valid"))
}

fn organization(number: &str) -> Party {
    Party::Organization(OrganizationNumber::parse(number).expect("valid"))
}

fn user(number: &str, level: u8) -> EndUser {
    EndUser {
        party: Party::Person(NationalIdentityNumber::parse(number).expect("valid")),
        authentication_level: level,
        system_user: None,
    }
}

fn resource(name: &str) -> ResourceId {
    ResourceId::parse(&format!("urn:altinn:resource:{name}")).expect("valid")
}

fn request(action: &str, attribute: Option<&str>) -> ActionRequest {
    ActionRequest {
        action: Action::parse(action).expect("valid"),
        attribute: attribute.map(|value| Attribute::parse(value).expect("valid")),
    }
}

async fn demo(pool: PgPool) -> Authorizer {
    let authorizer = Authorizer::new(pool);
    let data = AuthorizationData::parse(DEMO, Format::Yaml).expect("the demo file is valid");
    authorizer.replace_all(&data).await.expect("imports");
    authorizer
}

/// One line of a persona's matrix: on a dialog of `party` under `service`, may they do `action`
/// (for `attribute`)?
type Case<'a> = (&'a Party, &'a str, &'a str, Option<&'a str>, bool);

const ALLOW: bool = true;
const DENY: bool = false;

/// Decides every case for `who` and fails listing each case that came out otherwise.
async fn assert_decisions(authorizer: &Authorizer, who: &EndUser, cases: &[Case<'_>]) {
    let mut wrong = Vec::new();
    for &(party, service, action, attribute, expected) in cases {
        let wanted = request(action, attribute);
        let decision = authorizer
            .decide_dialog(
                who,
                party,
                &resource(service),
                std::slice::from_ref(&wanted),
            )
            .await
            .expect("decides");
        if decision.permits(&wanted) != expected {
            wrong.push(format!(
                "{party} {service} {action} {attribute:?}: expected {expected}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "decisions for {}:\n{}",
        who.party.identifier(),
        wrong.join("\n")
    );
}

async fn parties(authorizer: &Authorizer, number: &str) -> Vec<Party> {
    let access = authorizer
        .party_access(&Party::Person(
            NationalIdentityNumber::parse(number).expect("valid"),
        ))
        .await
        .expect("loads");
    access
        .parties
        .iter()
        .map(|authorized| authorized.party.clone())
        .collect()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_citizen_acts_only_for_herself(pool: PgPool) {
    let authorizer = demo(pool).await;
    assert_eq!(parties(&authorizer, KARI).await, vec![person(KARI)]);
    let (kari, ola, fjordkraft) = (person(KARI), person(OLA), organization(FJORDKRAFT));
    #[rustfmt::skip]
    let cases = [
        (&kari, "demo-skattemelding", "write", None, ALLOW),
        (&kari, "demo-skattemelding", "sign", None, ALLOW),
        (&ola, "demo-skattemelding", "read", None, DENY),
        (&fjordkraft, "demo-mva-melding", "read", None, DENY),
        // A resource for organisations only gives a person nothing in their own affairs.
        (&kari, "demo-tilskudd", "read", None, DENY),
    ];
    assert_decisions(&authorizer, &user(KARI, 3), &cases).await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_citizens_search_covers_exactly_her_own_readable_services(pool: PgPool) {
    let authorizer = demo(pool).await;
    let readable: BTreeSet<_> = authorizer
        .readable(&user(KARI, 3))
        .await
        .expect("decides")
        .into_iter()
        .collect();
    let expected: BTreeSet<_> = [
        "demo-brev",
        "demo-meldingsboks",
        "demo-skattemelding",
        "demo-sykepenger",
    ]
    .into_iter()
    .map(|name| (person(KARI), resource(name)))
    .collect();
    assert_eq!(readable, expected);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_resource_above_the_users_authentication_level_permits_nothing(pool: PgPool) {
    let authorizer = demo(pool).await;
    let wanted = request("read", None);
    let at_substantial = authorizer
        .decide_dialog(
            &user(KARI, 3),
            &person(KARI),
            &resource("demo-sykepenger"),
            std::slice::from_ref(&wanted),
        )
        .await
        .expect("decides");
    assert!(at_substantial.authentication_level_too_low);
    assert!(!at_substantial.permits(&wanted));
    let kari = person(KARI);
    assert_decisions(
        &authorizer,
        &user(KARI, 4),
        &[(&kari, "demo-sykepenger", "write", None, ALLOW)],
    )
    .await;
    assert_decisions(
        &authorizer,
        &user(KARI, 2),
        &[(&kari, "demo-meldingsboks", "read", None, ALLOW)],
    )
    .await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_general_manager_acts_for_the_company_and_its_sub_units(pool: PgPool) {
    let authorizer = demo(pool).await;
    let (main, bergen, oslo) = (
        organization(FJORDKRAFT),
        organization(FJORDKRAFT_BERGEN),
        organization(FJORDKRAFT_OSLO),
    );
    assert_eq!(
        parties(&authorizer, OLA).await,
        vec![person(OLA), main.clone(), bergen.clone(), oslo.clone()]
    );
    let havbruk = organization(HAVBRUK);
    #[rustfmt::skip]
    let cases = [
        (&main, "demo-mva-melding", "write", None, ALLOW),
        (&bergen, "demo-mva-melding", "write", None, ALLOW),
        (&oslo, "demo-mva-melding", "write", None, ALLOW),
        (&main, "demo-arbeidsforhold", "write", None, ALLOW),
        (&bergen, "demo-arbeidsforhold", "write", None, ALLOW),
        (&oslo, "demo-arbeidsforhold", "write", None, ALLOW),
        (&main, "demo-tilskudd", "trekk-soknad", None, ALLOW),
        (&havbruk, "demo-tilskudd", "read", None, DENY),
    ];
    assert_decisions(&authorizer, &user(OLA, 3), &cases).await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_grant_for_an_attribute_covers_only_that_attribute(pool: PgPool) {
    let authorizer = demo(pool).await;
    let company = organization(FJORDKRAFT);
    #[rustfmt::skip]
    let cases = [
        (&company, "demo-mva-melding", "sign", Some("urn:altinn:task:signering"), ALLOW),
        (&company, "demo-mva-melding", "sign", None, DENY),
        (&company, "demo-mva-melding", "sign", Some("urn:altinn:task:annen"), DENY),
        // A grant on the whole resource covers its attributes too.
        (&company, "demo-mva-melding", "write", Some("urn:altinn:task:utfylling"), ALLOW),
    ];
    assert_decisions(&authorizer, &user(OLA, 3), &cases).await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_attribute_naming_another_resource_is_decided_by_that_resources_policy(pool: PgPool) {
    let authorizer = demo(pool).await;
    let company = organization(FJORDKRAFT);
    let other = Some("urn:altinn:resource:demo-arbeidsforhold");
    assert_decisions(
        &authorizer,
        &user(OLA, 3),
        &[(&company, "demo-tilskudd", "read", other, ALLOW)],
    )
    .await;
    assert_decisions(
        &authorizer,
        &user(INGRID, 3),
        &[(&company, "demo-tilskudd", "read", other, DENY)],
    )
    .await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_employee_with_one_access_package_gets_exactly_what_it_grants(pool: PgPool) {
    let authorizer = demo(pool).await;
    let ingrid = user(INGRID, 3);
    let bergen = organization(FJORDKRAFT_BERGEN);
    #[rustfmt::skip]
    let cases = [
        (&bergen, "demo-mva-melding", "write", None, ALLOW),
        (&bergen, "demo-mva-melding", "transmissionread", Some("kvittering"), ALLOW),
        (&bergen, "demo-mva-melding", "sign", Some("urn:altinn:task:signering"), DENY),
        (&bergen, "demo-skattemelding", "read", None, DENY),
        (&bergen, "demo-arbeidsforhold", "read", None, DENY),
    ];
    assert_decisions(&authorizer, &ingrid, &cases).await;
    let readable: BTreeSet<_> = authorizer
        .readable(&ingrid)
        .await
        .expect("decides")
        .into_iter()
        .collect();
    for unit in [FJORDKRAFT, FJORDKRAFT_BERGEN, FJORDKRAFT_OSLO] {
        assert!(readable.contains(&(organization(unit), resource("demo-mva-melding"))));
        assert!(!readable.contains(&(organization(unit), resource("demo-arbeidsforhold"))));
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_accountant_may_read_but_not_act_and_roles_do_not_leak_between_companies(pool: PgPool) {
    let authorizer = demo(pool).await;
    let (havbruk, kystbygg) = (organization(HAVBRUK), organization(KYSTBYGG));
    #[rustfmt::skip]
    let cases = [
        (&havbruk, "demo-arbeidsforhold", "read", None, ALLOW),
        (&havbruk, "demo-arbeidsforhold", "write", None, DENY),
        (&havbruk, "demo-tilskudd", "elementread", Some("regnskap"), ALLOW),
        (&havbruk, "demo-tilskudd", "sign", None, DENY),
        (&kystbygg, "demo-tilskudd", "sign", None, ALLOW),
        (&kystbygg, "demo-tilskudd", "elementread", Some("regnskap"), DENY),
    ];
    assert_decisions(&authorizer, &user(SOFIE, 3), &cases).await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_person_with_no_rights_sees_no_one_elses_parties_or_dialogs(pool: PgPool) {
    let authorizer = demo(pool).await;
    assert_eq!(parties(&authorizer, PER).await, vec![person(PER)]);
    let units: Vec<Party> = [FJORDKRAFT, FJORDKRAFT_BERGEN, HAVBRUK, KYSTBYGG]
        .into_iter()
        .map(organization)
        .collect();
    let services = [
        "demo-mva-melding",
        "demo-arbeidsforhold",
        "demo-tilskudd",
        "demo-meldingsboks",
    ];
    let cases: Vec<Case> = units
        .iter()
        .flat_map(|unit| {
            services
                .iter()
                .map(move |service| (unit, *service, "read", None, DENY))
        })
        .collect();
    assert_decisions(&authorizer, &user(PER, 4), &cases).await;
    let readable = authorizer.readable(&user(PER, 4)).await.expect("decides");
    assert!(
        readable.iter().all(|(party, _)| party == &person(PER)),
        "{readable:?}"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_synthetic_person_unknown_to_the_register_still_has_their_own_party(pool: PgPool) {
    let authorizer = demo(pool).await;
    let stranger = "02027012372";
    assert_eq!(parties(&authorizer, stranger).await, vec![person(stranger)]);
    let own = person(stranger);
    assert_decisions(
        &authorizer,
        &user(stranger, 3),
        &[(&own, "demo-skattemelding", "read", None, ALLOW)],
    )
    .await;
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn only_the_competent_authority_owns_a_resource(pool: PgPool) {
    let authorizer = demo(pool).await;
    let skatteetaten = OrganizationNumber::parse("974761076").expect("valid");
    let nav = OrganizationNumber::parse("889640782").expect("valid");
    let skattemelding = resource("demo-skattemelding");
    assert!(
        authorizer
            .owns_resource(&skatteetaten, &skattemelding)
            .await
            .expect("decides")
    );
    assert!(
        !authorizer
            .owns_resource(&nav, &skattemelding)
            .await
            .expect("decides")
    );
    assert!(
        !authorizer
            .owns_resource(&skatteetaten, &resource("not-registered"))
            .await
            .expect("decides")
    );
}

/// Whether Ola may read VAT dialogs of his company (true until his relation is removed).
async fn ola_reads_vat(authorizer: &Authorizer) -> bool {
    let wanted = request("read", None);
    let company = organization(FJORDKRAFT);
    authorizer
        .decide_dialog(
            &user(OLA, 3),
            &company,
            &resource("demo-mva-melding"),
            std::slice::from_ref(&wanted),
        )
        .await
        .expect("decides")
        .permits(&wanted)
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_new_import_takes_effect_at_once_despite_the_cache(pool: PgPool) {
    let authorizer = demo(pool).await;
    assert!(ola_reads_vat(&authorizer).await);
    let mut data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    data.relations
        .retain(|relation| relation.person.as_str() != OLA);
    authorizer.replace_all(&data).await.expect("imports");
    assert!(!ola_reads_vat(&authorizer).await);
    assert_eq!(parties(&authorizer, OLA).await, vec![person(OLA)]);
}

/// Waits until a connection has run `LISTEN authorization_changed`, so no change goes unheard.
async fn wait_for_listener(pool: &PgPool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let listening: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity
             where datname = current_database() and query ilike 'listen%authorization_changed%'",
        )
        .fetch_one(pool)
        .await
        .expect("reads");
        if listening > 0 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the listener never subscribed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn another_server_instance_drops_its_cache_when_told_of_a_change(pool: PgPool) {
    let importer = demo(pool.clone()).await;
    let other = Authorizer::new(pool.clone());
    tokio::spawn(other.clone().follow_changes());
    assert_eq!(
        parties(&other, OLA).await.len(),
        4,
        "the other instance caches Ola's parties"
    );
    wait_for_listener(&pool).await;
    let mut data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    data.relations
        .retain(|relation| relation.person.as_str() != OLA);
    importer.replace_all(&data).await.expect("imports");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while parties(&other, OLA).await.len() != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the other instance kept stale rights"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn invalid_data_is_refused_and_changes_nothing(pool: PgPool) {
    let authorizer = demo(pool).await;
    let mut data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    data.resources[0].owner = "nobody".into();
    assert!(authorizer.replace_all(&data).await.is_err());
    assert_eq!(parties(&authorizer, OLA).await.len(), 4);
    assert!(authorizer.export().await.expect("exports").resources.len() == 7);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_export_imports_back_to_the_same_data(pool: PgPool) {
    let authorizer = demo(pool).await;
    let exported = authorizer.export().await.expect("exports");
    let demo = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    assert!(!demo.system_users.is_empty());
    assert_eq!(exported.system_users, demo.system_users, "system users too");
    authorizer
        .replace_all(&exported)
        .await
        .expect("imports its own export");
    assert_eq!(authorizer.export().await.expect("exports"), exported);
}
