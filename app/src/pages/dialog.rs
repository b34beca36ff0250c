//! `/inbox/{id}`: one dialog with its content, attachments, actions, messages, activity and who
//! has seen it. Write actions are forms posted to the server's relay, which sends them with the
//! dialog token; once the page is interactive the browser sends them itself, with the token as
//! `Authorization: Bearer`, and asks in an accessible dialog before deleting or when the service
//! owner has a question.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    backend::load_dialog,
    components::problem::{LoadFailed, ProblemPage, Way},
    i18n::{Lang, use_lang},
    model::dialog::{
        ActionView, AttachmentView, DialogPage, Embedded, TransmissionView, Unavailable,
    },
    pages::inbox::status_text,
};

fn transmission_kind_text(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "Acceptance" => lang.tr("Godkjent", "Godkjent", "Accepted"),
        "Rejection" => lang.tr("Avvist", "Avvist", "Rejected"),
        "Request" => lang.tr("Forespørsel", "Førespurnad", "Request"),
        "Alert" => lang.tr("Varsel", "Varsel", "Alert"),
        "Decision" => lang.tr("Avgjørelse", "Avgjerd", "Decision"),
        "Submission" => lang.tr("Innsending", "Innsending", "Submission"),
        "Correction" => lang.tr("Rettelse", "Retting", "Correction"),
        _ => lang.tr("Informasjon", "Informasjon", "Information"),
    }
}

fn activity_text(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "DialogCreated" => lang.tr(
            "Dialogen ble opprettet",
            "Dialogen vart oppretta",
            "The dialog was created",
        ),
        "DialogClosed" => lang.tr(
            "Dialogen ble avsluttet",
            "Dialogen vart avslutta",
            "The dialog was closed",
        ),
        "TransmissionOpened" => lang.tr(
            "En melding ble åpnet",
            "Ei melding vart opna",
            "A message was opened",
        ),
        "PaymentMade" => lang.tr(
            "Betalingen ble utført",
            "Betalinga vart utført",
            "The payment was made",
        ),
        "SignatureProvided" => lang.tr("Signert", "Signert", "Signed"),
        "DialogOpened" => lang.tr(
            "Dialogen ble åpnet",
            "Dialogen vart opna",
            "The dialog was opened",
        ),
        "DialogDeleted" => lang.tr(
            "Dialogen ble slettet",
            "Dialogen vart sletta",
            "The dialog was deleted",
        ),
        "DialogRestored" => lang.tr(
            "Dialogen ble gjenopprettet",
            "Dialogen vart gjenoppretta",
            "The dialog was restored",
        ),
        "SentToSigning" => lang.tr(
            "Sendt til signering",
            "Sendt til signering",
            "Sent for signing",
        ),
        "SentToFormFill" => lang.tr(
            "Sendt til utfylling",
            "Sendt til utfylling",
            "Sent to be filled in",
        ),
        "SentToSendIn" => lang.tr(
            "Sendt til innsending",
            "Sendt til innsending",
            "Sent to be submitted",
        ),
        "SentToPayment" => lang.tr(
            "Sendt til betaling",
            "Sendt til betaling",
            "Sent for payment",
        ),
        "FormSubmitted" => lang.tr(
            "Skjemaet ble sendt inn",
            "Skjemaet vart sendt inn",
            "The form was submitted",
        ),
        "FormSaved" => lang.tr(
            "Skjemaet ble lagret",
            "Skjemaet vart lagra",
            "The form was saved",
        ),
        "CorrespondenceOpened" => lang.tr(
            "Meldingen ble åpnet",
            "Meldinga vart opna",
            "The message was opened",
        ),
        "CorrespondenceConfirmed" => lang.tr(
            "Meldingen ble bekreftet",
            "Meldinga vart stadfesta",
            "The message was confirmed",
        ),
        _ => lang.tr("Informasjon", "Informasjon", "Information"),
    }
}

