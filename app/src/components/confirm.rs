//! Asking before a delete or when the service owner has a question: a modal dialog in the
//! browser, a panel without JavaScript.

use leptos::prelude::*;

use super::action::{ActionContext, perform};
use crate::{i18n::use_lang, model::dialog::ActionView};

/// The browser's confirmation: a modal `<dialog>` with the service owner's question.
#[component]
pub fn ConfirmDialog(dialog_id: String, token: String) -> impl IntoView {
    let lang = use_lang();
    let Some(context) = use_context::<ActionContext>() else {
        return ().into_any();
    };
    let element = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = context.confirming.with(Option::is_some);
        if let Some(dialog) = element.get() {
            if open && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !open && dialog.open() {
                dialog.close();
            }
        }
    });
    let question = move || {
        context.confirming.with(|action| {
            action.as_ref().map(|action| {
                action
                    .prompt
                    .clone()
                    .unwrap_or_else(|| text!(lang, confirm.are_you_sure_this_cannot_be).to_owned())
            })
        })
    };
    let title = move || {
        context
            .confirming
            .with(|action| action.as_ref().map(|action| action.title.clone()))
    };
    let confirm = move |_| {
        if let Some(action) = context.confirming.get_untracked() {
            context.confirming.set(None);
            perform(action, dialog_id.clone(), token.clone(), context, lang);
        }
    };
    view! {
        <dialog node_ref=element class="confirm" aria-labelledby="confirm-heading" aria-describedby="confirm-question"
            on:close=move |_| context.confirming.set(None)>
            <h2 id="confirm-heading">{title}</h2>
            <p id="confirm-question">{question}</p>
            <div class="buttons">
                <button type="button" class="button primary" on:click=confirm>{text!(lang, confirm.yes_continue)}</button>
                <button type="button" class="button secondary" on:click=move |_| context.confirming.set(None)>{text!(lang, confirm.cancel)}</button>
            </div>
        </dialog>
    }
    .into_any()
}

/// The confirmation without JavaScript: the relay sent the user back here to confirm.
#[component]
pub fn ConfirmPanel(action: ActionView, dialog_id: String, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let question = action
        .prompt
        .clone()
        .unwrap_or_else(|| text!(lang, confirm.are_you_sure_this_cannot_be).to_owned());
    view! {
        <section class="confirm-panel" aria-labelledby="confirm-panel-heading">
            <h2 id="confirm-panel-heading">{action.title.clone()}</h2>
            <p>{question}</p>
            <form method="post" action=format!("/inbox/{dialog_id}/act") class="buttons">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="confirmed" value="true" />
                <button type="submit" name="action" value=action.id.clone() class="button primary">{text!(lang, confirm.yes_continue)}</button>
                <a href=format!("/inbox/{dialog_id}") class="button secondary">{text!(lang, confirm.cancel)}</a>
            </form>
        </section>
    }
}
