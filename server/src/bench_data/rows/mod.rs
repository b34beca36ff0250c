//! Dialog rows and their children for one chunk of the data set, as CSV for COPY. Every chunk
//! has its own random stream, so chunks can be made in any order and the data set stays the
//! same for a seed.

mod parts;
mod spread;

use chrono::{DateTime, Duration, TimeZone, Utc};
use parts::Parts;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use spread::WORST_CASES;
pub use spread::{Owner, Spread};
use uuid::Uuid;

use super::{
    csv::Csv,
    people::{self, PARENT_ORGANIZATION, PERSONA_PERSONS, Register, SUB_UNITS},
    words,
};
use crate::domain::dialog::{
    model::{Actor, ActorType, ContentValueDoc, LocalizationDoc},
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

/// What was drawn for a dialog before its row.
struct Drawn {
    owner: Owner,
    resource: usize,
    /// Transmissions, and how many of them from the party.
    counts: (i64, i64),
    seen: bool,
    folder: SystemLabel,
}

/// A dialog's status, dates and search tags.
struct Dates {
    status: DialogStatus,
    due: Option<DateTime<Utc>>,
    expired: Option<DateTime<Utc>>,
    deleted: Option<DateTime<Utc>>,
    tags: Vec<String>,
}

impl Dates {
    fn draw(rng: &mut ChaCha8Rng, parent: &Parent) -> Self {
        let (created, content_updated) = (parent.created, parent.until);
        Self {
            status: status(rng),
            due: rng.random_bool(0.2).then(|| created + Duration::days(30)),
            expired: rng
                .random_bool(0.02)
                .then(|| content_updated + Duration::days(60)),
            deleted: rng
                .random_bool(0.01)
                .then(|| content_updated + Duration::days(1)),
            tags: (0..rng.random_range(0..3))
                .map(|_| words::word(rng))
                .collect(),
        }
    }
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
        let parent = Parent {
            dialog: id,
            created,
            until: content_updated,
            service_owner: Actor {
                actor_type: ActorType::ServiceOwner,
                actor_name: None,
                actor_id: None,
            },
            representative: self.actor_for(owner),
        };
        let counts = Self::transmissions(rng, rows, &parent)?;
        Self::activities(rng, rows, &parent)?;
        let seen = Self::seen(rng, rows, &parent)?;
        let folder = Self::folder(rng, rows, &parent)?;
        let parts = Parts::draw(rng, id);
        let drawn = Drawn {
            owner,
            resource,
            counts,
            seen,
            folder,
        };
        let shown = self.write_dialog(rng, rows, (&parent, &drawn), &parts)?;
        let held = parts
            .attachments
            .iter()
            .map(|attachment| (attachment.id, EntityKind::Attachment))
            .chain(
                parts
                    .gui_actions
                    .iter()
                    .map(|action| (action.id, EntityKind::GuiAction)),
            );
        for (entity, kind) in held {
            rows.entity_ids.uuid(entity).uuid(id).int(kind as i64).end();
        }
        // Samples are dialogs every persona's requests can open: shown, and of the first
        // service owner's resources (skd owns the first four).
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

    /// Seen by its representative after its latest content, 7 times in 10.
    fn seen(rng: &mut ChaCha8Rng, rows: &mut Chunk, parent: &Parent) -> anyhow::Result<bool> {
        let seen = rng.random_bool(0.7);
        if seen {
            let at = between(rng, parent.until, parent.until + Duration::days(3));
            let seen_id = uuid_v7(rng, at);
            let row = &mut rows.seen_log;
            row.uuid(seen_id)
                .uuid(parent.dialog)
                .time(at)
                .bool(false)
                .json(&parent.representative)?
                .end();
        }
        Ok(seen)
    }

    /// One in ten archived and one in twenty in the bin, logged as the end user's label.
    fn folder(
        rng: &mut ChaCha8Rng,
        rows: &mut Chunk,
        parent: &Parent,
    ) -> anyhow::Result<SystemLabel> {
        let folder = match rng.random_range(0..100) {
            0..10 => SystemLabel::Archive,
            10..15 => SystemLabel::Bin,
            _ => SystemLabel::Default,
        };
        if folder != SystemLabel::Default {
            let at = parent.until + Duration::days(4);
            let label_id = uuid_v7(rng, at);
            let row = &mut rows.label_log;
            row.uuid(label_id)
                .uuid(parent.dialog)
                .time(at)
                .text(&format!("systemlabel:{}", folder.name()))
                .text("set")
                .json(&parent.representative)?
                .end();
        }
        Ok(folder)
    }

    /// The dialog's row, the rest of its values drawn here; whether it is shown (neither
    /// deleted nor expired).
    fn write_dialog(
        &self,
        rng: &mut ChaCha8Rng,
        rows: &mut Chunk,
        (parent, drawn): (&Parent, &Drawn),
        parts: &Parts,
    ) -> anyhow::Result<bool> {
        let (created, content_updated) = (parent.created, parent.until);
        let (transmissions, from_party) = drawn.counts;
        let Dates {
            status,
            due,
            expired,
            deleted,
            tags,
        } = Dates::draw(rng, parent);
        let row = &mut rows.dialogs;
        row.uuid(parent.dialog)
            .uuid(uuid_v4(rng))
            .text(people::resource_owner(drawn.resource))
            .text(people::resource_id(drawn.resource).as_str())
            .text("GenericAccessResource")
            .text(&self.party(drawn.owner))
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
            .bool(!drawn.seen)
            .bool(drawn.seen)
            .int(transmissions - from_party)
            .int(from_party)
            .int(i64::from(drawn.folder.id()))
            .bool(rng.random_bool(0.02))
            .bool(from_party > 0)
            .uuid(uuid_v4(rng))
            .uuid(uuid_v4(rng))
            .array(&[])
            .array(&tags)
            .json(&parts.content)?
            .json(&parts.attachments)?
            .json(&parts.gui_actions)?
            .text("[]")
            .end();
        Ok(deleted.is_none() && expired.is_none())
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    /// The data set is the same from version to version, so that benchmark runs on it compare:
    /// a chunk's rows, digested, are pinned.
    #[test]
    fn a_seed_gives_the_same_rows_as_before() {
        let register = Register::for_dialogs(2_000);
        let spread = Spread::new(2_000);
        let plan = Plan {
            seed: 7,
            register: &register,
            spread: &spread,
        };
        let chunk = plan.chunk(3, 0..2_000).expect("rows");
        let mut digest = Sha256::new();
        for csv in [
            &chunk.dialogs,
            &chunk.entity_ids,
            &chunk.transmissions,
            &chunk.activities,
            &chunk.seen_log,
            &chunk.label_log,
        ] {
            digest.update(csv.as_bytes());
        }
        let digest = format!("{:x}", digest.finalize());
        assert_eq!(
            digest,
            "7960c7e6cef6a889080c2b00a3de9ca64af90ea852de1537fdf796e0061eec0b"
        );
        assert_eq!(chunk.samples.len(), 104);
    }
}
