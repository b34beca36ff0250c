//! A dialog as the portal's dialog page shows it: texts in the user's language, URLs the user
//! may not use withheld, transmissions in threads, and service owners' rich content (additional
//! info and front-channel embeds, fetched with the dialog token) made safe by [`super::render`].

use app::{
    i18n::Lang,
    model::{
        dialog::{
            ActionView, ActivityView, AttachmentView, DialogPage, Embedded, SeenView,
            TransmissionView,
        },
        inbox::Viewer,
        kinds::{DueState, MovedTo},
    },
};
use chrono::{DateTime, Duration, Utc};

use super::{
    embed::{fetch_embed, size_of},
    format::{self, file_kind, human_time, localized, oslo_date, size_text, text, wire_name},
    render,
    threads::{Related, threads},
};
use crate::{
    domain::dialog::{
        model::{Actor, ActorType},
        status::SystemLabel,
    },
    outbound::Outbound,
    service::{
        dialogs::system_labels,
        end_user::{
            DialogAccess,
            view::{
                self, Availability, ShownAttachment, ShownGuiAction, ShownNavigationalAction,
                ShownTransmission,
            },
        },
    },
    store::dialogs::{DialogAggregate, DialogRecord},
};

/// Why a URL is not there: `unauthorized` or `expired`.
fn unavailable(availability: &Availability) -> Option<&'static str> {
    match availability {
        Availability::Available(_) => None,
        Availability::Unauthorized => Some("unauthorized"),
        Availability::Expired => Some("expired"),
    }
}

/// Attachments for a person's browser: those with a GUI URL, the URL withheld when it is masked.
fn attachments(attachments: &[ShownAttachment], lang: Lang) -> Vec<AttachmentView> {
    attachments
        .iter()
        .filter_map(|shown| {
            let (url, availability) = shown.gui_url()?;
            let attachment = &shown.attachment;
            Some(AttachmentView {
                size: None,
                name: localized(&attachment.display_name, lang)
                    .or_else(|| attachment.name.clone())
                    .unwrap_or_else(|| app::text!(lang, dialog_page.attachment).to_owned()),
                kind: file_kind(url.media_type.as_deref(), lang),
                url: availability.url().map(str::to_owned),
                unavailable: unavailable(availability).map(str::to_owned),
                expires: attachment.expires_at.map(oslo_date),
            })
        })
        .collect()
}

/// A transmission's navigational actions, shown as links (withheld when masked).
fn links(actions: &[ShownNavigationalAction], lang: Lang) -> Vec<AttachmentView> {
    actions
        .iter()
        .map(|shown| {
            let action = &shown.action;
            AttachmentView {
                name: localized(&action.title, lang).unwrap_or_default(),
                kind: None,
                url: shown.url.url().map(str::to_owned),
                unavailable: unavailable(&shown.url).map(str::to_owned),
                expires: action.expires_at.map(oslo_date),
                size: None,
            }
        })
        .collect()
}

/// An actor's name for people to read.
fn actor_name(actor: &Actor, sender: &str, lang: Lang) -> String {
    match actor.actor_type {
        ActorType::ServiceOwner => sender.to_owned(),
        ActorType::PartyRepresentative => actor
            .actor_name
            .clone()
            .unwrap_or_else(|| app::text!(lang, dialog_page.a_representative).to_owned()),
    }
}

/// Who is looking, and from where.
pub struct Audience {
    pub lang: Lang,
    /// The signed-in person, when not a preview.
    pub viewer: Option<Viewer>,
    /// The person's URN, for "you" in the seen-by list.
    pub current: Option<String>,
    pub party_name: String,
    /// The service owner's name, when the dialog does not name its sender.
    pub owner_name: String,
    pub back: String,
}

/// The GUI actions as the page shows them.
fn action_views(dialog: &DialogRecord, access: &DialogAccess, lang: Lang) -> Vec<ActionView> {
    let (shown, _) = view::gui_actions(dialog, access);
    shown.iter().map(|shown| action_view(shown, lang)).collect()
}

