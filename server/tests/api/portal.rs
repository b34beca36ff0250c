//! The portal's sign-in plumbing and sessions, driven in-process (the browser tests walk the
//! whole OpenID Connect flow).

use axum::body::Body;
use http::Request;
use serde_json::json;
use sqlx::PgPool;

use crate::{
    common::service_owner::{SKATTEETATEN, ServiceOwnerApi},
    common::{TestResponse, app_with, send},
};
use server::{
    auth::session::{self, NewSession},
    domain::party::{NationalIdentityNumber, Party},
};

async fn get_with_cookie(app: &axum::Router, path: &str, cookie: Option<&str>) -> TestResponse {
    let mut request = Request::builder().uri(path);
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("dialoghub_session={cookie}"));
    }
    send(app, request.body(Body::empty()).expect("request")).await
}

async fn session_for(pool: &PgPool, pid: &str) -> String {
    session::create(
        pool,
        &NewSession {
            party: Party::Person(NationalIdentityNumber::parse(pid).expect("valid")),
            name: Some("Test Person".into()),
            authentication_level: 3,
            id_token: None,
        },
    )
    .await
    .expect("stored")
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_inbox_shows_the_signed_in_persons_dialogs_only(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let mut body = crate::common::service_owner::minimal();
    body["content"]["title"] =
        json!({ "value": [{ "languageCode": "nb", "value": "Skattemeldingen til Kari" }] });
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 201);

    let kari = session_for(&pool, "01018012371").await;
    let page = get_with_cookie(&api.app, "/inbox", Some(&kari)).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Skattemeldingen til Kari"), "{html}");
    assert!(html.contains("Logg ut"));

    let per = session_for(&pool, "12128545601").await;
    let html = get_with_cookie(&api.app, "/inbox", Some(&per)).await.text();
    assert!(!html.contains("Skattemeldingen til Kari"));
    assert!(html.contains("Du har ingen meldinger her ennå."));

    let anonymous = get_with_cookie(&api.app, "/inbox", None).await.text();
    assert!(anonymous.contains("Logg inn for å se innboksen"));
    let forged = get_with_cookie(&api.app, "/inbox", Some("not-a-session"))
        .await
        .text();
    assert!(forged.contains("Logg inn for å se innboksen"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn sessions_end_after_idle_and_absolute_timeouts(pool: PgPool) {
    let idle = session_for(&pool, "01018012371").await;
    let old = session_for(&pool, "01018012371").await;
    let live = session_for(&pool, "01018012371").await;
    sqlx::query("update portal_sessions set last_seen_at = now() - interval '31 minutes' where id_hash = $1")
        .bind(session::hash(&idle))
        .execute(&pool)
        .await
        .expect("aged");
    sqlx::query(
        "update portal_sessions set created_at = now() - interval '9 hours' where id_hash = $1",
    )
    .bind(session::hash(&old))
    .execute(&pool)
    .await
    .expect("aged");
    assert!(session::find(&pool, &idle).await.expect("query").is_none());
    assert!(session::find(&pool, &old).await.expect("query").is_none());
    assert!(session::find(&pool, &live).await.expect("query").is_some());
    // Use keeps a session alive: one last seen 29 minutes ago is seen now.
    let last_seen = |id: String| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, chrono::DateTime<chrono::Utc>>(
                "select last_seen_at from portal_sessions where id_hash = $1",
            )
            .bind(session::hash(&id))
            .fetch_one(&pool)
            .await
            .expect("a session")
        }
    };
    sqlx::query("update portal_sessions set last_seen_at = now() - interval '29 minutes' where id_hash = $1")
        .bind(session::hash(&live))
        .execute(&pool)
        .await
        .expect("aged");
    assert!(session::find(&pool, &live).await.expect("query").is_some());
    let touched = last_seen(live.clone()).await;
    assert!(chrono::Utc::now() - touched < chrono::Duration::seconds(5));
    // Within a minute of the last touch a page view only reads the session.
    assert!(session::find(&pool, &live).await.expect("query").is_some());
    assert_eq!(last_seen(live.clone()).await, touched);
    let left: i64 = sqlx::query_scalar("select count(*) from portal_sessions")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 1, "expired sessions are deleted when met");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn sign_in_problems_are_pages_and_production_has_no_test_provider(pool: PgPool) {
    let dev = app_with(pool.clone(), &["--mode", "dev"]);
    let stale = get_with_cookie(&dev, "/auth/callback?code=abc&state=never-issued", None).await;
    assert_eq!(stale.status, 400);
    assert!(stale.header("content-type").starts_with("text/html"));
    assert!(stale.text().contains("Innloggingen mislyktes"));
    let refused = get_with_cookie(&dev, "/auth/callback?error=access_denied", None).await;
    assert_eq!(refused.status, 400);

    let production = app_with(pool, &["--mode", "production"]);
    let discovery =
        get_with_cookie(&production, "/idp/.well-known/openid-configuration", None).await;
    assert_eq!(discovery.status, 404);
    let login = get_with_cookie(&production, "/auth/login", None).await;
    assert_eq!(
        login.status, 503,
        "sign-in needs --oidc-issuer in production"
    );
    // The person is told in their language; the flag to set goes to the operator's log.
    assert!(
        login
            .text()
            .contains("Innlogging er ikke satt opp på denne tjeneren."),
        "{}",
        login.text()
    );
    assert!(!login.text().contains("oidc-issuer"));
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn signing_out_needs_the_sessions_csrf_token(pool: PgPool) {
    let app = app_with(pool.clone(), &["--mode", "dev"]);
    let id = session_for(&pool, "01018012371").await;
    let post = |csrf: String| {
        Request::builder()
            .method("POST")
            .uri("/auth/logout")
            .header("cookie", format!("dialoghub_session={id}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={csrf}")))
            .expect("request")
    };
    let forged = send(&app, post("forged".into())).await;
    assert_eq!(forged.status, 403);
    assert!(
        session::find(&pool, &id).await.expect("query").is_some(),
        "still signed in"
    );
    let csrf = session::find(&pool, &id)
        .await
        .expect("query")
        .expect("live")
        .csrf_token;
    let done = send(&app, post(csrf)).await;
    assert_eq!(done.status, 303);
    assert!(done.header("set-cookie").contains("Max-Age=0"));
    assert!(session::find(&pool, &id).await.expect("query").is_none());
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_label_action_on_someone_elses_dialog_changes_nothing(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let created = api
        .create(SKATTEETATEN, &crate::common::service_owner::minimal())
        .await;
    let karis = crate::common::service_owner::id_of(&created);
    let per = session_for(&pool, "12128545601").await;
    let csrf = session::find(&pool, &per)
        .await
        .expect("query")
        .expect("live")
        .csrf_token;
    let forged = Request::builder()
        .method("POST")
        .uri("/inbox/actions")
        .header("cookie", format!("dialoghub_session={per}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "csrf={csrf}&action=bin&id={karis}&return_to=/inbox"
        )))
        .expect("request");
    let response = send(&api.app, forged).await;
    assert_eq!(response.status, 404, "{}", response.text());
    let labels =
        api.get(SKATTEETATEN, &karis).await.json()["endUserContext"]["systemLabels"].clone();
    assert_eq!(labels, json!(["Default"]));
}

async fn csrf_of(pool: &PgPool, session: &str) -> String {
    session::find(pool, session)
        .await
        .expect("query")
        .expect("live")
        .csrf_token
}

fn form_post(path: &str, session: &str, body: String) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(path)
        .header("cookie", format!("dialoghub_session={session}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request")
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_action_relay_sends_only_permitted_actions_with_the_sessions_token_to_public_addresses(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let write = uuid::Uuid::now_v7();
    let foreign = uuid::Uuid::now_v7();
    let mut body = crate::common::service_owner::minimal();
    body["guiActions"] = json!([
        { "id": write, "action": "write", "url": "https://127.0.0.1:9/send", "httpMethod": "POST",
          "priority": "Primary", "title": [{ "languageCode": "nb", "value": "Send" }] },
        { "id": foreign, "action": "approve-for-others", "url": "https://127.0.0.1:9/x", "httpMethod": "POST",
          "priority": "Secondary", "title": [{ "languageCode": "nb", "value": "Godkjenn" }] }
    ]);
    let created = api.create(SKATTEETATEN, &body).await;
    let dialog = crate::common::service_owner::id_of(&created);
    let path = format!("/inbox/{dialog}/act");
    let kari = session_for(&pool, "01018012371").await;
    let csrf = csrf_of(&pool, &kari).await;
    let relay = |session: &str, body: String| send(&api.app, form_post(&path, session, body));

    let forged = relay(&kari, format!("csrf=forged&action={write}")).await;
    assert_eq!(
        forged.header("location"),
        format!("/inbox/{dialog}?status=403")
    );
    let refused = relay(&kari, format!("csrf={csrf}&action={foreign}")).await;
    assert_eq!(
        refused.header("location"),
        format!("/inbox/{dialog}?status=403")
    );
    // Permitted, but the portal calls no loopback address unless told it may: not sent.
    let unsent = relay(&kari, format!("csrf={csrf}&action={write}")).await;
    assert_eq!(
        unsent.header("location"),
        format!("/inbox/{dialog}?status=0")
    );

    let per = session_for(&pool, "12128545601").await;
    let per_csrf = csrf_of(&pool, &per).await;
    let stranger = relay(&per, format!("csrf={per_csrf}&action={write}")).await;
    assert_eq!(
        stranger.header("location"),
        format!("/inbox/{dialog}?status=403")
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_preview_is_for_service_owner_staff_and_stores_nothing(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from dialogs")
            .fetch_one(&pool)
            .await
            .expect("count")
    };
    let mut body = crate::common::service_owner::minimal();
    body["content"]["title"] =
        json!({ "value": [{ "languageCode": "nb", "value": "Bare en forhåndsvisning" }] });
    let encode = |text: &str| app::model::inbox::encode(text);

    let kari = session_for(&pool, "01018012371").await;
    let kari_csrf = csrf_of(&pool, &kari).await;
    let page = send(
        &api.app,
        form_post(
            "/preview",
            &kari,
            format!("csrf={kari_csrf}&json={}", encode(&body.to_string())),
        ),
    )
    .await;
    assert_eq!(page.status, 403);
    assert!(page.text().contains("Du representerer ingen tjenesteeier"));

    let siri = session_for(&pool, "12038845606").await;
    let csrf = csrf_of(&pool, &siri).await;
    let shown = send(
        &api.app,
        form_post(
            "/preview",
            &siri,
            format!("csrf={csrf}&owner=skd&json={}", encode(&body.to_string())),
        ),
    )
    .await;
    assert_eq!(shown.status, 200);
    assert!(
        shown.text().contains("Bare en forhåndsvisning</h1>"),
        "{}",
        shown.text()
    );

    body["party"] = json!("urn:altinn:person:identifier-no:99999999999");
    let invalid = send(
        &api.app,
        form_post(
            "/preview",
            &siri,
            format!("csrf={csrf}&json={}", encode(&body.to_string())),
        ),
    )
    .await;
    assert!(
        invalid.text().contains("Dialogen har feil"),
        "{}",
        invalid.text()
    );
    assert!(
        invalid.text().contains("<code>dto.party</code>"),
        "{}",
        invalid.text()
    );

    let forged = send(
        &api.app,
        form_post(
            "/preview",
            &siri,
            format!("csrf=forged&json={}", encode("{}")),
        ),
    )
    .await;
    assert!(
        forged.text().contains("Forhåndsvisningen kunne ikke lages"),
        "{}",
        forged.text()
    );
    assert_eq!(count().await, 0, "nothing was stored");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn no_page_of_a_signed_in_user_is_stored_by_a_browser_or_proxy(pool: PgPool) {
    let app = app_with(pool.clone(), &["--mode", "dev"]);
    let kari = session_for(&pool, "01018012371").await;
    for path in [
        "/inbox",
        "/inbox?folder=archive",
        "/inbox/not-a-dialog",
        "/",
    ] {
        let page = get_with_cookie(&app, path, Some(&kari)).await;
        assert_eq!(page.header("cache-control"), "no-store", "{path}");
    }
    let signed_out = get_with_cookie(&app, "/inbox", None).await;
    assert_eq!(signed_out.header("cache-control"), "no-store");
    // The API's wire headers stay as upstream sends them.
    let api = get_with_cookie(&app, "/api/v1/.well-known/jwks.json", None).await;
    assert_eq!(api.header("cache-control"), "public, max-age=3600");
}

/// A GET that takes brotli and gzip, as browsers ask.
async fn get_compressed(app: &axum::Router, path: &str, cookie: Option<&str>) -> TestResponse {
    let mut request = Request::builder()
        .uri(path)
        .header("accept-encoding", "br, gzip");
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("dialoghub_session={cookie}"));
    }
    send(app, request.body(Body::empty()).expect("request")).await
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn pages_are_sent_compressed_and_the_apis_json_as_upstream_sends_it(pool: PgPool) {
    let app = app_with(pool.clone(), &["--mode", "dev"]);
    let kari = session_for(&pool, "01018012371").await;
    let page = get_compressed(&app, "/inbox", Some(&kari)).await;
    assert_eq!(page.header("content-encoding"), "br");
    assert_eq!(page.header("cache-control"), "no-store");
    let gzip_only = send(
        &app,
        Request::get("/")
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(gzip_only.header("content-encoding"), "gzip");
    let api = get_compressed(&app, "/api/v1/openapi.json", None).await;
    assert!(api.body.len() > 10_000, "a document worth compressing");
    assert_eq!(
        api.header("content-encoding"),
        "",
        "the API's JSON stays plain"
    );
    api.json();
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_bundle_is_named_by_its_manifest_and_kept_by_browsers_for_a_year(pool: PgPool) {
    // A site as `style/build.mjs` writes it: hashed names, each beside its brotli form.
    let site = tempfile::tempdir().expect("a temporary directory");
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    let css = "body { color: #123456 }".repeat(20);
    std::fs::write(pkg.join("portal.0123456789abcdef.css"), &css).expect("css");
    std::fs::write(pkg.join("portal.0123456789abcdef.css.br"), b"brotli bytes").expect("br");
    std::fs::write(
        pkg.join("manifest.json"),
        r#"{"stylesheet":"portal.0123456789abcdef.css","script":"portal.fedcba9876543210.js","wasm":"portal.fedcba9876543210.wasm"}"#,
    )
    .expect("manifest");
    let root = site.path().to_string_lossy().into_owned();
    let app = app_with(pool.clone(), &["--mode", "dev", "--site-root", &root]);

    let page = get_with_cookie(&app, "/", None).await.text();
    assert!(
        page.contains(r#"<link rel="stylesheet" href="/pkg/portal.0123456789abcdef.css">"#),
        "{page}"
    );
    assert!(
        page.contains(r#""/pkg/portal.fedcba9876543210.wasm""#),
        "{page}"
    );
    assert!(
        !page.contains("rel=\"preload\""),
        "nothing is preloaded: {page}"
    );

    let compressed = get_compressed(&app, "/pkg/portal.0123456789abcdef.css", None).await;
    assert_eq!(compressed.status, 200);
    assert_eq!(compressed.header("content-encoding"), "br");
    assert_eq!(compressed.body, b"brotli bytes");
    assert_eq!(
        compressed.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let plain = get_with_cookie(&app, "/pkg/portal.0123456789abcdef.css", None).await;
    assert_eq!(plain.header("content-encoding"), "");
    assert_eq!(plain.text(), css);
    let missing = get_with_cookie(&app, "/pkg/portal.0000000000000000.css", None).await;
    assert_eq!(missing.status, 404);
    assert_ne!(
        missing.header("cache-control"),
        "public, max-age=31536000, immutable",
        "a missing file is not kept"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_page_title_names_the_page_and_the_site_once(pool: PgPool) {
    let app = app_with(pool.clone(), &["--mode", "dev"]);
    let kari = session_for(&pool, "01018012371").await;
    let title = |html: String| {
        let start = html.find("<title>").expect("a title") + "<title>".len();
        let end = html[start..].find("</title>").expect("its end");
        html[start..start + end].to_owned()
    };
    let page = |path: &'static str| get_with_cookie(&app, path, Some(&kari));
    assert_eq!(title(page("/inbox").await.text()), "Innboks");
    assert_eq!(
        title(page("/inbox?folder=archive").await.text()),
        "Arkiv – Innboks"
    );
    let home = title(page("/").await.text());
    assert!(
        home.ends_with(" – Innboks") && home.matches("Innboks").count() == 1,
        "{home}"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_english_inbox_counts_in_good_english(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let mut body = crate::common::service_owner::minimal();
    body["content"]["title"] =
        json!({ "value": [{ "languageCode": "nb", "value": "Ett vedlegg" }] });
    body["attachments"] = json!([{
        "displayName": [{ "languageCode": "nb", "value": "Vedtak" }],
        "urls": [{ "url": "https://skatteetaten.example/vedtak.pdf", "consumerType": "Gui" }]
    }]);
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 201);
    let kari = session_for(&pool, "01018012371").await;
    let request = Request::builder()
        .uri("/inbox")
        .header("cookie", format!("dialoghub_session={kari}; lang=en"))
        .body(Body::empty())
        .expect("request");
    let html = send(&api.app, request)
        .await
        .text()
        // Without the hydration markers between text nodes.
        .replace("<!>", "");
    assert!(html.contains("1 attachment<"), "{html}");
    assert!(!html.contains("1 attachments"));
    assert!(html.contains(">Drafts "), "the folder is plural: {html}");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn only_someone_who_acts_for_others_gets_the_party_switcher(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let inbox = |pid: &'static str| {
        let (pool, app) = (pool.clone(), api.app.clone());
        async move {
            let session = session_for(&pool, pid).await;
            get_with_cookie(&app, "/inbox", Some(&session)).await.text()
        }
    };
    let kari = inbox("01018012371").await;
    assert!(kari.contains("Innboksen til"), "{kari}");
    assert!(
        !kari.contains("Vis innboksen til") && !kari.contains("Finn aktør"),
        "{kari}"
    );
    let ola = inbox("15057523414").await;
    assert!(
        ola.contains("Vis innboksen til") && ola.contains("Finn aktør"),
        "{ola}"
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn pages_run_only_their_own_scripts(pool: PgPool) {
    let app = app_with(pool.clone(), &["--mode", "dev"]);
    let kari = session_for(&pool, "01018012371").await;
    let page = get_with_cookie(&app, "/inbox", Some(&kari)).await;
    let policy = page.header("content-security-policy").to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16, "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = page.text();
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every script carries the page's nonce"
    );
    let again = get_with_cookie(&app, "/inbox", Some(&kari)).await;
    assert_ne!(
        again.header("content-security-policy"),
        policy,
        "a nonce per page"
    );
    assert_eq!(page.header("x-frame-options"), "DENY");

    let idp = get_with_cookie(
        &app,
        "/idp/authorize?response_type=code&client_id=dialoghub-portal",
        None,
    )
    .await;
    assert!(
        idp.header("content-security-policy")
            .starts_with("default-src 'none'"),
        "{:?}",
        idp.headers
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_inbox_puts_what_needs_attention_or_is_due_soon_first_soonest_due_first(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    for (title, status, due_in_days) in [
        ("Svar på brevet", "RequiresAttention", None),
        ("Frist om tre dager", "InProgress", Some(3)),
        ("Frist om to måneder", "InProgress", Some(60)),
        ("Bare til orientering", "NotApplicable", None),
        ("Ferdig behandlet", "Completed", Some(3)),
    ] {
        create_for_kari(&api, title, status, due_in_days).await;
    }
    let html = karis_inbox(&pool, &api).await;
    let (attention, listed) = attention_and_list(&html);
    let soon = attention
        .find("Frist om tre dager")
        .expect("due soon is there");
    let asked = attention
        .find("Svar på brevet")
        .expect("requires attention is there");
    assert!(soon < asked, "the soonest due comes first: {attention}");
    assert!(!attention.contains("Frist om to måneder"), "{attention}");
    assert!(!attention.contains("Bare til orientering"), "{attention}");
    assert!(listed.contains("Bare til orientering"));
    // A completed dialog's deadline no longer asks anything of the user.
    assert!(!attention.contains("Ferdig behandlet"), "{attention}");
    let done = &listed[listed.find("Ferdig behandlet").expect("listed")..];
    let done_row = &done[..done.find("</li>").expect("the row's end")];
    assert!(!done_row.contains("due-soon"), "{done_row}");
    let soon = &listed[listed.find("Frist om tre dager").expect("listed")..];
    assert!(soon[..soon.find("</li>").expect("the row's end")].contains("due-soon"));
}

/// Creates a dialog for Kari with this title and status, due in so many days.
async fn create_for_kari(
    api: &ServiceOwnerApi,
    title: &str,
    status: &str,
    due_in_days: Option<i64>,
) {
    let mut body = crate::common::service_owner::minimal();
    body["status"] = json!(status);
    body["content"]["title"] = json!({ "value": [{ "languageCode": "nb", "value": title }] });
    if let Some(days) = due_in_days {
        body["dueAt"] = json!((chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339());
    }
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 201, "{title}");
}

/// Kari's inbox page.
async fn karis_inbox(pool: &PgPool, api: &ServiceOwnerApi) -> String {
    let kari = session_for(pool, "01018012371").await;
    get_with_cookie(&api.app, "/inbox", Some(&kari))
        .await
        .text()
}

/// An inbox page's "needs your attention" section and its list (the data the browser
/// hydrates from follows the page's end).
fn attention_and_list(html: &str) -> (&str, &str) {
    let start = html
        .find("attention-heading")
        .expect("an attention section");
    let end = html.find("messages-heading").expect("the messages");
    let page_end = html.find("</main>").expect("the page's end");
    (&html[start..end], &html[end..page_end])
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn what_needs_attention_is_found_beyond_the_first_page_of_a_big_inbox(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    // The two that need attention are the oldest: the first page of 50 does not hold them.
    create_for_kari(&api, "Svar på brevet", "RequiresAttention", None).await;
    create_for_kari(&api, "Frist om tre dager", "InProgress", Some(3)).await;
    for n in 0..55 {
        create_for_kari(&api, &format!("Til orientering {n}"), "NotApplicable", None).await;
    }
    let html = karis_inbox(&pool, &api).await;
    let (attention, listed) = attention_and_list(&html);
    let soon = attention.find("Frist om tre dager").expect("{attention}");
    let asked = attention.find("Svar på brevet").expect("{attention}");
    assert!(soon < asked, "the soonest due comes first: {attention}");
    assert!(!attention.contains("Til orientering"), "{attention}");
    assert_eq!(
        listed.matches("class=\"next-page\"").count(),
        1,
        "a second page"
    );
    assert!(!listed.contains("Svar på brevet"), "not on the first page");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_citizens_folder_counts_are_kept_until_one_of_their_dialogs_is_written(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let mut body = crate::common::service_owner::minimal();
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201);
    let id = created.json().as_str().expect("the new id").to_owned();
    let kari = session_for(&pool, "01018012371").await;
    let counts = async || {
        let html = get_with_cookie(&api.app, "/inbox", Some(&kari))
            .await
            .text();
        crate::common::pages::folder_counts(&html)
    };
    let kept = async || {
        sqlx::query_scalar::<_, i64>("select count(*) from search_party_set_counts")
            .fetch_one(&pool)
            .await
            .expect("counts")
    };
    let first = counts().await;
    assert_eq!(first[0], "1", "{first:?}");
    assert_eq!(kept().await, 1, "the counts over Kari's own party are kept");
    sqlx::query("update search_party_set_counts set counts = '{7,7,7,7,7}'")
        .execute(&pool)
        .await
        .expect("updates");
    assert_eq!(counts().await, vec!["7"; 5], "the kept counts are shown");

    // Reading the dialog changes no folder count: they stay kept.
    let opened = get_with_cookie(&api.app, &format!("/inbox/{id}"), Some(&kari)).await;
    assert_eq!(opened.status, 200);
    let seen: bool = sqlx::query_scalar(
        "select is_seen_since_last_content_update from dialogs where id = $1::uuid",
    )
    .bind(&id)
    .fetch_one(&pool)
    .await
    .expect("the dialog");
    assert!(seen, "the view was recorded");
    assert_eq!(kept().await, 1, "a view keeps the counts");

    // A new dialog for Kari forgets them: the next page counts it.
    body["content"]["title"] = json!({ "value": [{ "languageCode": "nb", "value": "Ny" }] });
    assert_eq!(api.create(SKATTEETATEN, &body).await.status, 201);
    assert_eq!(kept().await, 0);
    assert_eq!(counts().await[0], "2");
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_dialog_page_leaves_out_what_authorization_contexts_exclude_and_masks_what_they_disable(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    // Read on the VAT return for Kari herself: a private person holds no VAT rights.
    let vat = |presentation: &str| {
        json!({
            "serviceResource": "urn:altinn:resource:demo-mva-melding",
            "includeDialogParty": true,
            "unauthorizedPresentation": presentation
        })
    };
    let hidden_action = uuid::Uuid::now_v7();
    let title = |text: &str| json!([{ "languageCode": "nb", "value": text }]);
    let mut body = crate::common::service_owner::minimal();
    body["guiActions"] = json!([
        { "id": hidden_action, "url": "https://127.0.0.1:9/mva", "httpMethod": "POST", "priority": "Primary",
          "title": title("Åpne MVA-meldingen"), "authorizationContext": vat("Excluded") }
    ]);
    body["attachments"] = json!([
        { "displayName": title("hemmelig-vedlegg"), "urls": [{ "url": "https://skd.example/hemmelig.pdf", "consumerType": "Gui" }], "authorizationContext": vat("Excluded") },
        { "displayName": title("maskert-vedlegg"), "urls": [{ "url": "https://skd.example/maskert.pdf", "consumerType": "Gui" }], "authorizationContext": vat("Disabled") }
    ]);
    body["transmissions"] = json!([
        { "type": "Information", "sender": { "actorType": "ServiceOwner" },
          "content": { "title": { "value": title("Skjult sending") } }, "authorizationContext": vat("Excluded") },
        { "type": "Information", "sender": { "actorType": "ServiceOwner" },
          "content": { "title": { "value": title("Synlig sending") } } }
    ]);
    let created = api.create(SKATTEETATEN, &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let dialog = crate::common::service_owner::id_of(&created);
    let kari = session_for(&pool, "01018012371").await;
    let page = get_with_cookie(&api.app, &format!("/inbox/{dialog}"), Some(&kari)).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("Synlig sending"), "{html}");
    for withheld in [
        "Skjult sending",
        "hemmelig-vedlegg",
        "hemmelig.pdf",
        "Åpne MVA-meldingen",
        "maskert.pdf",
    ] {
        assert!(!html.contains(withheld), "{withheld} is withheld");
    }
    assert!(
        html.contains("maskert-vedlegg"),
        "a disabled part keeps its name"
    );

    let csrf = csrf_of(&pool, &kari).await;
    let relayed = send(
        &api.app,
        form_post(
            &format!("/inbox/{dialog}/act"),
            &kari,
            format!("csrf={csrf}&action={hidden_action}"),
        ),
    )
    .await;
    assert_eq!(
        relayed.header("location"),
        format!("/inbox/{dialog}?status=403")
    );
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn what_an_action_did_is_said_once_by_the_page_the_browser_shows_not_by_the_address(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let created = api
        .create(SKATTEETATEN, &crate::common::service_owner::minimal())
        .await;
    let id = crate::common::service_owner::id_of(&created);
    let kari = session_for(&pool, "01018012371").await;
    let csrf = csrf_of(&pool, &kari).await;
    let body = format!("csrf={csrf}&single=archive:{id}&return_to=/inbox");
    let archived = send(&api.app, form_post("/inbox/actions", &kari, body)).await;
    assert_eq!(archived.status, 303, "{}", archived.text());
    assert_eq!(archived.header("location"), "/inbox");
    let said = archived.header("set-cookie");
    assert!(
        said.starts_with(&format!("dialoghub_flash=archive:{id};")),
        "{said}"
    );
    assert!(
        said.contains("Max-Age=60") && said.contains("HttpOnly"),
        "{said}"
    );
    let flash = said.split(';').next().expect("the cookie");
    let page = |dest: &str| {
        Request::builder()
            .uri("/inbox")
            .header("cookie", format!("dialoghub_session={kari}; {flash}"))
            .header("sec-fetch-dest", dest)
            .body(Body::empty())
            .expect("request")
    };
    let removes_it = |response: &TestResponse| {
        response
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .any(|value| value.starts_with("dialoghub_flash=;") && value.contains("Max-Age=0"))
    };
    // The copy of the page that the browser's script fetches after the action only to learn
    // where it led says nothing and keeps the message for the data fetched next...
    let fetched = send(&api.app, page("empty")).await;
    assert!(!fetched.text().contains("Flyttet til arkivet."));
    assert!(!removes_it(&fetched));
    // ...and the page the browser shows says it, offers to undo it, and removes it.
    let shown = send(&api.app, page("document")).await;
    let html = shown.text();
    assert!(html.contains("Flyttet til arkivet."), "{html}");
    assert!(
        html.contains(&format!("name=\"id\" value=\"{id}\"")),
        "{html}"
    );
    assert!(removes_it(&shown));
    // The address says nothing, so a reload (or Back, or another language) says nothing.
    let again = get_with_cookie(&api.app, "/inbox", Some(&kari)).await;
    assert!(!again.text().contains("Flyttet til arkivet."));
    // A cookie that does not read as an action on dialogs is not shown.
    let forged = Request::builder()
        .uri("/inbox")
        .header(
            "cookie",
            format!("dialoghub_session={kari}; dialoghub_flash=archive:<b>x</b>"),
        )
        .body(Body::empty())
        .expect("request");
    assert!(
        !send(&api.app, forged)
            .await
            .text()
            .contains("Flyttet til arkivet.")
    );
}

/// The values of the sender filter's options.
fn sender_options(html: &str) -> Vec<String> {
    let start = html
        .find("<select id=\"sender\"")
        .expect("the sender filter");
    let select = &html[start..start + html[start..].find("</select>").expect("its end")];
    select
        .split("<option value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("the value's end")].to_owned())
        .collect()
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn the_sender_filter_offers_only_senders_the_person_has_dialogs_from(pool: PgPool) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let minimal = crate::common::service_owner::minimal();
    assert_eq!(api.create(SKATTEETATEN, &minimal).await.status, 201);
    let kari = session_for(&pool, "01018012371").await;
    let inbox = |path: &'static str| {
        let (app, kari) = (api.app.clone(), kari.clone());
        async move { get_with_cookie(&app, path, Some(&kari)).await.text() }
    };
    assert_eq!(sender_options(&inbox("/inbox").await), ["", "skd"]);
    // The sender the address asks for stays offered, so that the filter shows what it applies.
    assert_eq!(
        sender_options(&inbox("/inbox?sender=nav").await),
        ["", "nav", "skd"]
    );
    // A first dialog from another sender is offered on the next page, though the services
    // found are kept for a minute.
    let mut sick_pay = minimal.clone();
    sick_pay["serviceResource"] = json!("urn:altinn:resource:demo-sykepenger");
    let created = api
        .create(crate::common::service_owner::NAV, &sick_pay)
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(sender_options(&inbox("/inbox").await), ["", "nav", "skd"]);
    // Another person's dialogs are not Kari's senders.
    let per = session_for(&pool, "12128545601").await;
    let pers = get_with_cookie(&api.app, "/inbox", Some(&per)).await.text();
    assert_eq!(sender_options(&pers), [""]);
}

#[sqlx::test(migrator = "server::database::MIGRATOR")]
async fn a_search_is_exported_whole_as_csv_with_the_organisation_number_and_no_formulas(
    pool: PgPool,
) {
    let api = ServiceOwnerApi::new(pool.clone()).await;
    let fjordkraft = "urn:altinn:organization:identifier-no:310778737";
    // More than a page of the export's reading (500), for Fjordkraft, one with a formula.
    for n in 0..503 {
        let mut body = crate::common::service_owner::minimal();
        body["party"] = json!(fjordkraft);
        let title = if n == 0 {
            "=HYPERLINK(\"https://evil.example\")".to_owned()
        } else {
            format!("Melding {n}")
        };
        body["content"]["title"] = json!({ "value": [{ "languageCode": "nb", "value": title }] });
        assert_eq!(api.create(SKATTEETATEN, &body).await.status, 201);
    }
    let ola = session_for(&pool, "15057523414").await;
    let path = format!("/inbox/export?party={fjordkraft}");
    let export = get_with_cookie(&api.app, &path, Some(&ola)).await;
    assert_eq!(export.status, 200, "{}", export.text());
    assert_eq!(export.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(export.header("cache-control"), "no-store");
    assert!(
        export
            .header("content-disposition")
            .starts_with("attachment; filename=\"innboks.csv\"")
    );
    let text = export.text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}Tittel;Avsender;Mottaker;Organisasjonsnummer;"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 1 + 503, "a header and every dialog");
    assert!(
        lines[1..]
            .iter()
            .all(|line| line.contains(";Fjordkraft Demo AS;310778737;")),
        "{}",
        lines[1]
    );
    assert!(
        text.contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\""),
        "the formula is text"
    );
    // The same search narrowed: only what the inbox would list.
    let narrowed = get_with_cookie(&api.app, &format!("{path}&q=Melding%20502"), Some(&ola)).await;
    assert_eq!(narrowed.text().lines().count(), 2, "{}", narrowed.text());
    // A stranger is sent to sign in, and Per, who may not act for Fjordkraft, gets his own (empty) inbox.
    let stranger = get_with_cookie(&api.app, &path, None).await;
    assert_eq!(stranger.status, 303);
    assert!(stranger.header("location").starts_with("/auth/login"));
    let per = session_for(&pool, "12128545601").await;
    let pers = get_with_cookie(&api.app, &path, Some(&per)).await;
    assert_eq!(pers.text().lines().count(), 1, "{}", pers.text());
}
