//! The plan of every search shape on a generated data set with worst-case parties: each walks
//! an index (never a sequential scan of the dialogs), and no sort takes in more rows than its
//! walks may bring (a page, or the free-text window, per walk), however big the party.

use serde_json::Value;
use server::{
    authz::{Authorizer, EndUser},
    bench_data::{self, Options},
    database::searches::{SearchLimits, Searches},
    domain::{
        dialog::status::{DialogStatus, SystemLabel},
        party::NationalIdentityNumber,
    },
    service::end_user,
    store::{
        pagination::Order,
        search::{self, DeletedFilter, DialogFilter, FreeText},
    },
};
use sqlx::PgPool;

/// The page size asked for, and the cap of counts.
const LIMIT: i64 = 10;
const CAP: i64 = 100;
/// The free-text window of the walk (see `store::search::walk`).
const WINDOW: i64 = 1000;

fn nodes(plan: &Value) -> Vec<&Value> {
    let mut found = vec![plan];
    for child in plan["Plans"].as_array().into_iter().flatten() {
        found.extend(nodes(child));
    }
    found
}

fn rows(node: &Value) -> i64 {
    node["Actual Rows"].as_i64().unwrap_or_default() * node["Actual Loops"].as_i64().unwrap_or(1)
}

/// Checks one statement's plan; `most` is the largest input a sort may take.
fn check(case: &str, plan: &Value, most: i64) {
    for node in nodes(&plan[0]["Plan"]) {
        let kind = node["Node Type"].as_str().unwrap_or_default();
        assert!(
            !(kind == "Seq Scan" && node["Relation Name"] == "dialogs"),
            "{case}: a sequential scan of dialogs\n{plan:#}"
        );
        if kind == "Sort" {
            // What the sort takes in; its init plans (the CTEs) are not sorted by it.
            let input: i64 = node["Plans"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|child| child["Parent Relationship"] == "Outer")
                .map(rows)
                .sum();
            assert!(
                input <= most,
                "{case}: a sort of {input} rows (at most {most})\n{plan:#}"
            );
        }
    }
}

fn shown(filter: DialogFilter) -> DialogFilter {
    DialogFilter {
        deleted: DeletedFilter::Exclude,
        shown_at: Some(chrono::Utc::now()),
        ..filter
    }
}

