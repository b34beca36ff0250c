//! The frame every page shares: skip link, header with the language menu, main landmark, footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{Lang, use_lang};

/// Wraps a page in the portal's header, main landmark and footer.
#[component]
pub fn PageShell(children: Children) -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="skip-link" href="#main">
            {text!(lang, page_shell.skip_to_main_content)}
        </a>
        <header class="site-header">
            <a class="brand" href="/inbox">{text!(lang, page_shell.inbox)}</a>
            <LanguageMenu />
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>
                {text!(lang, page_shell.an_open_inbox_for_dialogs_with)}
            </p>
        </footer>
        <HydrationMarker />
    }
}

/// The language menu: each language is a link that remembers the choice and comes back here,
/// so it works without JavaScript too.
#[component]
fn LanguageMenu() -> impl IntoView {
    let lang = use_lang();
    let (open, set_open) = signal(false);
    // Without JavaScript the list simply shows; once the page is interactive it folds away
    // behind the button.
    let (interactive, set_interactive) = signal(false);
    Effect::new(move |_| set_interactive.set(true));
    let location = use_location();
    let here = move || address(location.pathname.get(), location.search.get());
    let label = lang.menu_label();
    view! {
        <nav
            class="language-menu"
            class:interactive=move || interactive.get()
            aria-label=text!(lang, page_shell.language)
        >
            // Without JavaScript the button could do nothing: it appears once the page is interactive.
            <button
                type="button"
                hidden=move || !interactive.get()
                aria-expanded=move || open.get().to_string()
                aria-controls="language-list"
                on:click=move |_| set_open.update(|open| *open = !*open)
            >
                {label}
            </button>
            <ul id="language-list" hidden=move || interactive.get() && !open.get()>
                {Lang::ALL.into_iter().map(|choice| {
                    let href = move || format!(
                        "/language?lang={}&return_to={}",
                        choice.code(),
                        crate::model::inbox::encode(&here())
                    );
                    view! {
                        <li>
                            <a
                                href=href
                                rel="external"
                                hreflang=choice.code()
                                lang=choice.code()
                                aria-current=(choice == lang).then_some("true")
                            >
                                {choice.name()}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Marks the document once the browser bundle has taken over the server-rendered page, so that
/// tests and styles can tell a hydrated page from a static one.
#[component]
fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            // Setting an attribute on the root element cannot meaningfully fail.
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// The page's address, path and query, to come back to after the language is changed.
fn address(path: String, search: String) -> String {
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}
