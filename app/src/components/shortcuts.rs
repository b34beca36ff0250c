//! Keyboard shortcuts for the inbox list, as in mail clients: `j` and `k` for the next and the
//! previous dialog, `x` to select it, `e` to archive (or restore), `#` to delete, `u` to mark it
//! as unread, `/` to search and `?` for the list of them. Each presses the page's own link or
//! button, so it does just what a click would. They are off while typing in a field, in an open
//! dialog, and with Ctrl, Alt or Meta held. Without JavaScript there are none, and nothing needs
//! them.

use leptos::prelude::*;

use crate::i18n::use_lang;

/// The list of shortcuts, opened with `?` (a modal `<dialog>`; closing needs no script).
#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let lang = use_lang();
    let keys: [(&[&str], &'static str); 7] = [
        (&["j", "k"], text!(lang, shortcuts.next_previous)),
        (&["x"], text!(lang, shortcuts.select)),
        (&["e"], text!(lang, shortcuts.archive)),
        (&["#"], text!(lang, shortcuts.delete)),
        (&["u"], text!(lang, shortcuts.unread)),
        (&["/"], text!(lang, shortcuts.search)),
        (&["?"], text!(lang, shortcuts.help)),
    ];
    view! {
        <p class="shortcut-hint">{text!(lang, shortcuts.hint)}</p>
        <dialog id="shortcuts" class="confirm" aria-labelledby="shortcuts-heading">
            <h2 id="shortcuts-heading">{text!(lang, shortcuts.heading)}</h2>
            <dl class="shortcut-list">
                {keys.into_iter().map(|(keys, what)| view! {
                    <div>
                        <dt>{keys.iter().map(|key| view! { <kbd>{*key}</kbd> }).collect_view()}</dt>
                        <dd>{what}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <form method="dialog">
                <button type="submit">{text!(lang, shortcuts.close)}</button>
            </form>
        </dialog>
    }
}

/// Listens for the shortcuts on the whole window, once, when the bundle takes over the page.
#[cfg(feature = "hydrate")]
pub fn install() {
    let _ = window_event_listener(leptos::ev::keydown, |event| {
        if event.ctrl_key() || event.alt_key() || event.meta_key() || event.default_prevented() {
            return;
        }
        if shortcut(&event.key()) {
            event.prevent_default();
        }
    });
}

/// Does what `key` stands for on an inbox page; whether it stood for anything.
#[cfg(feature = "hydrate")]
fn shortcut(key: &str) -> bool {
    use leptos::{
        wasm_bindgen::JsCast,
        web_sys::{Element, HtmlDialogElement, HtmlElement, HtmlInputElement},
    };
    let document = document();
    let active = document.active_element();
    let typing = active.as_ref().is_some_and(|element| {
        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || element.closest("dialog[open]").ok().flatten().is_some()
    });
    if typing
        || document
            .query_selector(".inbox-page")
            .ok()
            .flatten()
            .is_none()
    {
        return false;
    }
    let rows: Vec<Element> = document
        .query_selector_all(".messages .inbox-row")
        .map(|list| {
            (0..list.length())
                .filter_map(|index| list.get(index)?.dyn_into::<Element>().ok())
                .collect()
        })
        .unwrap_or_default();
    let current = active
        .and_then(|element| element.closest(".inbox-row").ok().flatten())
        .and_then(|row| rows.iter().position(|candidate| *candidate == row));
    let within = |selector: &str| {
        current
            .and_then(|index| rows[index].query_selector(selector).ok().flatten())
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    };
    let by_id = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    };
    let focus_row = |index: usize| {
        let link = rows
            .get(index)
            .and_then(|row| row.query_selector(".row-title a").ok().flatten())
            .and_then(|element| element.dyn_into::<HtmlElement>().ok());
        link.map(|link| link.focus().is_ok()).unwrap_or(false)
    };
    let last = rows.len().saturating_sub(1);
    match key {
        "j" => focus_row(current.map_or(0, |index| (index + 1).min(last))),
        "k" => focus_row(current.map_or(0, |index| index.saturating_sub(1))),
        "x" => within("input[type=checkbox]")
            .map(|check| check.click())
            .is_some(),
        "e" => within("button[value^='archive:'], button[value^='restore:']")
            .map(|button| button.click())
            .is_some(),
        "#" => within("button[value^='bin:']")
            .map(|button| button.click())
            .is_some(),
        "u" => {
            let check = within("input[type=checkbox]")
                .and_then(|check| check.dyn_into::<HtmlInputElement>().ok());
            let unread = document
                .query_selector("#bulk-actions button[value='unread']")
                .ok()
                .flatten()
                .and_then(|button| button.dyn_into::<HtmlElement>().ok());
            match (check, unread) {
                (Some(check), Some(unread)) => {
                    check.set_checked(true);
                    unread.click();
                    true
                }
                _ => false,
            }
        }
        "/" => by_id("q")
            .map(|search| search.focus().is_ok())
            .unwrap_or(false),
        "?" => document
            .get_element_by_id("shortcuts")
            .and_then(|dialog| dialog.dyn_into::<HtmlDialogElement>().ok())
            .map(|dialog| dialog.show_modal().is_ok())
            .unwrap_or(false),
        _ => false,
    }
}
