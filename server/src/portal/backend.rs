//! What the portal's pages ask the server for, answered by the same service layer as the
//! end-user API (no HTTP to itself).

use std::sync::Arc;

use app::{
    backend::{Answer, Backend},
    i18n::Lang,
    model::{
        dialog::{DialogPage, Opened, Unavailable},
        inbox::{Inbox, InboxQuery, Viewer},
        preview::{Pasted, Preview, PreviewDenied, ViewAs},
    },
};

use super::{
    dialog_page::{self, Audience},
    inbox_page::{choice, inbox},
};
use crate::{
    auth::session::{self, PortalSession},
    domain::dialog::id::DialogId,
    domain::party::Party,
    error::Error,
    service::{
        end_user::{self, OpenedDialog},
        inbox::{self},
    },
    state::AppState,
};

pub struct PortalBackend {
    state: AppState,
}

impl PortalBackend {
    /// The backend as the portal's pages receive it.
    pub fn shared(state: AppState) -> Arc<dyn Backend> {
        Arc::new(Self { state })
    }
}

/// The inbox a dialog of `party` is listed in.
fn inbox_of(party: &Party, own: &Party) -> String {
    if party == own {
        "/inbox".to_owned()
    } else {
        format!(
            "/inbox?party={}",
            app::model::inbox::encode(&party.to_string())
        )
    }
}

/// Why the service layer would not open a dialog, as the page says it.
fn unavailable(error: &Error) -> Option<Unavailable> {
    match error {
        Error::NotFound(_) => Some(Unavailable::NotFound),
        Error::Gone(_) => Some(Unavailable::Deleted),
        Error::Forbidden(_) if end_user::is_level_too_low(error) => Some(Unavailable::LevelTooLow),
        Error::Forbidden(_) => Some(Unavailable::Forbidden),
        _ => None,
    }
}

/// The session's person and the dialog as they open it (recording the view and issuing a
/// token), or why they cannot.
async fn opened_by_session(
    state: &AppState,
    parts: &http::request::Parts,
    id: &str,
) -> crate::error::Result<Result<(PortalSession, OpenedDialog), Unavailable>> {
    let Some(found) = session::from_headers(&state.pool, &parts.headers).await? else {
        return Ok(Err(Unavailable::SignedOut));
    };
    let Ok(id) = id.parse::<DialogId>() else {
        return Ok(Err(Unavailable::NotFound));
    };
    let opened = end_user::open(
        &state.pool,
        &state.authorizer,
        &state.dialog_tokens,
        &found.user,
        id,
    )
    .await;
    match opened {
        Ok(Ok(opened)) => Ok(Ok((found, opened))),
        Ok(Err(_not_yet_visible)) => Ok(Err(Unavailable::NotFound)),
        Err(error) => unavailable(&error).map(Err).ok_or(error),
    }
}

async fn dialog(
    state: AppState,
    parts: http::request::Parts,
    id: String,
) -> crate::error::Result<Result<DialogPage, Unavailable>> {
    let (found, opened) = match opened_by_session(&state, &parts, &id).await? {
        Ok(opened) => opened,
        Err(unavailable) => return Ok(Err(unavailable)),
    };
    let user = &found.user;
    let lang = Lang::from_headers(&parts.headers);
    let own = user.party.to_string();
    let own_name = found.name.clone().unwrap_or_else(|| own.clone());
    let access = state.authorizer.party_access(&user.party).await?;
    let dialog = &opened.aggregate.dialog;
    let party_name = access.get(&dialog.party).map_or_else(
        || dialog.party.to_string(),
        |authorized| choice(&access, authorized, &own_name).name,
    );
    let registry = state.authorizer.registry().await?;
    let audience = Audience {
        lang,
        viewer: Some(Viewer {
            name: own_name,
            csrf: found.csrf_token.clone(),
        }),
        current: Some(own.clone()),
        party_name,
        owner_name: inbox::owner_name(&registry, &dialog.org, lang.code()),
        back: inbox_of(&dialog.party, &user.party),
    };
    Ok(Ok(dialog_page::build(
        &state.outbound,
        &opened.aggregate,
        &opened.access,
        &opened.token,
        audience,
    )
    .await))
}

/// A fresh dialog token, by opening the dialog again as the session's person.
async fn token(
    state: AppState,
    parts: http::request::Parts,
    id: String,
) -> crate::error::Result<Option<String>> {
    Ok(opened_by_session(&state, &parts, &id)
        .await?
        .ok()
        .map(|(_, opened)| opened.token))
}

/// Runs one of the backend's calls: a failure is logged and answered as `failed` only, never
/// with its internals.
fn answer<T>(
    failed: &'static str,
    work: impl Future<Output = crate::error::Result<T>> + Send + 'static,
) -> Answer<T> {
    Box::pin(async move {
        work.await.map_err(|error| {
            tracing::warn!(%error, "{failed}");
            failed.to_owned()
        })
    })
}

impl Backend for PortalBackend {
    fn inbox(&self, parts: http::request::Parts, query: InboxQuery) -> Answer<Option<Inbox>> {
        let flash = super::flash::take(&parts, self.state.secure_cookies);
        answer(
            "the inbox could not be loaded",
            inbox(self.state.clone(), parts, query, flash),
        )
    }

    fn preview(
        &self,
        parts: http::request::Parts,
        pasted: Option<Pasted>,
    ) -> Answer<Result<Preview, PreviewDenied>> {
        answer(
            "the preview could not be made",
            super::preview::preview(self.state.clone(), parts, pasted),
        )
    }

    fn view_as(
        &self,
        parts: http::request::Parts,
        id: String,
        person: Option<String>,
    ) -> Answer<Result<ViewAs, PreviewDenied>> {
        answer(
            "the dialog could not be shown as its end user",
            super::preview::view_as(self.state.clone(), parts, id, person),
        )
    }

    fn token(&self, parts: http::request::Parts, id: String) -> Answer<Option<String>> {
        answer(
            "the dialog token could not be issued",
            token(self.state.clone(), parts, id),
        )
    }

    fn dialog(&self, parts: http::request::Parts, id: String) -> Answer<Opened> {
        answer(
            "the dialog could not be loaded",
            dialog(self.state.clone(), parts, id),
        )
    }
}
