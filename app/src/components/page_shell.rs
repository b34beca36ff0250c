//! The frame every page shares: skip link, header with the language menu, main landmark, footer.

use leptos::prelude::*;

/// Wraps a page in the portal's header, main landmark and footer.
#[component]
pub fn PageShell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Hopp til hovedinnhold"</a>
        <header class="site-header">
            <a class="brand" href="/">"Innboks"</a>
            <LanguageMenu />
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>"Et åpent innbokssystem for dialoger med det offentlige."</p>
        </footer>
        <HydrationMarker />
    }
}

/// The language menu. Only bokmål exists so far; the other languages are listed as coming.
#[component]
fn LanguageMenu() -> impl IntoView {
    let (open, set_open) = signal(false);
    view! {
        <nav class="language-menu" aria-label="Språk">
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls="language-list"
                on:click=move |_| set_open.update(|open| *open = !*open)
            >
                "Språk: bokmål"
            </button>
            <ul id="language-list" hidden=move || !open.get()>
                <li>
                    <span aria-current="true">"Norsk bokmål"</span>
                </li>
                <li>"Nynorsk (kommer)"</li>
                <li>"English (coming)"</li>
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