fn text(term: &str) -> Option<FreeText> {
    Some(FreeText::parse(term, None).expect("a valid term"))
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn every_search_shape_walks_an_index_and_sorts_no_more_than_its_walks_bring(pool: PgPool) {
    let options = Options {
        dialogs: 20_000,
        seed: 3,
        replace: false,
    };
    let personas = bench_data::generate(&pool, &options)
        .await
        .expect("generates");
    let authorizer = Authorizer::new(pool.clone());
    let user = |pid: &str| EndUser {
        party: server::domain::party::Party::Person(
            NationalIdentityNumber::parse(pid).expect("valid"),
        ),
        authentication_level: 4,
        system_user: None,
    };
    let authorized = |pid: String| {
        let authorizer = authorizer.clone();
        async move {
            end_user::authorized(&authorizer, &user(&pid), false)
                .await
                .expect("authorized")
        }
    };
    let big = &personas.organization_73k;
    let professional = &personas.professional_10k;
    // Enough clients for their party set to be stored.
    let large_professional = &personas.professional_50k;
    let accountant_resources: Vec<String> = personas.resources[..6].to_vec();
    let for_party = |party: &str| DialogFilter {
        parties: vec![party.to_owned()],
        ..DialogFilter::default()
    };
    let page = LIMIT + 1;
    // (case, filter, walks): a walk per party up to 100 parties, else per resource, per org.
    let cases: Vec<(&str, DialogFilter, i64)> = vec![
        (
            "a citizen",
            shown(DialogFilter {
                authorized: Some(authorized(personas.citizen.pid.clone()).await),
                ..for_party(&personas.citizen.party)
            }),
            1,
        ),
        (
            "the biggest organisation",
            shown(DialogFilter {
                authorized: Some(authorized(big.pid.clone()).await),
                ..for_party(&big.party)
            }),
            1,
        ),
        (
            "the biggest organisation, a common term",
            shown(DialogFilter {
                authorized: Some(authorized(big.pid.clone()).await),
                text: text(&personas.common_terms[0]),
                ..for_party(&big.party)
            }),
            1,
        ),
        (
            "the biggest organisation, a rare term",
            shown(DialogFilter {
                authorized: Some(authorized(big.pid.clone()).await),
                text: text(&personas.rare_terms[0]),
                ..for_party(&big.party)
            }),
            1,
        ),
        (
            "a professional, all parties",
            shown(DialogFilter {
                authorized: Some(authorized(large_professional.pid.clone()).await),
                service_resources: accountant_resources.clone(),
                ..DialogFilter::default()
            }),
            // Six resources for the clients, and the professional's own party.
            7,
        ),
        (
            "a professional, all 10,000 parties",
            shown(DialogFilter {
                authorized: Some(authorized(professional.pid.clone()).await),
                service_resources: accountant_resources.clone(),
                ..DialogFilter::default()
            }),
            7,
        ),
        (
            "a professional, 100 parties",
            shown(DialogFilter {
                authorized: Some(authorized(professional.pid.clone()).await),
                parties: professional.some_parties.clone(),
                ..DialogFilter::default()
            }),
            100,
        ),
        (
            "a professional, all parties, a rare term",
            shown(DialogFilter {
                authorized: Some(authorized(large_professional.pid.clone()).await),
                service_resources: accountant_resources.clone(),
                text: text(&personas.rare_terms[1]),
                ..DialogFilter::default()
            }),
            7,
        ),
        (
            "a service owner, all its dialogs",
            DialogFilter {
                orgs: Some(vec![personas.service_owner.org.clone()]),
                ..DialogFilter::default()
            },
            1,
        ),
        (
            "a service owner, one party",
            DialogFilter {
                orgs: Some(vec![personas.service_owner.org.clone()]),
                ..for_party(&big.party)
            },
            1,
        ),
        (
            "a service owner, a common term",
            DialogFilter {
                orgs: Some(vec![personas.service_owner.org.clone()]),
                text: text(&personas.common_terms[1]),
                ..DialogFilter::default()
            },
            1,
        ),
    ];
    let mut connection = pool.acquire().await.expect("connects");
    let searches = Searches::new(
        &pool.connect_options(),
        SearchLimits {
            connections: 2,
            per_caller: 2,
            statement_timeout: std::time::Duration::from_secs(30),
        },
    );
    let order = Order::parse(None).expect("the default order");
    let mut fell_back_to_the_text_index = false;
    let mut one_party_text_scans = 0;
    let mut stored_sets = 0;
    for (case, filter, walks) in &cases {
        // The professionals' clients go through their stored party set, as in a real search,
        // and find exactly what the listed parties find.
        let listed = filter.clone();
        let mut filter = filter.clone();
        end_user::store_large_groups(&searches, &mut connection, &mut filter)
            .await
            .expect("stores the large groups");
        if filter.authorized != listed.authorized {
            stored_sets += 1;
            let ids = |page: search::Page| -> Vec<uuid::Uuid> {
                page.items
                    .iter()
                    .map(|item| item.dialog.id.uuid())
                    .collect()
            };
            let through_set = search::search(&mut connection, &filter, &order, None, LIMIT)
                .await
                .expect("searches");
            let through_list = search::search(&mut connection, &listed, &order, None, LIMIT)
                .await
                .expect("searches");
            let found = ids(through_set);
            assert!(!found.is_empty(), "{case}: finds dialogs");
            assert_eq!(found, ids(through_list), "{case}");
        }
        let filter = &filter;
        let plans = search::explain(&mut connection, filter, LIMIT, CAP)
            .await
            .expect("explains")
            .unwrap_or_else(|| panic!("{case}: no walk"));
        let per_walk = if filter.text.is_some() { WINDOW } else { page };
        check(case, &plans[0], walks * per_walk);
        if filter.text.is_some() {
            // The text index for what the window missed: one sort of its matches at most.
            if let Some(older) = plans.get(1) {
                fell_back_to_the_text_index = true;
                check(case, older, WINDOW);
                let text_scans: Vec<&Value> = nodes(&older[0]["Plan"])
                    .into_iter()
                    .filter(|node| node["Index Name"] == "dialogs_party_search_idx")
                    .collect();
                assert!(
                    !text_scans.is_empty(),
                    "{case}: the older matches come from the text index\n{older:#}"
                );
                // For one party the index finds that party's matches only.
                if filter.parties.len() == 1 {
                    one_party_text_scans += 1;
                    assert!(
                        text_scans.iter().all(|node| {
                            node["Index Cond"]
                                .as_str()
                                .is_some_and(|cond| cond.contains("party"))
                        }),
                        "{case}: the text index is searched for the party\n{older:#}"
                    );
                }
            }
        } else {
            check(case, &plans[1], walks * CAP);
        }
    }
    assert!(
        fell_back_to_the_text_index,
        "a rare term reaches past the window into the text index"
    );
    assert!(
        one_party_text_scans > 0,
        "a rare term for one party reaches the text index"
    );
    assert_eq!(
        stored_sets, 2,
        "the large professional's clients, in both their cases, as a stored set"
    );

    // Many walks each bring a share of a page; the page is still the newest dialogs of all of
    // them, as a plain query over the professional's parties and resources finds them.
    let many_walks = shown(DialogFilter {
        authorized: Some(authorized(professional.pid.clone()).await),
        ..DialogFilter::default()
    });
    let groups = many_walks
        .authorized
        .as_ref()
        .map(|authorized| authorized.groups.clone())
        .unwrap_or_default();
    let mut newest: Vec<(chrono::DateTime<chrono::Utc>, uuid::Uuid)> = Vec::new();
    for group in &groups {
        let rows: Vec<(chrono::DateTime<chrono::Utc>, uuid::Uuid)> = sqlx::query_as(
            "select content_updated_at, id from dialogs where party = any($1) \
             and service_resource = any($2) and deleted_at is null \
             and (visible_from is null or visible_from <= now()) \
             and (expires_at is null or expires_at > now()) \
             order by content_updated_at desc, id desc limit 100",
        )
        .bind(&group.parties)
        .bind(&group.resources)
        .fetch_all(&pool)
        .await
        .expect("queries");
        newest.extend(rows);
    }
    newest.sort_by(|a, b| b.cmp(a));
    let expected: Vec<uuid::Uuid> = newest.into_iter().take(100).map(|(_, id)| id).collect();
    let page = search::search(&mut connection, &many_walks, &order, None, 100)
        .await
        .expect("searches");
    let found: Vec<uuid::Uuid> = page
        .items
        .iter()
        .map(|item| item.dialog.id.uuid())
        .collect();
    assert_eq!(found.len(), 100);
    assert_eq!(found, expected);

    // The portal's folder counts. The professional's 10,000 clients are tallied in one
    // statement that reads each client's rows once from its recency index, and the tally
    // agrees with counting each folder on its own.
    let folders = |base: DialogFilter| -> Vec<DialogFilter> {
        let label = |labels: Vec<SystemLabel>, statuses: Vec<i16>| DialogFilter {
            system_labels: labels,
            statuses,
            ..base.clone()
        };
        vec![
            label(vec![SystemLabel::Default], vec![2, 5, 6, 7, 8]),
            label(vec![SystemLabel::Default], vec![DialogStatus::Draft.id()]),
            label(vec![SystemLabel::Sent, SystemLabel::Default], Vec::new()),
            label(vec![SystemLabel::Archive], Vec::new()),
            label(vec![SystemLabel::Bin], Vec::new()),
        ]
    };
    let professionals_folders = folders(shown(DialogFilter {
        authorized: Some(authorized(professional.pid.clone()).await),
        ..DialogFilter::default()
    }));
    let tally = search::explain_tally(&mut connection, &professionals_folders, CAP)
        .await
        .expect("explains")
        .expect("the professional's clients are tallied");
    check("the professional's folder counts", &tally, 0);
    assert!(
        nodes(&tally[0]["Plan"]).iter().any(|node| {
            node["Node Type"] == "Index Only Scan"
                && node["Index Name"] == "dialogs_party_recent_idx"
        }),
        "the tally reads the parties' recency index only\n{tally:#}"
    );
    let together = search::counts(&mut connection, &professionals_folders, CAP)
        .await
        .expect("counts");
    let mut one_by_one = Vec::new();
    for filter in &professionals_folders {
        one_by_one.push(
            search::count(&mut connection, filter, CAP)
                .await
                .expect("counts"),
        );
    }
    assert_eq!(together, one_by_one);
    assert!(together.iter().all(|count| *count > 0), "{together:?}");

    // The biggest organisation's rare folders are counted from their own index, not by
    // walking its whole inbox.
    let big_folders = folders(shown(DialogFilter {
        authorized: Some(authorized(big.pid.clone()).await),
        ..for_party(&big.party)
    }));
    for filter in &big_folders[1..] {
        let plans = search::explain(&mut connection, filter, LIMIT, CAP)
            .await
            .expect("explains")
            .expect("a walk");
        assert!(
            nodes(&plans[1][0]["Plan"])
                .iter()
                .any(|node| node["Index Name"] == "dialogs_party_folder_idx"),
            "the folder index counts {:?}\n{:#}",
            filter.system_labels,
            plans[1]
        );
    }
    let big_counts = search::counts(&mut connection, &big_folders, CAP)
        .await
        .expect("counts");
    assert_eq!(big_counts[0], CAP, "the inbox count stops at the cap");

    // "Needs your attention" (requires attention, or due within 14 days) reads the candidates'
    // own index, for one party and per resource for many, and finds what a plain query finds.
    let attention = |base: DialogFilter| DialogFilter {
        attention_due_before: Some(chrono::Utc::now() + chrono::Duration::days(14)),
        ..folders(base)[0].clone()
    };
    for (case, filter, index) in [
        (
            "the biggest organisation",
            attention(shown(DialogFilter {
                authorized: Some(authorized(big.pid.clone()).await),
                ..for_party(&big.party)
            })),
            "dialogs_party_attention_idx",
        ),
        (
            "the professional",
            attention(shown(DialogFilter {
                authorized: Some(authorized(professional.pid.clone()).await),
                ..DialogFilter::default()
            })),
            "dialogs_service_resource_attention_idx",
        ),
    ] {
        let plans = search::explain(&mut connection, &filter, 10, CAP)
            .await
            .expect("explains")
            .expect("a walk");
        check(case, &plans[0], 11 * 7);
        assert!(
            nodes(&plans[0][0]["Plan"])
                .iter()
                .any(|node| node["Index Name"] == index),
            "{case}: needs attention reads {index}\n{:#}",
            plans[0]
        );
        let found = search::search(&mut connection, &filter, &order, None, 10)
            .await
            .expect("searches");
        assert_eq!(found.items.len(), 10, "{case}");
        assert!(found.items.iter().all(|item| {
            item.dialog.status == DialogStatus::RequiresAttention
                || item
                    .dialog
                    .due_at
                    .is_some_and(|due| due < chrono::Utc::now() + chrono::Duration::days(14))
        }));
    }
}
