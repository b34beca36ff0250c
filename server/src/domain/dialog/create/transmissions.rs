//! Transmissions and the actors behind them.

use super::*;

impl CreateDialogRequest {
    pub(super) fn check_transmissions(
        &self,
        errors: &mut Errors,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> Vec<Transmission> {
        let mut keys = BTreeSet::new();
        let transmissions: Vec<Transmission> = self
            .transmissions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(index, input)| {
                let path = format!("Transmissions[{index}]");
                if let Some(key) = &input.idempotent_key
                    && !keys.insert(key.clone())
                {
                    errors.add(
                        format!("{path}.IdempotentKey"),
                        format!("'{key}' appears more than once"),
                    );
                }
                check_transmission(errors, &path, input, self.is_api_only, now, privileges)
            })
            .collect();
        errors.unique_ids(
            "Transmissions",
            transmissions.iter().map(|transmission| transmission.id),
        );
        check_transmission_tree(errors, &transmissions);
        transmissions
    }
}

/// A transmission's id, idempotency key, time, relation to another and type.
fn check_transmission_identity(
    errors: &mut Errors,
    path: &str,
    input: &TransmissionInput,
    now: DateTime<Utc>,
) -> (Uuid, DateTime<Utc>, TransmissionType) {
    let id = errors.id(&format!("{path}.Id"), input.id, now);
    if let Some(key) = &input.idempotent_key {
        errors.length(&format!("{path}.IdempotentKey"), key, 3, 36);
    }
    let created_at = check_created_at(errors, path, input.created_at, now);
    if input.related_transmission_id == Some(id) {
        errors.add(
            format!("{path}.RelatedTransmissionId"),
            format!(
                "A transmission cannot reference itself (RelatedTransmissionId is equal to Id, '{id}')."
            ),
        );
    }
    let transmission_type = errors
        .required(&format!("{path}.Type"), input.transmission_type.as_ref())
        .copied()
        .unwrap_or(TransmissionType::Information);
    (id, created_at, transmission_type)
}

