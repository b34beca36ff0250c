//! Signing in and out: the portal's side of the OpenID Connect flow (`auth::oidc`), with sign-in
//! problems shown as pages.

use super::local_path;
use app::i18n::Lang;
use axum::{
    Form,
    extract::{Query, State},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use http::{HeaderMap, header};
use serde::Deserialize;

use crate::{
    auth::{
        oidc,
        session::{self, COOKIE, MaybeSession},
    },
    error::{Error, Result},
    state::AppState,
};

pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/auth/login", get(login))
        .route("/auth/callback", get(callback))
        .route("/auth/logout", post(logout))
}

/// A sign-in problem as a page a person can act on, in their language and in the portal's
/// frame: never the error's internals, which are logged when they are the server's.
fn error_page(stylesheet: &str, lang: Lang, error: Error) -> Response {
    use app::text;
    let status = error.status();
    if status.is_server_error() {
        tracing::warn!(%error, "portal sign-in failed");
    }
    let detail = match error {
        Error::Unavailable(_) => text!(lang, sign_in.not_set_up),
        Error::Validation(_) | Error::Forbidden(_) => text!(lang, sign_in.not_completed),
        _ => text!(lang, sign_in.went_wrong),
    };
    let (heading, site) = (
        text!(lang, sign_in.signing_in_failed),
        text!(lang, page_shell.inbox),
    );
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <link rel=\"icon\" href=\"data:,\"><title>{heading} – {site}</title><link rel=\"stylesheet\" href=\"{stylesheet}\"></head>\
        <body><a class=\"skip-link\" href=\"#main\">{skip}</a>\
        <header class=\"site-header\"><a class=\"brand\" href=\"/inbox\">{site}</a></header>\
        <main id=\"main\" tabindex=\"-1\"><section><h1>{heading}</h1><p>{detail}</p>\
        <p class=\"buttons\"><a class=\"button\" href=\"/auth/login\">{again}</a> <a href=\"/\">{front}</a></p></section></main>\
        <footer class=\"site-footer\"><p>{footer}</p></footer></body></html>",
        lang = lang.code(),
        stylesheet = crate::html::escape(stylesheet),
        skip = text!(lang, page_shell.skip_to_main_content),
        again = text!(lang, sign_in.try_again),
        front = text!(lang, sign_in.front_page),
        footer = text!(lang, page_shell.an_open_inbox_for_dialogs_with),
    );
    (status, Html(page)).into_response()
}

/// Runs a sign-in step, answering problems with a page in the language of the request.
pub(super) async fn page(
    state: &AppState,
    headers: &HeaderMap,
    step: impl Future<Output = Result<Response>>,
) -> Response {
    let stylesheet = state.bundle.stylesheet_href();
    let lang = Lang::from_headers(headers);
    step.await
        .unwrap_or_else(|error| error_page(&stylesheet, lang, error))
}

fn oidc(state: &AppState) -> Result<&oidc::Oidc> {
    state.oidc.as_deref().ok_or_else(|| {
        Error::Unavailable("sign-in is not configured on this server (--oidc-issuer)".into())
    })
}

#[derive(Deserialize)]
struct LoginQuery {
    return_to: Option<String>,
    /// `high` for a service that needs the high security level.
    level: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    page(&state, &headers, async {
        let url = oidc(&state)?
            .start(
                &state.pool,
                &local_path(query.return_to.as_deref()),
                query.level.as_deref() == Some("high"),
            )
            .await?;
        Ok(Redirect::to(&url).into_response())
    })
    .await
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    MaybeSession(previous): MaybeSession,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    page(
        &state.clone(),
        &headers,
        finish_sign_in(state, previous, query),
    )
    .await
}

/// A new session for whoever signed in; one the browser had already (signing in again at a
/// higher level, or as someone else) ends.
async fn finish_sign_in(
    state: AppState,
    previous: Option<session::PortalSession>,
    query: CallbackQuery,
) -> Result<Response> {
    let (Some(code), Some(login_state)) = (query.code, query.state) else {
        return Err(Error::Validation(Error::field(
            "code",
            format!(
                "The sign-in was not completed ({}).",
                query.error.as_deref().unwrap_or("no code")
            ),
        )));
    };
    let (new_session, return_to) = oidc(&state)?
        .finish(&state.pool, &login_state, &code)
        .await?;
    if let Some(previous) = previous {
        session::end_found(&state.pool, &previous).await?;
    }
    let id = session::create(&state.pool, &new_session).await?;
    tracing::info!("portal sign-in");
    Ok((
        [(
            header::SET_COOKIE,
            session::set_cookie(COOKIE, Some(&id), state.secure_cookies),
        )],
        Redirect::to(&local_path(Some(&return_to))),
    )
        .into_response())
}

#[derive(Deserialize)]
struct LogoutForm {
    csrf: String,
}

/// Ends the session here, then at the provider when it supports that.
async fn logout(
    State(state): State<AppState>,
    MaybeSession(found): MaybeSession,
    Form(form): Form<LogoutForm>,
) -> Result<Response> {
    let clear = [(
        header::SET_COOKIE,
        session::set_cookie(COOKIE, None, state.secure_cookies),
    )];
    let Some(found) = found else {
        return Ok((clear, Redirect::to("/")).into_response());
    };
    found.check_csrf(&form.csrf)?;
    session::end_found(&state.pool, &found).await?;
    let target = match state.oidc.as_deref() {
        Some(oidc) => oidc.logout_url(found.id_token.as_deref()).await,
        None => None,
    };
    Ok((clear, Redirect::to(target.as_deref().unwrap_or("/"))).into_response())
}
