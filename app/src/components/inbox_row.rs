//! One dialog in an inbox list.

use leptos::prelude::*;

use crate::{
    i18n::{Lang, use_lang},
    messages::status_text,
    model::{inbox::InboxItem, kinds::Folder},
};

#[component]
pub fn Row(item: InboxItem, folder: Folder, selectable: bool) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/inbox/{}", item.id);
    // A dialog may be listed twice (also under attention): ids differ per list.
    let list = if selectable { "all" } else { "attention" };
    let title_id = format!("title-{list}-{}", item.id);
    let check_id = format!("select-{}", item.id);
    let unread = item.unread;
    let actions = row_actions(lang, folder, item.unread);
    let id = item.id.clone();
    let meta = view! { <RowMeta item=item.clone() list /> };
    view! {
        <li class="inbox-row" class:unread=unread>
            {selectable.then(|| view! {
                <input type="checkbox" name="id" value=item.id.clone() id=check_id.clone() form="bulk-actions" />
                <label for=check_id.clone() class="visually-hidden">{text!(lang, inbox_row.select)}{item.title.clone()}</label>
            })}
            <span class="avatar" aria-hidden="true">{initials(&item.sender)}</span>
            <article aria-labelledby=title_id.clone()>
                <p class="sender">
                    {item.sender}
                    {item.party_name.map(|name| view! { {text!(lang, inbox_row.to)} {name} })}
                </p>
                {
                    let level_id = format!("level-{list}-{}", item.id);
                    let described = item.needs_higher_level.then(|| level_id.clone());
                    let link = view! {
                        <a href=href aria-describedby=described>
                            {unread.then(|| view! { <span class="visually-hidden">{text!(lang, inbox_row.unread)}</span> })}
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
                {meta}
            </article>
            {selectable.then(|| view! {
                <div class="row-actions">
                    {actions.into_iter().map(|(action, label)| view! {
                        <button type="submit" form="bulk-actions" name="single" value=format!("{action}:{id}") class:danger=action == "bin">
                            {label}<span class="visually-hidden">": "{item.title.clone()}</span>
                        </button>
                    }).collect_view()}
                </div>
            })}
        </li>
    }
}

/// A row's status, dates and attachment count.
#[component]
fn RowMeta(item: InboxItem, list: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="meta">
            {item.needs_higher_level.then(|| view! {
                <span class="higher-level" id=format!("level-{list}-{}", item.id)>{text!(lang, inbox_row.higher_level)}</span>
            })}
            <span class=item.status.class()>
                {status_text(lang, item.status)}
            </span>
            <span>
                <span class="visually-hidden">{text!(lang, inbox_row.updated)}</span>
                <time datetime=item.updated.clone()>{item.updated_text.clone()}</time>
            </span>
            {item.due.map(|due| view! {
                <span class:due-soon=item.due_soon && !item.overdue class:overdue=item.overdue>
                    {text!(lang, inbox_row.due)}
                    <time datetime=due.clone()>{item.due_text.clone().unwrap_or_else(|| due.clone())}</time>
                    {item.overdue.then(|| view! { " · " {text!(lang, inbox_row.overdue)} })}
                </span>
            })}
            {(item.attachments > 0).then(|| {
                let noun = if item.attachments == 1 { text!(lang, inbox_row.attachment) } else { text!(lang, inbox_row.attachments) };
                view! { <span>{item.attachments} {noun}</span> }
            })}
        </p>
    }
}

/// Up to two initials of a name, for its avatar ("Skatteetaten" → "S", "Statens vegvesen" → "SV").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// What a row offers: restore in the archive and the bin, archive and delete elsewhere, and
/// mark as unread where it has been read.
fn row_actions(lang: Lang, folder: Folder, unread: bool) -> Vec<(&'static str, &'static str)> {
    let mut actions = if folder.is_moved_out() {
        vec![("restore", text!(lang, inbox_row.restore))]
    } else {
        vec![
            ("archive", text!(lang, inbox_row.archive)),
            ("bin", text!(lang, inbox_row.delete)),
        ]
    };
    if !unread {
        actions.insert(0, ("unread", text!(lang, inbox_row.mark_unread)));
    }
    actions
}
