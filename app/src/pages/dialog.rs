//! `/inbox/{id}`: one dialog with its content, attachments, actions, messages, activity and who
//! has seen it. Write actions are forms posted to the server's relay, which sends them with the
//! dialog token; once the page is interactive the browser sends them itself, with the token as
//! `Authorization: Bearer`, and asks in an accessible dialog before deleting or when the service
//! owner has a question.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    backend::load_dialog,
    components::{
        account::Account,
        action::{Action, ActionContext, Outcome, outcome_text},
        activity::{ActivityLog, SeenBy},
        confirm::{ConfirmDialog, ConfirmPanel},
        content::{Attachments, EmbeddedContent, Rich},
        problem::{LoadFailed, ProblemPage, Way},
        transmission::Threads,
    },
    i18n::{Lang, use_lang},
    messages::status_text,
    model::{
        dialog::{DialogPage, Unavailable},
        inbox::Viewer,
        kinds::{DueState, MovedTo},
    },
};

/// Archive, bin, restore and mark as unread, as in the inbox (which the form goes back to, with undo).
#[component]
fn Tools(id: String, folder: Option<MovedTo>, back: String, csrf: String) -> impl IntoView {
    let lang = use_lang();
    let moves: Vec<(&str, &str)> = match folder {
        Some(_) => vec![("restore", text!(lang, dialog.move_to_the_inbox))],
        None => vec![
            ("archive", text!(lang, dialog.archive)),
            ("bin", text!(lang, dialog.move_to_the_bin)),
        ],
    };
    view! {
        <form method="post" action="/inbox/actions" class="dialog-tools" aria-label=text!(lang, dialog.move_or_mark)>
            <input type="hidden" name="csrf" value=csrf />
            <input type="hidden" name="return_to" value=back />
            {moves.into_iter().map(|(action, label)| view! {
                <button type="submit" class="button secondary" name="single" value=format!("{action}:{id}")>{label}</button>
            }).collect_view()}
            <button type="submit" class="button secondary" name="single" value=format!("unread:{id}")>
                {text!(lang, dialog.mark_as_unread)}
            </button>
        </form>
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
    actions.sort_by_key(|action| action.priority);
    let confirming = confirm.and_then(|id| {
        actions
            .iter()
            .find(|action| action.id == id && action.url.is_some())
            .cloned()
    });
    let (id, token) = (page.id.clone(), page.token.clone());
    view! {
        <article class="dialog-page" aria-labelledby="dialog-title">
            {(!preview).then(|| view! { <DialogBar back=page.back.clone() viewer=page.viewer.clone() /> })}
            <Printed fetched=page.fetched.clone() viewer=page.viewer.clone() />
            <DialogHeader page=page.clone() />
            {page.viewer.clone().map(|viewer| view! { <Tools id=id.clone() folder=page.folder back=page.back.clone() csrf=viewer.csrf /> })}
            {page.summary.clone().map(|summary| view! { <p class="summary">{summary}</p> })}
            {page.main_content.clone().map(|content| view! {
                <section class="main-content" aria-labelledby="content-heading">
                    <h2 id="content-heading" class="visually-hidden">{text!(lang, dialog.content)}</h2>
                    <EmbeddedContent content />
                </section>
            })}
            {(!page.attachments.is_empty()).then(|| view! {
                <section aria-labelledby="attachments-heading">
                    <h2 id="attachments-heading">{text!(lang, dialog.attachments)} " (" {page.attachments.len()} ")"</h2>
                    <Attachments attachments=page.attachments.clone() />
                </section>
            })}
            {confirming.map(|action| view! { <ConfirmPanel action dialog_id=id.clone() csrf=csrf.clone() /> })}
            {(!actions.is_empty()).then(|| view! {
                <section class="actions" aria-label=text!(lang, dialog.actions)>
                    {actions.into_iter().map(|action| view! {
                        <Action action dialog_id=id.clone() csrf=csrf.clone() token=token.clone() preview />
                    }).collect_view()}
                </section>
            })}
            {(!preview).then(|| view! { <ConfirmDialog dialog_id=id.clone() token=token.clone() /> })}
            <Threads threads=page.threads.clone() />
            {page.additional_info.clone().map(|html| view! {
                <section class="additional-info" aria-labelledby="more-heading">
                    <h2 id="more-heading">{text!(lang, dialog.more_information)}</h2>
                    <Rich html />
                </section>
            })}
            <ActivityLog activities=page.activities.clone() />
            {(!preview).then(|| view! { <SeenBy seen_by=page.seen_by.clone() /> })}
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
    let (heading, text) = (
        unavailable_heading(lang, &unavailable),
        unavailable_text(lang, &unavailable),
    );
    let way = way_on(lang, &unavailable, &id);
    view! { <ProblemPage status=Some(status) heading text way=Some(way) /> }
}

/// The heading of the page shown when the dialog cannot be.
fn unavailable_heading(lang: Lang, unavailable: &Unavailable) -> &'static str {
    match unavailable {
        Unavailable::SignedOut => text!(lang, dialog.sign_in_to_see_the_message),
        Unavailable::NotFound => text!(lang, dialog.message_not_found),
        Unavailable::Forbidden => text!(lang, dialog.you_do_not_have_access_to),
        Unavailable::Deleted => text!(lang, dialog.the_message_has_been_deleted),
        Unavailable::LevelTooLow => text!(lang, dialog.you_must_sign_in_with_a),
    }
}

/// What the user can do about it, when there is something to say.
fn unavailable_text(lang: Lang, unavailable: &Unavailable) -> Option<&'static str> {
    match unavailable {
        Unavailable::SignedOut => None,
        Unavailable::NotFound => Some(text!(lang, dialog.it_may_have_expired_or_the)),
        Unavailable::Forbidden => Some(text!(lang, dialog.ask_whoever_grants_access_in_the)),
        Unavailable::Deleted => Some(text!(lang, dialog.the_sender_has_deleted_it)),
        Unavailable::LevelTooLow => Some(text!(lang, dialog.this_service_asks_for_a_more)),
    }
}

