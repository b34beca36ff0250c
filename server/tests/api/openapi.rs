//! Our OpenAPI document against upstream's: operations, their parameters, and the property
//! names of request and response bodies must match, except for the differences listed with
//! their reasons in `openapi_differences.txt`.

use std::collections::BTreeSet;

use serde_json::Value;
use sqlx::PgPool;

use crate::common::{app, get};

const REFERENCE: &str = include_str!("reference/dialogporten-openapi.v1.json");
const DIFFERENCES: &str = include_str!("openapi_differences.txt");
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Resolves a `$ref` into the document's components.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            resolve(document, &document["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// Every property path a schema allows (`content.title.value[].languageCode`).
fn property_paths(document: &Value, schema: &Value, prefix: &str, paths: &mut BTreeSet<String>) {
    if prefix.matches('.').count() > 8 {
        return;
    }
    let schema = resolve(document, schema);
    for combinator in ["allOf", "oneOf", "anyOf"] {
        for part in schema[combinator].as_array().into_iter().flatten() {
            property_paths(document, part, prefix, paths);
        }
    }
    if let Some(items) = schema.get("items") {
        property_paths(document, items, &format!("{prefix}[]"), paths);
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        paths.insert(path.clone());
        property_paths(document, property, &path, paths);
    }
}

fn body_paths(document: &Value, content: &Value) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for (_, media) in content.as_object().into_iter().flatten() {
        property_paths(document, &media["schema"], "", &mut paths);
    }
    paths
}

/// One operation as far as the comparison goes.
struct Operation {
    parameters: BTreeSet<String>,
    request: BTreeSet<String>,
    response: BTreeSet<String>,
}

fn operations(document: &Value) -> std::collections::BTreeMap<String, Operation> {
    let mut found = std::collections::BTreeMap::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let parameters = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query" || parameter["in"] == "path")
                .filter_map(|parameter| parameter["name"].as_str())
                .map(str::to_ascii_lowercase)
                .collect();
            let response = operation["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(status, _)| status.starts_with('2'))
                .flat_map(|(_, response)| body_paths(document, &response["content"]))
                .collect();
            found.insert(
                format!("{} {path}", method.to_ascii_uppercase()),
                Operation {
                    parameters,
                    request: body_paths(document, &operation["requestBody"]["content"]),
                    response,
                },
            );
        }
    }
    found
}

fn one_sided(
    kind: &str,
    operation: &str,
    ours: &BTreeSet<String>,
    theirs: &BTreeSet<String>,
) -> Vec<String> {
    let mut lines: Vec<String> = theirs
        .difference(ours)
        .map(|name| format!("{kind}-only-upstream {operation} {name}"))
        .collect();
    lines.extend(
        ours.difference(theirs)
            .map(|name| format!("{kind}-only-ours {operation} {name}")),
    );
    lines
}

/// Every difference between the two documents, one line each.
fn differences(ours: &Value, theirs: &Value) -> BTreeSet<String> {
    let ours = operations(ours);
    let theirs = operations(theirs);
    let mut lines = BTreeSet::new();
    for (name, theirs) in &theirs {
        let Some(ours) = ours.get(name) else {
            lines.insert(format!("operation-only-upstream {name}"));
            continue;
        };
        lines.extend(one_sided(
            "parameter",
            name,
            &ours.parameters,
            &theirs.parameters,
        ));
        lines.extend(one_sided("request", name, &ours.request, &theirs.request));
        lines.extend(one_sided(
            "response",
            name,
            &ours.response,
            &theirs.response,
        ));
    }
    for name in ours.keys().filter(|name| !theirs.contains_key(*name)) {
        lines.insert(format!("operation-only-ours {name}"));
    }
    lines
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn our_document_differs_from_upstreams_only_where_listed(pool: PgPool) {
    let app = app(pool);
    let response = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), "application/json");
    let ours = response.json();
    let theirs: Value = serde_json::from_str(REFERENCE).expect("the reference parses");
    let found = differences(&ours, &theirs);
    let listed: BTreeSet<String> = DIFFERENCES
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let unlisted: Vec<&String> = found.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&found).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "differences not listed in openapi_differences.txt:\n{}\n\nlisted but gone:\n{}",
        unlisted
            .iter()
            .map(|line| line.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        stale
            .iter()
            .map(|line| line.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

#[test]
fn the_comparison_sees_a_renamed_property() {
    let theirs: Value = serde_json::from_str(REFERENCE).expect("parses");
    let mut ours = theirs.clone();
    let schema =
        &mut ours["components"]["schemas"]["V1ServiceOwnerDialogsQueriesGet_Dialog"]["properties"];
    let object = schema.as_object_mut().expect("properties");
    let revision = object.remove("revision").expect("has revision");
    object.insert("rev".into(), revision);
    let found = differences(&ours, &theirs);
    assert!(
        found.contains(
            "response-only-upstream GET /api/v1/serviceowner/dialogs/{dialogId} revision"
        )
    );
    assert!(found.contains("response-only-ours GET /api/v1/serviceowner/dialogs/{dialogId} rev"));
    assert!(differences(&theirs, &theirs).is_empty());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_docs_page_lists_every_operation_without_scripts(pool: PgPool) {
    let app = app(pool);
    let page = get(&app, "/api/docs").await;
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = page.text();
    let document = get(&app, "/api/v1/openapi.json").await.json();
    for (name, _) in operations(&document) {
        let (method, path) = name.split_once(' ').expect("method and path");
        assert!(
            html.contains(&format!(
                "<span class=\"method\">{method}</span> <code>{path}</code>"
            )),
            "{name} is on the page"
        );
    }
    assert!(!html.contains("<script"), "the page needs no script");
    assert!(
        !html.contains("http://") && !html.contains("//cdn"),
        "nothing is fetched from elsewhere"
    );
}
