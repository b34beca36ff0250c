//! Signing in and out: the portal's side of the OpenID Connect flow (`auth::oidc`), with sign-in
//! problems shown as pages.

use super::local_path;
use axum::{
    Form,
    extract::{Query, State},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use http::header;
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

/// A sign-in problem as a page a person can act on (never the error's internals).
fn error_page(stylesheet: &str, error: Error) -> Response {
    let status = error.status();
    let detail = match &error {
        Error::Unavailable(message) => message.clone(),
        other => other
            .field_errors()
            .and_then(|errors| errors.values().flatten().next().cloned())
            .unwrap_or_else(|| "Something went wrong while signing in.".into()),
    };
    if status.is_server_error() {
        tracing::warn!(%error, "portal sign-in failed");
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>Innloggingen mislyktes – Innboks</title><link rel=\"stylesheet\" href=\"{}\"></head>\
        <body><main id=\"main\"><h1>Innloggingen mislyktes</h1><p>{}</p>\
        <p><a class=\"button\" href=\"/auth/login\">Prøv igjen</a> <a href=\"/\">Til forsiden</a></p></main></body></html>",
        crate::html::escape(stylesheet),
        crate::html::escape(&detail)
    );
    (status, Html(page)).into_response()
}

/// Runs a sign-in step, answering problems with a page.
pub(super) async fn page(
    state: &AppState,
    step: impl Future<Output = Result<Response>>,
) -> Response {
    let stylesheet = state.bundle.stylesheet_href();
    step.await
        .unwrap_or_else(|error| error_page(&stylesheet, error))
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

async fn login(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Response {
    page(&state, async {
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
    Query(query): Query<CallbackQuery>,
) -> Response {
    page(&state.clone(), finish_sign_in(state, previous, query)).await
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
