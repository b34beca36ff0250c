//! The start page.

use leptos::prelude::*;
use leptos_meta::Title;

/// The start page a visitor sees before signing in.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Velkommen" />
        <section class="welcome" aria-labelledby="welcome-heading">
            <h1 id="welcome-heading">"Din innboks for det offentlige"</h1>
            <p>
                "Her samles brev, saker og skjemaer fra offentlige virksomheter, for deg selv og for virksomhetene du representerer."
            </p>
            <p>
                <a class="button" rel="external" href="/auth/login?return_to=/inbox">"Logg inn"</a>
            </p>
        </section>
    }
}
