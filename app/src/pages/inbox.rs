//! The inbox: the signed-in person's dialogs, newest first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::inbox::{Inbox, InboxItem, load_inbox};

fn status_text(status: &str) -> &'static str {
    match status {
        "RequiresAttention" => "Krever handling",
        "InProgress" => "Under arbeid",
        "Awaiting" => "Venter",
        "Draft" => "Utkast",
        "Completed" => "Fullført",
        "NotApplicable" => "Ingen status",
        _ => "Annet",
    }
}

#[component]
fn Row(item: InboxItem) -> impl IntoView {
    let href = format!("/inbox/{}", item.id);
    let unread = item.unread;
    view! {
        <li class="inbox-row" class:unread=unread>
            <article aria-labelledby=format!("title-{}", item.id)>
                <p class="sender">{item.sender}</p>
                <h2 id=format!("title-{}", item.id)>
                    <a href=href>
                        {unread.then(|| view! { <span class="visually-hidden">"Ulest: "</span> })}
                        {item.title}
                    </a>
                </h2>
                {item.summary.map(|summary| view! { <p class="summary">{summary}</p> })}
                <p class="meta">
                    <span class=format!("status status-{}", item.status.to_lowercase())>
                        {status_text(&item.status)}
                    </span>
                    " · Oppdatert "
                    <time datetime=item.updated.clone()>{item.updated.clone()}</time>
                    {item.due.map(|due| view! { " · Frist " <time datetime=due.clone()>{due.clone()}</time> })}
                    {(item.attachments > 0)
                        .then(|| view! { " · " {item.attachments} " vedlegg" })}
                </p>
            </article>
        </li>
    }
}

#[component]
fn SignedIn(inbox: Inbox) -> impl IntoView {
    let empty = inbox.items.is_empty();
    view! {
        <section class="inbox" aria-labelledby="inbox-heading">
            <div class="inbox-header">
                <h1 id="inbox-heading">"Innboks"</h1>
                <p class="viewer">
                    {inbox.viewer.name.clone()}
                    <form method="post" action="/auth/logout" class="inline">
                        <input type="hidden" name="csrf" value=inbox.viewer.csrf.clone() />
                        <button type="submit">"Logg ut"</button>
                    </form>
                </p>
            </div>
            {empty.then(|| view! { <p class="empty">"Du har ingen meldinger her ennå."</p> })}
            <ul class="inbox-list">
                {inbox.items.into_iter().map(|item| view! { <Row item /> }).collect_view()}
            </ul>
            {inbox.next.map(|next| view! {
                <a class="next-page" href=format!("/inbox?after={next}")>"Eldre meldinger"</a>
            })}
        </section>
    }
}

/// `/inbox`: works without JavaScript; the next page is a plain link.
#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let inbox = Resource::new_blocking(move || query.with(|query| query.get("after")), load_inbox);
    view! {
        <Title text="Innboks" />
        <Suspense fallback=|| view! { <p>"Henter innboksen …"</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(Some(inbox)) => view! { <SignedIn inbox /> }.into_any(),
                    Ok(None) => view! {
                        <section aria-labelledby="signin-heading">
                            <h1 id="signin-heading">"Logg inn for å se innboksen"</h1>
                            <p><a class="button" rel="external" href="/auth/login?return_to=/inbox">"Logg inn"</a></p>
                        </section>
                    }.into_any(),
                    Err(_) => view! {
                        <section aria-labelledby="error-heading">
                            <h1 id="error-heading">"Innboksen kunne ikke hentes"</h1>
                            <p>"Prøv igjen om litt."</p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
