//! Search and filters for the inbox, in the address so that they survive a reload.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::{
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
    view! {
        <Form method="GET" action="/inbox" {..} class="filters" role="search" aria-label=text!(lang, filters.search_the_inbox)>
            {query.party.clone().map(|party| view! { <input type="hidden" name="party" value=party /> })}
            {query.folder.clone().map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <div class="field wide">
                <label for="q">{text!(lang, filters.search)}</label>
                <input id="q" name="q" type="search" value=query.q.clone().unwrap_or_default() />
            </div>
            <SenderField senders=inbox.senders.clone() chosen=query.sender.clone() />
            <StatusField chosen=query.status.clone() />
            <div class="field">
                <label for="from">{text!(lang, filters.updated_from)}</label>
                <input id="from" name="from" type="date" value=query.from.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="to">{text!(lang, filters.to)}</label>
                <input id="to" name="to" type="date" value=query.to.clone().unwrap_or_default() />
            </div>
            <div class="field check">
                <input id="unread" name="unread" type="checkbox" value="true" checked=query.unread.is_some() />
                <label for="unread">{text!(lang, filters.unread_only)}</label>
            </div>
            <div class="field buttons">
                <button type="submit">{text!(lang, filters.search)}</button>
                {active.then(|| view! { <a href=reset>{text!(lang, filters.clear)}</a> })}
            </div>
        </Form>
    }
}

/// Dialogs from one service owner (by org code), or from all.
#[component]
fn SenderField(senders: Vec<(String, String)>, chosen: Option<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for="sender">{text!(lang, filters.sender)}</label>
            <select id="sender" name="sender">
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
            <select id="status" name="status">
                <option value="">{text!(lang, filters.all)}</option>
                {Status::ALL.iter().map(|status| {
                    let selected = chosen.as_deref() == Some(status.name());
                    view! { <option value=status.name() selected=selected>{status_text(lang, *status)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
