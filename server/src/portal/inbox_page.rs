//! The inbox page's data: whose inbox it is, the page of dialogs, "needs your attention",
//! the folder counts and the party switcher's list.

use app::{
    i18n::Lang,
    model::{
        inbox::{Flash, Inbox, InboxItem, InboxQuery, PartyChoice, Viewer},
        kinds,
    },
};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    format,
    rows::{ATTENTION_DAYS, Rows},
};
use crate::{
    auth::session::{self, PortalSession},
    authz::{
        EndUser,
        decision::{AuthorizedParty, PartyAccess},
    },
    domain::resource::ResourceId,
    domain::{dialog::status::DialogStatus, party::Party},
    error::Result,
    service::{
        end_user,
        inbox::{self},
    },
    state::AppState,
    store::{
        pagination::{Cursor, Order},
        search::{DialogFilter, Found, FreeText, Page, Range},
    },
};

/// How many dialogs one inbox page shows.
const PAGE_SIZE: i64 = 50;
/// Folder counts stop here ("1000+").
const COUNT_CAP: i64 = 1000;

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
pub(super) fn choice(
    access: &PartyAccess,
    authorized: &AuthorizedParty,
    own_name: &str,
) -> PartyChoice {
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

/// The party whose inbox is asked for: one the person may act for, else their own; `None`
/// for all their organisations (`?party=all`).
fn acting_party<'a>(
    access: &'a PartyAccess,
    user: &EndUser,
    asked: Option<&str>,
) -> Option<&'a AuthorizedParty> {
    let own_party = access.get(&user.party);
    match asked {
        Some("all") => None,
        Some(urn) => Party::parse(urn)
            .ok()
            .and_then(|party| access.get(&party))
            .or(own_party),
        None => own_party,
    }
}

/// Whose inbox the address asks for (`None` for all organisations), and the filter on whose
/// dialogs it lists.
pub(super) fn scope<'a>(
    access: &'a PartyAccess,
    user: &EndUser,
    asked: Option<&str>,
) -> (Option<&'a AuthorizedParty>, DialogFilter) {
    let acting = acting_party(access, user, asked);
    let base = DialogFilter {
        parties: acting
            .iter()
            .map(|authorized| authorized.party.to_string())
            .collect(),
        ..DialogFilter::default()
    };
    (acting, base)
}

/// Each folder's dialogs among `base`'s, as the folder counts count them.
fn folders(base: &DialogFilter) -> Vec<DialogFilter> {
    kinds::Folder::ALL
        .into_iter()
        .map(|folder| format::folder(folder).narrow(base.clone()))
        .collect()
}

/// What the page lists: the folder's dialogs that the query's search and filters find.
pub(super) fn searched(base: &DialogFilter, query: &InboxQuery) -> DialogFilter {
    format::folder(query.folder()).narrow(filtered(base, query))
}

/// The inbox of the session's person, or `None` when no one is signed in.
pub(super) async fn inbox(
    state: AppState,
    parts: http::request::Parts,
    query: InboxQuery,
    flash: Option<Flash>,
) -> Result<Option<Inbox>> {
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
    let (acting_party, base) = scope(&access, user, query.party.as_deref());
    let acting = acting_party.map(|authorized| choice(&access, authorized, &own_name));
    let order = Order::newest_first();
    let scope = (&base, acting.is_some());
    let listed = Box::pin(listed(&state, user, scope, &query, &order)).await?;
    let sensitive = end_user::sensitive_resources(&state.authorizer, user).await?;
    let registry = state.authorizer.registry().await?;
    let senders = inbox::owner_names(&registry, lang.code());
    let chosen = query.sender.as_deref();
    let sender_choices = inbox::sender_choices(&registry, &senders, &listed.resources, chosen);
    let rows = Rows {
        lang,
        sensitive: &sensitive,
        senders: &senders,
        access: acting.is_none().then_some(&access),
        now: Utc::now(),
    };
    let (parties, parties_left_out) = party_choices(&access, &query, acting_party, &own_name);
    let (attention, items) = listed.rows(&rows);
    Ok(Some(Inbox {
        viewer: viewer(&found, &own_name),
        attention,
        items,
        next: listed
            .page
            .next
            .as_ref()
            .map(|cursor| cursor.encode(&order)),
        acting,
        counts: listed.counts,
        count_cap: COUNT_CAP,
        senders: sender_choices,
        parties,
        parties_left_out,
        flash,
    }))
}

