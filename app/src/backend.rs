//! The port: what the portal asks of the server, as a trait the server implements and provides
//! as context, and the server functions that are thin calls into it.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::model::preview::Pasted;
use crate::model::{
    dialog::Opened,
    inbox::{Inbox, InboxQuery},
    preview::{Preview, PreviewDenied, ViewAs},
};

/// What the backend answers with: a value, or why it could not (for the log, not the page).
#[cfg(feature = "ssr")]
pub type Answer<T> = std::pin::Pin<Box<dyn Future<Output = Result<T, String>> + Send>>;

/// The server's side of the portal, provided as context on the server.
#[cfg(feature = "ssr")]
pub trait Backend: Send + Sync {
    /// The inbox of the session behind `parts`' cookie; `None` when no one is signed in.
    fn inbox(&self, parts: http::request::Parts, query: InboxQuery) -> Answer<Option<Inbox>>;

    /// One dialog opened by the session's person.
    fn dialog(&self, parts: http::request::Parts, id: String) -> Answer<Opened>;

    /// A fresh dialog token for the session's person; `None` when the dialog cannot be opened.
    fn token(&self, parts: http::request::Parts, id: String) -> Answer<Option<String>>;

    /// The preview page, with what was posted to it.
    fn preview(
        &self,
        parts: http::request::Parts,
        pasted: Option<Pasted>,
    ) -> Answer<Result<Preview, PreviewDenied>>;

    /// A service owner's dialog as someone acting for its party sees it.
    fn view_as(
        &self,
        parts: http::request::Parts,
        id: String,
        person: Option<String>,
    ) -> Answer<Result<ViewAs, PreviewDenied>>;
}

/// The inbox of whoever is signed in.
#[server(prefix = "/portal/fn", endpoint = "inbox")]
pub async fn load_inbox(
    #[server(default)] query: InboxQuery,
) -> Result<Option<Inbox>, ServerFnError> {
    let parts: http::request::Parts = leptos_axum::extract().await?;
    let backend = expect_context::<std::sync::Arc<dyn Backend>>();
    backend
        .inbox(parts, query)
        .await
        .map_err(ServerFnError::new)
}

/// One dialog, opened by whoever is signed in (which records that they have seen it).
#[server(prefix = "/portal/fn", endpoint = "dialog")]
pub async fn load_dialog(id: String) -> Result<Opened, ServerFnError> {
    let parts: http::request::Parts = leptos_axum::extract().await?;
    let backend = expect_context::<std::sync::Arc<dyn Backend>>();
    backend.dialog(parts, id).await.map_err(ServerFnError::new)
}

/// A fresh dialog token for the signed-in person, fetched just before the browser sends an
/// action, so that a page left open for a while still sends a valid one.
#[server(prefix = "/portal/fn", endpoint = "dialog_token")]
pub async fn fresh_dialog_token(id: String) -> Result<Option<String>, ServerFnError> {
    let parts: http::request::Parts = leptos_axum::extract().await?;
    let backend = expect_context::<std::sync::Arc<dyn Backend>>();
    backend.token(parts, id).await.map_err(ServerFnError::new)
}

/// The preview page for whoever is signed in, with what they posted, if anything.
#[server(prefix = "/portal/fn", endpoint = "preview")]
pub async fn load_preview() -> Result<Result<Preview, PreviewDenied>, ServerFnError> {
    let parts: http::request::Parts = leptos_axum::extract().await?;
    let backend = expect_context::<std::sync::Arc<dyn Backend>>();
    backend
        .preview(parts, use_context::<Pasted>())
        .await
        .map_err(ServerFnError::new)
}

/// An owner's dialog as `person` (or, without one, the party with every right) sees it.
#[server(prefix = "/portal/fn", endpoint = "view_as")]
pub async fn load_view_as(
    id: String,
    person: Option<String>,
) -> Result<Result<ViewAs, PreviewDenied>, ServerFnError> {
    let parts: http::request::Parts = leptos_axum::extract().await?;
    let backend = expect_context::<std::sync::Arc<dyn Backend>>();
    backend
        .view_as(parts, id, person)
        .await
        .map_err(ServerFnError::new)
}
