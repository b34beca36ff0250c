//! What a dialog's transmissions and activities imply for the dialog itself.

use crate::{
    domain::{
        dialog::model::{Activity, ActivityType, Transmission},
        resource::ResourceType,
    },
    store::dialogs::DialogRecord,
};

/// Sets what a dialog's transmissions and activities imply for the dialog itself: the two
/// transmission counters, the Sent label, and whether something is still unopened (a
/// service-owner transmission without a TransmissionOpened activity, or an unopened correspondence).
pub fn set_transmission_state(
    record: &mut DialogRecord,
    transmissions: &[Transmission],
    activities: &[Activity],
) {
    let opened = |transmission: &Transmission| {
        activities.iter().any(|activity| {
            activity.activity_type == ActivityType::TransmissionOpened
                && activity.transmission_id == Some(transmission.id)
        })
    };
    let from_party = transmissions
        .iter()
        .filter(|t| t.transmission_type.is_from_party())
        .count();
    let unopened_transmission = transmissions.iter().any(|transmission| {
        !transmission.transmission_type.is_from_party() && !opened(transmission)
    });
    let correspondence = ResourceType::parse(&record.service_resource_type)
        == Some(ResourceType::CorrespondenceService);
    let unopened_correspondence = correspondence
        && !activities
            .iter()
            .any(|activity| activity.activity_type == ActivityType::CorrespondenceOpened);
    record.has_unopened_content = unopened_transmission || unopened_correspondence;
    record.from_service_owner_transmissions_count =
        i16::try_from(transmissions.len() - from_party).unwrap_or(i16::MAX);
    record.from_party_transmissions_count = i16::try_from(from_party).unwrap_or(i16::MAX);
    record.sent = from_party > 0;
}
