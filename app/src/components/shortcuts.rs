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
    let Some(list) = List::here() else {
        return false;
    };
    let last = list.rows.len().saturating_sub(1);
    let press = |selector: &str| list.within(selector).map(|button| button.click()).is_some();
    match key {
        "j" => list.focus(list.current.map_or(0, |index| (index + 1).min(last))),
        "k" => list.focus(list.current.map_or(0, |index| index.saturating_sub(1))),
        "x" => press("input[type=checkbox]"),
        "e" => press("button[value^='archive:'], button[value^='restore:']"),
        "#" => press("button[value^='bin:']"),
        "u" => list.mark_unread(),
        "/" => found::<web_sys::HtmlElement>("#q").is_some_and(|search| search.focus().is_ok()),
        "?" => found::<web_sys::HtmlDialogElement>("#shortcuts")
            .is_some_and(|dialog| dialog.show_modal().is_ok()),
        _ => false,
    }
}

#[cfg(feature = "hydrate")]
use leptos::{wasm_bindgen::JsCast, web_sys};

/// The first element of the page that `selector` matches, as a `T`.
#[cfg(feature = "hydrate")]
fn found<T: JsCast>(selector: &str) -> Option<T> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into::<T>()
        .ok()
}

/// The inbox's rows, and the one holding the focus.
#[cfg(feature = "hydrate")]
struct List {
    rows: Vec<web_sys::Element>,
    current: Option<usize>,
}

#[cfg(feature = "hydrate")]
impl List {
    /// The list on this page, unless there is none or the person is typing or in a dialog.
    fn here() -> Option<Self> {
        let document = document();
        let active = document.active_element();
        let typing = active.as_ref().is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || element.closest("dialog[open]").ok().flatten().is_some()
        });
        if typing || found::<web_sys::Element>(".inbox-page").is_none() {
            return None;
        }
        let found = document.query_selector_all(".messages .inbox-row").ok()?;
        let rows: Vec<web_sys::Element> = (0..found.length())
            .filter_map(|index| found.get(index)?.dyn_into().ok())
            .collect();
        let current = active
            .and_then(|element| element.closest(".inbox-row").ok().flatten())
            .and_then(|row| rows.iter().position(|candidate| *candidate == row));
        Some(Self { rows, current })
    }

    /// What `selector` matches in the row holding the focus.
    fn within(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        let row = &self.rows[self.current?];
        row.query_selector(selector).ok().flatten()?.dyn_into().ok()
    }

    /// Moves the focus to a row's title link.
    fn focus(&self, index: usize) -> bool {
        self.rows
            .get(index)
            .and_then(|row| row.query_selector(".row-title a").ok().flatten())
            .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|link| link.focus().is_ok())
    }

    /// Selects the row holding the focus and presses "mark the selected as unread".
    fn mark_unread(&self) -> bool {
        let check = self
            .within("input[type=checkbox]")
            .and_then(|check| check.dyn_into::<web_sys::HtmlInputElement>().ok());
        let unread = found::<web_sys::HtmlElement>("#bulk-actions button[value='unread']");
        let (Some(check), Some(unread)) = (check, unread) else {
            return false;
        };
        check.set_checked(true);
        unread.click();
        true
    }
}
