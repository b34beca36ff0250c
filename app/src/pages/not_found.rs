//! The page for addresses that lead nowhere, answered with status 404.

use leptos::prelude::*;

use crate::{
    components::problem::{ProblemPage, Way},
    i18n::use_lang,
};

/// Tells the visitor the page does not exist and sets the response status to 404 on the server.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = use_lang();
    let way = Way {
        href: "/".into(),
        label: text!(lang, not_found.go_to_the_front_page),
        sign_in: false,
    };
    view! {
        <ProblemPage
            status=Some(http::StatusCode::NOT_FOUND)
            heading=text!(lang, not_found.page_not_found)
            text=Some(text!(lang, not_found.the_address_may_be_mistyped_or))
            way=Some(way)
        />
    }
}