/// What an action's answer means, in plain words, by its HTTP status (0: no answer at all).
pub fn outcome_text(lang: Lang, status: u16) -> &'static str {
    match status {
        200..=299 => lang.tr(
            "Handlingen er utført.",
            "Handlinga er utført.",
            "The action is done.",
        ),
        400 | 409 | 422 => lang.tr(
            "Tjenesten avviste handlingen.",
            "Tenesta avviste handlinga.",
            "The service turned the action down.",
        ),
        401 | 403 => lang.tr(
            "Tjenesten godtok ikke tilgangen din. Last inn siden på nytt og prøv igjen.",
            "Tenesta godtok ikkje tilgangen din. Last inn sida på nytt og prøv igjen.",
            "The service did not accept your access. Reload the page and try again.",
        ),
        404 | 410 => lang.tr(
            "Tjenesten fant ikke saken.",
            "Tenesta fann ikkje saka.",
            "The service could not find the case.",
        ),
        _ => lang.tr(
            "Tjenesten svarer ikke akkurat nå. Prøv igjen senere.",
            "Tenesta svarar ikkje akkurat no. Prøv igjen seinare.",
            "The service is not answering right now. Please try again later.",
        ),
    }
}

/// The result of the last action: whether it worked, and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}

#[component]
fn Rich(html: String) -> impl IntoView {
    view! { <div class="rich" inner_html=html></div> }
}

#[component]
fn EmbeddedContent(content: Embedded) -> impl IntoView {
    let lang = use_lang();
    match content {
        Embedded::Html(html) => view! { <Rich html /> }.into_any(),
        Embedded::Unauthorized => view! {
            <p class="notice">{lang.tr("Du har ikke tilgang til å se dette innholdet.", "Du har ikkje tilgang til å sjå dette innhaldet.", "You do not have access to this content.")}</p>
        }.into_any(),
        Embedded::Failed(why) => view! {
            <p class="notice error">{lang.tr("Innholdet kunne ikke hentes fra tjenesten: ", "Innhaldet kunne ikkje hentast frå tenesta: ", "The content could not be fetched from the service: ")}{why}</p>
        }.into_any(),
    }
}

