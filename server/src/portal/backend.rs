//! What the portal's pages ask the server for, answered by the same service layer as the
//! end-user API (no HTTP to itself).

use std::sync::Arc;

use app::{
    backend::{Answer, Backend},
    i18n::Lang,
    model::{
        dialog::{DialogPage, Opened, Unavailable},
        inbox::{FOLDERS, Inbox, InboxItem, InboxQuery, PartyChoice, Viewer},
        preview::{Pasted, Preview, PreviewDenied, ViewAs},
    },
};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use uuid::Uuid;

use super::{
    dialog_page::{self, Audience},
    format::{self, text},
};
use crate::{
    auth::session::{self, PortalSession},
    authz::decision::{AuthorizedParty, PartyAccess},
    domain::{dialog::status::DialogStatus, party::Party},
    error::Error,
    service::{
        end_user::{self, OpenedDialog, view},
        inbox::{self, Folder},
    },
    state::AppState,
    store::{
        pagination::{Cursor, Order},
        search::{DialogFilter, Found, FreeText, Range},
    },
};

/// How many dialogs one inbox page shows.
const PAGE_SIZE: i64 = 50;
/// Folder counts stop here ("1000+").
const COUNT_CAP: i64 = 1000;

pub struct PortalBackend {
    state: AppState,
}

impl PortalBackend {
    /// The backend as the portal's pages receive it.
    pub fn shared(state: AppState) -> Arc<dyn Backend> {
        Arc::new(Self { state })
    }
}

fn day(raw: Option<&str>, end_of_day: bool) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(raw?, "%Y-%m-%d").ok()?;
    let time = if end_of_day {
        date.and_hms_opt(23, 59, 59)?
    } else {
        date.and_hms_opt(0, 0, 0)?
    };
    Some(time.and_utc())
}

/// The switcher's entry for a party the person may act for (themselves under their own name).
fn choice(access: &PartyAccess, authorized: &AuthorizedParty, own_name: &str) -> PartyChoice {
    let is_person = authorized.party.organization().is_none();
    PartyChoice {
        urn: authorized.party.to_string(),
        name: if is_person {
            own_name.to_owned()
        } else {
            authorized.name.clone()
        },
        is_person,
        is_sub_unit: access.is_listed_sub_unit(authorized),
    }
}

/// The filters the query asks for, on top of whose inbox it is.
fn filtered(base: &DialogFilter, query: &InboxQuery) -> DialogFilter {
    let mut filter = base.clone();
    filter.text = query
        .q
        .as_deref()
        .and_then(|q| FreeText::parse(q, None).ok());
    filter.orgs = query.sender.clone().map(|sender| vec![sender]);
    if let Some(status) = query.status.as_deref().and_then(DialogStatus::parse_input) {
        filter.statuses = vec![status.id()];
    }
    if query.unread.is_some() {
        filter.is_content_seen = Some(false);
    }
    filter.content_updated = Range {
        after: day(query.from.as_deref(), false),
        before: day(query.to.as_deref(), true),
    };
    filter
}

fn is_filtered(query: &InboxQuery) -> bool {
    query.q.is_some()
        || query.sender.is_some()
        || query.status.is_some()
        || query.unread.is_some()
        || query.from.is_some()
        || query.to.is_some()
}

