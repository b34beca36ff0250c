//! The start page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_lang;

/// The start page a visitor sees before signing in.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=text!(lang, home.welcome) />
        <section class="welcome" aria-labelledby="welcome-heading">
            <h1 id="welcome-heading">
                {text!(lang, home.your_inbox_for_the_public_sector)}
            </h1>
            <p>
                {text!(lang, home.letters_cases_and_forms_from_public)}
            </p>
            <p>
                <a class="button" rel="external" href="/auth/login?return_to=/inbox">
                    {text!(lang, home.sign_in)}
                </a>
            </p>
            <p>
                {text!(lang, home.working_for_a_service_owner)}
                <a href="/preview">{text!(lang, home.preview_dialogs)}</a>
            </p>
        </section>
    }
}
