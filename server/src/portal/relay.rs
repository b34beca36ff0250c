//! Write actions relayed for a browser without JavaScript: the request the browser would send,
//! with a fresh dialog token, after the user has confirmed when the action asks for it.

use axum::{
    Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use http::header;
use serde::Deserialize;

use crate::{
    auth::session::MaybeSession,
    domain::dialog::id::DialogId,
    domain::dialog::model::{GuiAction, HttpMethod},
    error::Error,
    outbound::Outbound,
    service::end_user::OpenedDialog,
    state::AppState,
};

pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/inbox/{id}/act", post(relay_action))
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
    axum::extract::Path(id): axum::extract::Path<DialogId>,
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
        let action = permitted_action(&opened, &form.action)?;
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
        let status = send(&state.outbound, method, &action.url, &opened.token).await;
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

/// The GUI action the form names, if the user may use it.
fn permitted_action<'a>(opened: &'a OpenedDialog, id: &str) -> crate::error::Result<&'a GuiAction> {
    opened
        .aggregate
        .dialog
        .gui_actions
        .0
        .iter()
        .find(|action| action.id.to_string() == id)
        .filter(|action| opened.access.gui_action(action))
        .ok_or_else(|| Error::Forbidden(Error::field("action", "You may not use this action.")))
}

/// Sends the action to the service owner's system with the dialog token: the status it
/// answered, or 0 when it did not (or its address is not allowed).
async fn send(outbound: &Outbound, method: reqwest::Method, url: &str, token: &str) -> u16 {
    let Some(request) = outbound.request(method, url) else {
        return 0;
    };
    let sent = request
        .bearer_auth(token)
        .header(header::ACCEPT, "application/json, application/problem+json")
        .send()
        .await;
    match sent {
        Ok(response) => response.status().as_u16(),
        Err(error) => {
            tracing::info!(%error, "a relayed action got no answer");
            0
        }
    }
}
