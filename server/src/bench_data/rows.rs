//! Dialog rows and their children for one chunk of the data set, as CSV for COPY. Every chunk
//! has its own random stream, so chunks can be made in any order and the data set stays the
//! same for a seed.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::{
    csv::Csv,
    people::{
        self, PARENT_ORGANIZATION, PERSONA_ORGANIZATIONS, PERSONA_PERSONS, Register, SUB_UNITS,
    },
    words,
};
use crate::domain::dialog::{
    model::{
        Activity, ActivityType, Actor, ActorType, Attachment, AttachmentUrl,
        AttachmentUrlConsumerType, ContentValueDoc, DialogContent, GuiAction, GuiActionPriority,
        HttpMethod, LocalizationDoc, Transmission, TransmissionContent, TransmissionType,
    },
    status::{DialogStatus, SystemLabel},
};
use crate::store::entity_ids::EntityKind;

/// The data set's dates end here and reach five years back.
fn end_of_window() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}
const WINDOW_DAYS: i64 = 5 * 365;

/// Who a dialog belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Person(usize),
    Organization(usize),
}

/// The worst cases: how many dialogs each persona party gets at most, and the share of a small
/// data set it may take instead.
const WORST_CASES: [(Owner, u64, f64); 6] = [
    (Owner::Organization(0), 73_000, 0.25),
    (Owner::Organization(1), 34_000, 0.12),
    (Owner::Organization(PARENT_ORGANIZATION), 10_000, 0.04),
    (Owner::Person(people::persona::PERSON_73K), 73_000, 0.10),
    (Owner::Person(people::persona::PERSON_34K), 34_000, 0.05),
    (Owner::Person(people::persona::PERSON_10K), 10_000, 0.02),
];

/// The columns of each table, in the order the rows are written.
pub const DIALOG_COLUMNS: &str = "id, revision, org, service_resource, service_resource_type, party, \
    idempotent_key, status, progress, extended_status, external_reference, process, preceding_process, \
    visible_from, due_at, expires_at, created_at, updated_at, content_updated_at, deleted_at, is_api_only, \
    frozen, has_unopened_content, is_seen_since_last_content_update, from_service_owner_transmissions_count, \
    from_party_transmissions_count, system_label, marked_as_unopened, sent, end_user_context_revision, \
    service_owner_context_revision, service_owner_labels, search_tags, content, attachments, gui_actions, \
    api_actions";
pub const TRANSMISSION_COLUMNS: &str =
    "id, dialog_id, idempotent_key, created_at, type, related_transmission_id, document";
pub const ENTITY_ID_COLUMNS: &str = "id, dialog_id, entity";
pub const ACTIVITY_COLUMNS: &str = "id, dialog_id, created_at, type, transmission_id, document";
pub const SEEN_COLUMNS: &str = "id, dialog_id, created_at, is_via_service_owner, seen_by";
pub const LABEL_LOG_COLUMNS: &str = "id, dialog_id, created_at, name, action, performed_by";

/// One chunk's rows, table by table.
#[derive(Default)]
pub struct Chunk {
    pub dialogs: Csv,
    /// The ids of the dialogs' attachments and GUI actions, claimed as the API claims them.
    pub entity_ids: Csv,
    pub transmissions: Csv,
    pub activities: Csv,
    pub seen_log: Csv,
    pub label_log: Csv,
    /// The first dialogs of each worst case and of the citizen in this chunk, for the benchmark.
    pub samples: Vec<(Owner, Uuid)>,
}

/// Which party gets each dialog: the worst cases' counts, the rest spread over the tail.
pub struct Spread {
    total: u64,
    cumulative: Vec<(Owner, u64)>,
}

impl Spread {
    pub fn new(total: u64) -> Self {
        let mut sum = 0;
        let cumulative = WORST_CASES
            .iter()
            .map(|&(owner, most, share)| {
                let count = most.min((total as f64 * share) as u64);
                sum += count;
                (owner, sum)
            })
            .collect();
        Self { total, cumulative }
    }