/// The switcher's list: the parties matching the search (`?find=`), and how many it left out.
fn party_choices(
    access: &PartyAccess,
    query: &InboxQuery,
    acting: Option<&AuthorizedParty>,
    own_name: &str,
) -> (Vec<PartyChoice>, usize) {
    let (shown, left_out) = inbox::found_parties(
        &access.parties,
        query.find.as_deref(),
        acting.map(|authorized| &authorized.party),
    );
    let shown = shown
        .into_iter()
        .map(|authorized| choice(access, authorized, own_name))
        .collect();
    (shown, left_out)
}

fn viewer(found: &PortalSession, own_name: &str) -> Viewer {
    Viewer {
        name: own_name.to_owned(),
        csrf: found.csrf_token.clone(),
    }
}

/// What the inbox lists: the page, "needs your attention" and the folder counts.
struct Listed {
    page: Page,
    /// "Needs your attention" as searched, or `None` when the page holds all of it.
    searched: Option<Vec<Found>>,
    due_before: DateTime<Utc>,
    counts: Vec<i64>,
    /// The services the user has dialogs of here.
    resources: Vec<String>,
}

impl Listed {
    /// The rows of "needs your attention" and of the page.
    fn rows<S: Fn(&ResourceId) -> bool>(
        &self,
        rows: &Rows<'_, S>,
    ) -> (Vec<InboxItem>, Vec<InboxItem>) {
        let attention = self.attention().into_iter().map(|found| rows.item(found));
        let items = self.page.items.iter().map(|found| rows.item(found));
        (attention.collect(), items.collect())
    }

    /// "Needs your attention", soonest due first.
    fn attention(&self) -> Vec<&Found> {
        let mut attention: Vec<&Found> = match &self.searched {
            Some(searched) => searched.iter().collect(),
            None => inbox::attention_in(&self.page.items, self.due_before),
        };
        attention.sort_by_key(|item| (item.dialog.due_at.is_none(), item.dialog.due_at));
        attention
    }
}

/// The page, the folder counts and "needs your attention": independent, so they run at once
/// (each on its own search connection, within the caller's limit). A first page of one
/// party's inbox that holds all of it holds "needs your attention" too: that is searched only
/// when the page turns out not to. Over all organisations the page is seldom the whole inbox,
/// and the search runs beside it. The caller boxes this future: the searches' futures are
/// large, and moving them into its own costs more than the allocation (a fifth of the page's
/// instructions, measured).
async fn listed(
    state: &AppState,
    user: &EndUser,
    (base, one_party): (&DialogFilter, bool),
    query: &InboxQuery,
    order: &Order,
) -> Result<Listed> {
    let cursor = query
        .after
        .as_deref()
        .map(|token| Cursor::parse(order, token))
        .transpose()?;
    let folder = query.folder();
    let (searches, authorizer) = (&state.searches, &state.authorizer);
    let page = end_user::search_inbox(
        searches,
        authorizer,
        user,
        searched(base, query),
        order,
        cursor.as_ref(),
        PAGE_SIZE,
    );
    let counts = end_user::count_inbox(searches, authorizer, user, folders(base), COUNT_CAP);
    let shows_attention =
        folder == kinds::Folder::Inbox && cursor.is_none() && !query.is_filtered();
    let due_before = Utc::now() + Duration::days(ATTENTION_DAYS);
    let attention = || inbox::attention(searches, authorizer, user, base, due_before);
    let page_and_attention = async {
        if shows_attention && one_party {
            let page = page.await?;
            let searched = match page.next {
                Some(_) => Some(attention().await?),
                None => None,
            };
            Ok((page, searched))
        } else if shows_attention {
            let (page, searched) = tokio::try_join!(page, attention())?;
            Ok((page, Some(searched)))
        } else {
            Ok((page.await?, Some(Vec::new())))
        }
    };
    let ((page, searched), counted) = tokio::try_join!(page_and_attention, counts)?;
    Ok(Listed {
        page,
        searched,
        due_before,
        counts: counted.counts,
        resources: counted.resources,
    })
}
