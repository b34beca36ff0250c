//! `/preview`: people who work for a service owner paste a create-dialog request and see it as
//! its end user will, or every validation error against its field; and `/preview/dialogs/{id}`
//! shows one of the owner's dialogs as a chosen person acting for its party sees it. Plain forms
//! and links: it all works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    backend::{load_preview, load_view_as},
    components::{
        account::Account,
        problem::{LoadFailed, ProblemPage, Way},
    },
    i18n::{Lang, use_lang},
    model::preview::{Preview, PreviewDenied, PreviewOutcome, ViewAs},
    pages::dialog::DialogView,
};

#[component]
fn Denied(denied: PreviewDenied, return_to: String) -> impl IntoView {
    let lang = use_lang();
    let (status, heading, text) = match denied {
        PreviewDenied::SignedOut => (
            http::StatusCode::OK,
            text!(lang, preview.sign_in_to_preview),
            text!(lang, preview.the_preview_is_for_people_who),
        ),
        PreviewDenied::NotServiceOwner => (
            http::StatusCode::FORBIDDEN,
            text!(lang, preview.you_do_not_act_for_a),
            text!(lang, preview.the_preview_is_for_people_who_2),
        ),
        PreviewDenied::NotFound => (
            http::StatusCode::NOT_FOUND,
            text!(lang, preview.dialog_not_found),
            text!(lang, preview.it_may_have_been_deleted),
        ),
    };
    let way = (denied == PreviewDenied::SignedOut).then(|| Way {
        href: format!("/auth/login?return_to={return_to}"),
        label: text!(lang, preview.sign_in),
        sign_in: true,
    });
    view! { <ProblemPage status=Some(status) heading text=Some(text) way /> }
}

fn failed(lang: Lang) -> AnyView {
    let heading = text!(lang, preview.the_preview_could_not_be_made);
    view! { <LoadFailed heading /> }.into_any()
}