    /// How many dialogs each worst case gets (expected).
    pub fn worst_cases(&self) -> Vec<(Owner, u64)> {
        let mut previous = 0;
        self.cumulative
            .iter()
            .map(|&(owner, until)| {
                let count = until - previous;
                previous = until;
                (owner, count)
            })
            .collect()
    }

    fn draw(&self, rng: &mut ChaCha8Rng, register: &Register) -> Owner {
        let at = rng.random_range(0..self.total);
        match self.cumulative.iter().find(|(_, until)| at < *until) {
            Some((Owner::Organization(PARENT_ORGANIZATION), _)) => {
                Owner::Organization(PARENT_ORGANIZATION + rng.random_range(0..=SUB_UNITS))
            }
            Some((owner, _)) => *owner,
            None if rng.random_bool(0.7) => {
                Owner::Person(rng.random_range(PERSONA_PERSONS..register.persons.len()))
            }
            None => Owner::Organization(
                rng.random_range(PERSONA_ORGANIZATIONS..register.organizations.len()),
            ),
        }
    }
}

fn localized(value: String) -> Vec<LocalizationDoc> {
    vec![LocalizationDoc {
        language_code: "nb".into(),
        value,
    }]
}

fn plain(value: Vec<LocalizationDoc>) -> ContentValueDoc {
    ContentValueDoc {
        value,
        media_type: "text/plain".into(),
    }
}

fn uuid_v7(rng: &mut ChaCha8Rng, at: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or_default();
    uuid::Builder::from_unix_timestamp_millis(millis, &rng.random()).into_uuid()
}

fn uuid_v4(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

fn between(rng: &mut ChaCha8Rng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_seconds().max(1);
    from + Duration::seconds(rng.random_range(0..span))
}

fn status(rng: &mut ChaCha8Rng) -> DialogStatus {
    match rng.random_range(0..100) {
        0..10 => DialogStatus::NotApplicable,
        10..40 => DialogStatus::InProgress,
        40..50 => DialogStatus::Awaiting,
        50..55 => DialogStatus::RequiresAttention,
        55..60 => DialogStatus::Draft,
        _ => DialogStatus::Completed,
    }
}

/// What a dialog's children need of it.
struct Parent {
    dialog: Uuid,
    created: DateTime<Utc>,
    until: DateTime<Utc>,
    service_owner: Actor,
    representative: Actor,
}

/// What a chunk needs to know about the whole data set.
pub struct Plan<'a> {
    pub seed: u64,
    pub register: &'a Register,
    pub spread: &'a Spread,
}

