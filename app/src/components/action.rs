//! A dialog's GUI actions: links, and write actions posted to the relay or, once the page is
//! interactive, sent from the browser with the dialog token.

use leptos::{ev::SubmitEvent, prelude::*};

use crate::{
    i18n::{Lang, use_lang},
    model::dialog::ActionView,
};

/// What an action's answer means, in plain words, by its HTTP status (0: no answer at all).
pub fn outcome_text(lang: Lang, status: u16) -> &'static str {
    match status {
        200..=299 => text!(lang, action.the_action_is_done),
        400 | 409 | 422 => text!(lang, action.the_service_turned_the_action_down),
        401 | 403 => text!(lang, action.the_service_did_not_accept_your),
        404 | 410 => text!(lang, action.the_service_could_not_find_the),
        _ => text!(lang, action.the_service_is_not_answering_right),
    }
}

/// The result of the last action: whether it worked, and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}

/// What the action buttons need to act.
#[derive(Clone, Copy)]
pub struct ActionContext {
    /// The action being sent.
    pub busy: RwSignal<Option<String>>,
    /// The action waiting for the user's confirmation.
    pub confirming: RwSignal<Option<ActionView>>,
    pub outcome: RwSignal<Option<Outcome>>,
    /// Bumped when an action is done, to load the dialog again.
    pub done: RwSignal<u32>,
}

/// Sends a write action from the browser with a fresh dialog token (the page's when none can be
/// had), then says how it went.
pub fn perform(
    action: ActionView,
    dialog_id: String,
    token: String,
    context: ActionContext,
    lang: Lang,
) {
    context.busy.set(Some(action.id.clone()));
    context.outcome.set(None);
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let token = crate::backend::fresh_dialog_token(dialog_id)
            .await
            .ok()
            .flatten()
            .unwrap_or(token);
        let (status, problem) = send(&action, &token).await;
        let mut text = outcome_text(lang, status).to_owned();
        if let Some(problem) = problem {
            text.push(' ');
            text.push_str(&problem);
        }
        context.busy.set(None);
        context.outcome.set(Some(Outcome {
            ok: (200..300).contains(&status),
            text,
        }));
        context.done.update(|done| *done += 1);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (action, dialog_id, token, lang);
}

/// The status of the service owner's answer (0 when there was none) and its problem's words.
#[cfg(feature = "hydrate")]
async fn send(action: &ActionView, token: &str) -> (u16, Option<String>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Some(url) = action.url.as_deref() else {
        return (0, None);
    };
    let attempt = async {
        let init = web_sys::RequestInit::new();
        init.set_method(&action.method);
        init.set_mode(web_sys::RequestMode::Cors);
        init.set_credentials(web_sys::RequestCredentials::Omit);
        let headers = web_sys::Headers::new()?;
        headers.set("Authorization", &format!("Bearer {token}"))?;
        headers.set("Accept", "application/json, application/problem+json")?;
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(url, &init)?;
        let window = web_sys::window().ok_or(wasm_bindgen::JsValue::NULL)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await?
            .dyn_into()?;
        let status = response.status();
        let problem = if response.ok() {
            None
        } else {
            let body = JsFuture::from(response.text()?).await?.as_string();
            body.and_then(|body| problem_words(&body))
        };
        Ok::<_, wasm_bindgen::JsValue>((status, problem))
    };
    attempt.await.unwrap_or((0, None))
}

/// The title and detail of an RFC 9457 problem, as one sentence or two.
#[cfg(feature = "hydrate")]
pub fn problem_words(body: &str) -> Option<String> {
    let problem: serde_json::Value = serde_json::from_str(body).ok()?;
    let words: Vec<&str> = ["title", "detail"]
        .iter()
        .filter_map(|key| problem.get(key).and_then(serde_json::Value::as_str))
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" – "))
}

#[component]
pub fn Action(
    action: ActionView,
    dialog_id: String,
    csrf: String,
    token: String,
    preview: bool,
) -> impl IntoView {
    let lang = use_lang();
    let context = use_context::<ActionContext>();
    let class = action.priority.class();
    let title = action.title.clone();
    match (action.url.clone(), action.method.as_str()) {
        (None, _) => {
            let note = format!("action-note-{}", action.id);
            view! {
                <div class="action unauthorized">
                    <button type="button" class=class disabled aria-describedby=note.clone()>{title}</button>
                    <p class="note" id=note>{text!(lang, action.you_do_not_have_access_to)}</p>
                </div>
            }.into_any()
        }
        _ if preview => view! {
            <div class="action"><button type="button" class=class aria-disabled="true">{title}</button></div>
        }.into_any(),
        (Some(url), "GET") => view! {
            <div class="action"><a class=class href=url rel="noopener noreferrer">{title}</a></div>
        }.into_any(),
        (Some(_), _) => {
            let action_id = action.id.clone();
            let value = action.id.clone();
            let dialog = dialog_id.clone();
            let busy = move || {
                context.is_some_and(|context| {
                    context
                        .busy
                        .with(|busy| busy.as_deref() == Some(action_id.as_str()))
                })
            };
            let needs_confirmation = action.is_delete || action.prompt.is_some();
            let on_submit = move |event: SubmitEvent| {
                let Some(context) = context else { return };
                event.prevent_default();
                if needs_confirmation {
                    context.confirming.set(Some(action.clone()));
                } else {
                    perform(action.clone(), dialog.clone(), token.clone(), context, lang);
                }
            };
            let busy_label = busy.clone();
            view! {
                <form class="action" method="post" action=format!("/inbox/{dialog_id}/act") on:submit=on_submit>
                    <input type="hidden" name="csrf" value=csrf />
                    <button type="submit" name="action" value=value class=class disabled=busy aria-busy=move || busy_label().then_some("true")>
                        {title}
                    </button>
                </form>
            }.into_any()
        }
    }
}
