//! What one end user may see and do with one dialog, decided once per request.

use std::collections::HashMap;

use uuid::Uuid;

use super::asked::{asked, context_check, contexts, request};
use crate::{
    authz::{
        Authorizer, EndUser,
        decision::{ActionRequest, ContextCheck, DialogDecision},
    },
    domain::{
        dialog::{
            authorization_context::{AuthorizationContext, navigational_action_id},
            model::{ApiAction, Attachment, GuiAction, NavigationalAction, Transmission},
        },
        party::Party,
        resource::ResourceId,
    },
    error::Result,
    store::dialogs::DialogAggregate,
};

/// What one end user may do with one dialog.
#[derive(Debug, Clone)]
pub struct DialogAccess {
    decision: DialogDecision,
    asked: Vec<(String, Option<String>)>,
    /// Each entity with an authorization context, and whether its own check grants it.
    granted: HashMap<Uuid, bool>,
}

impl DialogAccess {
    /// Everything the dialog offers permitted: how its service owner previews it.
    pub fn everything(aggregate: &DialogAggregate) -> Self {
        let asked = asked(aggregate);
        let decision = DialogDecision::permitting(
            asked
                .iter()
                .filter_map(|(action, attribute)| request(action, attribute.as_deref())),
        );
        let granted = contexts(aggregate)
            .into_iter()
            .map(|(id, _)| (id, true))
            .collect();
        Self {
            decision,
            asked,
            granted,
        }
    }

    /// Whether the entity's own authorization context grants it (none: not decided by one).
    fn context(&self, id: Uuid, context: &Option<AuthorizationContext>) -> Option<bool> {
        context
            .as_ref()
            .map(|_| self.granted.get(&id).copied().unwrap_or(false))
    }

    pub fn gui_action(&self, action: &GuiAction) -> bool {
        self.context(action.id, &action.authorization_context)
            .unwrap_or_else(|| {
                self.action(&action.action, action.authorization_attribute.as_deref())
            })
    }

    pub fn api_action(&self, action: &ApiAction) -> bool {
        self.context(action.id, &action.authorization_context)
            .unwrap_or_else(|| {
                self.action(&action.action, action.authorization_attribute.as_deref())
            })
    }

    /// A dialog's own attachment: one without a context has the dialog's access; one with a
    /// context needs read on the dialog's resource as well.
    pub fn dialog_attachment(&self, attachment: &Attachment) -> bool {
        self.context(attachment.id, &attachment.authorization_context)
            .is_none_or(|granted| granted && self.read())
    }

    pub fn transmission_of(&self, transmission: &Transmission) -> bool {
        self.context(transmission.id, &transmission.authorization_context)
            .unwrap_or_else(|| self.transmission(transmission.authorization_attribute.as_deref()))
    }

    /// A transmission's attachment: never more than its transmission.
    pub fn transmission_attachment(&self, transmission: bool, attachment: &Attachment) -> bool {
        transmission
            && self
                .context(attachment.id, &attachment.authorization_context)
                .unwrap_or(true)
    }

    /// A transmission's navigational action (its position in the transmission's list): never
    /// more than its transmission.
    pub fn navigational_action(
        &self,
        transmission: (&Transmission, bool),
        index: usize,
        action: &NavigationalAction,
    ) -> bool {
        let (of, granted) = transmission;
        granted
            && self
                .context(
                    navigational_action_id(of.id, index),
                    &action.authorization_context,
                )
                .unwrap_or(true)
    }

