//! The inbox's forms that change something: archive, bin, restore and mark as unread, and the
//! preview's post.

use super::{local_path, sign_in::page};
use axum::{
    Form,
    extract::State,
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use http::header;

use crate::{
    auth::session::MaybeSession,
    domain::dialog::id::DialogId,
    domain::dialog::{end_user_labels::LabelChange, status::SystemLabel},
    error::{Error, Result},
    state::AppState,
};

pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/inbox/actions", post(label_action))
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
/// (`action` with `id`s). Goes back to the page it came from, which says once what was done so
/// that it can be undone.
async fn label_action(
    State(state): State<AppState>,
    MaybeSession(found): MaybeSession,
    headers: http::HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    page(&state, &headers, async {
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
                id.parse::<DialogId>()
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
        // What was done is said once, by the page it leads back to (see `flash`).
        let said = super::flash::set(&action, &ids, state.secure_cookies);
        Ok(([(header::SET_COOKIE, said)], Redirect::to(&return_to)).into_response())
    })
    .await
}

/// `POST /preview`: the preview page rendered with the pasted dialog (nothing is stored, so the
/// page answers the post itself instead of redirecting).
pub async fn render_preview(
    request: axum::extract::Request,
    backend: std::sync::Arc<dyn app::backend::Backend>,
    options: leptos::config::LeptosOptions,
    bundle: app::bundle::Bundle,
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
        move || app::shell(options.clone(), bundle.clone()),
    );
    let mut rendered = axum::extract::Request::from_parts(parts, axum::body::Body::empty());
    *rendered.method_mut() = http::Method::GET;
    render(rendered).await
}
