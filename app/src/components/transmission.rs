//! One message of a dialog, in its thread.

use leptos::prelude::*;

use super::content::{Attachments, EmbeddedContent};
use crate::{
    i18n::{Lang, use_lang},
    model::dialog::TransmissionView,
};

pub fn transmission_kind_text(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "Acceptance" => text!(lang, transmission.accepted),
        "Rejection" => text!(lang, transmission.rejected),
        "Request" => text!(lang, transmission.request),
        "Alert" => text!(lang, transmission.alert),
        "Decision" => text!(lang, transmission.decision),
        "Submission" => text!(lang, transmission.submission),
        "Correction" => text!(lang, transmission.correction),
        _ => text!(lang, transmission.information),
    }
}

#[component]
pub fn Transmission(transmission: TransmissionView) -> impl IntoView {
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
                    {(!transmission.opened).then(|| view! { " · " <span class="badge">{text!(lang, transmission.new)}</span> })}
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
                    view! { <p class="notice">{text!(lang, transmission.you_do_not_have_access_to)}</p> }.into_any()
                }}
            </article>
        </li>
    }
}

/// The dialog's messages, thread by thread.
#[component]
pub fn Threads(threads: Vec<Vec<TransmissionView>>) -> impl IntoView {
    let lang = use_lang();
    (!threads.is_empty()).then(|| view! {
        <section class="transmissions" aria-labelledby="transmissions-heading">
        <h2 id="transmissions-heading">{text!(lang, transmission.messages)}</h2>
        {threads.into_iter().map(|thread| view! {
            <ol class="thread">
                {thread.into_iter().map(|transmission| view! { <Transmission transmission /> }).collect_view()}
            </ol>
        }).collect_view()}
    </section>
    })
}