    /// The dialog token's `e`: for each entity whose context grants it (and whose parent is
    /// granted), its `tokenRef` or its id, in document order, each once.
    pub fn authorized_entities(&self, aggregate: &DialogAggregate) -> Vec<String> {
        let mut entities: Vec<String> = Vec::new();
        let mut add = |context: &Option<AuthorizationContext>, id: Uuid, granted: bool| {
            if let Some(context) = context.as_ref().filter(|_| granted) {
                let reference = context.token_reference(id);
                if !entities.contains(&reference) {
                    entities.push(reference);
                }
            }
        };
        let dialog = &aggregate.dialog;
        for action in &dialog.gui_actions.0 {
            add(
                &action.authorization_context,
                action.id,
                self.gui_action(action),
            );
        }
        for action in &dialog.api_actions.0 {
            add(
                &action.authorization_context,
                action.id,
                self.api_action(action),
            );
        }
        for attachment in &dialog.attachments.0 {
            add(
                &attachment.authorization_context,
                attachment.id,
                self.dialog_attachment(attachment),
            );
        }
        for transmission in &aggregate.transmissions {
            let granted = self.transmission_of(transmission);
            add(
                &transmission.authorization_context,
                transmission.id,
                granted,
            );
            for attachment in &transmission.attachments {
                add(
                    &attachment.authorization_context,
                    attachment.id,
                    self.transmission_attachment(granted, attachment),
                );
            }
            for (index, action) in transmission.navigational_actions.iter().enumerate() {
                add(
                    &action.authorization_context,
                    navigational_action_id(transmission.id, index),
                    self.navigational_action((transmission, granted), index, action),
                );
            }
        }
        entities
    }

    fn permits(&self, action: &str, attribute: Option<&str>) -> bool {
        request(action, attribute).is_some_and(|request| self.decision.permits(&request))
    }

    /// Some right on the dialog's resource as a whole.
    pub fn main(&self) -> bool {
        self.decision
            .permitted()
            .any(|request| request.attribute.is_none())
    }

    pub fn authentication_level_too_low(&self) -> bool {
        self.decision.authentication_level_too_low
    }

    /// A GUI or API action: without an attribute it needs the action and the main resource.
    pub fn action(&self, action: &str, attribute: Option<&str>) -> bool {
        match attribute {
            None => self.main() && self.permits(action, None),
            Some(attribute) => self.permits(action, Some(attribute)),
        }
    }

    /// A transmission: without an attribute the main resource decides.
    pub fn transmission(&self, attribute: Option<&str>) -> bool {
        match attribute {
            None => self.main(),
            Some(attribute) => {
                self.permits("transmissionread", Some(attribute))
                    || self.permits("read", Some(attribute))
            }
        }
    }

    /// Read on the main resource: what the main content reference needs.
    pub fn read(&self) -> bool {
        self.permits("read", None)
    }

    /// The permitted pairs, attributes as the service owner wrote them: the token's `a`.
    pub fn permitted(&self) -> Vec<(String, Option<String>)> {
        self.asked
            .iter()
            .filter(|(action, attribute)| self.permits(action, attribute.as_deref()))
            .cloned()
            .collect()
    }
}

/// Decides everything one dialog asks about for one user.
pub async fn decide(
    authorizer: &Authorizer,
    user: &EndUser,
    aggregate: &DialogAggregate,
) -> Result<DialogAccess> {
    let asked = asked(aggregate);
    let (party, resource) = (&aggregate.dialog.party, &aggregate.dialog.service_resource);
    let requests: Vec<ActionRequest> = asked
        .iter()
        .filter_map(|(action, attribute)| request(action, attribute.as_deref()))
        .collect();
    let decision = authorizer
        .decide_dialog(user, party, resource, &requests)
        .await?;
    let contexts = contexts(aggregate);
    let checks: Vec<(Uuid, ContextCheck)> = contexts
        .iter()
        .filter_map(|(id, context)| Some((*id, context_check(context, party, resource)?)))
        .collect();
    let decided = authorizer
        .decide_contexts(
            user,
            &checks
                .iter()
                .map(|(_, check)| check.clone())
                .collect::<Vec<_>>(),
        )
        .await?;
    let granted = checks
        .iter()
        .zip(decided)
        .map(|((id, _), granted)| (*id, granted))
        .collect();
    Ok(DialogAccess {
        decision,
        asked,
        granted,
    })
}

/// Whether the user may find the dialog in lists: some right on its (party, resource).
pub async fn may_list(
    authorizer: &Authorizer,
    user: &EndUser,
    party: &Party,
    resource: &ResourceId,
) -> Result<bool> {
    Ok(authorizer
        .readable_groups(user)
        .await?
        .iter()
        .any(|group| group.contains(party, resource)))
}
