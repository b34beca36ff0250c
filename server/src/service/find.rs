//! One part of a loaded dialog by its id, or a 404 naming the part's kind.

use uuid::Uuid;

use crate::{
    domain::dialog::model::{Activity, Transmission},
    error::{Error, Result},
    store::{dialogs::DialogAggregate, end_user_context::SeenLogEntry},
};

/// One transmission of a dialog.
pub fn transmission(aggregate: &DialogAggregate, id: Uuid) -> Result<&Transmission> {
    aggregate
        .transmissions
        .iter()
        .find(|transmission| transmission.id == id)
        .ok_or_else(|| Error::entity_not_found("DialogTransmission", id))
}

/// One activity of a dialog.
pub fn activity(aggregate: &DialogAggregate, id: Uuid) -> Result<&Activity> {
    aggregate
        .activities
        .iter()
        .find(|activity| activity.id == id)
        .ok_or_else(|| Error::entity_not_found("DialogActivity", id))
}

/// One entry of a dialog's seen log.
pub fn seen_entry(log: &[SeenLogEntry], id: Uuid) -> Result<&SeenLogEntry> {
    log.iter()
        .find(|entry| entry.id == id)
        .ok_or_else(|| Error::entity_not_found("DialogSeenLog", id))
}
