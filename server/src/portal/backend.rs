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
    domain::{
        dialog::status::{DialogStatus, SystemLabel},
        party::Party,
    },
    error::Error,
    service::{
        end_user::{self, OpenedDialog, view},
        inbox,
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
/// At most this many dialogs of each kind in "needs your attention".
const ATTENTION_SIZE: i64 = 10;

pub struct PortalBackend {
    state: AppState,
}

impl PortalBackend {
    /// The backend as the portal's pages receive it.
    pub fn shared(state: AppState) -> Arc<dyn Backend> {
        Arc::new(Self { state })
    }
}

/// How recently something changed, for grouping the inbox.
fn period(changed: DateTime<Utc>, now: DateTime<Utc>) -> &'static str {
    if format::oslo_date(changed) == format::oslo_date(now) {
        "today"
    } else if changed > now - Duration::days(7) {
        "week"
    } else if changed > now - Duration::days(30) {
        "month"
    } else {
        "older"
    }
}

/// The folder a dialog is in, as a filter.
fn in_folder(mut filter: DialogFilter, folder: &str) -> DialogFilter {
    match folder {
        "drafts" => {
            filter.statuses = vec![DialogStatus::Draft.id()];
            filter.system_labels.push(SystemLabel::Default);
        }
        "sent" => {
            filter.system_labels.push(SystemLabel::Sent);
            filter.system_labels.push(SystemLabel::Default);
        }
        "archive" => filter.system_labels.push(SystemLabel::Archive),
        "bin" => filter.system_labels.push(SystemLabel::Bin),
        _ => {
            filter.system_labels.push(SystemLabel::Default);
            if filter.statuses.is_empty() {
                filter.statuses = DialogStatus::ALL
                    .into_iter()
                    .filter(|status| *status != DialogStatus::Draft)
                    .map(DialogStatus::id)
                    .collect();
            }
        }
    }
    filter
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

/// At most this many parties in the switcher's list; a search finds the others.
const PARTY_LIST_SIZE: usize = 50;

/// The switcher's list narrowed to names or numbers containing `find`, at most a page of it
/// (the person themself and whoever is being acted for always stay), and how many matches the
/// page leaves out. The parties come in the person's order: themselves, then organisations
/// with their sub-units after them.
fn found_parties<'a>(
    parties: &'a [AuthorizedParty],
    find: Option<&str>,
    acting: Option<&Party>,
) -> (Vec<&'a AuthorizedParty>, usize) {
    let needle = find
        .map(str::trim)
        .filter(|find| !find.is_empty())
        .map(str::to_lowercase);
    let matches = |authorized: &AuthorizedParty| {
        needle.as_deref().is_none_or(|needle| {
            let number = authorized.party.identifier();
            authorized.name.to_lowercase().contains(needle) || number.contains(needle)
        })
    };
    let mut shown = Vec::new();
    let mut left_out = 0;
    for authorized in parties {
        let kept = authorized.party.organization().is_none() || acting == Some(&authorized.party);
        if kept {
            shown.push(authorized);
        } else if matches(authorized) {
            if shown.len() < PARTY_LIST_SIZE {
                shown.push(authorized);
            } else {
                left_out += 1;
            }
        }
    }
    (shown, left_out)
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

/// Requiring attention or due within 14 days (or overdue), from the inbox folder: the most
/// recently active of them (the order the recency walk serves, so a big inbox costs no more
/// than a small one). `attention_due_before` is the 14 days' end.
async fn attention(
    state: &AppState,
    user: &crate::authz::EndUser,
    base: &DialogFilter,
    attention_due_before: DateTime<Utc>,
) -> crate::error::Result<Vec<Found>> {
    let needs_attention = DialogFilter {
        attention_due_before: Some(attention_due_before),
        ..base.clone()
    };
    Ok(end_user::search_inbox(
        &state.searches,
        &state.authorizer,
        user,
        in_folder(needs_attention, "inbox"),
        &Order::parse(None)?,
        None,
        ATTENTION_SIZE,
    )
    .await?
    .items)
}

/// What [`attention`] finds, from a first page that holds the whole inbox folder.
fn attention_in(page: &[Found], attention_due_before: DateTime<Utc>) -> Vec<&Found> {
    page.iter()
        .filter(|found| found.needs_attention(attention_due_before))
        .take(usize::try_from(ATTENTION_SIZE).unwrap_or(usize::MAX))
        .collect()
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
    let order = Order::parse(None)?;
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
        in_folder(filtered(&base, &query), &folder),
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
            .map(|name| in_folder(base.clone(), name))
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
                Some(_) => attention(&state, user, &base, attention_due_before).await?,
                None => Vec::new(),
            };
            Ok((page, searched))
        } else if shows_attention {
            tokio::try_join!(page, attention(&state, user, &base, attention_due_before))
        } else {
            Ok((page.await?, Vec::new()))
        }
    };
    let ((page, searched), counts) = tokio::try_join!(page_and_attention, counts)?;
    let mut attention: Vec<&Found> = if from_page && page.next.is_none() {
        attention_in(&page.items, attention_due_before)
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
            period: period(dialog.content_updated_at, now).to_owned(),
        }
    };
    let (shown_parties, parties_left_out) = found_parties(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn party(index: usize, is_person: bool) -> AuthorizedParty {
        AuthorizedParty {
            party: if is_person {
                Party::parse("urn:altinn:person:identifier-no:13050000049").expect("a person")
            } else {
                Party::Organization(
                    crate::bench_data::people::organization_numbers()
                        .nth(index)
                        .expect("an organisation number"),
                )
            },
            name: if is_person {
                "Kari".into()
            } else {
                format!("Firma {index}")
            },
            parent: None,
            subjects: std::collections::BTreeSet::new(),
        }
    }

    #[test]
    fn the_switcher_lists_a_page_of_parties_and_counts_the_matches_it_leaves_out() {
        let parties: Vec<AuthorizedParty> = std::iter::once(party(0, true))
            .chain((1..=120).map(|index| party(index, false)))
            .collect();
        let acting = party(120, false).party;
        let (shown, left_out) = found_parties(&parties, None, Some(&acting));
        assert_eq!(
            shown.len(),
            PARTY_LIST_SIZE + 1,
            "the person, a page, and the acting party"
        );
        assert!(shown.iter().any(|party| party.party.person().is_some()));
        assert!(shown.iter().any(|party| party.party == acting));
        assert_eq!(left_out, 120 - (PARTY_LIST_SIZE - 1) - 1);
        let (found, left_out) = found_parties(&parties, Some("Firma 11"), None);
        let names: Vec<&str> = found.iter().map(|party| party.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Kari",
                "Firma 11",
                "Firma 110",
                "Firma 111",
                "Firma 112",
                "Firma 113",
                "Firma 114",
                "Firma 115",
                "Firma 116",
                "Firma 117",
                "Firma 118",
                "Firma 119"
            ]
        );
        assert_eq!(
            left_out, 0,
            "parties the search does not match are not counted"
        );
    }
}