/// The dialog page for one opened (or previewed) dialog.
pub async fn build(
    outbound: &Outbound,
    aggregate: &DialogAggregate,
    access: &DialogAccess,
    token: &str,
    audience: Audience,
) -> DialogPage {
    let now = Utc::now();
    let lang = audience.lang;
    let dialog = &aggregate.dialog;
    let content = &dialog.content.0;
    let sender = text(content.sender_name.as_ref(), lang).unwrap_or(audience.owner_name.clone());
    // What the page shows; the API actions are for end-user systems, not for the page.
    let time = |moment| human_time(moment, now, lang);
    let (views, _excluded) = view::transmissions(aggregate, access, now);
    let fetched = fetch(outbound, (aggregate, access, token), &views, lang, now).await;
    let (related, shown): (Vec<Related>, Vec<TransmissionView>) = views
        .iter()
        .zip(fetched.transmission_contents)
        .zip(fetched.transmission_attachments)
        .map(|((view, content), attachments)| {
            transmission_view(view, content, attachments, &sender, lang, now)
        })
        .unzip();
    DialogPage {
        viewer: audience.viewer,
        id: dialog.id.to_string(),
        party_name: audience.party_name,
        back: audience.back,
        title: text(content.title.as_ref(), lang).unwrap_or_default(),
        sender: sender.clone(),
        status: format::status(dialog.status),
        extended_status: text(content.extended_status.as_ref(), lang),
        created: time(dialog.created_at),
        updated: time(dialog.content_updated_at),
        due: dialog.due_at.map(time),
        due_state: dialog
            .due_at
            .filter(|_| dialog.status.deadline_applies())
            .and_then(|due| due_state(due, now)),
        expires: dialog.expires_at.map(time),
        folder: folder(dialog),
        summary: text(content.summary.as_ref(), lang),
        additional_info: content.additional_info.as_ref().and_then(|value| {
            localized(&value.value, lang)
                .map(|source| render::by_media_type(&value.media_type, &source))
        }),
        main_content: fetched.main_content,
        attachments: fetched.dialog_attachments,
        actions: action_views(dialog, access, lang),
        threads: threads(shown, &related),
        activities: activities(aggregate, &sender, lang, now),
        seen_by: seen_by(aggregate, &sender, audience.current.as_deref(), lang, now),
        token: token.to_owned(),
        fetched: format::oslo_minute(now),
    }
}

/// What the page fetches from the service owner: the embeds (with the dialog token) and the
/// attachments' sizes.
struct Fetched {
    main_content: Option<Embedded>,
    transmission_contents: Vec<Option<Embedded>>,
    dialog_attachments: Vec<AttachmentView>,
    transmission_attachments: Vec<Vec<AttachmentView>>,
}

/// Every embed and size at once: the page waits for the slowest, not for their sum.
async fn fetch(
    outbound: &Outbound,
    (aggregate, access, token): (&DialogAggregate, &DialogAccess, &str),
    views: &[ShownTransmission],
    lang: Lang,
    now: DateTime<Utc>,
) -> Fetched {
    let dialog = &aggregate.dialog;
    let main_content = async {
        match &dialog.content.0.main_content_reference {
            Some(value) if access.read() => fetch_embed(outbound, value, token, lang).await,
            Some(_) => Some(Embedded::Unauthorized),
            None => None,
        }
    };
    let transmission_contents = futures::future::join_all(views.iter().map(|view| async move {
        match view
            .transmission
            .content
            .as_ref()
            .and_then(|content| content.content_reference.as_ref())
        {
            Some(reference) if view.authorized => {
                fetch_embed(outbound, reference, token, lang).await
            }
            _ => None,
        }
    }));
    let mut dialog_attachments = attachments(&view::attachments(dialog, access, now).0, lang);
    let mut transmission_attachments: Vec<Vec<AttachmentView>> = views
        .iter()
        .map(|view| attachments(&view.attachments, lang))
        .collect();
    let urls: Vec<Option<String>> = dialog_attachments
        .iter()
        .chain(transmission_attachments.iter().flatten())
        .map(|attachment| attachment.url.clone())
        .collect();
    let sizes = futures::future::join_all(urls.iter().map(|url| size_of(outbound, url.as_deref())));
    let (main_content, transmission_contents, sizes) =
        futures::join!(main_content, transmission_contents, sizes);
    for (attachment, size) in dialog_attachments
        .iter_mut()
        .chain(transmission_attachments.iter_mut().flatten())
        .zip(sizes)
    {
        attachment.size = size.map(|bytes| size_text(bytes, lang));
    }
    Fetched {
        main_content,
        transmission_contents,
        dialog_attachments,
        transmission_attachments,
    }
}

