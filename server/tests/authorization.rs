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

const DEMO: &str = include_str!("../demo/authorization.yaml");

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
        person: NationalIdentityNumber::parse(number).expect("valid"),
        authentication_level: level,
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

/// Whether `who` may do `action` (for `attribute`) on a dialog of `party` under `service`.
async fn may(
    authorizer: &Authorizer,
    who: &EndUser,
    party: &Party,
    service: &str,
    action: &str,
    attribute: Option<&str>,
) -> bool {
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
    decision.permits(&wanted)
}

async fn parties(authorizer: &Authorizer, number: &str) -> Vec<Party> {
    let access = authorizer
        .party_access(&NationalIdentityNumber::parse(number).expect("valid"))
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
    let kari = user(KARI, 3);
    assert!(
        may(
            &authorizer,
            &kari,
            &person(KARI),
            "demo-skattemelding",
            "write",
            None
        )
        .await
    );
    assert!(
        may(
            &authorizer,
            &kari,
            &person(KARI),
            "demo-skattemelding",
            "sign",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &kari,
            &person(OLA),
            "demo-skattemelding",
            "read",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &kari,
            &organization(FJORDKRAFT),
            "demo-mva-melding",
            "read",
            None
        )
        .await
    );
    // A resource for organisations only gives a person nothing in their own affairs.
    assert!(
        !may(
            &authorizer,
            &kari,
            &person(KARI),
            "demo-tilskudd",
            "read",
            None
        )
        .await
    );
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
    let expected: BTreeSet<_> = ["demo-meldingsboks", "demo-skattemelding", "demo-sykepenger"]
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
    assert!(
        may(
            &authorizer,
            &user(KARI, 4),
            &person(KARI),
            "demo-sykepenger",
            "write",
            None
        )
        .await
    );
    assert!(
        may(
            &authorizer,
            &user(KARI, 2),
            &person(KARI),
            "demo-meldingsboks",
            "read",
            None
        )
        .await
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_general_manager_acts_for_the_company_and_its_sub_units(pool: PgPool) {
    let authorizer = demo(pool).await;
    assert_eq!(
        parties(&authorizer, OLA).await,
        vec![
            person(OLA),
            organization(FJORDKRAFT),
            organization(FJORDKRAFT_BERGEN),
            organization(FJORDKRAFT_OSLO)
        ]
    );
    let ola = user(OLA, 3);
    for unit in [FJORDKRAFT, FJORDKRAFT_BERGEN, FJORDKRAFT_OSLO] {
        assert!(
            may(
                &authorizer,
                &ola,
                &organization(unit),
                "demo-mva-melding",
                "write",
                None
            )
            .await,
            "{unit}"
        );
        assert!(
            may(
                &authorizer,
                &ola,
                &organization(unit),
                "demo-arbeidsforhold",
                "write",
                None
            )
            .await,
            "{unit}"
        );
    }
    assert!(
        may(
            &authorizer,
            &ola,
            &organization(FJORDKRAFT),
            "demo-tilskudd",
            "trekk-soknad",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &ola,
            &organization(HAVBRUK),
            "demo-tilskudd",
            "read",
            None
        )
        .await
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_grant_for_an_attribute_covers_only_that_attribute(pool: PgPool) {
    let authorizer = demo(pool).await;
    let ola = user(OLA, 3);
    let company = organization(FJORDKRAFT);
    assert!(
        may(
            &authorizer,
            &ola,
            &company,
            "demo-mva-melding",
            "sign",
            Some("urn:altinn:task:signering")
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &ola,
            &company,
            "demo-mva-melding",
            "sign",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &ola,
            &company,
            "demo-mva-melding",
            "sign",
            Some("urn:altinn:task:annen")
        )
        .await
    );
    // A grant on the whole resource covers its attributes too.
    assert!(
        may(
            &authorizer,
            &ola,
            &company,
            "demo-mva-melding",
            "write",
            Some("urn:altinn:task:utfylling")
        )
        .await
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_attribute_naming_another_resource_is_decided_by_that_resources_policy(pool: PgPool) {
    let authorizer = demo(pool).await;
    let other = Some("urn:altinn:resource:demo-arbeidsforhold");
    let company = organization(FJORDKRAFT);
    assert!(
        may(
            &authorizer,
            &user(OLA, 3),
            &company,
            "demo-tilskudd",
            "read",
            other
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &user(INGRID, 3),
            &company,
            "demo-tilskudd",
            "read",
            other
        )
        .await
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_employee_with_one_access_package_gets_exactly_what_it_grants(pool: PgPool) {
    let authorizer = demo(pool).await;
    let ingrid = user(INGRID, 3);
    let bergen = organization(FJORDKRAFT_BERGEN);
    assert!(
        may(
            &authorizer,
            &ingrid,
            &bergen,
            "demo-mva-melding",
            "write",
            None
        )
        .await
    );
    assert!(
        may(
            &authorizer,
            &ingrid,
            &bergen,
            "demo-mva-melding",
            "transmissionread",
            Some("kvittering")
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &ingrid,
            &bergen,
            "demo-mva-melding",
            "sign",
            Some("urn:altinn:task:signering")
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &ingrid,
            &bergen,
            "demo-skattemelding",
            "read",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &ingrid,
            &bergen,
            "demo-arbeidsforhold",
            "read",
            None
        )
        .await
    );
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
    let sofie = user(SOFIE, 3);
    let (havbruk, kystbygg) = (organization(HAVBRUK), organization(KYSTBYGG));
    assert!(
        may(
            &authorizer,
            &sofie,
            &havbruk,
            "demo-arbeidsforhold",
            "read",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &sofie,
            &havbruk,
            "demo-arbeidsforhold",
            "write",
            None
        )
        .await
    );
    assert!(
        may(
            &authorizer,
            &sofie,
            &havbruk,
            "demo-tilskudd",
            "elementread",
            Some("regnskap")
        )
        .await
    );
    assert!(!may(&authorizer, &sofie, &havbruk, "demo-tilskudd", "sign", None).await);
    assert!(
        may(
            &authorizer,
            &sofie,
            &kystbygg,
            "demo-tilskudd",
            "sign",
            None
        )
        .await
    );
    assert!(
        !may(
            &authorizer,
            &sofie,
            &kystbygg,
            "demo-tilskudd",
            "elementread",
            Some("regnskap")
        )
        .await
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_person_with_no_rights_sees_no_one_elses_parties_or_dialogs(pool: PgPool) {
    let authorizer = demo(pool).await;
    assert_eq!(parties(&authorizer, PER).await, vec![person(PER)]);
    let per = user(PER, 4);
    for unit in [FJORDKRAFT, FJORDKRAFT_BERGEN, HAVBRUK, KYSTBYGG] {
        for service in [
            "demo-mva-melding",
            "demo-arbeidsforhold",
            "demo-tilskudd",
            "demo-meldingsboks",
        ] {
            assert!(
                !may(
                    &authorizer,
                    &per,
                    &organization(unit),
                    service,
                    "read",
                    None
                )
                .await,
                "{unit} {service}"
            );
        }
    }
    let readable = authorizer.readable(&per).await.expect("decides");
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
    assert!(
        may(
            &authorizer,
            &user(stranger, 3),
            &person(stranger),
            "demo-skattemelding",
            "read",
            None
        )
        .await
    );
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

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_new_import_takes_effect_at_once_despite_the_cache(pool: PgPool) {
    let authorizer = demo(pool).await;
    let ola = user(OLA, 3);
    assert!(
        may(
            &authorizer,
            &ola,
            &organization(FJORDKRAFT),
            "demo-mva-melding",
            "read",
            None
        )
        .await
    );
    let mut data = AuthorizationData::parse(DEMO, Format::Yaml).expect("valid");
    data.relations
        .retain(|relation| relation.person.as_str() != OLA);
    authorizer.replace_all(&data).await.expect("imports");
    assert!(
        !may(
            &authorizer,
            &ola,
            &organization(FJORDKRAFT),
            "demo-mva-melding",
            "read",
            None
        )
        .await
    );
    assert_eq!(parties(&authorizer, OLA).await, vec![person(OLA)]);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn another_server_instance_drops_its_cache_when_told_of_a_change(pool: PgPool) {
    let importer = demo(pool.clone()).await;
    let other = Authorizer::new(pool);
    tokio::spawn(other.clone().follow_changes());
    assert_eq!(
        parties(&other, OLA).await.len(),
        4,
        "the other instance caches Ola's parties"
    );
    // Give the listener a moment to subscribe before the change is made.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
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
    assert!(authorizer.export().await.expect("exports").resources.len() == 6);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn an_export_imports_back_to_the_same_data(pool: PgPool) {
    let authorizer = demo(pool).await;
    let exported = authorizer.export().await.expect("exports");
    authorizer
        .replace_all(&exported)
        .await
        .expect("imports its own export");
    assert_eq!(authorizer.export().await.expect("exports"), exported);
}
