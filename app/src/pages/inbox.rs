//! The inbox: whose inbox (the party switcher), folders with counts, what needs attention,
//! search and filters in the URL, and label actions on one dialog or several. Every part is a
//! plain link or form, so it all works before and without JavaScript; once the page is
//! interactive, the router's `Form` sends them and updates the page without a reload.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::{
    backend::load_inbox,
    components::problem::LoadFailed,
    i18n::{Lang, use_lang},
    model::inbox::{FOLDERS, Inbox, InboxItem, InboxQuery},
};

pub fn status_text(lang: Lang, status: &str) -> &'static str {
    match status {
        "RequiresAttention" => lang.tr("Krever handling", "Krev handling", "Requires attention"),
        "InProgress" => lang.tr("Under arbeid", "Under arbeid", "In progress"),
        "Awaiting" => lang.tr("Venter", "Ventar", "Awaiting"),
        "Draft" => lang.tr("Utkast", "Utkast", "Draft"),
        "Completed" => lang.tr("Fullført", "Fullført", "Completed"),
        "NotApplicable" => lang.tr("Ingen status", "Ingen status", "No status"),
        _ => lang.tr("Annet", "Anna", "Other"),
    }
}

fn period_text(lang: Lang, period: &str) -> &'static str {
    match period {
        "today" => lang.tr("I dag", "I dag", "Today"),
        "week" => lang.tr("Siste sju dager", "Siste sju dagar", "The last seven days"),
        "month" => lang.tr("Siste 30 dager", "Siste 30 dagar", "The last 30 days"),
        _ => lang.tr("Eldre", "Eldre", "Older"),
    }
}

/// Statuses in the order their groups are shown.
const STATUS_ORDER: [&str; 6] = [
    "RequiresAttention",
    "InProgress",
    "Awaiting",
    "Draft",
    "NotApplicable",
    "Completed",
];

/// The page in groups: by status (in [`STATUS_ORDER`], each by recency), or in runs of the same
/// period (the list is ordered by recency, so each period is one run). Labels are for headings.
fn groups(lang: Lang, items: &[InboxItem], by_status: bool) -> Vec<(&'static str, Vec<InboxItem>)> {
    if by_status {
        return STATUS_ORDER
            .iter()
            .map(|status| {
                let members: Vec<InboxItem> = items
                    .iter()
                    .filter(|item| item.status == *status)
                    .cloned()
                    .collect();
                (status_text(lang, status), members)
            })
            .filter(|(_, members)| !members.is_empty())
            .collect();
    }
    periods(items)
        .into_iter()
        .map(|(period, members)| (period_text(lang, &period), members))
        .collect()
}

/// The list in runs of the same period (it is ordered by recency, so each period is one run).
fn periods(items: &[InboxItem]) -> Vec<(String, Vec<InboxItem>)> {
    let mut runs: Vec<(String, Vec<InboxItem>)> = Vec::new();
    for item in items {
        match runs.last_mut() {
            Some((period, run)) if *period == item.period => run.push(item.clone()),
            _ => runs.push((item.period.clone(), vec![item.clone()])),
        }
    }
    runs
}

fn folder_text(lang: Lang, folder: &str) -> &'static str {
    match folder {
        "drafts" => lang.tr("Utkast", "Utkast", "Draft"),
        "sent" => lang.tr("Sendt", "Sendt", "Sent"),
        "archive" => lang.tr("Arkiv", "Arkiv", "Archive"),
        "bin" => lang.tr("Papirkurv", "Papirkorg", "Bin"),
        _ => lang.tr("Innboks", "Innboks", "Inbox"),
    }
}

fn empty_text(lang: Lang, folder: &str) -> &'static str {
    match folder {
        "drafts" => lang.tr(
            "Du har ingen utkast.",
            "Du har ingen utkast.",
            "You have no drafts.",
        ),
        "sent" => lang.tr(
            "Du har ikke sendt noe herfra.",
            "Du har ikkje sendt noko herifrå.",
            "You have sent nothing from here.",
        ),
        "archive" => lang.tr(
            "Arkivet er tomt.",
            "Arkivet er tomt.",
            "The archive is empty.",
        ),
        "bin" => lang.tr(
            "Papirkurven er tom.",
            "Papirkorga er tom.",
            "The bin is empty.",
        ),
        _ => lang.tr(
            "Du har ingen meldinger her ennå.",
            "Du har ingen meldingar her enno.",
            "You have no messages here yet.",
        ),
    }
}