/// One transmission as the page shows it, and where it stands in its thread.
fn transmission_view(
    view: &ShownTransmission,
    content: Option<Embedded>,
    attachments: Vec<AttachmentView>,
    sender: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> (Related, TransmissionView) {
    let transmission = &view.transmission;
    let related = Related {
        id: transmission.id.to_string(),
        parent: transmission
            .related_transmission_id
            .map(|id| id.to_string()),
        created_at: transmission.created_at,
    };
    let texts = transmission.content.as_ref();
    let shown = TransmissionView {
        id: transmission.id.to_string(),
        depth: 0,
        title: texts
            .and_then(|content| localized(&content.title.value, lang))
            .unwrap_or_default(),
        summary: texts.and_then(|content| text(content.summary.as_ref(), lang)),
        sender: actor_name(&transmission.sender, sender, lang),
        kind: wire_name(&transmission.transmission_type),
        created: human_time(transmission.created_at, now, lang),
        authorized: view.authorized,
        opened: view.opened || transmission.transmission_type.is_from_party(),
        attachments,
        links: links(&view.navigational_actions, lang),
        content,
    };
    (related, shown)
}

/// The activity log, newest first.
fn activities(
    aggregate: &DialogAggregate,
    sender: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Vec<ActivityView> {
    let mut activities: Vec<ActivityView> = aggregate
        .activities
        .iter()
        .map(|activity| ActivityView {
            when: human_time(activity.created_at, now, lang),
            kind: wire_name(&activity.activity_type),
            by: Some(actor_name(&activity.performed_by, sender, lang)),
            description: localized(&activity.description, lang),
        })
        .collect();
    activities.reverse();
    activities
}

/// Who has seen the latest content, the viewer first.
fn seen_by(
    aggregate: &DialogAggregate,
    sender: &str,
    current: Option<&str>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Vec<SeenView> {
    let dialog = &aggregate.dialog;
    let mut seen_by: Vec<SeenView> =
        view::latest_seen(&aggregate.seen_log, dialog.content_updated_at)
            .into_iter()
            .map(|entry| {
                let actor = &entry.seen_by.0;
                SeenView {
                    name: actor_name(actor, sender, lang),
                    when: human_time(entry.created_at, now, lang),
                    is_you: actor.actor_id.is_some() && actor.actor_id.as_deref() == current,
                }
            })
            .collect();
    seen_by.sort_by_key(|seen| !seen.is_you);
    seen_by
}

/// Past, or soon (within a week), for a due date; else nothing.
fn due_state(due: DateTime<Utc>, now: DateTime<Utc>) -> Option<DueState> {
    if due <= now {
        Some(DueState::Past)
    } else if due <= now + Duration::days(7) {
        Some(DueState::Soon)
    } else {
        None
    }
}

/// Where the dialog lies when it is not in the inbox.
fn folder(dialog: &DialogRecord) -> Option<MovedTo> {
    let labels = system_labels(dialog);
    if labels.contains(&SystemLabel::Bin) {
        Some(MovedTo::Bin)
    } else if labels.contains(&SystemLabel::Archive) {
        Some(MovedTo::Archive)
    } else {
        None
    }
}

fn action_view(shown: &ShownGuiAction, lang: Lang) -> ActionView {
    let action = &shown.action;
    ActionView {
        id: action.id.to_string(),
        title: localized(&action.title, lang).unwrap_or_default(),
        method: wire_name(&action.http_method),
        url: shown.url.url().map(str::to_owned),
        priority: format::priority(action.priority),
        prompt: action
            .prompt
            .as_deref()
            .and_then(|prompt| localized(prompt, lang)),
        is_delete: action.is_delete_dialog_action,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(id: &str, created: &str) -> TransmissionView {
        TransmissionView {
            id: id.into(),
            depth: 0,
            title: id.into(),
            summary: None,
            sender: String::new(),
            kind: "Information".into(),
            created: created.into(),
            authorized: true,
            opened: true,
            attachments: Vec::new(),
            links: Vec::new(),
            content: None,
        }
    }

    #[test]
    fn replies_follow_what_they_answer_and_the_newest_thread_comes_first() {
        let shown = vec![
            view("a", "2026-10-25 02:10"),
            view("b", "2026-10-25 02:20"),
            view("c", "2026-10-25 02:50"),
            view("d", "2026-10-25 02:05"),
        ];
        // "d" answers "b" in the repeated autumn hour: it reads earlier on the clock than "c"
        // but is later, so its thread comes first.
        let at = |moment: &str| {
            DateTime::parse_from_rfc3339(moment)
                .map(|moment| moment.to_utc())
                .unwrap_or_default()
        };
        let related = vec![
            Related {
                id: "a".into(),
                parent: None,
                created_at: at("2026-10-25T00:10:00Z"),
            },
            Related {
                id: "b".into(),
                parent: Some("a".into()),
                created_at: at("2026-10-25T00:20:00Z"),
            },
            Related {
                id: "c".into(),
                parent: None,
                created_at: at("2026-10-25T00:50:00Z"),
            },
            Related {
                id: "d".into(),
                parent: Some("b".into()),
                created_at: at("2026-10-25T01:05:00Z"),
            },
        ];
        let threads = threads(shown, &related);
        let ids: Vec<Vec<(String, usize)>> = threads
            .iter()
            .map(|thread| thread.iter().map(|t| (t.id.clone(), t.depth)).collect())
            .collect();
        assert_eq!(
            ids,
            vec![
                vec![("a".into(), 0), ("b".into(), 1), ("d".into(), 2)],
                vec![("c".into(), 0)]
            ]
        );
    }
}
