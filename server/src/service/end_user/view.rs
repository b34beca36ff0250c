//! What an end user sees of a dialog, whichever front door shows it: the elements they are
//! shown, those their authorization context leaves out, and whether each URL is theirs to
//! follow. A URL the user may not follow is taken out of its element, so that no front door
//! can show it by mistake.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::DialogAccess;
use crate::{
    domain::dialog::{
        authorization_context::{AuthorizationContext, created_at, navigational_action_id},
        model::{
            Activity, ActivityType, ApiAction, Attachment, AttachmentUrlConsumerType, GuiAction,
            NavigationalAction, Transmission,
        },
    },
    store::{
        dialogs::{DialogAggregate, DialogRecord},
        end_user_context::SeenLogEntry,
    },
};

/// Whether a URL the service owner gave is the end user's to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Available(String),
    /// The user lacks the right it needs.
    Unauthorized,
    /// It was given until a time that has passed.
    Expired,
}

impl Availability {
    /// Takes `url` out of its element (leaving it empty) into what the user may do with it.
    fn take(url: &mut String, authorized: bool, expired: bool) -> Self {
        let url = std::mem::take(url);
        if !authorized {
            Self::Unauthorized
        } else if expired {
            Self::Expired
        } else {
            Self::Available(url)
        }
    }

    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Available(url) => Some(url),
            Self::Unauthorized | Self::Expired => None,
        }
    }
}

/// An element left out for the user (its authorization context excludes it): its id and when
/// it was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excluded {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
}

impl Excluded {
    /// An element of something created at `container_created`: its own time when its id is a
    /// UUIDv7, else the container's.
    fn element(id: Uuid, container_created: DateTime<Utc>) -> Self {
        Self {
            id,
            created_at: created_at(id, container_created),
        }
    }
}

/// An attachment as the user is shown it: its URLs, in order, taken out into `urls`.
#[derive(Debug, Clone)]
pub struct ShownAttachment {
    /// Without its authorization context, `is_authorized` set, every `urls[].url` empty.
    pub attachment: Attachment,
    pub urls: Vec<Availability>,
}

impl ShownAttachment {
    fn new(attachment: &Attachment, authorized: bool, now: DateTime<Utc>) -> Self {
        let mut attachment = attachment.clone();
        let expired = is_expired(attachment.expires_at, now);
        let urls = attachment
            .urls
            .iter_mut()
            .map(|url| Availability::take(&mut url.url, authorized, expired))
            .collect();
        attachment.authorization_context = None;
        attachment.is_authorized = Some(authorized);
        Self { attachment, urls }
    }

    /// The URL meant for a person's browser, if the attachment has one.
    pub fn gui_url(&self) -> Option<(&crate::domain::dialog::model::AttachmentUrl, &Availability)> {
        self.attachment
            .urls
            .iter()
            .zip(&self.urls)
            .find(|(url, _)| url.consumer_type == AttachmentUrlConsumerType::Gui)
    }
}

/// A GUI action as the user is shown it: the action it stands for (its authorization
/// context's when it has one), its URL taken out.
#[derive(Debug, Clone)]
pub struct ShownGuiAction {
    pub action: GuiAction,
    pub url: Availability,
    pub authorized: bool,
}

/// An API action as the user is shown it, each endpoint's URL taken out, in order.
#[derive(Debug, Clone)]
pub struct ShownApiAction {
    pub action: ApiAction,
    pub endpoints: Vec<Availability>,
    pub authorized: bool,
}

/// A navigational action of a transmission, its URL taken out.
#[derive(Debug, Clone)]
pub struct ShownNavigationalAction {
    /// `is_authorized` set, no authorization context, `url` empty.
    pub action: NavigationalAction,
    pub url: Availability,
}