fn done_text(lang: Lang, done: &str) -> Option<&'static str> {
    match done {
        "archive" => Some(lang.tr(
            "Flyttet til arkivet.",
            "Flytta til arkivet.",
            "Moved to the archive.",
        )),
        "bin" => Some(lang.tr(
            "Flyttet til papirkurven.",
            "Flytta til papirkorga.",
            "Moved to the bin.",
        )),
        "restore" => Some(lang.tr(
            "Flyttet tilbake til innboksen.",
            "Flytta tilbake til innboksen.",
            "Moved back to the inbox.",
        )),
        "unread" => Some(lang.tr(
            "Markert som ulest.",
            "Markert som ulesen.",
            "Marked as unread.",
        )),
        "read" => Some(lang.tr("Markert som lest.", "Markert som lesen.", "Marked as read.")),
        _ => None,
    }
}

/// The action that undoes `done`.
fn undo_of(done: &str) -> Option<&'static str> {
    match done {
        "archive" | "bin" => Some("restore"),
        "unread" => Some("read"),
        _ => None,
    }
}

#[component]
fn Row(item: InboxItem, folder: String, selectable: bool) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/inbox/{}", item.id);
    // A dialog may be listed twice (also under attention): ids differ per list.
    let list = if selectable { "all" } else { "attention" };
    let title_id = format!("title-{list}-{}", item.id);
    let check_id = format!("select-{}", item.id);
    let unread = item.unread;
    let actions: Vec<(&str, &str)> = match folder.as_str() {
        "archive" | "bin" => vec![("restore", lang.tr("Gjenopprett", "Gjenopprett", "Restore"))],
        _ => vec![
            ("archive", lang.tr("Arkiver", "Arkiver", "Archive")),
            ("bin", lang.tr("Slett", "Slett", "Delete")),
        ],
    };
    let id = item.id.clone();
    view! {
        <li class="inbox-row" class:unread=unread>
            {selectable.then(|| view! {
                <input type="checkbox" name="id" value=item.id.clone() id=check_id.clone() form="bulk-actions" />
                <label for=check_id.clone() class="visually-hidden">{lang.tr("Velg ", "Vel ", "Select ")}{item.title.clone()}</label>
            })}
            <article aria-labelledby=title_id.clone()>
                <p class="sender">
                    {item.sender}
                    {item.party_name.map(|name| view! { {lang.tr(" · til ", " · til ", " · to ")} {name} })}
                </p>
                {
                    let link = view! {
                        <a href=href>
                            {unread.then(|| view! { <span class="visually-hidden">{lang.tr("Ulest: ", "Ulesen: ", "Unread: ")}</span> })}
                            {item.title.clone()}
                        </a>
                    };
                    // Under a period heading (h3) in the full list; directly under h2 in attention.
                    if selectable {
                        view! { <h4 class="row-title" id=title_id.clone()>{link}</h4> }.into_any()
                    } else {
                        view! { <h3 class="row-title" id=title_id.clone()>{link}</h3> }.into_any()
                    }
                }
                {item.summary.map(|summary| view! { <p class="summary">{summary}</p> })}
                <p class="meta">
                    <span class=format!("status status-{}", item.status.to_lowercase())>
                        {status_text(lang, &item.status)}
                    </span>
                    {lang.tr(" · Oppdatert ", " · Oppdatert ", " · Updated ")}
                    <time datetime=item.updated.clone()>{item.updated.clone()}</time>
                    {item.due.map(|due| view! {
                        <span class:due-soon=item.due_soon>{lang.tr(" · Frist ", " · Frist ", " · Due ")} <time datetime=due.clone()>{due.clone()}</time></span>
                    })}
                    {(item.attachments > 0).then(|| view! { " · " {item.attachments} {lang.tr(" vedlegg", " vedlegg", " attachments")} })}
                </p>
            </article>
            {selectable.then(|| view! {
                <div class="row-actions">
                    {actions.into_iter().map(|(action, label)| view! {
                        <button type="submit" form="bulk-actions" name="single" value=format!("{action}:{id}")>
                            {label}<span class="visually-hidden">": "{item.title.clone()}</span>
                        </button>
                    }).collect_view()}
                </div>
            })}
        </li>
    }
}

