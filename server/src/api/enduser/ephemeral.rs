//! Persons' ids as an end user reads them, as upstream writes them in every end-user response:
//! `urn:altinn:person:identifier-ephemeral:<10 hex digits>`, from a salt drawn for each request.
//! Within one response a person keeps one id (so `isCurrentEndUser` and repeated actors still
//! line up); across requests the ids differ, and no national identity number leaves the API.

use std::fmt::Write;

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::{
    domain::{dialog::model::Actor, party::PERSON_PREFIX},
    store::{dialogs::DialogAggregate, end_user_context::SeenLogEntry},
};

const EPHEMERAL_PREFIX: &str = "urn:altinn:person:identifier-ephemeral:";

/// The ephemeral ids of one response.
pub struct EphemeralIds {
    salt: [u8; 16],
}

impl Default for EphemeralIds {
    fn default() -> Self {
        Self::new()
    }
}

impl EphemeralIds {
    pub fn new() -> Self {
        Self {
            salt: rand::rng().random(),
        }
    }

    /// A person's URN as this response writes it; any other id as it is.
    pub fn id(&self, id: &str) -> String {
        if !id.starts_with(PERSON_PREFIX) {
            return id.to_owned();
        }
        let digest = Sha256::new()
            .chain_update(self.salt)
            .chain_update(id.as_bytes())
            .finalize();
        let mut masked = String::with_capacity(EPHEMERAL_PREFIX.len() + 10);
        masked.push_str(EPHEMERAL_PREFIX);
        for byte in &digest[..5] {
            let _ = write!(masked, "{byte:02x}");
        }
        masked
    }

    pub fn actor(&self, actor: &mut Actor) {
        if let Some(id) = &actor.actor_id {
            actor.actor_id = Some(self.id(id));
        }
    }

    pub fn seen_log(&self, entries: &mut [SeenLogEntry]) {
        for entry in entries {
            self.actor(&mut entry.seen_by.0);
        }
    }

    /// Every actor of a dialog an end user reads: the seen log, activities and transmissions.
    pub fn dialog(&self, aggregate: &mut DialogAggregate) {
        self.seen_log(&mut aggregate.seen_log);
        for activity in &mut aggregate.activities {
            self.actor(&mut activity.performed_by);
        }
        for transmission in &mut aggregate.transmissions {
            self.actor(&mut transmission.sender);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_keeps_one_id_in_a_response_and_gets_another_in_the_next() {
        let kari = "urn:altinn:person:identifier-no:01018012371";
        let ids = EphemeralIds::new();
        let masked = ids.id(kari);
        assert!(masked.starts_with(EPHEMERAL_PREFIX), "{masked}");
        assert_eq!(masked.len(), EPHEMERAL_PREFIX.len() + 10);
        assert!(
            masked[EPHEMERAL_PREFIX.len()..]
                .chars()
                .all(|c| c.is_ascii_hexdigit())
        );
        assert_eq!(ids.id(kari), masked);
        assert_ne!(
            ids.id("urn:altinn:person:identifier-no:15057523414"),
            masked
        );
        assert_ne!(EphemeralIds::new().id(kari), masked);
        let org = "urn:altinn:organization:identifier-no:310778737";
        assert_eq!(ids.id(org), org);
    }
}