async fn inbox(
    state: AppState,
    parts: http::request::Parts,
    query: InboxQuery,
) -> crate::error::Result<Option<Inbox>> {
    let Some(found) = session::from_headers(&state.pool, &parts.headers).await? else {
        return Ok(None);
    };
    let user = &found.user;
    let lang = Lang::from_headers(&parts.headers);
    let own_name = found
        .name
        .clone()
        .unwrap_or_else(|| user.party.identifier().to_owned());
    let access = state.authorizer.party_access(&user.party).await?;
    // A party the person may not act for is never shown: they get their own inbox instead.
    let own_party = access.get(&user.party);
    let acting_party = match query.party.as_deref() {
        Some("all") => None,
        Some(urn) => Party::parse(urn)
            .ok()
            .and_then(|party| access.get(&party))
            .or(own_party),
        None => own_party,
    };
    let acting = acting_party.map(|authorized| choice(&access, authorized, &own_name));
    let base = DialogFilter {
        parties: acting.iter().map(|party| party.urn.clone()).collect(),
        ..DialogFilter::default()
    };
    let order = Order::newest_first();
    let cursor = query
        .after
        .as_deref()
        .map(|token| Cursor::parse(&order, token))
        .transpose()?;
    let folder = query.folder().to_owned();
    // The page, the folder counts and "needs your attention" are independent: they run at
    // once (each on its own search connection, within the caller's limit).
    let page = end_user::search_inbox(
        &state.searches,
        &state.authorizer,
        user,
        Folder::parse(&folder).narrow(filtered(&base, &query)),
        &order,
        cursor.as_ref(),
        PAGE_SIZE,
    );
    let counts = end_user::count_inbox(
        &state.searches,
        &state.authorizer,
        user,
        FOLDERS
            .iter()
            .map(|name| Folder::parse(name).narrow(base.clone()))
            .collect(),
        COUNT_CAP,
    );
    let shows_attention = folder == "inbox" && cursor.is_none() && !is_filtered(&query);
    let attention_due_before = Utc::now() + Duration::days(14);
    // A first page of one party's inbox that holds all of it holds "needs your attention"
    // too: it is searched only when the page turns out not to. Over all organisations the
    // page is seldom the whole inbox, and the search runs beside it.
    let from_page = shows_attention && acting.is_some();
    let page_and_attention = async {
        if from_page {
            let page = page.await?;
            let searched = match page.next {
                Some(_) => {
                    inbox::attention(
                        &state.searches,
                        &state.authorizer,
                        user,
                        &base,
                        attention_due_before,
                    )
                    .await?
                }
                None => Vec::new(),
            };
            Ok((page, searched))
        } else if shows_attention {
            tokio::try_join!(
                page,
                inbox::attention(
                    &state.searches,
                    &state.authorizer,
                    user,
                    &base,
                    attention_due_before
                )
            )
        } else {
            Ok((page.await?, Vec::new()))
        }
    };
    let ((page, searched), counts) = tokio::try_join!(page_and_attention, counts)?;
    let mut attention: Vec<&Found> = if from_page && page.next.is_none() {
        inbox::attention_in(&page.items, attention_due_before)
    } else {
        searched.iter().collect()
    };
    // Shown soonest due first.
    attention.sort_by_key(|item| (item.dialog.due_at.is_none(), item.dialog.due_at));
    let sensitive = end_user::sensitive_resources(&state.authorizer, user).await?;
    let senders = inbox::owner_names(&*state.authorizer.registry().await?, lang.code());
    let now = Utc::now();
    // Names by party, for lists of several parties' dialogs.
    let party_name = |urn: &str| {
        Party::parse(urn)
            .ok()
            .and_then(|party| access.get(&party))
            .map_or_else(|| urn.to_owned(), |authorized| authorized.name.clone())
    };
    let item = |found: &Found| {
        let dialog = &found.dialog;
        let content = &dialog.content.0;
        let (title, summary) =
            end_user::listed_title_and_summary(content, sensitive(&dialog.service_resource));
        let sender_name = senders
            .iter()
            .find(|(code, _)| *code == dialog.org)
            .map(|(_, name)| name.clone());
        InboxItem {
            id: dialog.id.to_string(),
            title: text(title, lang).unwrap_or_default(),
            summary: text(summary, lang),
            sender: text(content.sender_name.as_ref(), lang)
                .or(sender_name)
                .unwrap_or_else(|| dialog.org.clone()),
            party_name: acting.is_none().then(|| party_name(&dialog.party)),
            status: DialogStatus::from_id(dialog.status)
                .unwrap_or(DialogStatus::NotApplicable)
                .name()
                .to_owned(),
            updated: format::oslo_date(dialog.content_updated_at),
            due: dialog.due_at.map(format::oslo_date),
            due_soon: dialog
                .due_at
                .is_some_and(|due| due <= now + Duration::days(14)),
            unread: !dialog.is_seen_since_last_content_update || dialog.marked_as_unopened,
            attachments: view::gui_attachment_count(dialog),
            period: inbox::Period::of(dialog.content_updated_at, now)
                .name()
                .to_owned(),
        }
    };
    let (shown_parties, parties_left_out) = inbox::found_parties(
        &access.parties,
        query.find.as_deref(),
        acting_party.map(|authorized| &authorized.party),
    );
    let shown_parties = shown_parties
        .into_iter()
        .map(|authorized| choice(&access, authorized, &own_name))
        .collect();
    Ok(Some(Inbox {
        viewer: Viewer {
            name: own_name.clone(),
            csrf: found.csrf_token.clone(),
        },
        attention: attention.into_iter().map(item).collect(),
        items: page.items.iter().map(item).collect(),
        next: page.next.as_ref().map(|cursor| cursor.encode(&order)),
        acting: acting.clone(),
        counts,
        count_cap: COUNT_CAP,
        senders: senders.clone(),
        parties: shown_parties,
        parties_left_out,
    }))
}

/// The inbox a dialog of `party` is listed in.
fn inbox_of(party: &str, own: &str) -> String {
    if party == own {
        "/inbox".to_owned()
    } else {
        format!("/inbox?party={}", app::model::inbox::encode(party))
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
    let Ok(id) = Uuid::parse_str(id) else {
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
    let party_name = Party::parse(&dialog.party)
        .ok()
        .and_then(|party| access.get(&party))
        .map_or_else(
            || dialog.party.clone(),
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
        back: inbox_of(&dialog.party, &own),
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
        answer(
            "the inbox could not be loaded",
            inbox(self.state.clone(), parts, query),
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