#[component]
fn PreviewForm(preview: Preview) -> impl IntoView {
    let lang = use_lang();
    let problems = match &preview.outcome {
        Some(PreviewOutcome::Invalid(problems)) => problems.clone(),
        _ => Vec::new(),
    };
    let invalid = !problems.is_empty();
    view! {
        <form method="post" action="/preview" class="preview-form">
            <input type="hidden" name="csrf" value=preview.viewer.csrf.clone() />
            {if preview.owners.len() > 1 {
                view! {
                    <div class="field">
                        <label for="owner">{text!(lang, preview.service_owner)}</label>
                        <select id="owner" name="owner">
                            {preview.owners.iter().map(|owner| view! {
                                <option value=owner.org.clone() selected=owner.org == preview.owner>{owner.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
            } else {
                view! { <input type="hidden" name="owner" value=preview.owner.clone() /> }.into_any()
            }}
            <div class="field">
                <label for="json">{text!(lang, preview.the_dialog_as_json)}</label>
                <p class="hint" id="json-hint">{text!(lang, preview.what_you_would_send_to_post)}</p>
                <textarea id="json" name="json" rows="16" spellcheck="false"
                    aria-describedby=if invalid { "json-hint preview-errors-heading" } else { "json-hint" }
                    aria-invalid=invalid.then_some("true")>
                    {preview.json.clone()}
                </textarea>
            </div>
            <button type="submit">{text!(lang, preview.preview)}</button>
        </form>
        {invalid.then(|| view! {
            <section class="preview-errors" aria-labelledby="preview-errors-heading" role="alert">
                <h2 id="preview-errors-heading">
                    {text!(lang, preview.the_dialog_has_errors)} " (" {problems.len()} ")"
                </h2>
                <ul>
                    {problems.into_iter().map(|problem| view! {
                        <li><code>{problem.field}</code> ": " <span lang=problem.lang>{problem.message}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// `/preview`, shown for GET and for the form posted to it.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let preview = Resource::new_blocking(|| (), |_| load_preview());
    let heading = text!(lang, preview.preview_a_dialog);
    view! {
        <Title text=heading />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(Ok(preview)) => {
                        let shown = match &preview.outcome {
                            Some(PreviewOutcome::Shown(page)) => Some((**page).clone()),
                            _ => None,
                        };
                        view! {
                            <div class="preview-page">
                                <Account viewer=preview.viewer.clone() />
                                <h1>{heading}</h1>
                                <PreviewForm preview=preview.clone() />
                                {shown.map(|page| view! {
                                    <section class="preview-frame" aria-labelledby="preview-frame-heading">
                                        <h2 id="preview-frame-heading">{text!(lang, preview.how_the_recipient_sees_the_dialog)}</h2>
                                        <DialogView page preview=true confirm=None />
                                    </section>
                                })}
                                <section aria-labelledby="recent-heading">
                                    <h2 id="recent-heading">{text!(lang, preview.see_a_dialog_as_its_recipient)}</h2>
                                    {if preview.recent.is_empty() {
                                        view! { <p>{text!(lang, preview.no_dialogs_yet)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="recent">
                                                {preview.recent.iter().map(|recent| view! {
                                                    <li>
                                                        <a href=format!("/preview/dialogs/{}", recent.id)>{recent.title.clone()}</a>
                                                        " · " {recent.party_name.clone()}
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                </section>
                            </div>
                        }.into_any()
                    }
                    Ok(Err(denied)) => view! { <Denied denied return_to="/preview".to_owned() /> }.into_any(),
                    Err(_) => failed(lang),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ViewAsChooser(view_as: ViewAs, id: String) -> impl IntoView {
    let lang = use_lang();
    let chosen = view_as.person.clone().unwrap_or_default();
    view! {
        <form method="get" action=format!("/preview/dialogs/{id}") class="party-switcher">
            <label for="as">{text!(lang, preview.show_as)}</label>
            <select id="as" name="as">
                <option value="" selected=chosen.is_empty()>{text!(lang, preview.the_party_with_every_right)}</option>
                {view_as.people.iter().map(|(urn, name)| view! {
                    <option value=urn.clone() selected=*urn == chosen>{name.clone()}</option>
                }).collect_view()}
            </select>
            <button type="submit">{text!(lang, preview.show)}</button>
        </form>
    }
}

/// `/preview/dialogs/{id}?as={person}`.
#[component]
pub fn ViewAsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let person = move || query.with(|query| query.get("as").filter(|person| !person.is_empty()));
    let view_as = Resource::new_blocking(
        move || (id(), person()),
        |(id, person)| load_view_as(id, person),
    );
    view! {
        <Title text=text!(lang, preview.see_as_the_recipient) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match view_as.await {
                    Ok(Ok(view_as)) => {
                        let page = (*view_as.page).clone();
                        let who = view_as.person.as_ref().and_then(|person| {
                            view_as.people.iter().find(|(urn, _)| urn == person).map(|(_, name)| name.clone())
                        });
                        view! {
                            <div class="preview-page">
                                <div class="dialog-bar">
                                    <p class="back"><a href="/preview">{text!(lang, preview.back_to_the_preview)}</a></p>
                                    <Account viewer=view_as.viewer.clone() />
                                </div>
                                <p class="preview-banner">
                                    {text!(lang, preview.preview_how)}
                                    <strong>{who.unwrap_or_else(|| page.party_name.clone())}</strong>
                                    {text!(lang, preview.sees_the_dialog)}
                                </p>
                                <ViewAsChooser view_as=view_as.clone() id=id() />
                                <DialogView page preview=true confirm=None />
                            </div>
                        }.into_any()
                    }
                    Ok(Err(denied)) => view! { <Denied denied return_to=format!("/preview/dialogs/{}", id()) /> }.into_any(),
                    Err(_) => failed(lang),
                }
            })}
        </Suspense>
    }
}
