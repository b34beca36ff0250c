//! The page for addresses that lead nowhere, answered with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_lang;

/// Tells the visitor the page does not exist and sets the response status to 404 on the server.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    let heading = lang.tr("Fant ikke siden", "Fann ikkje sida", "Page not found");
    view! {
        <Title text=heading />
        <section class="error-page" aria-labelledby="error-heading">
            <h1 id="error-heading">{heading}</h1>
            <p>
                {lang.tr(
                    "Adressen kan være skrevet feil, eller siden kan være flyttet eller slettet.",
                    "Adressa kan vere skriven feil, eller sida kan vere flytta eller sletta.",
                    "The address may be mistyped, or the page may have moved or been deleted.",
                )}
            </p>
            <p>
                <a href="/">{lang.tr("Gå til forsiden", "Gå til framsida", "Go to the front page")}</a>
            </p>
        </section>
    }
}