/// Checks one transmission; `path` prefixes its error keys.
pub(super) fn check_transmission(
    errors: &mut Errors,
    path: &str,
    input: &TransmissionInput,
    is_api_only: bool,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Transmission {
    let (id, created_at, transmission_type) = check_transmission_identity(errors, path, input, now);
    let content = check_transmission_content(
        errors,
        path,
        input.content.as_ref(),
        is_api_only,
        privileges.content,
    );
    let attachments = check_attachments(
        errors,
        &format!("{path}.Attachments"),
        input.attachments.as_deref(),
        now,
        privileges,
    );
    let navigational_actions = check_navigational_actions(
        errors,
        path,
        input.navigational_actions.as_deref(),
        now,
        privileges,
    );
    let (authorization_attribute, authorization_context) = check_authorization(
        errors,
        path,
        input.authorization_attribute.as_ref(),
        input.authorization_context.as_ref(),
    );
    Transmission {
        id,
        idempotent_key: input.idempotent_key.clone(),
        created_at,
        authorization_attribute,
        authorization_context,
        extended_type: errors.uri(
            &format!("{path}.ExtendedType"),
            input.extended_type.as_ref(),
            1023,
        ),
        external_reference: errors.max_length(
            &format!("{path}.ExternalReference"),
            input.external_reference.as_ref(),
            255,
        ),
        related_transmission_id: input.related_transmission_id,
        transmission_type,
        sender: check_actor(errors, &format!("{path}.Sender"), input.sender.as_ref()),
        content,
        attachments,
        navigational_actions,
    }
}

pub(super) fn check_actor(errors: &mut Errors, path: &str, actor: Option<&ActorInput>) -> Actor {
    let fallback = Actor {
        actor_type: ActorType::ServiceOwner,
        actor_name: None,
        actor_id: None,
    };
    let Some(actor) = errors.required(path, actor) else {
        return fallback;
    };
    let Some(actor_type) = errors
        .required(&format!("{path}.ActorType"), actor.actor_type.as_ref())
        .copied()
    else {
        return fallback;
    };
    let actor_id = actor.actor_id.as_ref().map(|id| id.to_lowercase());
    match (actor_type, &actor.actor_name, &actor_id) {
        (ActorType::ServiceOwner, None, None) => {}
        (ActorType::ServiceOwner, _, _) => errors.add(
            path,
            "A ServiceOwner actor has neither ActorId nor ActorName",
        ),
        (_, Some(_), Some(_)) | (_, None, None) => {
            errors.add(path, "Exactly one of ActorId and ActorName must be set")
        }
        (_, None, Some(id)) => {
            if let Err(error) = Party::parse(id) {
                errors.add(format!("{path}.ActorId"), error.to_string());
            }
        }
        (_, Some(name), None) => {
            errors.length(&format!("{path}.ActorName"), name, 0, 255);
        }
    }
    Actor {
        actor_type,
        actor_name: actor.actor_name.clone(),
        actor_id,
    }
}

pub(super) fn check_transmission_content(
    errors: &mut Errors,
    path: &str,
    content: Option<&TransmissionContentInput>,
    is_api_only: bool,
    privileges: ContentPrivileges,
) -> Option<TransmissionContent> {
    let Some(content) = content else {
        if !is_api_only {
            errors.add(format!("{path}.Content"), "'Content' must not be empty.");
        }
        return None;
    };
    let mut field = |name: &str, input: &Option<ContentValueInput>, required: bool| {
        content_value(
            errors,
            &format!("{path}.Content.{name}"),
            rule(&TRANSMISSION_CONTENT, name),
            input.as_ref(),
            privileges,
            required,
        )
    };
    let title = field("Title", &content.title, true);
    let summary = field("Summary", &content.summary, false);
    let content_reference = field("ContentReference", &content.content_reference, false);
    title.map(|title| TransmissionContent {
        title,
        summary,
        content_reference,
    })
}

pub(super) fn check_navigational_actions(
    errors: &mut Errors,
    path: &str,
    inputs: Option<&[NavigationalActionInput]>,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Vec<NavigationalAction> {
    inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let path = format!("{path}.NavigationalActions[{index}]");
            let title = errors.localizations(&format!("{path}.Title"), input.title.as_ref(), 255);
            if title.is_empty() {
                errors.add(format!("{path}.Title"), "'Title' must not be empty.");
            }
            let expires_at = utc(input.expires_at);
            errors.future(&format!("{path}.ExpiresAt"), expires_at, now, privileges);
            NavigationalAction {
                title,
                url: errors.https_url(&format!("{path}.Url"), input.url.as_ref(), 1023),
                expires_at,
                authorization_context: check_context(
                    errors,
                    &format!("{path}.AuthorizationContext"),
                    input.authorization_context.as_ref(),
                ),
                is_authorized: None,
            }
        })
        .collect()
}

/// Related transmissions must exist in the same payload, form no cycle, and stay within
/// upstream's depth and width of 100.
pub(super) fn check_transmission_tree(errors: &mut Errors, transmissions: &[Transmission]) {
    const LIMIT: usize = 100;
    let parents: BTreeMap<Uuid, Option<Uuid>> = transmissions
        .iter()
        .map(|transmission| (transmission.id, transmission.related_transmission_id))
        .collect();
    let mut children: BTreeMap<Uuid, usize> = BTreeMap::new();
    for (index, transmission) in transmissions.iter().enumerate() {
        let Some(parent) = transmission.related_transmission_id else {
            continue;
        };
        let path = format!("Transmissions[{index}].RelatedTransmissionId");
        if !parents.contains_key(&parent) {
            errors.add(path, format!("No transmission '{parent}' in this dialog"));
            continue;
        }
        *children.entry(parent).or_default() += 1;
        let (mut current, mut depth) = (Some(parent), 1);
        while let Some(id) = current {
            if id == transmission.id || depth > LIMIT {
                errors.add(
                    path.clone(),
                    "The transmission chain forms a cycle or is deeper than 100",
                );
                break;
            }
            current = parents.get(&id).copied().flatten();
            depth += 1;
        }
    }
    if children.values().any(|count| *count > LIMIT) {
        errors.add(
            "Transmissions",
            "A transmission may have at most 100 related transmissions",
        );
    }
}

/// When a transmission or activity happened: now when not given, never in the future.
pub(super) fn check_created_at(
    errors: &mut Errors,
    path: &str,
    given: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let created_at = utc(given).unwrap_or(now);
    if created_at > now + CLOCK_SKEW {
        errors.add(
            format!("{path}.CreatedAt"),
            "'CreatedAt' must be in the past.",
        );
    }
    created_at
}
