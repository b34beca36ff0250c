//! What the inbox shows, and how it is loaded: a server function that asks the server's
//! [`Backend`] (the same service layer as the end-user API) for the signed-in person's dialogs.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    /// For the sign-out form.
    pub csrf: String,
}

/// One row of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub sender: String,
    /// The status's name (`RequiresAttention`, `Completed`, …).
    pub status: String,
    /// Dates as `YYYY-MM-DD`.
    pub updated: String,
    pub due: Option<String>,
    pub unread: bool,
    pub attachments: usize,
}

/// A page of the signed-in person's inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub viewer: Viewer,
    pub items: Vec<InboxItem>,
    /// Where the next page starts, when there is one.
    pub next: Option<String>,
}

/// The server's side of the portal, provided as context on the server.
#[cfg(feature = "ssr")]
pub trait Backend: Send + Sync {
    /// The inbox of the session behind `parts`' cookie; `None` when no one is signed in.
    fn inbox(
        &self,
        parts: http::request::Parts,
        after: Option<String>,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<Option<Inbox>, String>> + Send>>;
}

/// The inbox of whoever is signed in.
#[server(prefix = "/portal/fn", endpoint = "inbox")]
pub async fn load_inbox(after: Option<String>) -> Result<Option<Inbox>, ServerFnError> {
    let parts: http::request::Parts = leptos_axum::extract().await?;
    let backend = expect_context::<std::sync::Arc<dyn Backend>>();
    backend
        .inbox(parts, after)
        .await
        .map_err(ServerFnError::new)
}
