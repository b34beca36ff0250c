//! The inbox: whose inbox (the party switcher), folders with counts, what needs attention,
//! search and filters in the URL, and label actions on one dialog or several. Every part is a
//! plain link or form, so it all works before and without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::inbox::{FOLDERS, Inbox, InboxItem, InboxQuery, load_inbox};

fn status_text(status: &str) -> &'static str {
    match status {
        "RequiresAttention" => "Krever handling",
        "InProgress" => "Under arbeid",
        "Awaiting" => "Venter",
        "Draft" => "Utkast",
        "Completed" => "Fullført",
        "NotApplicable" => "Ingen status",
        _ => "Annet",
    }
}

fn folder_text(folder: &str) -> &'static str {
    match folder {
        "drafts" => "Utkast",
        "sent" => "Sendt",
        "archive" => "Arkiv",
        "bin" => "Papirkurv",
        _ => "Innboks",
    }
}

fn empty_text(folder: &str) -> &'static str {
    match folder {
        "drafts" => "Du har ingen utkast.",
        "sent" => "Du har ikke sendt noe herfra.",
        "archive" => "Arkivet er tomt.",
        "bin" => "Papirkurven er tom.",
        _ => "Du har ingen meldinger her ennå.",
    }
}

fn done_text(done: &str) -> Option<&'static str> {
    match done {
        "archive" => Some("Flyttet til arkivet."),
        "bin" => Some("Flyttet til papirkurven."),
        "restore" => Some("Flyttet tilbake til innboksen."),
        "unread" => Some("Markert som ulest."),
        "read" => Some("Markert som lest."),
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
    let href = format!("/inbox/{}", item.id);
    // A dialog may be listed twice (also under attention): ids differ per list.
    let list = if selectable { "all" } else { "attention" };
    let title_id = format!("title-{list}-{}", item.id);
    let check_id = format!("select-{}", item.id);
    let unread = item.unread;
    let actions: Vec<(&str, &str)> = match folder.as_str() {
        "archive" | "bin" => vec![("restore", "Gjenopprett")],
        _ => vec![("archive", "Arkiver"), ("bin", "Slett")],
    };
    let id = item.id.clone();
    view! {
        <li class="inbox-row" class:unread=unread>
            {selectable.then(|| view! {
                <input type="checkbox" name="id" value=item.id.clone() id=check_id.clone() form="bulk-actions" />
                <label for=check_id.clone() class="visually-hidden">"Velg "{item.title.clone()}</label>
            })}
            <article aria-labelledby=title_id.clone()>
                <p class="sender">
                    {item.sender}
                    {item.party_name.map(|name| view! { " · til " {name} })}
                </p>
                <h3 id=title_id.clone()>
                    <a href=href>
                        {unread.then(|| view! { <span class="visually-hidden">"Ulest: "</span> })}
                        {item.title.clone()}
                    </a>
                </h3>
                {item.summary.map(|summary| view! { <p class="summary">{summary}</p> })}
                <p class="meta">
                    <span class=format!("status status-{}", item.status.to_lowercase())>
                        {status_text(&item.status)}
                    </span>
                    " · Oppdatert "
                    <time datetime=item.updated.clone()>{item.updated.clone()}</time>
                    {item.due.map(|due| view! {
                        <span class:due-soon=item.due_soon>" · Frist " <time datetime=due.clone()>{due.clone()}</time></span>
                    })}
                    {(item.attachments > 0).then(|| view! { " · " {item.attachments} " vedlegg" })}
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
    let current = inbox
        .acting
        .as_ref()
        .map_or("all".to_owned(), |party| party.urn.clone());
    view! {
        <form method="get" action="/inbox" class="party-switcher">
            <label for="party">"Vis innboksen til"</label>
            <select id="party" name="party">
                {inbox.parties.iter().map(|party| {
                    let selected = party.urn == current;
                    let label = if party.is_sub_unit { format!("— {}", party.name) } else { party.name.clone() };
                    view! { <option value=party.urn.clone() selected=selected>{label}</option> }
                }).collect_view()}
                {(inbox.parties.iter().filter(|party| !party.is_person).count() > 1).then(|| view! {
                    <option value="all" selected=current == "all">"Alle virksomheter"</option>
                })}
            </select>
            {query.folder.clone().map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <button type="submit">"Bytt"</button>
        </form>
    }
}

#[component]
fn Filters(inbox: Inbox, query: InboxQuery) -> impl IntoView {
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
        <form method="get" action="/inbox" class="filters" role="search" aria-label="Søk i innboksen">
            {query.party.clone().map(|party| view! { <input type="hidden" name="party" value=party /> })}
            {query.folder.clone().map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <div class="field wide">
                <label for="q">"Søk"</label>
                <input id="q" name="q" type="search" value=query.q.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="sender">"Avsender"</label>
                <select id="sender" name="sender">
                    <option value="">"Alle"</option>
                    {inbox.senders.iter().map(|(code, name)| {
                        let selected = query.sender.as_deref() == Some(code.as_str());
                        view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="">"Alle"</option>
                    {statuses.iter().map(|status| {
                        let selected = query.status.as_deref() == Some(*status);
                        view! { <option value=*status selected=selected>{status_text(status)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="from">"Oppdatert fra"</label>
                <input id="from" name="from" type="date" value=query.from.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="to">"til"</label>
                <input id="to" name="to" type="date" value=query.to.clone().unwrap_or_default() />
            </div>
            <div class="field check">
                <input id="unread" name="unread" type="checkbox" value="true" checked=query.unread.is_some() />
                <label for="unread">"Bare uleste"</label>
            </div>
            <div class="field buttons">
                <button type="submit">"Søk"</button>
                {active.then(|| view! { <a href=reset>"Nullstill"</a> })}
            </div>
        </form>
    }
}

#[component]
fn SignedIn(inbox: Inbox, query: InboxQuery, done: Option<(String, String)>) -> impl IntoView {
    let folder = query.folder().to_owned();
    let filtered = query.q.is_some()
        || query.sender.is_some()
        || query.status.is_some()
        || query.unread.is_some()
        || query.from.is_some()
        || query.to.is_some();
    let (heading, acting_class) = match &inbox.acting {
        Some(party) if party.is_person => {
            (format!("Innboksen til {}", party.name), "acting-person")
        }
        Some(party) => (
            format!("Innboksen til {}", party.name),
            "acting-organisation",
        ),
        None => (
            "Innboksen til alle virksomheter".to_owned(),
            "acting-organisation",
        ),
    };
    let return_to = query.href(|_| {});
    let empty = inbox.items.is_empty();
    let csrf = inbox.viewer.csrf.clone();
    let bulk: Vec<(&str, &str)> = match folder.as_str() {
        "archive" | "bin" => vec![
            ("restore", "Gjenopprett valgte"),
            ("unread", "Marker valgte som ulest"),
        ],
        _ => vec![
            ("archive", "Arkiver valgte"),
            ("bin", "Slett valgte"),
            ("unread", "Marker valgte som ulest"),
        ],
    };
    view! {
        <div class=format!("inbox-page {acting_class}")>
            <div class="inbox-header">
                <h1 id="inbox-heading">{heading}</h1>
                // A div, not a p: a form may not sit inside a paragraph.
                <div class="viewer">
                    "Logget inn som " {inbox.viewer.name.clone()}
                    <form method="post" action="/auth/logout" class="inline">
                        <input type="hidden" name="csrf" value=csrf.clone() />
                        <button type="submit">"Logg ut"</button>
                    </form>
                </div>
            </div>
            <PartySwitcher inbox=inbox.clone() query=query.clone() />
            <nav class="folders" aria-label="Mapper">
                <ul>
                    {FOLDERS.iter().zip(inbox.counts.iter()).map(|(name, count)| {
                        let href = query.href(|next| { next.folder = (*name != "inbox").then(|| (*name).to_owned()); next.after = None; });
                        let current = folder == *name;
                        let shown = if *count >= inbox.count_cap { format!("{}+", inbox.count_cap) } else { count.to_string() };
                        view! {
                            <li>
                                <a href=href aria-current=current.then_some("page")>
                                    {folder_text(name)} " " <span class="count">"(" {shown} ")"</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <Filters inbox=inbox.clone() query=query.clone() />
            <div role="status" class="flash">
                {done.and_then(|(done, ids)| done_text(&done).map(|text| (text, done, ids))).map(|(text, done, ids)| view! {
                    <p>{text}</p>
                    {undo_of(&done).map(|undo| view! {
                        <form method="post" action="/inbox/actions" class="inline">
                            <input type="hidden" name="csrf" value=csrf.clone() />
                            <input type="hidden" name="return_to" value=return_to.clone() />
                            {ids.split(',').map(|id| view! { <input type="hidden" name="id" value=id.to_owned() /> }).collect_view()}
                            <button type="submit" name="action" value=undo>"Angre"</button>
                        </form>
                    })}
                })}
            </div>
            {(!inbox.attention.is_empty()).then(|| view! {
                <section class="attention" aria-labelledby="attention-heading">
                    <h2 id="attention-heading">"Trenger din oppmerksomhet"</h2>
                    <ul class="inbox-list">
                        {inbox.attention.iter().cloned().map(|item| view! { <Row item folder=folder.clone() selectable=false /> }).collect_view()}
                    </ul>
                </section>
            })}
            <section class="messages" aria-labelledby="messages-heading">
                <h2 id="messages-heading">{folder_text(&folder)}</h2>
                <form id="bulk-actions" method="post" action="/inbox/actions" class="bulk-actions">
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <input type="hidden" name="return_to" value=return_to.clone() />
                    {(!empty).then(|| bulk.into_iter().map(|(action, label)| view! {
                        <button type="submit" name="action" value=action>{label}</button>
                    }).collect_view())}
                </form>
                {empty.then(|| view! {
                    <p class="empty">
                        {if filtered { "Ingen meldinger passer søket ditt. Prøv færre filtre." } else { empty_text(&folder) }}
                    </p>
                })}
                <ul class="inbox-list">
                    {inbox.items.iter().cloned().map(|item| view! { <Row item folder=folder.clone() selectable=true /> }).collect_view()}
                </ul>
                {inbox.next.clone().map(|next| {
                    let href = query.href(|query| query.after = Some(next.clone()));
                    view! { <a class="next-page" href=href>"Eldre meldinger"</a> }
                })}
            </section>
        </div>
    }
}

/// `/inbox`.
#[component]
pub fn InboxPage() -> impl IntoView {
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
            }
        })
    };
    let done = move || params.with(|params| params.get("done").zip(params.get("ids")));
    let inbox = Resource::new_blocking(query, load_inbox);
    view! {
        <Title text="Innboks" />
        <Suspense fallback=|| view! { <p>"Henter innboksen …"</p> }>
            {move || Suspend::new(async move {
                let query = query();
                match inbox.await {
                    Ok(Some(inbox)) => view! { <SignedIn inbox query done=done() /> }.into_any(),
                    Ok(None) => view! {
                        <section aria-labelledby="signin-heading">
                            <h1 id="signin-heading">"Logg inn for å se innboksen"</h1>
                            <p><a class="button" rel="external" href="/auth/login?return_to=/inbox">"Logg inn"</a></p>
                        </section>
                    }.into_any(),
                    Err(_) => view! {
                        <section aria-labelledby="error-heading">
                            <h1 id="error-heading">"Innboksen kunne ikke hentes"</h1>
                            <p>"Prøv igjen om litt."</p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
