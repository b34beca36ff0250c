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
    },
};
use chrono::{DateTime, Duration, Utc};

use super::{
    embed::{fetch_embed, size_of},
    format::{file_kind, localized, oslo_date, oslo_time, size_text, text, wire_name},
    render,
};
use crate::{
    domain::dialog::{
        model::{Actor, ActorType},
        status::{DialogStatus, SystemLabel},
    },
    outbound::Outbound,
    service::{
        dialogs::system_labels,
        end_user::{
            DialogAccess,
            view::{self, Availability, ShownAttachment, ShownNavigationalAction},
        },
    },
    store::dialogs::DialogAggregate,
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
                    .unwrap_or_else(|| lang.tr("Vedlegg", "Vedlegg", "Attachment").to_owned()),
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

/// Where a transmission stands in its thread.
struct Related {
    id: String,
    /// The transmission it answers (`relatedTransmissionId`).
    parent: Option<String>,
    created_at: DateTime<Utc>,
}

/// Transmissions in threads (by `relatedTransmissionId`), each in reading order with its depth;
/// the threads with the latest message first.
fn threads(
    transmissions: Vec<TransmissionView>,
    related: &[Related],
) -> Vec<Vec<TransmissionView>> {
    let parent = |id: &str| {
        related
            .iter()
            .find(|candidate| candidate.id == id)
            .and_then(|candidate| candidate.parent.clone())
            .filter(|parent| related.iter().any(|known| known.id == *parent))
    };
    fn walk(
        id: &str,
        depth: usize,
        all: &[TransmissionView],
        children: &dyn Fn(&str) -> Vec<String>,
        out: &mut Vec<TransmissionView>,
    ) {
        if out.iter().any(|seen| seen.id == id) {
            return;
        }
        if let Some(transmission) = all.iter().find(|transmission| transmission.id == id) {
            let mut shown = transmission.clone();
            shown.depth = depth;
            out.push(shown);
        }
        for child in children(id) {
            walk(&child, depth + 1, all, children, out);
        }
    }
    let children = |id: &str| -> Vec<String> {
        related
            .iter()
            .filter(|child| child.parent.as_deref() == Some(id))
            .map(|child| child.id.clone())
            .collect()
    };
    let created_at = |id: &str| {
        related
            .iter()
            .find(|known| known.id == id)
            .map(|known| known.created_at)
    };
    let mut threads: Vec<Vec<TransmissionView>> = related
        .iter()
        .filter(|root| parent(&root.id).is_none())
        .map(|root| {
            let mut thread = Vec::new();
            walk(&root.id, 0, &transmissions, &children, &mut thread);
            thread
        })
        .collect();
    // By the moments themselves: formatted wall-clock times repeat an hour each autumn.
    let latest = |thread: &Vec<TransmissionView>| {
        thread
            .iter()
            .filter_map(|transmission| created_at(&transmission.id))
            .max()
    };
    threads.sort_by_key(|thread| std::cmp::Reverse(latest(thread)));
    threads
}

/// An actor's name for people to read.
fn actor_name(actor: &Actor, sender: &str, lang: Lang) -> String {
    match actor.actor_type {
        ActorType::ServiceOwner => sender.to_owned(),
        ActorType::PartyRepresentative => actor.actor_name.clone().unwrap_or_else(|| {
            lang.tr("en representant", "ein representant", "a representative")
                .to_owned()
        }),
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
    let (views, _excluded) = view::transmissions(aggregate, access, now);
    // Every embed at once: the page waits for the slowest, not for their sum.
    let main_content = async {
        match &content.main_content_reference {
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
    let mut shown = Vec::new();
    let mut related = Vec::new();
    for ((view, transmission_content), attachments) in views
        .iter()
        .zip(transmission_contents)
        .zip(transmission_attachments)
    {
        let masked = &view.transmission;
        let transmission = masked;
        related.push(Related {
            id: transmission.id.to_string(),
            parent: transmission
                .related_transmission_id
                .map(|id| id.to_string()),
            created_at: transmission.created_at,
        });
        shown.push(TransmissionView {
            id: transmission.id.to_string(),
            depth: 0,
            title: masked
                .content
                .as_ref()
                .and_then(|content| localized(&content.title.value, lang))
                .unwrap_or_default(),
            summary: masked
                .content
                .as_ref()
                .and_then(|content| text(content.summary.as_ref(), lang)),
            sender: actor_name(&transmission.sender, &sender, lang),
            kind: wire_name(&transmission.transmission_type),
            created: oslo_time(transmission.created_at),
            authorized: view.authorized,
            opened: view.opened || transmission.transmission_type.is_from_party(),
            attachments,
            links: links(&view.navigational_actions, lang),
            content: transmission_content,
        });
    }
    let mut activities: Vec<ActivityView> = aggregate
        .activities
        .iter()
        .map(|activity| ActivityView {
            when: oslo_time(activity.created_at),
            kind: wire_name(&activity.activity_type),
            by: Some(actor_name(&activity.performed_by, &sender, lang)),
            description: localized(&activity.description, lang),
        })
        .collect();
    activities.reverse();
    let mut seen_by: Vec<SeenView> =
        view::latest_seen(&aggregate.seen_log, dialog.content_updated_at)
            .into_iter()
            .map(|entry| {
                let actor = &entry.seen_by.0;
                SeenView {
                    name: actor_name(actor, &sender, lang),
                    when: oslo_time(entry.created_at),
                    is_you: actor.actor_id.is_some() && actor.actor_id == audience.current,
                }
            })
            .collect();
    seen_by.sort_by_key(|seen| !seen.is_you);
    let labels = system_labels(dialog);
    DialogPage {
        viewer: audience.viewer,
        id: dialog.id.to_string(),
        party_name: audience.party_name,
        back: audience.back,
        title: text(content.title.as_ref(), lang).unwrap_or_default(),
        sender: sender.clone(),
        status: DialogStatus::from_id(dialog.status)
            .unwrap_or(DialogStatus::NotApplicable)
            .name()
            .to_owned(),
        extended_status: text(content.extended_status.as_ref(), lang),
        created: oslo_time(dialog.created_at),
        updated: oslo_time(dialog.content_updated_at),
        due: dialog.due_at.map(oslo_time),
        due_state: dialog.due_at.and_then(|due| {
            if due <= now {
                Some("past".to_owned())
            } else if due <= now + Duration::days(7) {
                Some("soon".to_owned())
            } else {
                None
            }
        }),
        expires: dialog.expires_at.map(oslo_time),
        folder: if labels.contains(&SystemLabel::Bin) {
            Some("bin".into())
        } else if labels.contains(&SystemLabel::Archive) {
            Some("archive".into())
        } else {
            None
        },
        summary: text(content.summary.as_ref(), lang),
        additional_info: content.additional_info.as_ref().and_then(|value| {
            localized(&value.value, lang)
                .map(|source| render::by_media_type(&value.media_type, &source))
        }),
        main_content,
        attachments: dialog_attachments,
        actions: view::gui_actions(dialog, access)
            .0
            .iter()
            .map(|shown| {
                let action = &shown.action;
                ActionView {
                    id: action.id.to_string(),
                    title: localized(&action.title, lang).unwrap_or_default(),
                    method: wire_name(&action.http_method),
                    url: shown.url.url().map(str::to_owned),
                    priority: wire_name(&action.priority).to_lowercase(),
                    prompt: action
                        .prompt
                        .as_deref()
                        .and_then(|prompt| localized(prompt, lang)),
                    is_delete: action.is_delete_dialog_action,
                }
            })
            .collect(),
        threads: threads(shown, &related),
        activities,
        seen_by,
        token: token.to_owned(),
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
