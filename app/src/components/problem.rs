//! The page that says why something cannot be shown: a heading, a sentence, maybe a way on, and
//! the HTTP status the server answers with.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_lang;

/// Where the problem page points the visitor.
pub struct Way {
    pub href: String,
    pub label: &'static str,
    /// Shown as a button that leaves the application for the server (signing in).
    pub sign_in: bool,
}

/// `status` is set on the server's response; `None` leaves it as it is.
#[component]
pub fn ProblemPage(
    status: Option<http::StatusCode>,
    heading: &'static str,
    text: Option<&'static str>,
    way: Option<Way>,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some((status, response)) = status.zip(use_context::<leptos_axum::ResponseOptions>()) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
    view! {
        <Title text=heading />
        <section class="error-page" aria-labelledby="error-heading">
            <h1 id="error-heading">{heading}</h1>
            {text.map(|text| view! { <p>{text}</p> })}
            {way.map(|way| if way.sign_in {
                view! { <p><a class="button" rel="external" href=way.href>{way.label}</a></p> }.into_any()
            } else {
                view! { <p><a href=way.href>{way.label}</a></p> }.into_any()
            })}
        </section>
    }
}

/// Something could not be loaded (the server logged why): try again shortly.
#[component]
pub fn LoadFailed(heading: &'static str) -> impl IntoView {
    let lang = use_lang();
    let text = text!(lang, problem.please_try_again_shortly);
    view! { <ProblemPage status=None heading text=Some(text) way=None /> }
}
