//! A form that opens the inbox with what it chose in the address (`GET /inbox?…`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Form;

/// A GET form to the inbox. Once the page is interactive the router sends it, and the address
/// it makes carries only the fields that say something: no empty dates or search text, and not
/// the nameless pair (`&=`) the router adds for an unnamed submit button. `search` names the
/// form as a search landmark. A fold inside it (the filters' sheet on a phone) folds away as
/// the form is sent, as it would with the page that a form without script loads.
#[component]
pub fn InboxForm(
    #[prop(into)] class: String,
    #[prop(optional)] search: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <Form method="GET" action="/inbox" on_form_data=Arc::new(drop_empty_fields) {..} class=class role=search.map(|_| "search") aria-label=search on:submit=fold_away>
            {children()}
        </Form>
    }
}

/// Closes the open folds of the form being sent.
fn fold_away(event: leptos::ev::SubmitEvent) {
    use leptos::{wasm_bindgen::JsCast, web_sys::HtmlElement};
    let Some(form) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    if let Ok(open) = form.query_selector_all("details[open]") {
        for index in 0..open.length() {
            if let Some(element) = open
                .item(index)
                .and_then(|node| node.dyn_into::<leptos::web_sys::Element>().ok())
            {
                let _ = element.remove_attribute("open");
            }
        }
    }
}

/// Removes the fields without a name or a value. Runs only in the browser, as the router reads
/// the form.
fn drop_empty_fields(data: &leptos::web_sys::FormData) {
    use leptos::{wasm_bindgen::JsCast, web_sys::js_sys};
    let Ok(Some(entries)) = js_sys::try_iter(data) else {
        return;
    };
    let empty: Vec<String> = entries
        .flatten()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.unchecked_into();
            let (name, value) = (entry.get(0).as_string()?, entry.get(1).as_string()?);
            (name.is_empty() || value.is_empty()).then_some(name)
        })
        .collect();
    for name in empty {
        data.delete(&name);
    }
}

/// Whether the router has rendered an address other than the one the page was loaded with.
///
/// The router renders a new address into the same elements, and a field someone has touched
/// keeps its own value over a changed `value` attribute: after "Nullstill", Back or Forward the
/// fields would still show the old search. So fields also set their value as a property
/// (`prop:value=navigated().then(…)`), but only from the first navigation on: while the page is
/// first taken over, what was typed meanwhile must stay.
pub fn navigated() -> bool {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::Ordering;
        if !NAVIGATED.load(Ordering::Relaxed) && current_address() != FIRST_ADDRESS.get().cloned() {
            NAVIGATED.store(true, Ordering::Relaxed);
        }
        NAVIGATED.load(Ordering::Relaxed)
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

#[cfg(feature = "hydrate")]
static NAVIGATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notes that the page is rendered anew at the same address (after a label action), which
/// counts as a navigation for [`navigated`]: the page has been taken over by then.
pub fn note_rendered_anew() {
    #[cfg(feature = "hydrate")]
    NAVIGATED.store(true, std::sync::atomic::Ordering::Relaxed);
}

#[cfg(feature = "hydrate")]
static FIRST_ADDRESS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(feature = "hydrate")]
fn current_address() -> Option<String> {
    window().location().href().ok()
}

/// Notes the address the page was loaded with, before it is taken over (see [`navigated`]).
#[cfg(feature = "hydrate")]
pub fn remember_first_address() {
    if let Some(address) = current_address() {
        let _ = FIRST_ADDRESS.set(address);
    }
}

/// Moves the focus to the element with this id once it is in place: before the next frame is
/// painted, by when the router has put the new page in. For what is shown once, right after the
/// user did something (what an action did), so also when the page is first taken over.
pub fn focus_when_shown(id: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use leptos::{wasm_bindgen::JsCast, web_sys::HtmlElement};
        if let Some(element) = document().get_element_by_id(id) {
            let _ = element.unchecked_into::<HtmlElement>().focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
