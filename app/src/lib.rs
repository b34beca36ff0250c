//! The inbox portal: one Leptos application rendered on the server and hydrated in the browser.
#![recursion_limit = "256"]

#[macro_use]
pub mod catalog;
pub mod backend;
pub mod bundle;
pub mod components;
pub mod i18n;
pub mod messages;
pub mod model;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use components::page_shell::PageShell;
use pages::{
    dialog::DialogRoute,
    home::HomePage,
    inbox::InboxPage,
    not_found::NotFoundPage,
    preview::{PreviewPage, ViewAsPage},
};

/// The stem of the browser bundle's published names (`portal.<hash>.js`, see [`bundle`]).
pub const OUTPUT_NAME: &str = "portal";

/// The Content-Security-Policy of the portal's pages: scripts only from this site or inline with
/// the page's nonce (Leptos' own), WebAssembly, styles and images from this site, no frames or
/// plugins; fetches may go to https service owners (write actions carry dialog tokens there).
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self' https:; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'"
    )
}

/// The HTML document around the application, rendered only on the server. `bundle` names the
/// published stylesheet and browser bundle.
pub fn shell(_options: LeptosOptions, bundle: bundle::Bundle) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(policy) = http::HeaderValue::from_str(&content_security_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
    }
    let lang = i18n::current();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // No icon yet: an empty one keeps browsers from asking for /favicon.ico.
                <link rel="icon" href="data:," />
                <bundle::BundleTags bundle />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The routed application.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = i18n::current();
    provide_context(lang);
    view! {
        <Title formatter=move |page: String| {
            // The site's name after the page's, unless the page is the inbox itself.
            let site = text!(lang, app.inbox);
            if page.is_empty() || page == site {
                title_text(site)
            } else {
                title_text(&format!("{page} – {site}"))
            }
        } />
        <Router>
            <PageShell>
                <Routes fallback=NotFoundPage>
                    <Route path=StaticSegment("") view=HomePage />
                    // Rendered whole before sending, so that it works without JavaScript.
                    <Route path=StaticSegment("inbox") view=InboxPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("inbox"), ParamSegment("id")) view=DialogRoute ssr=SsrMode::Async />
                    <Route path=StaticSegment("preview") view=PreviewPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("preview"), StaticSegment("dialogs"), ParamSegment("id"))
                        view=ViewAsPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </PageShell>
        </Router>
    }
}

/// The document title. On the server leptos_meta writes it into `<title>` as it is, so the text
/// is escaped there (titles carry service owners' text); in the browser it is set as text.
fn title_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        text.to_owned()
    }
}

/// Entry point of the browser bundle: attaches the server-rendered page to the application.
#[cfg(test)]
mod tests {
    #[test]
    #[cfg(feature = "ssr")]
    fn titles_cannot_close_the_title_element() {
        assert_eq!(
            super::title_text("</title><script>x()</script> & co"),
            "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp; co"
        );
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    components::inbox_form::remember_first_address();
    leptos::mount::hydrate_body(App);
    components::shortcuts::install();
}