/// A transmission as the user is shown it. Its content reference is left in place: a front
/// door shows it only when `authorized`.
#[derive(Debug, Clone)]
pub struct ShownTransmission {
    /// Without the idempotency key (the service owner's), the authorization context, the
    /// attachments and the navigational actions (those are below).
    pub transmission: Transmission,
    pub attachments: Vec<ShownAttachment>,
    pub excluded_attachments: Vec<Excluded>,
    pub navigational_actions: Vec<ShownNavigationalAction>,
    pub excluded_navigational_actions: Vec<Excluded>,
    pub authorized: bool,
    /// Opened by the party (a TransmissionOpened activity); never for the party's own.
    pub opened: bool,
}

/// A dialog's elements as the user is shown them, and those left out for them.
#[derive(Debug, Clone)]
pub struct ShownElements {
    pub attachments: Vec<ShownAttachment>,
    pub excluded_attachments: Vec<Excluded>,
    pub gui_actions: Vec<ShownGuiAction>,
    pub excluded_gui_actions: Vec<Excluded>,
    pub api_actions: Vec<ShownApiAction>,
    pub excluded_api_actions: Vec<Excluded>,
    pub transmissions: Vec<ShownTransmission>,
    pub excluded_transmissions: Vec<Excluded>,
}

impl ShownElements {
    pub fn new(aggregate: &DialogAggregate, access: &DialogAccess, now: DateTime<Utc>) -> Self {
        let dialog = &aggregate.dialog;
        let (attachments, excluded_attachments) = attachments(dialog, access, now);
        let (gui_actions, excluded_gui_actions) = gui_actions(dialog, access);
        let (api_actions, excluded_api_actions) = api_actions(dialog, access);
        let (transmissions, excluded_transmissions) = transmissions(aggregate, access, now);
        Self {
            attachments,
            excluded_attachments,
            gui_actions,
            excluded_gui_actions,
            api_actions,
            excluded_api_actions,
            transmissions,
            excluded_transmissions,
        }
    }
}

/// The entities the user may see, in order, and those their authorization context excludes.
fn split<T, V>(
    entities: impl IntoIterator<Item = T>,
    mut show: impl FnMut(T) -> Result<V, Excluded>,
) -> (Vec<V>, Vec<Excluded>) {
    let mut shown = Vec::new();
    let mut excluded = Vec::new();
    for entity in entities {
        match show(entity) {
            Ok(view) => shown.push(view),
            Err(stub) => excluded.push(stub),
        }
    }
    (shown, excluded)
}

fn is_expired(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|expires| expires <= now)
}

/// Whether an entity the user is not authorized for leaves its list.
fn is_excluded(authorized: bool, context: &Option<AuthorizationContext>) -> bool {
    !authorized && context.as_ref().is_some_and(AuthorizationContext::excludes)
}

/// The dialog's own attachments as the user is shown them.
pub fn attachments(
    dialog: &DialogRecord,
    access: &DialogAccess,
    now: DateTime<Utc>,
) -> (Vec<ShownAttachment>, Vec<Excluded>) {
    split(&dialog.attachments.0, |attachment| {
        let authorized = access.dialog_attachment(attachment);
        if is_excluded(authorized, &attachment.authorization_context) {
            Err(Excluded::element(attachment.id, dialog.created_at))
        } else {
            Ok(ShownAttachment::new(attachment, authorized, now))
        }
    })
}

/// The dialog's GUI actions as the user is shown them.
pub fn gui_actions(
    dialog: &DialogRecord,
    access: &DialogAccess,
) -> (Vec<ShownGuiAction>, Vec<Excluded>) {
    split(&dialog.gui_actions.0, |action| {
        let authorized = access.gui_action(action);
        if is_excluded(authorized, &action.authorization_context) {
            return Err(Excluded::element(action.id, dialog.created_at));
        }
        let mut action = action.clone();
        let url = Availability::take(&mut action.url, authorized, false);
        if let Some(context) = action.authorization_context.take() {
            action.action = context.effective_action().to_owned();
        }
        Ok(ShownGuiAction {
            action,
            url,
            authorized,
        })
    })
}

