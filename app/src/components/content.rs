//! What a service owner wrote for the page: rich text, embedded content and attachment lists.

use leptos::prelude::*;

use crate::{
    i18n::use_lang,
    model::dialog::{AttachmentView, Embedded},
};

#[component]
pub fn Rich(html: String) -> impl IntoView {
    view! { <div class="rich" inner_html=html></div> }
}

#[component]
pub fn EmbeddedContent(content: Embedded) -> impl IntoView {
    let lang = use_lang();
    match content {
        Embedded::Html(html) => view! { <Rich html /> }.into_any(),
        Embedded::Unauthorized => view! {
            <p class="notice">{text!(lang, content.you_do_not_have_access_to)}</p>
        }
        .into_any(),
        Embedded::Failed(why) => view! {
            <p class="notice error">{text!(lang, content.the_content_could_not_be_fetched)}{why}</p>
        }
        .into_any(),
    }
}

#[component]
pub fn Attachments(attachments: Vec<AttachmentView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="attachments">
            {attachments.into_iter().map(|attachment| {
                let kind = attachment.kind.clone().map(|kind| view! { <span class="kind">{kind}</span> });
                let size = attachment.size.clone().map(|size| view! { <span class="size">{size}</span> });
                let expires = attachment.expires.clone().filter(|_| attachment.url.is_some()).map(|date| view! {
                    <span class="expires">{text!(lang, content.available_until)}<time datetime=date.clone()>{date.clone()}</time></span>
                });
                match attachment.url {
                    Some(url) => view! {
                        <li><a href=url rel="noopener noreferrer">{attachment.name}</a> " " {kind} " " {size} {expires}</li>
                    }.into_any(),
                    None => {
                        let why = if attachment.unavailable.as_deref() == Some("expired") {
                            text!(lang, content.expired)
                        } else {
                            text!(lang, content.you_do_not_have_access)
                        };
                        view! { <li class="unavailable"><span>{attachment.name}</span> " " {kind} <span class="why">" (" {why} ")"</span></li> }.into_any()
                    }
                }
            }).collect_view()}
        </ul>
    }
}
