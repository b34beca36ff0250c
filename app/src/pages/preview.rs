//! `/preview`: people who work for a service owner paste a create-dialog request and see it as
//! its end user will, or every validation error against its field; and `/preview/dialogs/{id}`
//! shows one of the owner's dialogs as a chosen person acting for its party sees it. Plain forms
//! and links: it all works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    backend::{load_preview, load_view_as},
    components::problem::{LoadFailed, ProblemPage, Way},
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
            lang.tr("Logg inn for å forhåndsvise", "Logg inn for å førehandsvise", "Sign in to preview"),
            lang.tr(
                "Forhåndsvisningen er for dem som arbeider hos en tjenesteeier.",
                "Førehandsvisinga er for dei som arbeider hos ein tenesteeigar.",
                "The preview is for people who work for a service owner.",
            ),
        ),
        PreviewDenied::NotServiceOwner => (
            http::StatusCode::FORBIDDEN,
            lang.tr("Du representerer ingen tjenesteeier", "Du representerer ingen tenesteeigar", "You do not act for a service owner"),
            lang.tr(
                "Forhåndsvisningen er for dem som kan representere en tjenesteeier, og bare for dens egne dialoger.",
                "Førehandsvisinga er for dei som kan representere ein tenesteeigar, og berre for dialogane til han.",
                "The preview is for people who may act for a service owner, and only for its own dialogs.",
            ),
        ),
        PreviewDenied::NotFound => (
            http::StatusCode::NOT_FOUND,
            lang.tr("Fant ikke dialogen", "Fann ikkje dialogen", "Dialog not found"),
            lang.tr("Den kan være slettet.", "Han kan vere sletta.", "It may have been deleted."),
        ),
    };
    let way = (denied == PreviewDenied::SignedOut).then(|| Way {
        href: format!("/auth/login?return_to={return_to}"),
        label: lang.tr("Logg inn", "Logg inn", "Sign in"),
        sign_in: true,
    });
    view! { <ProblemPage status=Some(status) heading text=Some(text) way /> }
}

fn failed(lang: Lang) -> AnyView {
    let heading = lang.tr(
        "Forhåndsvisningen kunne ikke lages",
        "Førehandsvisinga kunne ikkje lagast",
        "The preview could not be made",
    );
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
                        <label for="owner">{lang.tr("Tjenesteeier", "Tenesteeigar", "Service owner")}</label>
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
                <label for="json">{lang.tr("Dialogen som JSON", "Dialogen som JSON", "The dialog as JSON")}</label>
                <p class="hint" id="json-hint">{lang.tr(
                    "Det samme som du sender til POST /api/v1/serviceowner/dialogs. Ingenting lagres.",
                    "Det same som du sender til POST /api/v1/serviceowner/dialogs. Ingenting blir lagra.",
                    "What you would send to POST /api/v1/serviceowner/dialogs. Nothing is stored.",
                )}</p>
                <textarea id="json" name="json" rows="16" spellcheck="false"
                    aria-describedby=if invalid { "json-hint preview-errors-heading" } else { "json-hint" }
                    aria-invalid=invalid.then_some("true")>
                    {preview.json.clone()}
                </textarea>
            </div>
            <button type="submit">{lang.tr("Forhåndsvis", "Førehandsvis", "Preview")}</button>
        </form>
        {invalid.then(|| view! {
            <section class="preview-errors" aria-labelledby="preview-errors-heading" role="alert">
                <h2 id="preview-errors-heading">
                    {lang.tr("Dialogen har feil", "Dialogen har feil", "The dialog has errors")} " (" {problems.len()} ")"
                </h2>
                <ul>
                    {problems.into_iter().map(|problem| view! {
                        <li><code>{problem.field}</code> ": " {problem.message}</li>
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
    let heading = lang.tr(
        "Forhåndsvis en dialog",
        "Førehandsvis ein dialog",
        "Preview a dialog",
    );
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
                                <h1>{heading}</h1>
                                <PreviewForm preview=preview.clone() />
                                {shown.map(|page| view! {
                                    <section class="preview-frame" aria-labelledby="preview-frame-heading">
                                        <h2 id="preview-frame-heading">{lang.tr("Slik ser mottakeren dialogen", "Slik ser mottakaren dialogen", "How the recipient sees the dialog")}</h2>
                                        <DialogView page preview=true confirm=None />
                                    </section>
                                })}
                                <section aria-labelledby="recent-heading">
                                    <h2 id="recent-heading">{lang.tr("Se en dialog som mottakeren", "Sjå ein dialog som mottakaren", "See a dialog as its recipient")}</h2>
                                    {if preview.recent.is_empty() {
                                        view! { <p>{lang.tr("Ingen dialoger ennå.", "Ingen dialogar enno.", "No dialogs yet.")}</p> }.into_any()
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
            <label for="as">{lang.tr("Vis som", "Vis som", "Show as")}</label>
            <select id="as" name="as">
                <option value="" selected=chosen.is_empty()>{lang.tr("Parten, med alle rettigheter", "Parten, med alle rettar", "The party, with every right")}</option>
                {view_as.people.iter().map(|(urn, name)| view! {
                    <option value=urn.clone() selected=*urn == chosen>{name.clone()}</option>
                }).collect_view()}
            </select>
            <button type="submit">{lang.tr("Vis", "Vis", "Show")}</button>
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
        <Title text=lang.tr("Se som mottakeren", "Sjå som mottakaren", "See as the recipient") />
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
                                <p class="back"><a href="/preview">{lang.tr("← Til forhåndsvisningen", "← Til førehandsvisinga", "← Back to the preview")}</a></p>
                                <p class="preview-banner">
                                    {lang.tr("Forhåndsvisning: slik ser ", "Førehandsvising: slik ser ", "Preview: how ")}
                                    <strong>{who.unwrap_or_else(|| page.party_name.clone())}</strong>
                                    {lang.tr(" dialogen.", " dialogen.", " sees the dialog.")}
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