fn api_actions(
    dialog: &DialogRecord,
    access: &DialogAccess,
) -> (Vec<ShownApiAction>, Vec<Excluded>) {
    split(&dialog.api_actions.0, |action| {
        let authorized = access.api_action(action);
        if is_excluded(authorized, &action.authorization_context) {
            return Err(Excluded::element(action.id, dialog.created_at));
        }
        let mut action = action.clone();
        let endpoints = action
            .endpoints
            .iter_mut()
            .map(|endpoint| Availability::take(&mut endpoint.url, authorized, false))
            .collect();
        if let Some(context) = action.authorization_context.take() {
            action.action = context.effective_action().to_owned();
        }
        Ok(ShownApiAction {
            action,
            endpoints,
            authorized,
        })
    })
}

/// The dialog's transmissions as the user is shown them, oldest first.
pub fn transmissions(
    aggregate: &DialogAggregate,
    access: &DialogAccess,
    now: DateTime<Utc>,
) -> (Vec<ShownTransmission>, Vec<Excluded>) {
    split(&aggregate.transmissions, |transmission| {
        transmission_as_shown(transmission, &aggregate.activities, access, now)
    })
}

/// One transmission as the user is shown it, each attachment and navigational action never
/// more available than the transmission; or its stand-in when it is excluded.
pub fn transmission_as_shown(
    transmission: &Transmission,
    activities: &[Activity],
    access: &DialogAccess,
    now: DateTime<Utc>,
) -> Result<ShownTransmission, Excluded> {
    let authorized = access.transmission_of(transmission);
    if is_excluded(authorized, &transmission.authorization_context) {
        return Err(Excluded {
            id: transmission.id,
            created_at: transmission.created_at,
        });
    }
    let (attachments, excluded_attachments) = split(&transmission.attachments, |attachment| {
        let granted = access.transmission_attachment(authorized, attachment);
        if is_excluded(granted, &attachment.authorization_context) {
            Err(Excluded::element(attachment.id, transmission.created_at))
        } else {
            Ok(ShownAttachment::new(attachment, granted, now))
        }
    });
    let (navigational_actions, excluded_navigational_actions) = split(
        transmission.navigational_actions.iter().enumerate(),
        |(index, action)| {
            let granted = access.navigational_action((transmission, authorized), index, action);
            if is_excluded(granted, &action.authorization_context) {
                return Err(Excluded {
                    id: navigational_action_id(transmission.id, index),
                    created_at: transmission.created_at,
                });
            }
            let mut action = action.clone();
            let url =
                Availability::take(&mut action.url, granted, is_expired(action.expires_at, now));
            action.authorization_context = None;
            action.is_authorized = Some(granted);
            Ok(ShownNavigationalAction { action, url })
        },
    );
    let mut shown = transmission.clone();
    shown.idempotent_key = None;
    shown.authorization_context = None;
    shown.attachments = Vec::new();
    shown.navigational_actions = Vec::new();
    let opened = activities.iter().any(|activity| {
        activity.activity_type == ActivityType::TransmissionOpened
            && activity.transmission_id == Some(transmission.id)
    });
    Ok(ShownTransmission {
        transmission: shown,
        attachments,
        excluded_attachments,
        navigational_actions,
        excluded_navigational_actions,
        authorized,
        opened: !transmission.transmission_type.is_from_party() && opened,
    })
}

/// How many of the dialog's attachments have a URL for people (`Gui`).
pub fn gui_attachment_count(dialog: &DialogRecord) -> usize {
    dialog
        .attachments
        .0
        .iter()
        .filter(|attachment| {
            attachment
                .urls
                .iter()
                .any(|url| url.consumer_type == AttachmentUrlConsumerType::Gui)
        })
        .count()
}

/// Each actor's latest entry from `since` on, newest first.
pub fn latest_seen(log: &[SeenLogEntry], since: DateTime<Utc>) -> Vec<&SeenLogEntry> {
    let mut latest: Vec<&SeenLogEntry> = Vec::new();
    for entry in log.iter().rev().filter(|entry| entry.created_at >= since) {
        if !latest
            .iter()
            .any(|seen| seen.seen_by.actor_id == entry.seen_by.actor_id)
        {
            latest.push(entry);
        }
    }
    latest
}
