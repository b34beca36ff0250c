//! Search and filters for the inbox, in the address so that they survive a reload.

use leptos::prelude::*;

use crate::{
    components::inbox_form::{InboxForm, navigated},
    i18n::use_lang,
    messages::status_text,
    model::{
        inbox::{Inbox, InboxQuery},
        kinds::Status,
    },
};

#[component]
pub fn Filters(inbox: Inbox, query: InboxQuery) -> impl IntoView {
    let lang = use_lang();
    let active = query.is_filtered();
    let reset = query.href(|next| {
        next.q = None;
        next.sender = None;
        next.status = None;
        next.unread = None;
        next.from = None;
        next.to = None;
        next.after = None;
    });
    // The address's values as properties too, after a navigation (see `navigated`).
    let navigated = navigated();
    let shown = move |value: &Option<String>| navigated.then(|| value.clone().unwrap_or_default());
    let applied = applied_filters(&inbox, &query);
    let any_applied = !applied.is_empty();
    let applied = if any_applied {
        applied.join(" · ")
    } else {
        text!(lang, filters.none_applied).to_owned()
    };
    view! {
        <InboxForm class="filters toolbar" search=text!(lang, filters.search_the_inbox)>
            {query.party.clone().map(|party| view! { <input type="hidden" name="party" value=party /> })}
            {query.folder.clone().map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <div class="search-row">
                <label for="q" class="visually-hidden">{text!(lang, filters.search)}</label>
                <input id="q" name="q" type="search" value=query.q.clone().unwrap_or_default() prop:value=shown(&query.q) />
                <button type="submit">{text!(lang, filters.search)}</button>
                {active.then(|| view! { <a class="clear" href=reset>{text!(lang, filters.clear)}</a> })}
            </div>
            // Folded on a narrow screen, with what is applied in its summary; open when wide.
            // Closed when the page comes: narrow, it opens as a sheet over the list.
            <details class="fold wide-open filter-fields">
                <summary>
                    {text!(lang, filters.filters)} ": " <span class="applied">{applied}</span>
                </summary>
                <div class="fold-body">
                    <SenderField senders=inbox.senders.clone() chosen=query.sender.clone() />
                    <StatusField chosen=query.status.clone() />
                    <div class="field">
                        <label for="from">{text!(lang, filters.updated_from)}</label>
                        <input id="from" name="from" type="date" value=query.from.clone().unwrap_or_default() prop:value=shown(&query.from) />
                    </div>
                    <div class="field">
                        <label for="to">{text!(lang, filters.to)}</label>
                        <input id="to" name="to" type="date" value=query.to.clone().unwrap_or_default() prop:value=shown(&query.to) />
                    </div>
                    <div class="field check">
                        <input id="unread" name="unread" type="checkbox" value="true" checked=query.unread.is_some() prop:checked=navigated.then_some(query.unread.is_some()) />
                        <label for="unread">{text!(lang, filters.unread_only)}</label>
                    </div>
                    <button type="submit" class="sheet-apply">{text!(lang, filters.show_matches)}</button>
                </div>
            </details>
        </InboxForm>
    }
}

/// What the filters (besides the search text) narrow the list to, in words, for the summary.
fn applied_filters(inbox: &Inbox, query: &InboxQuery) -> Vec<String> {
    let lang = use_lang();
    let mut applied = Vec::new();
    if let Some(sender) = &query.sender {
        let name = inbox
            .senders
            .iter()
            .find(|(code, _)| code == sender)
            .map_or(sender.as_str(), |(_, name)| name.as_str());
        applied.push(name.to_owned());
    }
    if let Some(status) = query.status.as_deref().and_then(Status::from_name) {
        applied.push(status_text(lang, status).to_owned());
    }
    match (&query.from, &query.to) {
        (Some(from), Some(to)) => applied.push(format!("{from} – {to}")),
        (Some(from), None) => applied.push(format!("{from} –")),
        (None, Some(to)) => applied.push(format!("– {to}")),
        (None, None) => {}
    }
    if query.unread.is_some() {
        applied.push(text!(lang, filters.unread).to_owned());
    }
    applied
}

/// Dialogs from one service owner (by org code), or from all.
#[component]
fn SenderField(senders: Vec<(String, String)>, chosen: Option<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for="sender">{text!(lang, filters.sender)}</label>
            <select id="sender" name="sender" prop:value=navigated().then(|| chosen.clone().unwrap_or_default())>
                <option value="">{text!(lang, filters.all)}</option>
                {senders.iter().map(|(code, name)| {
                    let selected = chosen.as_deref() == Some(code.as_str());
                    view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Dialogs of one status, or of any.
#[component]
fn StatusField(chosen: Option<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for="status">{text!(lang, filters.status)}</label>
            <select id="status" name="status" prop:value=navigated().then(|| chosen.clone().unwrap_or_default())>
                <option value="">{text!(lang, filters.all)}</option>
                {Status::ALL.iter().map(|status| {
                    let selected = chosen.as_deref() == Some(status.name());
                    view! { <option value=status.name() selected=selected>{status_text(lang, *status)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