#[component]
fn Attachments(attachments: Vec<AttachmentView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="attachments">
            {attachments.into_iter().map(|attachment| {
                let kind = attachment.kind.clone().map(|kind| view! { <span class="kind">{kind}</span> });
                let size = attachment.size.clone().map(|size| view! { <span class="size">{size}</span> });
                let expires = attachment.expires.clone().filter(|_| attachment.url.is_some()).map(|date| view! {
                    <span class="expires">{lang.tr(" Tilgjengelig til ", " Tilgjengeleg til ", " Available until ")}<time datetime=date.clone()>{date.clone()}</time></span>
                });
                match attachment.url {
                    Some(url) => view! {
                        <li><a href=url rel="noopener noreferrer">{attachment.name}</a> " " {kind} " " {size} {expires}</li>
                    }.into_any(),
                    None => {
                        let why = if attachment.unavailable.as_deref() == Some("expired") {
                            lang.tr("utløpt", "utgått", "expired")
                        } else {
                            lang.tr("du har ikke tilgang", "du har ikkje tilgang", "you do not have access")
                        };
                        view! { <li class="unavailable"><span>{attachment.name}</span> " " {kind} <span class="why">" (" {why} ")"</span></li> }.into_any()
                    }
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Transmission(transmission: TransmissionView) -> impl IntoView {
    let lang = use_lang();
    let (heading, labelled_by) = (
        format!("transmission-{}", transmission.id),
        format!("transmission-{}", transmission.id),
    );
    view! {
        <li class=format!("transmission depth-{}", transmission.depth.min(4)) class:unread=!transmission.opened>
            <article aria-labelledby=labelled_by>
                <p class="byline">
                    <span class=format!("kind kind-{}", transmission.kind.to_lowercase())>{transmission_kind_text(lang, &transmission.kind)}</span>
                    " " {transmission.sender} " · " <time>{transmission.created}</time>
                    {(!transmission.opened).then(|| view! { " · " <span class="badge">{lang.tr("Ny", "Ny", "New")}</span> })}
                </p>
                <h3 id=heading>{transmission.title}</h3>
                {transmission.summary.map(|summary| view! { <p>{summary}</p> })}
                {if transmission.authorized {
                    view! {
                        {transmission.content.map(|content| view! { <EmbeddedContent content /> })}
                        {(!transmission.attachments.is_empty()).then(|| view! { <Attachments attachments=transmission.attachments /> })}
                        {(!transmission.links.is_empty()).then(|| view! { <Attachments attachments=transmission.links /> })}
                    }.into_any()
                } else {
                    view! { <p class="notice">{lang.tr("Du har ikke tilgang til innholdet i denne meldingen.", "Du har ikkje tilgang til innhaldet i denne meldinga.", "You do not have access to the content of this message.")}</p> }.into_any()
                }}
            </article>
        </li>
    }
}

/// What the action buttons need to act.
#[derive(Clone, Copy)]
struct ActionContext {
    /// The action being sent.
    busy: RwSignal<Option<String>>,
    /// The action waiting for the user's confirmation.
    confirming: RwSignal<Option<ActionView>>,
    outcome: RwSignal<Option<Outcome>>,
    /// Bumped when an action is done, to load the dialog again.
    done: RwSignal<u32>,
}

/// Sends a write action from the browser with a fresh dialog token (the page's when none can be
/// had), then says how it went.
fn perform(
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
fn problem_words(body: &str) -> Option<String> {
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
fn Action(
    action: ActionView,
    dialog_id: String,
    csrf: String,
    token: String,
    preview: bool,
) -> impl IntoView {
    let lang = use_lang();
    let context = use_context::<ActionContext>();
    let class = format!("button {}", action.priority);
    let title = action.title.clone();
    match (action.url.clone(), action.method.as_str()) {
        (None, _) => {
            let note = format!("action-note-{}", action.id);
            view! {
                <div class="action unauthorized">
                    <button type="button" class=class disabled aria-describedby=note.clone()>{title}</button>
                    <p class="note" id=note>{lang.tr("Du har ikke tilgang til denne handlingen.", "Du har ikkje tilgang til denne handlinga.", "You do not have access to this action.")}</p>
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

/// The browser's confirmation: a modal `<dialog>` with the service owner's question.
#[component]
fn ConfirmDialog(dialog_id: String, token: String) -> impl IntoView {
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
                action.prompt.clone().unwrap_or_else(|| {
                    lang.tr(
                        "Er du sikker? Dette kan ikke angres.",
                        "Er du sikker? Dette kan ikkje angrast.",
                        "Are you sure? This cannot be undone.",
                    )
                    .to_owned()
                })
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
                <button type="button" class="button primary" on:click=confirm>{lang.tr("Ja, fortsett", "Ja, hald fram", "Yes, continue")}</button>
                <button type="button" class="button secondary" on:click=move |_| context.confirming.set(None)>{lang.tr("Avbryt", "Avbryt", "Cancel")}</button>
            </div>
        </dialog>
    }
    .into_any()
}

/// The confirmation without JavaScript: the relay sent the user back here to confirm.
#[component]
fn ConfirmPanel(action: ActionView, dialog_id: String, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let question = action.prompt.clone().unwrap_or_else(|| {
        lang.tr(
            "Er du sikker? Dette kan ikke angres.",
            "Er du sikker? Dette kan ikkje angrast.",
            "Are you sure? This cannot be undone.",
        )
        .to_owned()
    });
    view! {
        <section class="confirm-panel" aria-labelledby="confirm-panel-heading">
            <h2 id="confirm-panel-heading">{action.title.clone()}</h2>
            <p>{question}</p>
            <form method="post" action=format!("/inbox/{dialog_id}/act") class="buttons">
                <input type="hidden" name="csrf" value=csrf />
                <input type="hidden" name="confirmed" value="true" />
                <button type="submit" name="action" value=action.id.clone() class="button primary">{lang.tr("Ja, fortsett", "Ja, hald fram", "Yes, continue")}</button>
                <a href=format!("/inbox/{dialog_id}") class="button secondary">{lang.tr("Avbryt", "Avbryt", "Cancel")}</a>
            </form>
        </section>
    }
}

/// Archive, bin, restore and mark as unread, as in the inbox (which the form goes back to, with undo).
#[component]
fn Tools(id: String, folder: Option<String>, back: String, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let moves: Vec<(&str, &str)> = match folder.as_deref() {
        Some(_) => vec![(
            "restore",
            lang.tr(
                "Flytt til innboksen",
                "Flytt til innboksen",
                "Move to the inbox",
            ),
        )],
        None => vec![
            ("archive", lang.tr("Arkiver", "Arkiver", "Archive")),
            (
                "bin",
                lang.tr(
                    "Flytt til papirkurven",
                    "Flytt til papirkorga",
                    "Move to the bin",
                ),
            ),
        ],
    };
    view! {
        <form method="post" action="/inbox/actions" class="dialog-tools" aria-label=lang.tr("Flytt eller merk", "Flytt eller merk", "Move or mark")>
            <input type="hidden" name="csrf" value=csrf />
            <input type="hidden" name="return_to" value=back />
            {moves.into_iter().map(|(action, label)| view! {
                <button type="submit" class="button secondary" name="single" value=format!("{action}:{id}")>{label}</button>
            }).collect_view()}
            <button type="submit" class="button secondary" name="single" value=format!("unread:{id}")>
                {lang.tr("Marker som ulest", "Marker som ulesen", "Mark as unread")}
            </button>
        </form>
    }
}

fn priority_rank(priority: &str) -> u8 {
    match priority {
        "primary" => 0,
        "secondary" => 1,
        _ => 2,
    }
}

/// A dialog laid out as its end user sees it; `preview` for a service owner's preview, where
/// nothing can be sent.
#[component]
pub fn DialogView(page: DialogPage, preview: bool, confirm: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let csrf = page
        .viewer
        .as_ref()
        .map(|viewer| viewer.csrf.clone())
        .unwrap_or_default();
    let mut actions = page.actions.clone();
    actions.sort_by_key(|action| priority_rank(&action.priority));
    let confirming = confirm.and_then(|id| {
        actions
            .iter()
            .find(|action| action.id == id && action.url.is_some())
            .cloned()
    });
    let due_note = page.due_state.as_deref().map(|state| match state {
        "past" => lang.tr(
            "Fristen har gått ut",
            "Fristen har gått ut",
            "The deadline has passed",
        ),
        _ => lang.tr(
            "Fristen nærmer seg",
            "Fristen nærmar seg",
            "The deadline is close",
        ),
    });
    let folder = page.folder.as_deref().map(|folder| match folder {
        "bin" => lang.tr("I papirkurven", "I papirkorga", "In the bin"),
        _ => lang.tr("Arkivert", "Arkivert", "Archived"),
    });
    let (id, token) = (page.id.clone(), page.token.clone());
    view! {
        <article class="dialog-page" aria-labelledby="dialog-title">
            {(!preview).then(|| view! { <p class="back"><a href=page.back.clone()>{lang.tr("← Tilbake til innboksen", "← Tilbake til innboksen", "← Back to the inbox")}</a></p> })}
            <header class="dialog-header">
                <p class="sender">{page.sender.clone()} {lang.tr(" · til ", " · til ", " · to ")} {page.party_name.clone()}</p>
                <h1 id="dialog-title">{page.title.clone()}</h1>
                <p class="meta">
                    <span class=format!("status status-{}", page.status.to_lowercase())>{status_text(lang, &page.status)}</span>
                    {page.extended_status.clone().map(|status| view! { " " <span class="extended-status">{status}</span> })}
                    {folder.map(|folder| view! { " " <span class="badge">{folder}</span> })}
                </p>
                <dl class="dates">
                    <div><dt>{lang.tr("Opprettet", "Oppretta", "Created")}</dt><dd>{page.created.clone()}</dd></div>
                    <div><dt>{lang.tr("Oppdatert", "Oppdatert", "Updated")}</dt><dd>{page.updated.clone()}</dd></div>
                    {page.due.clone().map(|due| view! {
                        <div class=format!("due {}", page.due_state.clone().unwrap_or_default())>
                            <dt>{lang.tr("Frist", "Frist", "Due")}</dt>
                            <dd>{due} {due_note.map(|note| view! { <strong class="warning">" – " {note}</strong> })}</dd>
                        </div>
                    })}
                    {page.expires.clone().map(|expires| view! {
                        <div><dt>{lang.tr("Tilgjengelig til", "Tilgjengeleg til", "Available until")}</dt><dd>{expires}</dd></div>
                    })}
                </dl>
            </header>
            {page.viewer.clone().map(|viewer| view! { <Tools id=id.clone() folder=page.folder.clone() back=page.back.clone() csrf=viewer.csrf /> })}
            {page.summary.clone().map(|summary| view! { <p class="summary">{summary}</p> })}
            {page.main_content.clone().map(|content| view! {
                <section class="main-content" aria-labelledby="content-heading">
                    <h2 id="content-heading" class="visually-hidden">{lang.tr("Innhold", "Innhald", "Content")}</h2>
                    <EmbeddedContent content />
                </section>
            })}
            {(!page.attachments.is_empty()).then(|| view! {
                <section aria-labelledby="attachments-heading">
                    <h2 id="attachments-heading">{lang.tr("Vedlegg", "Vedlegg", "Attachments")} " (" {page.attachments.len()} ")"</h2>
                    <Attachments attachments=page.attachments.clone() />
                </section>
            })}
            {confirming.map(|action| view! { <ConfirmPanel action dialog_id=id.clone() csrf=csrf.clone() /> })}
            {(!actions.is_empty()).then(|| view! {
                <section class="actions" aria-label=lang.tr("Handlinger", "Handlingar", "Actions")>
                    {actions.into_iter().map(|action| view! {
                        <Action action dialog_id=id.clone() csrf=csrf.clone() token=token.clone() preview />
                    }).collect_view()}
                </section>
            })}
            {(!preview).then(|| view! { <ConfirmDialog dialog_id=id.clone() token=token.clone() /> })}
            {(!page.threads.is_empty()).then(|| view! {
                <section class="transmissions" aria-labelledby="transmissions-heading">
                    <h2 id="transmissions-heading">{lang.tr("Meldinger", "Meldingar", "Messages")}</h2>
                    {page.threads.clone().into_iter().map(|thread| view! {
                        <ol class="thread">
                            {thread.into_iter().map(|transmission| view! { <Transmission transmission /> }).collect_view()}
                        </ol>
                    }).collect_view()}
                </section>
            })}
            {page.additional_info.clone().map(|html| view! {
                <section class="additional-info" aria-labelledby="more-heading">
                    <h2 id="more-heading">{lang.tr("Mer informasjon", "Meir informasjon", "More information")}</h2>
                    <Rich html />
                </section>
            })}
            <section class="activity" aria-labelledby="activity-heading">
                <h2 id="activity-heading">{lang.tr("Aktivitetslogg", "Aktivitetslogg", "Activity")}</h2>
                {if page.activities.is_empty() {
                    view! { <p>{lang.tr("Ingen aktivitet ennå.", "Inga aktivitet enno.", "No activity yet.")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="activity-log">
                            {page.activities.clone().into_iter().map(|activity| view! {
                                <li>
                                    <time>{activity.when}</time> " "
                                    {activity_text(lang, &activity.kind)}
                                    {activity.by.map(|by| view! { {lang.tr(" av ", " av ", " by ")} {by} })}
                                    "."
                                    {activity.description.map(|description| view! { " " <span class="description">{description}</span> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
            {(!preview).then(|| view! {
                <section class="seen-by" aria-labelledby="seen-heading">
                    <h2 id="seen-heading">{lang.tr("Sett av", "Sett av", "Seen by")}</h2>
                    <ul>
                        {page.seen_by.clone().into_iter().map(|seen| view! {
                            <li>
                                {if seen.is_you { lang.tr("Deg", "Deg", "You").to_owned() } else { seen.name }}
                                " · " <time>{seen.when}</time>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}

#[component]
fn UnavailableView(unavailable: Unavailable, id: String) -> impl IntoView {
    let lang = use_lang();
    let status = match unavailable {
        Unavailable::SignedOut => http::StatusCode::OK,
        Unavailable::NotFound => http::StatusCode::NOT_FOUND,
        Unavailable::Forbidden | Unavailable::LevelTooLow => http::StatusCode::FORBIDDEN,
        Unavailable::Deleted => http::StatusCode::GONE,
    };
    let (heading, text) = match unavailable {
        Unavailable::SignedOut => (
            lang.tr(
                "Logg inn for å se meldingen",
                "Logg inn for å sjå meldinga",
                "Sign in to see the message",
            ),
            None,
        ),
        Unavailable::NotFound => (
            lang.tr(
                "Fant ikke meldingen",
                "Fann ikkje meldinga",
                "Message not found",
            ),
            Some(lang.tr(
                "Den kan være utløpt, eller adressen kan være feil.",
                "Ho kan vere utgått, eller adressa kan vere feil.",
                "It may have expired, or the address may be wrong.",
            )),
        ),
        Unavailable::Forbidden => (
            lang.tr(
                "Du har ikke tilgang til meldingen",
                "Du har ikkje tilgang til meldinga",
                "You do not have access to this message",
            ),
            Some(lang.tr(
                "Be den som gir fullmakter i virksomheten om tilgang.",
                "Be den som gir fullmakter i verksemda om tilgang.",
                "Ask whoever grants access in the organisation.",
            )),
        ),
        Unavailable::Deleted => (
            lang.tr(
                "Meldingen er slettet",
                "Meldinga er sletta",
                "The message has been deleted",
            ),
            Some(lang.tr(
                "Avsenderen har slettet den.",
                "Avsendaren har sletta henne.",
                "The sender has deleted it.",
            )),
        ),
        Unavailable::LevelTooLow => (
            lang.tr(
                "Du må logge inn med høyere sikkerhetsnivå",
                "Du må logge inn med høgare tryggingsnivå",
                "You must sign in with a higher security level",
            ),
            Some(lang.tr(
                "Denne tjenesten krever en sikrere innlogging.",
                "Denne tenesta krev ei sikrare innlogging.",
                "This service asks for a more secure sign-in.",
            )),
        ),
    };
    let way = match unavailable {
        Unavailable::SignedOut => Way {
            href: format!("/auth/login?return_to=/inbox/{id}"),
            label: lang.tr("Logg inn", "Logg inn", "Sign in"),
            sign_in: true,
        },
        Unavailable::LevelTooLow => Way {
            href: format!("/auth/login?return_to=/inbox/{id}&level=high"),
            label: lang.tr(
                "Logg inn med høyere sikkerhetsnivå",
                "Logg inn med høgare tryggingsnivå",
                "Sign in with a higher security level",
            ),
            sign_in: true,
        },
        _ => Way {
            href: "/inbox".into(),
            label: lang.tr("Til innboksen", "Til innboksen", "To the inbox"),
            sign_in: false,
        },
    };
    view! { <ProblemPage status=Some(status) heading text way=Some(way) /> }
}

/// `/inbox/{id}`.
#[component]
pub fn DialogRoute() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    // The relay's answer when the action was sent without JavaScript.
    let status = move || {
        query.with(|query| {
            query
                .get("status")
                .and_then(|status| status.parse::<u16>().ok())
        })
    };
    let confirm = move || query.with(|query| query.get("confirm"));
    let context = ActionContext {
        busy: RwSignal::new(None),
        confirming: RwSignal::new(None),
        outcome: RwSignal::new(status().map(|status| Outcome {
            ok: (200..300).contains(&status),
            text: outcome_text(lang, status).to_owned(),
        })),
        done: RwSignal::new(0),
    };
    provide_context(context);
    let dialog = Resource::new_blocking(
        move || (id(), status(), context.done.get()),
        |(id, _, _)| load_dialog(id),
    );
    view! {
        <div role="status" class="flash" class:failed=move || context.outcome.with(|outcome| outcome.as_ref().is_some_and(|outcome| !outcome.ok))>
            {move || context.busy.with(Option::is_some).then(|| view! { <p>{lang.tr("Sender handlingen …", "Sender handlinga …", "Sending the action …")}</p> })}
            {move || context.outcome.get().map(|outcome| view! { <p>{outcome.text}</p> })}
        </div>
        <Transition fallback=move || view! { <p>{lang.tr("Henter meldingen …", "Hentar meldinga …", "Loading the message …")}</p> }>
            {move || Suspend::new(async move {
                match dialog.await {
                    Ok(Ok(page)) => view! {
                        <Title text=page.title.clone() />
                        <DialogView page preview=false confirm=confirm() />
                    }.into_any(),
                    Ok(Err(unavailable)) => view! { <UnavailableView unavailable id=id() /> }.into_any(),
                    Err(_) => view! {
                        <LoadFailed heading=lang.tr("Meldingen kunne ikke hentes", "Meldinga kunne ikkje hentast", "The message could not be loaded") />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
