//! A dialog's drawn content, elements, transmissions and activities.

use chrono::{DateTime, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::{Chunk, Parent, Plan, between, localized, plain, uuid_v4, uuid_v7};
use crate::bench_data::words;
use crate::domain::dialog::model::{
    Activity, ActivityType, Actor, Attachment, AttachmentUrl, AttachmentUrlConsumerType,
    DialogContent, GuiAction, GuiActionPriority, HttpMethod, Transmission, TransmissionContent,
    TransmissionType,
};

/// The data set's dates end here and reach five years back.
/// A dialog's content and elements.
pub(super) struct Parts {
    pub(super) content: DialogContent,
    pub(super) attachments: Vec<Attachment>,
    pub(super) gui_actions: Vec<GuiAction>,
}

impl Parts {
    pub(super) fn draw(rng: &mut ChaCha8Rng, id: Uuid) -> Self {
        let content = DialogContent {
            title: Some(plain(localized(words::title(rng)))),
            summary: Some(plain(localized(words::sentence(rng, 8..16)))),
            sender_name: rng
                .random_bool(0.1)
                .then(|| plain(localized(words::sender(rng)))),
            ..DialogContent::default()
        };
        let attachments: Vec<Attachment> = (0..rng.random_range(0..3))
            .map(|index| Attachment {
                id: uuid_v4(rng),
                display_name: localized(format!("{}.pdf", words::word(rng))),
                name: None,
                urls: vec![AttachmentUrl {
                    id: None,
                    // Loopback, so that the portal's outbound guard refuses it without a lookup.
                    url: format!("https://127.0.0.1:9/bench/{id}/{index}.pdf"),
                    media_type: Some("application/pdf".into()),
                    consumer_type: AttachmentUrlConsumerType::Gui,
                }],
                expires_at: None,
                authorization_context: None,
                is_authorized: None,
            })
            .collect();
        let gui_actions = vec![GuiAction {
            id: uuid_v4(rng),
            action: "write".into(),
            url: format!("https://127.0.0.1:9/bench/{id}/open"),
            authorization_attribute: None,
            authorization_context: None,
            is_delete_dialog_action: false,
            http_method: HttpMethod::Get,
            priority: GuiActionPriority::Primary,
            title: localized("Åpne".into()),
            prompt: None,
        }];
        Self {
            content,
            attachments,
            gui_actions,
        }
    }
}

impl Plan<'_> {
    /// 0-3 transmissions, some from the party; returns how many and how many from the party.
    pub(super) fn transmissions(
        rng: &mut ChaCha8Rng,
        rows: &mut Chunk,
        parent: &Parent,
    ) -> anyhow::Result<(i64, i64)> {
        let (dialog, created, until) = (parent.dialog, parent.created, parent.until);
        let count = match rng.random_range(0..10) {
            0..3 => 0,
            3..7 => 1,
            7..9 => 2,
            _ => 3,
        };
        let mut from_party = 0;
        let mut previous = None;
        for _ in 0..count {
            let at = between(rng, created, until);
            let kind = if rng.random_bool(0.15) {
                TransmissionType::Submission
            } else {
                TransmissionType::Information
            };
            from_party += i64::from(kind.is_from_party());
            let transmission = Transmission {
                id: uuid_v7(rng, at),
                idempotent_key: None,
                created_at: at,
                authorization_attribute: None,
                authorization_context: None,
                extended_type: None,
                external_reference: None,
                related_transmission_id: previous,
                transmission_type: kind,
                sender: if kind.is_from_party() {
                    parent.representative.clone()
                } else {
                    parent.service_owner.clone()
                },
                content: Some(TransmissionContent {
                    title: plain(localized(words::title(rng))),
                    summary: Some(plain(localized(words::sentence(rng, 6..12)))),
                    content_reference: None,
                }),
                attachments: Vec::new(),
                navigational_actions: Vec::new(),
            };
            let row = &mut rows.transmissions;
            row.uuid(transmission.id)
                .uuid(dialog)
                .null()
                .time(at)
                .int(kind as i64)
                .optional_uuid(previous)
                .json(&transmission)?
                .end();
            previous = Some(transmission.id);
        }
        Ok((count, from_party))
    }

    /// Created by the service owner, and now and then a form saved by the party.
    pub(super) fn activities(
        rng: &mut ChaCha8Rng,
        rows: &mut Chunk,
        parent: &Parent,
    ) -> anyhow::Result<()> {
        let (dialog, created, until) = (parent.dialog, parent.created, parent.until);
        let mut write =
            |at: DateTime<Utc>, kind: ActivityType, actor: &Actor, rng: &mut ChaCha8Rng| {
                let activity = Activity {
                    id: uuid_v7(rng, at),
                    created_at: at,
                    extended_type: None,
                    activity_type: kind,
                    transmission_id: None,
                    performed_by: actor.clone(),
                    description: Vec::new(),
                };
                let row = &mut rows.activities;
                row.uuid(activity.id)
                    .uuid(dialog)
                    .time(at)
                    .int(kind as i64)
                    .null()
                    .json(&activity)
                    .map(|row| row.end())
            };
        write(
            created,
            ActivityType::DialogCreated,
            &parent.service_owner,
            rng,
        )?;
        if rng.random_bool(0.5) {
            let at = between(rng, created, until);
            write(at, ActivityType::FormSaved, &parent.representative, rng)?;
        }
        Ok(())
    }
}
