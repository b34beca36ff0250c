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
        label: lang.tr("Gå til forsiden", "Gå til framsida", "Go to the front page"),
        sign_in: false,
    };
    view! {
        <ProblemPage
            status=Some(http::StatusCode::NOT_FOUND)
            heading=lang.tr("Fant ikke siden", "Fann ikkje sida", "Page not found")
            text=Some(lang.tr(
                "Adressen kan være skrevet feil, eller siden kan være flyttet eller slettet.",
                "Adressa kan vere skriven feil, eller sida kan vere flytta eller sletta.",
                "The address may be mistyped, or the page may have moved or been deleted.",
            ))
            way=Some(way)
        />
    }
}
