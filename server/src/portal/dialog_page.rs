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
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::Serialize;

use super::render;
use crate::{
    domain::dialog::{
        model::{Actor, ActorType, ContentValueDoc, LocalizationDoc},
        status::{DialogStatus, SystemLabel},
    },
    outbound::Outbound,
    service::{
        dialogs::system_labels,
        end_user::{
            DialogAccess,
            view::{self, Availability, ShownAttachment, ShownElements, ShownNavigationalAction},
        },
    },
    store::dialogs::DialogAggregate,
};

/// Embedded content larger than this is not shown (the protocol's limit).
const EMBED_LIMIT: usize = 100 * 1024;

/// The localization in the user's language, else bokmål, nynorsk, English, or any.
pub fn localized(values: &[LocalizationDoc], lang: Lang) -> Option<String> {
    [lang.code(), "nb", "nn", "en"]
        .iter()
        .find_map(|language| {
            values
                .iter()
                .find(|localization| localization.language_code == *language)
        })
        .or_else(|| values.first())
        .map(|localization| localization.value.clone())
}

/// A content value in the user's language (as [`localized`]).
pub(super) fn text(value: Option<&ContentValueDoc>, lang: Lang) -> Option<String> {
    value.and_then(|value| localized(&value.value, lang))
}

/// The last Sunday of a month, at 01:00 UTC: when Norway changes between summer and winter time.
fn change_of_time(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let last = NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    let sunday = last - Duration::days(i64::from(back));
    debug_assert_eq!(sunday.weekday(), Weekday::Sun);
    Some(sunday.and_hms_opt(1, 0, 0)?.and_utc())
}

/// A moment as Norwegian wall-clock time, `YYYY-MM-DD HH:MM`.
pub fn oslo_time(moment: DateTime<Utc>) -> String {
    let year = moment.year();
    let summer = change_of_time(year, 3)
        .zip(change_of_time(year, 10))
        .is_some_and(|(start, end)| moment >= start && moment < end);
    let offset = if summer { 2 } else { 1 };
    (moment + Duration::hours(offset))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The name an enum has on the wire (`FormSubmitted`, `POST`, …).
fn wire_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn file_kind(media_type: Option<&str>, lang: Lang) -> Option<String> {
    let media_type = media_type?.to_ascii_lowercase();
    let kind = match media_type.as_str() {
        "application/pdf" => "PDF",
        "text/html" => "HTML",
        "application/xml" | "text/xml" => "XML",
        "application/json" => "JSON",
        "text/plain" => "TXT",
        "text/csv" => "CSV",
        "application/zip" => "ZIP",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        other if other.starts_with("image/") => lang.tr("Bilde", "Bilete", "Image"),
        _ => return None,
    };
    Some(kind.to_owned())
}

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
                expires: attachment
                    .expires_at
                    .map(|expires| expires.format("%Y-%m-%d").to_string()),
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
                expires: action
                    .expires_at
                    .map(|expires| expires.format("%Y-%m-%d").to_string()),
                size: None,
            }
        })
        .collect()
}

/// How long the page waits for an attachment's size.
const SIZE_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// An attachment's size from a HEAD request to its URL, when its system answers quickly.
async fn size_of(outbound: &Outbound, url: Option<&str>) -> Option<u64> {
    let request = outbound.request(reqwest::Method::HEAD, url?)?;
    let response = tokio::time::timeout(SIZE_WAIT, request.send())
        .await
        .ok()?
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    response
        .headers()
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// A size for people: `820 B`, `14 kB`, `2,5 MB` (a decimal point in English).
fn size_text(bytes: u64, lang: Lang) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} kB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes + MB / 20) / (MB / 10);
        let separator = if lang == Lang::En { '.' } else { ',' };
        format!("{}{separator}{} MB", tenths / 10, tenths % 10)
    }
}