#[component]
fn PartySwitcher(inbox: Inbox, query: InboxQuery) -> impl IntoView {
    let lang = use_lang();
    let current = inbox
        .acting
        .as_ref()
        .map_or("all".to_owned(), |party| party.urn.clone());
    let (folder, folder_for_find) = (query.folder.clone(), query.folder.clone());
    let (party, found) = (query.party.clone(), query.find.clone().unwrap_or_default());
    view! {
        <Form method="GET" action="/inbox" {..} class="party-switcher">
            <label for="party">{lang.tr("Vis innboksen til", "Vis innboksen til", "Show the inbox of")}</label>
            <select id="party" name="party">
                {inbox.parties.iter().map(|party| {
                    let selected = party.urn == current;
                    let label = if party.is_sub_unit { format!("— {}", party.name) } else { party.name.clone() };
                    view! { <option value=party.urn.clone() selected=selected>{label}</option> }
                }).collect_view()}
                {(inbox.parties.iter().filter(|party| !party.is_person).count() + inbox.parties_left_out > 1).then(|| view! {
                    <option value="all" selected=current == "all">{lang.tr("Alle virksomheter", "Alle verksemder", "All organisations")}</option>
                })}
            </select>
            {folder.map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <button type="submit">{lang.tr("Bytt", "Byt", "Switch")}</button>
        </Form>
        <Form method="GET" action="/inbox" {..} class="party-finder" role="search" aria-label=lang.tr("Finn aktør", "Finn aktør", "Find a party")>
            {party.map(|party| view! { <input type="hidden" name="party" value=party /> })}
            {folder_for_find.map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <label for="find">{lang.tr("Finn aktør (navn eller nummer)", "Finn aktør (namn eller nummer)", "Find a party (name or number)")}</label>
            <input id="find" name="find" type="search" value=found />
            <button type="submit">{lang.tr("Finn", "Finn", "Find")}</button>
            {(inbox.parties_left_out > 0).then(|| {
                let count = inbox.parties_left_out;
                let more = match lang.code() {
                    "nn" => format!("{count} aktørar til. Søk for å finne dei."),
                    "en" => format!("{count} more parties. Search to find them."),
                    _ => format!("{count} aktører til. Søk for å finne dem."),
                };
                view! { <p class="party-finder-more">{more}</p> }
            })}
        </Form>
    }
}

#[component]
fn Filters(inbox: Inbox, query: InboxQuery) -> impl IntoView {
    let lang = use_lang();
    let statuses = [
        "RequiresAttention",
        "InProgress",
        "Awaiting",
        "Draft",
        "Completed",
        "NotApplicable",
    ];
    let active = query.q.is_some()
        || query.sender.is_some()
        || query.status.is_some()
        || query.unread.is_some()
        || query.from.is_some()
        || query.to.is_some();
    let reset = query.href(|next| {
        next.q = None;
        next.sender = None;
        next.status = None;
        next.unread = None;
        next.from = None;
        next.to = None;
        next.after = None;
    });
    view! {
        <Form method="GET" action="/inbox" {..} class="filters" role="search" aria-label=lang.tr("Søk i innboksen", "Søk i innboksen", "Search the inbox")>
            {query.party.clone().map(|party| view! { <input type="hidden" name="party" value=party /> })}
            {query.folder.clone().map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <div class="field wide">
                <label for="q">{lang.tr("Søk", "Søk", "Search")}</label>
                <input id="q" name="q" type="search" value=query.q.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="sender">{lang.tr("Avsender", "Avsendar", "Sender")}</label>
                <select id="sender" name="sender">
                    <option value="">{lang.tr("Alle", "Alle", "All")}</option>
                    {inbox.senders.iter().map(|(code, name)| {
                        let selected = query.sender.as_deref() == Some(code.as_str());
                        view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="status">{lang.tr("Status", "Status", "Status")}</label>
                <select id="status" name="status">
                    <option value="">{lang.tr("Alle", "Alle", "All")}</option>
                    {statuses.iter().map(|status| {
                        let selected = query.status.as_deref() == Some(*status);
                        view! { <option value=*status selected=selected>{status_text(lang, status)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="from">{lang.tr("Oppdatert fra", "Oppdatert frå", "Updated from")}</label>
                <input id="from" name="from" type="date" value=query.from.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="to">{lang.tr("til", "til", "to")}</label>
                <input id="to" name="to" type="date" value=query.to.clone().unwrap_or_default() />
            </div>
            <div class="field check">
                <input id="unread" name="unread" type="checkbox" value="true" checked=query.unread.is_some() />
                <label for="unread">{lang.tr("Bare uleste", "Berre ulesne", "Unread only")}</label>
            </div>
            <div class="field buttons">
                <button type="submit">{lang.tr("Søk", "Søk", "Search")}</button>
                {active.then(|| view! { <a href=reset>{lang.tr("Nullstill", "Nullstill", "Clear")}</a> })}
            </div>
        </Form>
    }
}

#[component]
fn SignedIn(inbox: Inbox, query: InboxQuery, done: Option<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let folder = query.folder().to_owned();
    let by_status = query.group.as_deref() == Some("status");
    let filtered = query.q.is_some()
        || query.sender.is_some()
        || query.status.is_some()
        || query.unread.is_some()
        || query.from.is_some()
        || query.to.is_some();
    let (heading, acting_class) = match &inbox.acting {
        Some(party) if party.is_person => (
            format!(
                "{} {}",
                lang.tr("Innboksen til", "Innboksen til", "The inbox of"),
                party.name
            ),
            "acting-person",
        ),
        Some(party) => (
            format!(
                "{} {}",
                lang.tr("Innboksen til", "Innboksen til", "The inbox of"),
                party.name
            ),
            "acting-organisation",
        ),
        None => (
            lang.tr(
                "Innboksen til alle virksomheter",
                "Innboksen til alle verksemder",
                "The inbox of all organisations",
            )
            .to_owned(),
            "acting-organisation",
        ),
    };
    let return_to = query.href(|_| {});
    let empty = inbox.items.is_empty();
    let csrf = inbox.viewer.csrf.clone();
    let (csrf_undo, return_undo) = (csrf.clone(), return_to.clone());
    let bulk: Vec<(&str, &str)> = match folder.as_str() {
        "archive" | "bin" => vec![
            (
                "restore",
                lang.tr(
                    "Gjenopprett valgte",
                    "Gjenopprett valde",
                    "Restore selected",
                ),
            ),
            (
                "unread",
                lang.tr(
                    "Marker valgte som ulest",
                    "Marker valde som ulesne",
                    "Mark selected as unread",
                ),
            ),
        ],
        _ => vec![
            (
                "archive",
                lang.tr("Arkiver valgte", "Arkiver valde", "Archive selected"),
            ),
            (
                "bin",
                lang.tr("Slett valgte", "Slett valde", "Delete selected"),
            ),
            (
                "unread",
                lang.tr(
                    "Marker valgte som ulest",
                    "Marker valde som ulesne",
                    "Mark selected as unread",
                ),
            ),
        ],
    };
    view! {
        <div class=format!("inbox-page {acting_class}")>
            <div class="inbox-header">
                <h1 id="inbox-heading">{heading}</h1>
                // A div, not a p: a form may not sit inside a paragraph.
                <div class="viewer">
                    {lang.tr("Logget inn som ", "Logga inn som ", "Signed in as ")} {inbox.viewer.name.clone()}
                    <form method="post" action="/auth/logout" class="inline">
                        <input type="hidden" name="csrf" value=csrf.clone() />
                        <button type="submit">{lang.tr("Logg ut", "Logg ut", "Sign out")}</button>
                    </form>
                </div>
            </div>
            <PartySwitcher inbox=inbox.clone() query=query.clone() />
            <nav class="folders" aria-label=lang.tr("Mapper", "Mapper", "Folders")>
                <ul>
                    {FOLDERS.iter().zip(inbox.counts.iter()).map(|(name, count)| {
                        let href = query.href(|next| { next.folder = (*name != "inbox").then(|| (*name).to_owned()); next.after = None; });
                        let current = folder == *name;
                        let shown = if *count >= inbox.count_cap { format!("{}+", inbox.count_cap) } else { count.to_string() };
                        view! {
                            <li>
                                <a href=href aria-current=current.then_some("page")>
                                    {folder_text(lang, name)} " " <span class="count">"(" {shown} ")"</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <Filters inbox=inbox.clone() query=query.clone() />
            <div role="status" class="flash">
                {done.and_then(|(done, ids)| done_text(lang, &done).map(|text| (text, done, ids))).map(|(text, done, ids)| view! {
                    <p>{text}</p>
                    {undo_of(&done).map(|undo| view! {
                        <Form method="POST" action="/inbox/actions" {..} class="inline">
                            <input type="hidden" name="csrf" value=csrf_undo.clone() />
                            <input type="hidden" name="return_to" value=return_undo.clone() />
                            {ids.split(',').map(|id| view! { <input type="hidden" name="id" value=id.to_owned() /> }).collect_view()}
                            <button type="submit" name="action" value=undo>{lang.tr("Angre", "Angre", "Undo")}</button>
                        </Form>
                    })}
                })}
            </div>
            {(!inbox.attention.is_empty()).then(|| view! {
                <section class="attention" aria-labelledby="attention-heading">
                    <h2 id="attention-heading">{lang.tr("Trenger din oppmerksomhet", "Treng merksemda di", "Needs your attention")}</h2>
                    <ul class="inbox-list">
                        {inbox.attention.iter().cloned().map(|item| view! { <Row item folder=folder.clone() selectable=false /> }).collect_view()}
                    </ul>
                </section>
            })}
            <section class="messages" aria-labelledby="messages-heading">
                <h2 id="messages-heading">{folder_text(lang, &folder)}</h2>
                <Form method="POST" action="/inbox/actions" {..} id="bulk-actions" class="bulk-actions">
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <input type="hidden" name="return_to" value=return_to.clone() />
                    {(!empty).then(|| bulk.into_iter().map(|(action, label)| view! {
                        <button type="submit" name="action" value=action>{label}</button>
                    }).collect_view())}
                </Form>
                {empty.then(|| view! {
                    <p class="empty">
                        {if filtered { lang.tr("Ingen meldinger passer søket ditt. Prøv færre filtre.", "Ingen meldingar passar søket ditt. Prøv færre filter.", "No messages match your search. Try fewer filters.") } else { empty_text(lang, &folder) }}
                    </p>
                })}
                <p class="grouping">
                    {lang.tr("Grupper etter:", "Grupper etter:", "Group by:")} " "
                    <a href=query.href(|next| next.group = None) aria-current=(!by_status).then_some("true")>
                        {lang.tr("dato", "dato", "date")}
                    </a>
                    " · "
                    <a href=query.href(|next| next.group = Some("status".into())) aria-current=by_status.then_some("true")>
                        {lang.tr("status", "status", "status")}
                    </a>
                </p>
                {groups(lang, &inbox.items, by_status).into_iter().map(|(label, items)| view! {
                    <h3 class="period">{label}</h3>
                    <ul class="inbox-list">
                        {items.into_iter().map(|item| view! { <Row item folder=folder.clone() selectable=true /> }).collect_view()}
                    </ul>
                }).collect_view()}
                {inbox.next.clone().map(|next| {
                    let href = query.href(|query| query.after = Some(next.clone()));
                    view! { <a class="next-page" href=href>{lang.tr("Eldre meldinger", "Eldre meldingar", "Older messages")}</a> }
                })}
            </section>
        </div>
    }
}

/// `/inbox`.
#[component]
pub fn InboxPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_query_map();
    let query = move || {
        params.with(|params| {
            let get = |key: &str| params.get(key).filter(|value| !value.is_empty());
            InboxQuery {
                party: get("party"),
                folder: get("folder"),
                q: get("q"),
                sender: get("sender"),
                status: get("status"),
                unread: get("unread"),
                from: get("from"),
                to: get("to"),
                after: get("after"),
                find: get("find"),
                group: get("group"),
            }
        })
    };
    let done = move || params.with(|params| params.get("done").zip(params.get("ids")));
    // What was just done is part of the key: after an action the list is fetched anew.
    let inbox = Resource::new_blocking(move || (query(), done()), |(query, _)| load_inbox(query));
    view! {
        <Title text=lang.tr("Innboks", "Innboks", "Inbox") />
        <Suspense fallback=move || view! { <p>{lang.tr("Henter innboksen …", "Hentar innboksen …", "Loading the inbox …")}</p> }>
            {move || Suspend::new(async move {
                let query = query();
                match inbox.await {
                    Ok(Some(inbox)) => view! { <SignedIn inbox query done=done() /> }.into_any(),
                    Ok(None) => view! {
                        <section aria-labelledby="signin-heading">
                            <h1 id="signin-heading">{lang.tr("Logg inn for å se innboksen", "Logg inn for å sjå innboksen", "Sign in to see your inbox")}</h1>
                            <p><a class="button" rel="external" href="/auth/login?return_to=/inbox">{lang.tr("Logg inn", "Logg inn", "Sign in")}</a></p>
                        </section>
                    }.into_any(),
                    Err(_) => view! {
                        <LoadFailed heading=lang.tr("Innboksen kunne ikke hentes", "Innboksen kunne ikkje hentast", "The inbox could not be loaded") />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
