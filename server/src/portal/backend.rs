//! What the portal's pages ask the server for, answered by the same service layer as the
//! end-user API (no HTTP to itself).

use std::{future::Future, pin::Pin, sync::Arc};

use app::inbox::{Backend, Inbox, InboxItem, Viewer};

use super::session::{self, COOKIE};
use crate::{
    api::serviceowner::views::gui_attachment_count,
    domain::{
        dialog::{model::ContentValueDoc, status::DialogStatus},
        party::Party,
    },
    service::end_user,
    state::AppState,
    store::{
        pagination::{Cursor, Order},
        search::DialogFilter,
    },
};

/// How many dialogs one inbox page shows.
const PAGE_SIZE: i64 = 50;

pub struct PortalBackend {
    state: AppState,
}

impl PortalBackend {
    /// The backend as the portal's pages receive it.
    pub fn shared(state: AppState) -> Arc<dyn Backend> {
        Arc::new(Self { state })
    }
}

/// The text in the user's language: bokmål, then nynorsk, then English, then any.
fn text(value: Option<&ContentValueDoc>) -> Option<String> {
    let value = value?;
    ["nb", "nn", "en"]
        .iter()
        .find_map(|language| {
            value
                .value
                .iter()
                .find(|localization| localization.language_code == *language)
        })
        .or_else(|| value.value.first())
        .map(|localization| localization.value.clone())
}

async fn inbox(
    state: AppState,
    parts: http::request::Parts,
    after: Option<String>,
) -> crate::error::Result<Option<Inbox>> {
    let Some(id) = session::cookie(&parts.headers, COOKIE) else {
        return Ok(None);
    };
    let Some(found) = session::find(&state.pool, id).await? else {
        return Ok(None);
    };
    let filter = DialogFilter {
        parties: vec![Party::Person(found.user.person.clone()).to_string()],
        ..DialogFilter::default()
    };
    let order = Order::parse(None)?;
    let cursor = after
        .as_deref()
        .map(|token| Cursor::parse(&order, token))
        .transpose()?;
    let page = end_user::search(
        &state.pool,
        &state.authorizer,
        &found.user,
        filter,
        &order,
        cursor.as_ref(),
        PAGE_SIZE,
    )
    .await?;
    let sensitive = end_user::sensitive_resources(&state.authorizer, &found.user).await?;
    let registry = state.authorizer.registry().await?;
    let items = page
        .items
        .iter()
        .map(|item| {
            let dialog = &item.dialog;
            let content = &dialog.content.0;
            let shown_sensitive = sensitive(&dialog.service_resource);
            let (title, summary) = if shown_sensitive {
                (content.title.as_ref(), content.summary.as_ref())
            } else {
                (
                    content
                        .non_sensitive_title
                        .as_ref()
                        .or(content.title.as_ref()),
                    content
                        .non_sensitive_summary
                        .as_ref()
                        .or(content.summary.as_ref()),
                )
            };
            let owner_name = registry
                .resources()
                .find(|resource| resource.owner_org == dialog.org)
                .and_then(|resource| {
                    resource
                        .owner_name
                        .iter()
                        .find(|(language, _)| *language == "nb")
                        .map(|(_, name)| name.clone())
                });
            InboxItem {
                id: dialog.id.to_string(),
                title: text(title).unwrap_or_default(),
                summary: text(summary),
                sender: text(content.sender_name.as_ref())
                    .or(owner_name)
                    .unwrap_or_else(|| dialog.org.clone()),
                status: DialogStatus::from_id(dialog.status)
                    .unwrap_or(DialogStatus::NotApplicable)
                    .name()
                    .to_owned(),
                updated: dialog.content_updated_at.format("%Y-%m-%d").to_string(),
                due: dialog.due_at.map(|due| due.format("%Y-%m-%d").to_string()),
                unread: !dialog.is_seen_since_last_content_update || dialog.marked_as_unopened,
                attachments: gui_attachment_count(dialog),
            }
        })
        .collect();
    Ok(Some(Inbox {
        viewer: Viewer {
            name: found
                .name
                .clone()
                .unwrap_or_else(|| found.user.person.to_string()),
            csrf: found.csrf_token.clone(),
        },
        items,
        next: page.next.as_ref().map(|cursor| cursor.encode(&order)),
    }))
}

impl Backend for PortalBackend {
    fn inbox(
        &self,
        parts: http::request::Parts,
        after: Option<String>,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Inbox>, String>> + Send>> {
        let state = self.state.clone();
        Box::pin(async move {
            inbox(state, parts, after).await.map_err(|error| {
                tracing::warn!(%error, "the inbox could not be loaded");
                "the inbox could not be loaded".to_owned()
            })
        })
    }
}
