//! The questions a dialog asks the authorizer: its (action, attribute) pairs and the
//! authorization contexts its parts carry.

use uuid::Uuid;

use crate::{
    authz::decision::{ActionRequest, ContextCheck},
    domain::{
        dialog::authorization_context::{AuthorizationContext, navigational_action_id},
        party::Party,
        resource::{Action, Attribute, ResourceId},
    },
    store::dialogs::DialogAggregate,
};

/// The raw (action, authorization attribute) pairs a dialog asks about: every GUI and API action,
/// each transmission's attribute, and read on the dialog itself.
pub(super) fn asked(aggregate: &DialogAggregate) -> Vec<(String, Option<String>)> {
    let dialog = &aggregate.dialog;
    let mut pairs: Vec<(String, Option<String>)> = vec![("read".into(), None)];
    // An action with an authorization context is decided by it, and granted in the token's `e`.
    let actions = dialog
        .gui_actions
        .0
        .iter()
        .filter(|action| action.authorization_context.is_none())
        .map(|action| (&action.action, &action.authorization_attribute))
        .chain(
            dialog
                .api_actions
                .0
                .iter()
                .filter(|action| action.authorization_context.is_none())
                .map(|action| (&action.action, &action.authorization_attribute)),
        );
    for (action, attribute) in actions {
        pairs.push((action.to_ascii_lowercase(), attribute.clone()));
    }
    for transmission in &aggregate.transmissions {
        if let Some(attribute) = &transmission.authorization_attribute {
            pairs.push((
                transmission_action(attribute).into(),
                Some(attribute.clone()),
            ));
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

/// Reading a transmission guarded by another resource is `read` there; otherwise `transmissionread`.
fn transmission_action(attribute: &str) -> &'static str {
    if attribute
        .to_ascii_lowercase()
        .starts_with("urn:altinn:resource:")
    {
        "read"
    } else {
        "transmissionread"
    }
}

pub(super) fn request(action: &str, attribute: Option<&str>) -> Option<ActionRequest> {
    Some(ActionRequest {
        action: Action::parse(action).ok()?,
        attribute: match attribute {
            Some(attribute) => Some(Attribute::parse(attribute).ok()?),
            None => None,
        },
    })
}

/// Every authorization context a dialog's parts carry, with the id of the entity carrying it
/// (a navigational action's from its transmission), in document order: GUI actions, API
/// actions, attachments, then each transmission with its attachments and navigational actions.
pub(super) fn contexts(aggregate: &DialogAggregate) -> Vec<(Uuid, &AuthorizationContext)> {
    let dialog = &aggregate.dialog;
    let gui = dialog
        .gui_actions
        .0
        .iter()
        .map(|action| (action.id, &action.authorization_context));
    let api = dialog
        .api_actions
        .0
        .iter()
        .map(|action| (action.id, &action.authorization_context));
    let attachments = dialog
        .attachments
        .0
        .iter()
        .map(|attachment| (attachment.id, &attachment.authorization_context));
    let transmissions =
        aggregate.transmissions.iter().flat_map(|transmission| {
            std::iter::once((transmission.id, &transmission.authorization_context))
                .chain(
                    transmission
                        .attachments
                        .iter()
                        .map(|attachment| (attachment.id, &attachment.authorization_context)),
                )
                .chain(transmission.navigational_actions.iter().enumerate().map(
                    |(index, action)| {
                        (
                            navigational_action_id(transmission.id, index),
                            &action.authorization_context,
                        )
                    },
                ))
        });
    gui.chain(api)
        .chain(attachments)
        .chain(transmissions)
        .filter_map(|(id, context)| Some((id, context.as_ref()?)))
        .collect()
}

/// A context's question in the registry's terms; `None` when a part of it cannot be read
/// (denied, failing closed).
pub(super) fn context_check(
    context: &AuthorizationContext,
    party: &Party,
    resource: &ResourceId,
) -> Option<ContextCheck> {
    let resource = match &context.service_resource {
        Some(other) => ResourceId::parse(other).ok()?,
        None => resource.clone(),
    };
    let attribute = match &context.additional_resource_attribute {
        Some(attribute) => Some(Attribute::parse(attribute).ok()?),
        None => None,
    };
    let mut parties = Vec::new();
    for named in &context.parties {
        parties.push(Party::parse(named).ok()?);
    }
    if context.include_dialog_party {
        parties.push(party.clone());
    }
    Some(ContextCheck {
        resource,
        request: ActionRequest {
            action: Action::parse(context.effective_action()).ok()?,
            attribute,
        },
        parties,
    })
}