/// Fetches a front-channel embed with the dialog token and renders it through the safe path.
pub async fn fetch_embed(
    outbound: &Outbound,
    value: &ContentValueDoc,
    token: &str,
    lang: Lang,
) -> Option<Embedded> {
    let url = localized(&value.value, lang)?;
    let failed = |why: &str| Some(Embedded::Failed(why.to_owned()));
    let expected = if value.media_type.ends_with("type=text/html") {
        "text/html"
    } else {
        "text/markdown"
    };
    let Some(request) = outbound.request(reqwest::Method::GET, &url) else {
        return failed(lang.tr(
            "adressen er ikke tillatt.",
            "adressa er ikkje tillaten.",
            "the address is not allowed.",
        ));
    };
    let sent = request
        .bearer_auth(token)
        .header(
            http::header::ACCEPT_LANGUAGE,
            format!("{}, nb;q=0.9, nn;q=0.8, en;q=0.7", lang.code()),
        )
        .header(http::header::ACCEPT, expected)
        .send()
        .await;
    let mut response = match sent {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(%error, "a front-channel embed could not be fetched");
            return failed(lang.tr(
                "tjenesten svarte ikke.",
                "tenesta svarte ikkje.",
                "the service did not answer.",
            ));
        }
    };
    match response.status().as_u16() {
        204 => return None,
        200 => {}
        401 | 403 => return Some(Embedded::Unauthorized),
        _ => {
            return failed(lang.tr(
                "tjenesten svarte med en feil.",
                "tenesta svarte med ein feil.",
                "the service answered with an error.",
            ));
        }
    }
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with(expected) {
        return failed(lang.tr(
            "tjenesten sendte innhold av feil type.",
            "tenesta sende innhald av feil type.",
            "the service sent the wrong kind of content.",
        ));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk);
                if body.len() > EMBED_LIMIT {
                    return failed(lang.tr(
                        "innholdet er for stort.",
                        "innhaldet er for stort.",
                        "the content is too large.",
                    ));
                }
            }
            Ok(None) => break,
            Err(_) => {
                return failed(lang.tr(
                    "tjenesten svarte ikke.",
                    "tenesta svarte ikkje.",
                    "the service did not answer.",
                ));
            }
        }
    }
    let source = String::from_utf8_lossy(&body);
    if source.trim().is_empty() {
        return None;
    }
    Some(Embedded::Html(render::by_media_type(expected, &source)))
}

/// Transmissions in threads (by `relatedTransmissionId`), each in reading order with its depth;
/// the threads with the latest message first.
fn threads(
    transmissions: Vec<TransmissionView>,
    related: &[(String, Option<String>)],
) -> Vec<Vec<TransmissionView>> {
    let parent = |id: &str| {
        related
            .iter()
            .find(|(candidate, _)| candidate == id)
            .and_then(|(_, parent)| parent.clone())
            .filter(|parent| related.iter().any(|(known, _)| known == parent))
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
            .filter(|(_, parent)| parent.as_deref() == Some(id))
            .map(|(child, _)| child.clone())
            .collect()
    };
    let mut threads: Vec<Vec<TransmissionView>> = related
        .iter()
        .filter(|(id, _)| parent(id).is_none())
        .map(|(root, _)| {
            let mut thread = Vec::new();
            walk(root, 0, &transmissions, &children, &mut thread);
            thread
        })
        .collect();
    threads.sort_by(|a, b| {
        let latest =
            |thread: &Vec<TransmissionView>| thread.iter().map(|t| t.created.clone()).max();
        latest(b).cmp(&latest(a))
    });
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
    let shown_elements = ShownElements::new(aggregate, access, now);
    let views = &shown_elements.transmissions;
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
    let mut dialog_attachments = attachments(&shown_elements.attachments, lang);
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
        related.push((
            transmission.id.to_string(),
            transmission
                .related_transmission_id
                .map(|id| id.to_string()),
        ));
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
        actions: shown_elements
            .gui_actions
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

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(820, Lang::Nb), "820 B");
        assert_eq!(size_text(14_200, Lang::Nb), "15 kB");
        assert_eq!(size_text(2_460_000, Lang::Nb), "2,5 MB");
        assert_eq!(size_text(2_460_000, Lang::En), "2.5 MB");
    }

    #[test]
    fn norwegian_time_follows_summer_time() {
        let winter = DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z").map(|t| t.to_utc());
        let summer = DateTime::parse_from_rfc3339("2026-07-15T12:00:00Z").map(|t| t.to_utc());
        let just_before_change =
            DateTime::parse_from_rfc3339("2026-03-29T00:59:00Z").map(|t| t.to_utc());
        assert_eq!(
            winter.map(oslo_time).ok().as_deref(),
            Some("2026-01-15 13:00")
        );
        assert_eq!(
            summer.map(oslo_time).ok().as_deref(),
            Some("2026-07-15 14:00")
        );
        assert_eq!(
            just_before_change.map(oslo_time).ok().as_deref(),
            Some("2026-03-29 01:59")
        );
    }

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
            view("a", "1"),
            view("b", "2"),
            view("c", "3"),
            view("d", "4"),
        ];
        let related = vec![
            ("a".to_owned(), None),
            ("b".to_owned(), Some("a".to_owned())),
            ("c".to_owned(), None),
            ("d".to_owned(), Some("b".to_owned())),
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