/// Where the user can go from there: signing in (again), or back to the inbox.
fn way_on(lang: Lang, unavailable: &Unavailable, id: &str) -> Way {
    match unavailable {
        Unavailable::SignedOut => Way {
            href: format!("/auth/login?return_to=/inbox/{id}"),
            label: text!(lang, dialog.sign_in),
            sign_in: true,
        },
        Unavailable::LevelTooLow => Way {
            href: format!("/auth/login?return_to=/inbox/{id}&level=high"),
            label: text!(lang, dialog.sign_in_with_a_higher_security),
            sign_in: true,
        },
        _ => Way {
            href: "/inbox".into(),
            label: text!(lang, dialog.to_the_inbox),
            sign_in: false,
        },
    }
}

/// The dialog's sender, title, status and dates.
/// The way back to the inbox, printing, and who is signed in.
#[component]
fn DialogBar(back: String, viewer: Option<Viewer>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="dialog-bar">
            <p class="back"><a href=back>{text!(lang, dialog.back_to_the_inbox)}</a></p>
            <PrintButton />
            {viewer.map(|viewer| view! { <Account viewer /> })}
        </div>
    }
}

/// Only on paper: when the page was fetched, and for whom.
#[component]
fn Printed(fetched: String, viewer: Option<Viewer>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="print-only printed">
            {text!(lang, dialog.fetched)} " " {fetched}
            {viewer.map(|viewer| view! { " " {text!(lang, dialog.for_whom)} " " {viewer.name} })}
        </p>
    }
}

/// Prints the page. Without JavaScript it could do nothing (the browser's own menu prints the
/// same), so it appears once the page is interactive.
#[component]
fn PrintButton() -> impl IntoView {
    let lang = use_lang();
    let (interactive, set_interactive) = signal(false);
    Effect::new(move |_| set_interactive.set(true));
    view! {
        <button type="button" class="secondary print-button" hidden=move || !interactive.get()
            on:click=move |_| { let _ = window().print(); }>
            {text!(lang, dialog.print)}
        </button>
    }
}

#[component]
fn DialogHeader(page: DialogPage) -> impl IntoView {
    let lang = use_lang();
    let due_note = page.due_state.map(|state| match state {
        DueState::Past => text!(lang, dialog.the_deadline_has_passed),
        DueState::Soon => text!(lang, dialog.the_deadline_is_close),
    });
    let folder = page.folder.map(|folder| match folder {
        MovedTo::Bin => text!(lang, dialog.in_the_bin),
        MovedTo::Archive => text!(lang, dialog.archived),
    });
    view! {
        <header class="dialog-header">
            <p class="sender">{page.sender.clone()} {text!(lang, dialog.to)} {page.party_name.clone()}</p>
            <h1 id="dialog-title">{page.title.clone()}</h1>
            <p class="meta">
                <span class=page.status.class()>{status_text(lang, page.status)}</span>
                {page.extended_status.clone().map(|status| view! { " " <span class="extended-status">{status}</span> })}
                {folder.map(|folder| view! { " " <span class="badge">{folder}</span> })}
            </p>
            <dl class="dates">
                <div><dt>{text!(lang, dialog.created)}</dt><dd>{page.created.clone()}</dd></div>
                <div><dt>{text!(lang, dialog.updated)}</dt><dd>{page.updated.clone()}</dd></div>
                {page.due.clone().map(|due| view! {
                    <div class=page.due_state.map_or("due", DueState::class)>
                        <dt>{text!(lang, dialog.due)}</dt>
                        <dd>{due} {due_note.map(|note| view! { <strong class="warning">" – " {note}</strong> })}</dd>
                    </div>
                })}
                {page.expires.clone().map(|expires| view! {
                    <div><dt>{text!(lang, dialog.available_until)}</dt><dd>{expires}</dd></div>
                })}
            </dl>
        </header>
    }
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
            {move || context.busy.with(Option::is_some).then(|| view! { <p>{text!(lang, dialog.sending_the_action)}</p> })}
            {move || context.outcome.get().map(|outcome| view! { <p>{outcome.text}</p> })}
        </div>
        <Transition fallback=move || view! { <p>{text!(lang, dialog.loading_the_message)}</p> }>
            {move || Suspend::new(async move {
                match dialog.await {
                    Ok(Ok(page)) => view! {
                        <Title text=page.title.clone() />
                        <DialogView page preview=false confirm=confirm() />
                    }.into_any(),
                    Ok(Err(unavailable)) => view! { <UnavailableView unavailable id=id() /> }.into_any(),
                    Err(_) => view! {
                        <LoadFailed heading=text!(lang, dialog.the_message_could_not_be_loaded) />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
