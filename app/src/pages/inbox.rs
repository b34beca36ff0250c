//! The inbox: whose inbox (the party switcher), folders with counts, what needs attention,
//! search and filters in the URL, and label actions on one dialog or several. Every part is a
//! plain link or form, so it all works before and without JavaScript; once the page is
//! interactive, the router's `Form` sends them and updates the page without a reload.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::{
    backend::load_inbox,
    components::{
        account::Account,
        filters::Filters,
        inbox_form::{focus_when_shown, note_rendered_anew},
        inbox_row::Row,
        party_switcher::PartySwitcher,
        problem::LoadFailed,
        shortcuts::ShortcutHelp,
    },
    i18n::{Lang, use_lang},
    messages::{done_text, empty_text, folder_text, period_text, status_text, undo_of},
    model::{
        inbox::{Flash, Inbox, InboxItem, InboxQuery},
        kinds::{Folder, Status},
    },
};

/// Statuses in the order their groups are shown.
const STATUS_ORDER: [Status; 6] = [
    Status::RequiresAttention,
    Status::InProgress,
    Status::Awaiting,
    Status::Draft,
    Status::NotApplicable,
    Status::Completed,
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
                (status_text(lang, *status), members)
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

/// `acted` counts the label actions sent from this page: each has the list fetched anew.
#[component]
fn SignedIn(inbox: Inbox, query: InboxQuery, acted: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let folder = query.folder();
    let acting_class = match &inbox.acting {
        Some(party) if party.is_person => "acting-person",
        _ => "acting-organisation",
    };
    let return_to = query.href(|_| {});
    let csrf = inbox.viewer.csrf.clone();
    view! {
        <div class=format!("inbox-page {acting_class}")>
            <InboxHeader inbox=inbox.clone() />
            <div class="inbox-sidebar">
                // Someone who acts only for themselves has nobody to switch to or find.
                {(!acts_only_for_self(&inbox, &query)).then(|| view! { <PartySwitcher inbox=inbox.clone() query=query.clone() /> })}
                <FolderNav inbox=inbox.clone() query=query.clone() />
            </div>
            <div class="inbox-main">
                <Filters inbox=inbox.clone() query=query.clone() />
                <div role="status" class="flash">
                    {inbox.flash.clone().map(|done| view! { <Done done csrf=csrf.clone() return_to=return_to.clone() acted /> })}
                </div>
                {(!inbox.attention.is_empty()).then(|| view! {
                    <section class="attention" aria-labelledby="attention-heading">
                        <h2 id="attention-heading">{text!(lang, inbox.needs_your_attention)}</h2>
                        <ul class="inbox-list">
                            {inbox.attention.iter().cloned().map(|item| view! { <Row item folder selectable=false /> }).collect_view()}
                        </ul>
                    </section>
                })}
                <Messages inbox query acted />
                <ShortcutHelp />
            </div>
        </div>
    }
}

/// Whether the person may act for nobody but themselves (and is not narrowing the list of parties).
fn acts_only_for_self(inbox: &Inbox, query: &InboxQuery) -> bool {
    inbox.parties.len() <= 1
        && inbox.parties_left_out == 0
        && query.find.as_deref().is_none_or(str::is_empty)
}

/// Whose inbox this is, and who is signed in.
#[component]
fn InboxHeader(inbox: Inbox) -> impl IntoView {
    let lang = use_lang();
    let heading = match &inbox.acting {
        Some(party) => format!("{} {}", text!(lang, inbox.the_inbox_of), party.name),
        None => text!(lang, inbox.the_inbox_of_all_organisations).to_owned(),
    };
    view! {
        <div class="inbox-header">
            <h1 id="inbox-heading">{heading}</h1>
            <Account viewer=inbox.viewer />
        </div>
    }
}

/// The folders with their counts.
#[component]
fn FolderNav(inbox: Inbox, query: InboxQuery) -> impl IntoView {
    let lang = use_lang();
    let folder = query.folder();
    view! {
        <nav class="folders" aria-label=text!(lang, inbox.folders)>
            <ul>
                {Folder::ALL.iter().zip(inbox.counts.iter()).map(|(name, count)| {
                    let href = query.href(|next| { next.folder = (*name != Folder::Inbox).then(|| name.name().to_owned()); next.after = None; });
                    let current = folder == *name;
                    let shown = if *count >= inbox.count_cap { format!("{}+", inbox.count_cap) } else { count.to_string() };
                    view! {
                        <li>
                            <a href=href aria-current=current.then_some("page")>
                                {folder_text(lang, *name)} " " <span class="count">"(" {shown} ")"</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// What the last label action did, with a way to undo it.
#[component]
fn Done(done: Flash, csrf: String, return_to: String, acted: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let Flash { action: done, ids } = done;
    // After an action the page is the same document: what it did gets the focus, so that it
    // is read out and in view (on a phone too), with "Angre" the next stop.
    focus_when_shown("done-message");
    done_text(lang, &done).map(|text| view! {
        <p id="done-message" tabindex="-1">{text}</p>
        {undo_of(&done).map(|undo| view! {
            <Form method="POST" action="/inbox/actions" version=acted replace=true noscroll=true {..} class="inline">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <input type="hidden" name="return_to" value=return_to.clone() />
                {ids.iter().map(|id| view! { <input type="hidden" name="id" value=id.clone() /> }).collect_view()}
                <button type="submit" name="action" value=undo>{text!(lang, inbox.undo)}</button>
            </Form>
        })}
    })
}

/// The folder's dialogs, grouped, with the actions on those selected and the next page.
#[component]
fn Messages(inbox: Inbox, query: InboxQuery, acted: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let folder = query.folder();
    let by_status = query.group.as_deref() == Some("status");
    let empty = inbox.items.is_empty();
    let return_to = query.href(|_| {});
    let bulk = bulk_actions(lang, folder);
    let nothing = if query.is_filtered() {
        text!(lang, inbox.no_messages_match_your_search_try)
    } else {
        empty_text(lang, folder)
    };
    view! {
        <section class="messages" aria-labelledby="messages-heading">
            <h2 id="messages-heading">{folder_text(lang, folder)}</h2>
            <Form method="POST" action="/inbox/actions" version=acted replace=true noscroll=true {..} id="bulk-actions" class="bulk-actions">
                <input type="hidden" name="csrf" value=inbox.viewer.csrf.clone() />
                <input type="hidden" name="return_to" value=return_to />
                {(!empty).then(|| bulk.into_iter().map(|(action, label)| view! {
                    // Outlined, and deleting in the danger colour: none outweighs the list.
                    <button type="submit" name="action" value=action class="secondary" class:danger=action == "bin">{label}</button>
                }).collect_view())}
            </Form>
            {empty.then(|| view! { <p class="empty">{nothing}</p> })}
            <p class="grouping">
                {text!(lang, inbox.group_by)} " "
                <a href=query.href(|next| next.group = None) aria-current=(!by_status).then_some("true")>
                    {text!(lang, inbox.date)}
                </a>
                " · "
                <a href=query.href(|next| next.group = Some("status".into())) aria-current=by_status.then_some("true")>
                    {text!(lang, inbox.status)}
                </a>
            </p>
            {(!empty).then(|| view! {
                // Every dialog the search finds, as a file: not a page of the portal.
                <p class="export">
                    <a href=export_href(&query) rel="external" download>{text!(lang, export.download)}</a>
                </p>
            })}
            {groups(lang, &inbox.items, by_status).into_iter().map(|(label, items)| view! {
                <h3 class="period">{label}</h3>
                <ul class="inbox-list">
                    {items.into_iter().map(|item| view! { <Row item folder selectable=true /> }).collect_view()}
                </ul>
            }).collect_view()}
            {inbox.next.clone().map(|next| {
                let href = query.href(|query| query.after = Some(next.clone()));
                view! { <a class="next-page" href=href>{text!(lang, inbox.older_messages)}</a> }
            })}
        </section>
    }
}

/// `/inbox/export` with the search's query, from its start.
fn export_href(query: &InboxQuery) -> String {
    query.href_at("/inbox/export", |next| next.after = None)
}

/// What can be done with the selected dialogs: restore in the archive and the bin, archive and
/// delete elsewhere, and mark as unread anywhere.
fn bulk_actions(lang: Lang, folder: Folder) -> Vec<(&'static str, &'static str)> {
    let unread = ("unread", text!(lang, inbox.mark_selected_as_unread));
    if folder.is_moved_out() {
        vec![("restore", text!(lang, inbox.restore_selected)), unread]
    } else {
        vec![
            ("archive", text!(lang, inbox.archive_selected)),
            ("bin", text!(lang, inbox.delete_selected)),
            unread,
        ]
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
    // After a label action the address stays the same, and the list (with what the action did)
    // is fetched anew.
    let acted = RwSignal::new(0_usize);
    let inbox = Resource::new_blocking(
        move || (query(), acted.get()),
        |(query, acted)| {
            if acted > 0 {
                note_rendered_anew();
            }
            load_inbox(query)
        },
    );
    view! {
        // The folder's name: "Innboks" alone for the inbox, "Arkiv – Innboks" for the archive.
        <Title text=move || folder_text(lang, query().folder()) />
        // A Transition, not a Suspense: the list stays until the next one has arrived.
        <Transition fallback=move || view! { <p>{text!(lang, inbox.loading_the_inbox)}</p> }>
            {move || Suspend::new(async move {
                let query = query();
                match inbox.await {
                    Ok(Some(inbox)) => view! { <SignedIn inbox query acted /> }.into_any(),
                    Ok(None) => view! {
                        <section aria-labelledby="signin-heading">
                            <h1 id="signin-heading">{text!(lang, inbox.sign_in_to_see_your_inbox)}</h1>
                            <p><a class="button" rel="external" href="/auth/login?return_to=/inbox">{text!(lang, inbox.sign_in)}</a></p>
                        </section>
                    }.into_any(),
                    Err(_) => view! {
                        <LoadFailed heading=text!(lang, inbox.the_inbox_could_not_be_loaded) />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
