//! The start page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_lang;

/// The start page a visitor sees before signing in.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.tr("Velkommen", "Velkomen", "Welcome") />
        <section class="welcome" aria-labelledby="welcome-heading">
            <h1 id="welcome-heading">
                {lang.tr(
                    "Din innboks for det offentlige",
                    "Innboksen din for det offentlege",
                    "Your inbox for the public sector",
                )}
            </h1>
            <p>
                {lang.tr(
                    "Her samles brev, saker og skjemaer fra offentlige virksomheter, for deg selv og for virksomhetene du representerer.",
                    "Her finn du brev, saker og skjema frå offentlege verksemder, for deg sjølv og for verksemdene du representerer.",
                    "Letters, cases and forms from public agencies, for yourself and for the organisations you represent, in one place.",
                )}
            </p>
            <p>
                <a class="button" rel="external" href="/auth/login?return_to=/inbox">
                    {lang.tr("Logg inn", "Logg inn", "Sign in")}
                </a>
            </p>
            <p>
                {lang.tr("Arbeider du hos en tjenesteeier? ", "Arbeider du hos ein tenesteeigar? ", "Working for a service owner? ")}
                <a href="/preview">{lang.tr("Forhåndsvis dialoger", "Førehandsvis dialogar", "Preview dialogs")}</a>
            </p>
        </section>
    }
}
