//! Who is signed in, with the way to sign out: on every page that shows a signed-in person's data.

use leptos::prelude::*;

use crate::{i18n::use_lang, model::inbox::Viewer};

#[component]
pub fn Account(viewer: Viewer) -> impl IntoView {
    let lang = use_lang();
    // A div, not a p: a form may not sit inside a paragraph.
    view! {
        <div class="viewer">
            {text!(lang, inbox.signed_in_as)} {viewer.name}
            <form method="post" action="/auth/logout" class="inline">
                <input type="hidden" name="csrf" value=viewer.csrf />
                <button type="submit" class="secondary">{text!(lang, inbox.sign_out)}</button>
            </form>
        </div>
    }
}
