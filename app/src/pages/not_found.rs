//! The page for addresses that lead nowhere, answered with status 404.

use leptos::prelude::*;
use leptos_meta::Title;

/// Tells the visitor the page does not exist and sets the response status to 404 on the server.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Fant ikke siden" />
        <section class="error-page" aria-labelledby="error-heading">
            <h1 id="error-heading">"Fant ikke siden"</h1>
            <p>"Adressen kan være skrevet feil, eller siden kan være flyttet eller slettet."</p>
            <p>
                <a href="/">"Gå til forsiden"</a>
            </p>
        </section>
    }
}
