//! The portal's server side: signing in and out with OpenID Connect, sessions, and (in dev mode)
//! the built-in test identity provider.

pub mod backend;
pub mod dialog_page;
pub mod preview;
pub mod render;

use axum::{
    Form, Router,
    extract::{Query, State},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use http::header;
use serde::Deserialize;

use crate::auth::{
    idp, oidc,
    session::{self, COOKIE, MaybeSession},
};
use crate::{
    domain::dialog::{end_user_labels::LabelChange, model::HttpMethod, status::SystemLabel},
    error::{Error, Result},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", get(login))
        .route("/auth/callback", get(callback))
        .route("/auth/logout", post(logout))
        .route("/inbox/actions", post(label_action))
        .route("/inbox/{id}/act", post(relay_action))
        .route("/language", get(choose_language))
        .merge(idp::router())
}

/// Only paths on this site, so that sign-in cannot be turned into an open redirect.
fn local_path(raw: Option<&str>) -> String {
    local_path_or(raw, "/inbox")
}

fn local_path_or(raw: Option<&str>, fallback: &str) -> String {
    match raw {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

#[derive(Deserialize)]
struct LanguageQuery {
    lang: String,
    return_to: Option<String>,
}

/// Remembers the chosen language for a year and goes back to the page it was chosen on.
async fn choose_language(
    State(state): State<AppState>,
    Query(query): Query<LanguageQuery>,
) -> Response {
    let back = Redirect::to(&local_path_or(query.return_to.as_deref(), "/"));
    let Some(lang) = app::i18n::Lang::parse(&query.lang) else {
        return back.into_response();
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        app::i18n::COOKIE,
        lang.code()
    );
    match http::HeaderValue::from_str(&cookie) {
        Ok(value) => ([(header::SET_COOKIE, value)], back).into_response(),
        Err(_) => back.into_response(),
    }
}

/// A sign-in problem as a page a person can act on (never the error's internals).
fn error_page(error: Error) -> Response {
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
        <title>Innloggingen mislyktes – Innboks</title><link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head>\
        <body><main id=\"main\"><h1>Innloggingen mislyktes</h1><p>{}</p>\
        <p><a class=\"button\" href=\"/auth/login\">Prøv igjen</a> <a href=\"/\">Til forsiden</a></p></main></body></html>",
        crate::html::escape(&detail)
    );
    (status, Html(page)).into_response()
}

/// Runs a sign-in step, answering problems with a page.
async fn page(step: impl Future<Output = Result<Response>>) -> Response {
    step.await.unwrap_or_else(error_page)
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
    page(async {
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
    page(finish_sign_in(state, previous, query)).await
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

/// The label change a portal action makes.
fn change_for(action: &str) -> Option<LabelChange> {
    let change = |add: Vec<SystemLabel>, remove: Vec<SystemLabel>| LabelChange {
        add_labels: Some(add),
        remove_labels: Some(remove),
        system_labels: None,
    };
    Some(match action {
        "archive" => change(vec![SystemLabel::Archive], vec![]),
        "bin" => change(vec![SystemLabel::Bin], vec![]),
        "restore" => change(vec![SystemLabel::Default], vec![]),
        "unread" => change(vec![SystemLabel::MarkedAsUnopened], vec![]),
        "read" => change(vec![], vec![SystemLabel::MarkedAsUnopened]),
        _ => return None,
    })
}

/// Archive, bin, restore or mark as unread: one dialog (`single=action:id`) or the checked ones
/// (`action` with `id`s). Goes back to the page it came from, saying what was done so that it
/// can be undone.
async fn label_action(
    State(state): State<AppState>,
    MaybeSession(found): MaybeSession,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    page(async {
        let Some(found) = found else {
            return Ok(Redirect::to("/auth/login?return_to=/inbox").into_response());
        };
        let field = |name: &str| {
            fields
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        found.check_csrf(field("csrf").unwrap_or_default())?;
        let (action, ids): (String, Vec<String>) =
            match field("single").and_then(|single| single.split_once(':')) {
                Some((action, id)) => (action.to_owned(), vec![id.to_owned()]),
                None => (
                    field("action").unwrap_or_default().to_owned(),
                    fields
                        .iter()
                        .filter(|(key, _)| key == "id")
                        .map(|(_, value)| value.clone())
                        .collect(),
                ),
            };
        let return_to = local_path(field("return_to"));
        if ids.is_empty() {
            return Ok(Redirect::to(&return_to).into_response());
        }
        let change = change_for(&action)
            .ok_or_else(|| Error::Validation(Error::field("action", "Unknown action.")))?;
        let dialogs = ids
            .iter()
            .map(|id| {
                uuid::Uuid::parse_str(id)
                    .map(|id| (id, None))
                    .map_err(|_| Error::Validation(Error::field("id", "Not a dialog id.")))
            })
            .collect::<Result<Vec<_>>>()?;
        crate::service::end_user_context::bulk_set_labels(
            &state.pool,
            &state.authorizer,
            None,
            &crate::service::end_user_context::OnBehalfOf::EndUser(found.user.party.clone()),
            &dialogs,
            &change,
        )
        .await?;
        let separator = if return_to.contains('?') { '&' } else { '?' };
        let target = format!("{return_to}{separator}done={action}&ids={}", ids.join(","));
        Ok(Redirect::to(&target).into_response())
    })
    .await
}

/// `POST /preview`: the preview page rendered with the pasted dialog (nothing is stored, so the
/// page answers the post itself instead of redirecting).
pub async fn render_preview(
    request: axum::extract::Request,
    backend: std::sync::Arc<dyn app::backend::Backend>,
    options: leptos::config::LeptosOptions,
) -> Response {
    use axum::extract::FromRequest;
    let (parts, body) = request.into_parts();
    let form = axum::extract::Request::from_parts(parts.clone(), body);
    let pasted = match Form::<app::model::preview::Pasted>::from_request(form, &()).await {
        Ok(Form(pasted)) => pasted,
        Err(rejection) => return rejection.into_response(),
    };
    let render = leptos_axum::render_app_async_with_context(
        move || {
            leptos::prelude::provide_context(backend.clone());
            leptos::prelude::provide_context(pasted.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut rendered = axum::extract::Request::from_parts(parts, axum::body::Body::empty());
    *rendered.method_mut() = http::Method::GET;
    render(rendered).await
}

#[derive(Deserialize)]
struct ActionForm {
    csrf: String,
    action: String,
    confirmed: Option<String>,
}

/// A write action sent for a browser without JavaScript: the same request the browser would
/// send, with a fresh dialog token, after the user has confirmed when the action asks for it.
/// Goes back to the dialog with the answer's status (or to confirm first).
async fn relay_action(
    State(state): State<AppState>,
    MaybeSession(found): MaybeSession,
    axum::extract::Path(id): axum::extract::Path<uuid::Uuid>,
    Form(form): Form<ActionForm>,
) -> Response {
    let dialog_page = format!("/inbox/{id}");
    let relayed = async {
        let Some(found) = found else {
            return Ok(
                Redirect::to(&format!("/auth/login?return_to={dialog_page}")).into_response(),
            );
        };
        found.check_csrf(&form.csrf)?;
        let opened = match crate::service::end_user::open(
            &state.pool,
            &state.authorizer,
            &state.dialog_tokens,
            &found.user,
            id,
        )
        .await?
        {
            Ok(opened) => opened,
            Err(_) => return Ok(Redirect::to(&dialog_page).into_response()),
        };
        let action = opened
            .aggregate
            .dialog
            .gui_actions
            .0
            .iter()
            .find(|action| action.id.to_string() == form.action)
            .filter(|action| opened.access.gui_action(action))
            .ok_or_else(|| {
                Error::Forbidden(Error::field("action", "You may not use this action."))
            })?;
        let method = match action.http_method {
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Delete => reqwest::Method::DELETE,
            _ => return Ok(Redirect::to(&action.url).into_response()),
        };
        let needs_confirmation = action.is_delete_dialog_action || action.prompt.is_some();
        if needs_confirmation && form.confirmed.as_deref() != Some("true") {
            return Ok(
                Redirect::to(&format!("{dialog_page}?confirm={}", action.id)).into_response(),
            );
        }
        let sent = match state.outbound.request(method, &action.url) {
            Some(request) => {
                request
                    .bearer_auth(&opened.token)
                    .header(header::ACCEPT, "application/json, application/problem+json")
                    .send()
                    .await
            }
            None => return Ok(Redirect::to(&format!("{dialog_page}?status=0")).into_response()),
        };
        let status = match sent {
            Ok(response) => response.status().as_u16(),
            Err(error) => {
                tracing::info!(%error, "a relayed action got no answer");
                0
            }
        };
        Ok(Redirect::to(&format!("{dialog_page}?status={status}")).into_response())
    };
    // Problems go back to the dialog page, which says them in plain words (or that the dialog is
    // gone); an unexpected one reads as "not answering, try again later".
    relayed.await.unwrap_or_else(|error| {
        let status = match &error {
            Error::Forbidden(_) | Error::Validation(_) => "?status=403",
            Error::NotFound(_) | Error::Gone(_) => "",
            _ => {
                tracing::warn!(%error, "an action could not be relayed");
                "?status=0"
            }
        };
        Redirect::to(&format!("{dialog_page}{status}")).into_response()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path(Some("/inbox?party=x")), "/inbox?party=x");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "inbox"] {
            assert_eq!(local_path(Some(bad)), "/inbox", "{bad}");
        }
        assert_eq!(local_path(None), "/inbox");
    }
}
