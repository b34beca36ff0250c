//! Activities: what happened in a dialog, by whom, and which transmission was opened.

use super::*;

pub(super) fn check_activities(
    errors: &mut Errors,
    inputs: Option<&[ActivityInput]>,
    transmissions: &[Transmission],
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Vec<Activity> {
    let activities: Vec<Activity> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            check_activity(
                errors,
                &format!("Activities[{index}]"),
                input,
                transmissions,
                now,
                privileges,
            )
        })
        .collect();
    errors.unique_ids("Activities", activities.iter().map(|activity| activity.id));
    activities
}

/// Checks one activity against the dialog's transmissions; `path` prefixes its error keys.
pub(super) fn check_activity(
    errors: &mut Errors,
    path: &str,
    input: &ActivityInput,
    transmissions: &[Transmission],
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Activity {
    let activity_type = errors
        .required(&format!("{path}.Type"), input.activity_type.as_ref())
        .copied()
        .unwrap_or(ActivityType::Information);
    let description = check_description(errors, path, input, activity_type, privileges);
    check_opened_transmission(
        errors,
        path,
        activity_type,
        input.transmission_id,
        transmissions,
    );
    let created_at = check_created_at(errors, path, input.created_at, now);
    Activity {
        id: errors.id(&format!("{path}.Id"), input.id, now),
        created_at,
        extended_type: errors.uri(
            &format!("{path}.ExtendedType"),
            input.extended_type.as_ref(),
            1023,
        ),
        activity_type,
        transmission_id: input.transmission_id,
        performed_by: check_actor(
            errors,
            &format!("{path}.PerformedBy"),
            input.performed_by.as_ref(),
        ),
        description,
    }
}

/// Only a TransmissionOpened activity references a transmission, and one of the dialog's.
fn check_opened_transmission(
    errors: &mut Errors,
    path: &str,
    activity_type: ActivityType,
    transmission_id: Option<Uuid>,
    transmissions: &[Transmission],
) {
    match (
        activity_type == ActivityType::TransmissionOpened,
        transmission_id,
    ) {
        (true, None) => errors.add(
            format!("{path}.TransmissionId"),
            "An activity of type TransmissionOpened needs to reference a transmission.",
        ),
        (false, Some(_)) => errors.add(
            format!("{path}.TransmissionId"),
            "Only activities of type TransmissionOpened can reference a transmission.",
        ),
        (true, Some(id))
            if !transmissions
                .iter()
                .any(|transmission| transmission.id == id) =>
        {
            errors
                .1
                .entry(format!("{path}.TransmissionId"))
                .or_default()
                .push(format!("No transmission '{id}' in this dialog"));
        }
        _ => {}
    }
}

/// An activity's description: required for Information, allowed for nothing else; longer for
/// correspondence.
fn check_description(
    errors: &mut Errors,
    path: &str,
    input: &ActivityInput,
    activity_type: ActivityType,
    privileges: WritePrivileges,
) -> Vec<LocalizationDoc> {
    let max_description = if privileges.content.correspondence {
        4095
    } else {
        255
    };
    let description = errors.localizations(
        &format!("{path}.Description"),
        input.description.as_ref(),
        max_description,
    );
    match (
        activity_type == ActivityType::Information,
        description.is_empty(),
    ) {
        (true, true) => errors.add(
            format!("{path}.Description"),
            "Description is required when the type is 'Information'.",
        ),
        (false, false) => errors.add(
            format!("{path}.Description"),
            "Description is only allowed when the type is 'Information'.",
        ),
        _ => {}
    }
    description
}