impl Plan<'_> {
    fn actor_for(&self, owner: Owner) -> Actor {
        let person = match owner {
            Owner::Person(index) => index,
            Owner::Organization(0) => people::persona::MANAGER_73K,
            Owner::Organization(1) => people::persona::MANAGER_34K,
            Owner::Organization(index) if index <= PARENT_ORGANIZATION + SUB_UNITS => {
                people::persona::MANAGER_WITH_SUB_UNITS
            }
            Owner::Organization(index) => {
                PERSONA_PERSONS + index % (self.register.persons.len() - PERSONA_PERSONS)
            }
        };
        Actor {
            actor_type: ActorType::PartyRepresentative,
            actor_name: Some(format!("Person {person}")),
            actor_id: Some(self.register.person_party(person)),
        }
    }

    fn party(&self, owner: Owner) -> String {
        match owner {
            Owner::Person(index) => self.register.person_party(index),
            Owner::Organization(index) => self.register.organization_party(index),
        }
    }

    /// Dialogs `range` of the data set, in chunk `chunk`'s own random stream.
    pub fn chunk(&self, chunk: u64, range: std::ops::Range<u64>) -> anyhow::Result<Chunk> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(chunk);
        let mut rows = Chunk::default();
        for _ in range {
            self.dialog(&mut rng, &mut rows)?;
        }
        Ok(rows)
    }

    fn dialog(&self, rng: &mut ChaCha8Rng, rows: &mut Chunk) -> anyhow::Result<()> {
        let end = end_of_window();
        let owner = self.spread.draw(rng, self.register);
        let resource = rng.random_range(0..people::RESOURCES);
        let created = end - Duration::seconds(rng.random_range(0..WINDOW_DAYS * 86_400));
        let content_updated = between(rng, created, (created + Duration::days(30)).min(end));
        let id = uuid_v7(rng, created);
        let service_owner = Actor {
            actor_type: ActorType::ServiceOwner,
            actor_name: None,
            actor_id: None,
        };
        let representative = self.actor_for(owner);
        let parent = Parent {
            dialog: id,
            created,
            until: content_updated,
            service_owner,
            representative,
        };
        let (transmissions, from_party) = Self::transmissions(rng, rows, &parent)?;
        Self::activities(rng, rows, &parent)?;
        let representative = parent.representative;
        let seen = rng.random_bool(0.7);
        if seen {
            let at = between(rng, content_updated, content_updated + Duration::days(3));
            let seen_id = uuid_v7(rng, at);
            let row = &mut rows.seen_log;
            row.uuid(seen_id)
                .uuid(id)
                .time(at)
                .bool(false)
                .json(&representative)?
                .end();
        }
        let folder = match rng.random_range(0..100) {
            0..10 => SystemLabel::Archive,
            10..15 => SystemLabel::Bin,
            _ => SystemLabel::Default,
        };
        if folder != SystemLabel::Default {
            let at = content_updated + Duration::days(4);
            let label_id = uuid_v7(rng, at);
            let row = &mut rows.label_log;
            row.uuid(label_id)
                .uuid(id)
                .time(at)
                .text(&format!("systemlabel:{}", folder.name()))
                .text("set")
                .json(&representative)?
                .end();
        }
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
        let status = status(rng);
        let due = rng.random_bool(0.2).then(|| created + Duration::days(30));
        let expired = rng
            .random_bool(0.02)
            .then(|| content_updated + Duration::days(60));
        let deleted = rng
            .random_bool(0.01)
            .then(|| content_updated + Duration::days(1));
        let tags: Vec<String> = (0..rng.random_range(0..3))
            .map(|_| words::word(rng))
            .collect();
        let row = &mut rows.dialogs;
        row.uuid(id)
            .uuid(uuid_v4(rng))
            .text(people::resource_owner(resource))
            .text(people::resource_id(resource).as_str())
            .text("GenericAccessResource")
            .text(&self.party(owner))
            .null()
            .int(i64::from(status.id()))
            .null()
            .null()
            .null()
            .null()
            .null()
            .null()
            .optional_time(due)
            .optional_time(expired)
            .time(created)
            .time(content_updated)
            .time(content_updated)
            .optional_time(deleted)
            .bool(false)
            .bool(false)
            .bool(!seen)
            .bool(seen)
            .int(transmissions - from_party)
            .int(from_party)
            .int(i64::from(folder.id()))
            .bool(rng.random_bool(0.02))
            .bool(from_party > 0)
            .uuid(uuid_v4(rng))
            .uuid(uuid_v4(rng))
            .array(&[])
            .array(&tags)
            .json(&content)?
            .json(&attachments)?
            .json(&gui_actions)?
            .text("[]")
            .end();
        let held = attachments
            .iter()
            .map(|attachment| (attachment.id, EntityKind::Attachment))
            .chain(
                gui_actions
                    .iter()
                    .map(|action| (action.id, EntityKind::GuiAction)),
            );
        for (entity, kind) in held {
            rows.entity_ids.uuid(entity).uuid(id).int(kind as i64).end();
        }
        // Samples are dialogs every persona's requests can open: shown, and of the first
        // service owner's resources (skd owns the first four).
        let shown = deleted.is_none() && expired.is_none();
        let persona = matches!(owner, Owner::Person(PERSONA_PERSONS))
            || WORST_CASES.iter().any(|(case, _, _)| *case == owner);
        let sampled = rows
            .samples
            .iter()
            .filter(|(sampled, _)| *sampled == owner)
            .count();
        if shown && resource < 4 && persona && sampled < 20 {
            rows.samples.push((owner, id));
        }
        Ok(())
    }

    /// 0-3 transmissions, some from the party; returns how many and how many from the party.
    fn transmissions(
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
    fn activities(rng: &mut ChaCha8Rng, rows: &mut Chunk, parent: &Parent) -> anyhow::Result<()> {
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
