//! End users reading dialogs: what one user may see and do with a dialog (decided once per
//! request, in `authz`), the dialog with its token, its parts, and searches.

pub mod view;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::seen::record_seen;
use crate::{
    auth::dialog_token::{DialogTokenClaims, DialogTokenKeys},
    authz::{
        Authorizer, EndUser,
        decision::{ActionRequest, ContextCheck, DialogDecision},
    },
    database::searches::Searches,
    domain::{
        dialog::{
            authorization_context::{AuthorizationContext, navigational_action_id},
            model::{
                ApiAction, Attachment, ContentValueDoc, DialogContent, GuiAction,
                NavigationalAction, Transmission,
            },
        },
        limits,
        party::Party,
        resource::{Action, Attribute, ResourceId},
    },
    error::{Error, Result},
    store::{
        dialogs::{self, DialogAggregate},
        pagination::{Cursor, Order},
        search::{self, AccessGroup, Authorized, DeletedFilter, DialogFilter, Page, party_sets},
    },
};

/// The raw (action, authorization attribute) pairs a dialog asks about: every GUI and API action,
/// each transmission's attribute, and read on the dialog itself.
fn asked(aggregate: &DialogAggregate) -> Vec<(String, Option<String>)> {
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

fn request(action: &str, attribute: Option<&str>) -> Option<ActionRequest> {
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
fn contexts(aggregate: &DialogAggregate) -> Vec<(Uuid, &AuthorizationContext)> {
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
fn context_check(
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
    let (Ok(party), Ok(resource)) = (
        Party::parse(&aggregate.dialog.party),
        ResourceId::parse(&aggregate.dialog.service_resource),
    ) else {
        return Ok(DialogAccess {
            decision: DialogDecision::default(),
            asked,
            granted: HashMap::new(),
        });
    };
    let requests: Vec<ActionRequest> = asked
        .iter()
        .filter_map(|(action, attribute)| request(action, attribute.as_deref()))
        .collect();
    let decision = authorizer
        .decide_dialog(user, &party, &resource, &requests)
        .await?;
    let contexts = contexts(aggregate);
    let checks: Vec<(Uuid, ContextCheck)> = contexts
        .iter()
        .filter_map(|(id, context)| Some((*id, context_check(context, &party, &resource)?)))
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
    party: &str,
    resource: &str,
) -> Result<bool> {
    let (Ok(party), Ok(resource)) = (Party::parse(party), ResourceId::parse(resource)) else {
        return Ok(false);
    };
    Ok(authorizer
        .readable_groups(user)
        .await?
        .iter()
        .any(|group| group.contains(&party, &resource)))
}

/// Upstream's words for a sign-in below the resource's authentication level.
const LEVEL_TOO_LOW: &str = "Altinn authentication level too low.";

fn level_too_low() -> Error {
    Error::Forbidden(Error::field("Forbidden", LEVEL_TOO_LOW))
}

/// Whether the refusal is for signing in below the resource's authentication level (so that
/// signing in again at a higher level would help).
pub fn is_level_too_low(error: &Error) -> bool {
    matches!(error, Error::Forbidden(errors)
        if errors.get("Forbidden").is_some_and(|messages| messages.iter().any(|m| m == LEVEL_TOO_LOW)))
}

/// A dialog as its end user opens it.
pub struct OpenedDialog {
    pub aggregate: DialogAggregate,
    pub access: DialogAccess,
    pub token: String,
}

/// Why an opened dialog is not there (yet): 404, with the time it becomes visible.
pub struct NotYetVisible(pub DateTime<Utc>);

/// GET one dialog: 404 when missing, 403 without any right, 410 deleted, 403 when signed in
/// too weakly, 404 before `visibleFrom` or after `expiresAt`. Records the view in the seen log
/// and issues a dialog token for what the user may do.
#[tracing::instrument(name = "end_user::open", skip_all, fields(dialog_id = %id))]
pub async fn open(
    pool: &PgPool,
    authorizer: &Authorizer,
    tokens: &DialogTokenKeys,
    user: &EndUser,
    id: Uuid,
) -> Result<std::result::Result<OpenedDialog, NotYetVisible>> {
    let mut connection = pool.acquire().await?;
    let aggregate = dialogs::load(&mut connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    drop(connection);
    let dialog = &aggregate.dialog;
    let access = decide(authorizer, user, &aggregate).await?;
    if !access.main()
        && !access.authentication_level_too_low()
        && !may_list(authorizer, user, &dialog.party, &dialog.service_resource).await?
    {
        return Err(Error::Forbidden(Error::field(
            "Dialog",
            "You are not authorized to see this dialog.",
        )));
    }
    if dialog.deleted_at.is_some() {
        return Err(Error::dialog_gone(id));
    }
    if access.authentication_level_too_low() {
        return Err(level_too_low());
    }
    let now = Utc::now();
    if let Some(visible_from) = dialog.visible_from.filter(|from| *from > now) {
        return Ok(Err(NotYetVisible(visible_from)));
    }
    if dialog.expires_at.is_some_and(|expires| expires <= now) {
        return Err(Error::dialog_not_found(id));
    }
    let mut transaction = pool.begin().await?;
    let aggregate = if record_seen(&mut transaction, dialog, &user.party, false).await? {
        dialogs::load(&mut transaction, id)
            .await?
            .ok_or_else(|| Error::dialog_not_found(id))?
    } else {
        aggregate
    };
    transaction.commit().await?;
    let claims = DialogTokenClaims {
        end_user: dialog_token_subject(user),
        system_user: user.system_user.as_ref().map(|organizations| {
            let owner = organizations.owner.clone().map(Party::Organization);
            (user.party.to_string(), owner.map(|owner| owner.to_string()))
        }),
        authentication_level: user.authentication_level,
        party: aggregate.dialog.party.clone(),
        service_resource: aggregate.dialog.service_resource.clone(),
        dialog_id: id,
        actions: access.permitted(),
        authorized_entities: access.authorized_entities(&aggregate),
    };
    let token = tokens.issue(&claims, now)?;
    Ok(Ok(OpenedDialog {
        aggregate,
        access,
        token,
    }))
}

/// Who a dialog token's `c` names: the end user, or for a system user (as upstream) the
/// organisation whose client asked for its token, else the one that owns it.
fn dialog_token_subject(user: &EndUser) -> String {
    user.system_user
        .as_ref()
        .and_then(|organizations| {
            organizations
                .consumer
                .clone()
                .or(organizations.owner.clone())
        })
        .map_or_else(
            || user.party.to_string(),
            |org| Party::Organization(org).to_string(),
        )
}

/// A dialog's parts (transmissions, activities, seen log) for its end user: 404 without a right
/// on the dialog, 410 deleted, 403 when signed in too weakly. As upstream, the dates are not checked.
#[tracing::instrument(name = "end_user::parts", skip_all, fields(dialog_id = %id))]
pub async fn parts(
    pool: &PgPool,
    authorizer: &Authorizer,
    user: &EndUser,
    id: Uuid,
) -> Result<(DialogAggregate, DialogAccess)> {
    let mut connection = pool.acquire().await?;
    let aggregate = dialogs::load(&mut connection, id)
        .await?
        .ok_or_else(|| Error::dialog_not_found(id))?;
    drop(connection);
    let access = decide(authorizer, user, &aggregate).await?;
    if access.authentication_level_too_low() {
        return Err(level_too_low());
    }
    if !access.main() {
        return Err(Error::dialog_not_found(id));
    }
    if aggregate.dialog.deleted_at.is_some() {
        return Err(Error::dialog_gone(id));
    }
    Ok((aggregate, access))
}

/// An end user's search: only dialogs of (party, resource) pairs they may list, never deleted,
/// not yet visible or expired ones. Needs a party or a service resource, as upstream.
#[tracing::instrument(name = "end_user::search", skip_all)]
pub async fn search(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    mut filter: DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    if filter.parties.is_empty() && filter.service_resources.is_empty() {
        return Err(Error::Validation(Error::field(
            "Party",
            "Either ServiceResource or Party must be specified.",
        )));
    }
    let orgs = filter.orgs.as_ref().map_or(0, Vec::len);
    for (name, count, max) in [
        ("Party", filter.parties.len(), limits::END_USER_PARTIES),
        (
            "ServiceResource",
            filter.service_resources.len(),
            limits::END_USER_SERVICE_RESOURCES,
        ),
        ("Org", orgs, limits::END_USER_ORGS),
        (
            "ExtendedStatus",
            filter.extended_statuses.len(),
            limits::END_USER_EXTENDED_STATUSES,
        ),
    ] {
        if count > max {
            return Err(Error::Validation(Error::field(
                name,
                format!("at most {max} values may be given"),
            )));
        }
    }
    restrict(authorizer, user, &mut filter, false).await?;
    let mut connection = searches.acquire(&user.party.to_string()).await?;
    store_large_groups(searches, &mut connection, &mut filter).await?;
    let page = search::search(&mut connection, &filter, order, after, limit).await?;
    connection.finish();
    Ok(page)
}

/// Narrows a filter to what the user may see: not deleted, visible now, and only (party,
/// resource) pairs they may list (only organisations' with `organisations_only`).
async fn restrict(
    authorizer: &Authorizer,
    user: &EndUser,
    filter: &mut DialogFilter,
    organisations_only: bool,
) -> Result<()> {
    let authorized = authorized(authorizer, user, organisations_only).await?;
    shown_only(filter, authorized);
    Ok(())
}

/// What the user may list, as the filter takes it (only organisations' with `organisations_only`).
pub async fn authorized(
    authorizer: &Authorizer,
    user: &EndUser,
    organisations_only: bool,
) -> Result<Authorized> {
    let groups = authorizer.readable_groups(user).await?;
    Ok(Authorized {
        groups: groups
            .iter()
            .map(|group| AccessGroup {
                parties: if organisations_only {
                    group.organisation_urns.clone()
                } else {
                    group.party_urns.clone()
                },
                resources: group.resource_urns.clone(),
                stored: None,
            })
            .filter(|group| !group.parties.is_empty())
            .collect(),
    })
}

/// Groups of more than this many parties are searched through a stored party set. Below it
/// the parties go into the statement, hashed there: its planning grows with the parties (about
/// 1.5 ms a thousand) but each row walked costs less than a probe of the set.
const STORED_SET_MIN: usize = 20_000;

/// Has the filter's large groups refer to their stored party sets, storing (or touching) each
/// set first when this process has not lately.
pub async fn store_large_groups(
    searches: &Searches,
    connection: &mut PgConnection,
    filter: &mut DialogFilter,
) -> Result<()> {
    store_groups_over(searches, connection, filter, STORED_SET_MIN).await
}

/// The portal's folder counts are kept with stored sets (see `search::counts`), so they
/// store every group, narrowed to the party the page is for: a citizen's, an organisation's
/// and an accountant's 10,000 clients' counts are counted once a minute, or when one of
/// their dialogs is written, instead of on every page.
const COUNTED_SET_MIN: usize = 0;

async fn store_groups_over(
    searches: &Searches,
    connection: &mut PgConnection,
    filter: &mut DialogFilter,
    min: usize,
) -> Result<()> {
    let Some(authorized) = filter.authorized.as_mut() else {
        return Ok(());
    };
    for group in &mut authorized.groups {
        if group.parties.len() <= min {
            continue;
        }
        let set = searches.set_id(&group.parties, party_sets::id_of);
        if searches.needs_touch(set) {
            party_sets::touch(&mut *connection, set, &group.parties).await?;
            searches.touched(set);
            party_sets::forget_unused(&mut *connection).await?;
        }
        group.stored = Some(set);
    }
    Ok(())
}

fn shown_only(filter: &mut DialogFilter, authorized: Authorized) {
    filter.deleted = DeletedFilter::Exclude;
    filter.shown_at = Some(Utc::now());
    filter.authorized = Some(authorized);
}

/// What an inbox lists: like [`search`], but for any number of parties, or for every
/// organisation the user may act for when `filter.parties` is empty.
#[tracing::instrument(name = "end_user::search_inbox", skip_all)]
pub async fn search_inbox(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    mut filter: DialogFilter,
    order: &Order,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Page> {
    let all_organisations = filter.parties.is_empty();
    restrict(authorizer, user, &mut filter, all_organisations).await?;
    let mut connection = searches.acquire(&user.party.to_string()).await?;
    store_large_groups(searches, &mut connection, &mut filter).await?;
    let page = search::search(&mut connection, &filter, order, after, limit).await?;
    connection.finish();
    Ok(page)
}

/// How many dialogs each filter matches for the user, counting to `cap` at the most.
#[tracing::instrument(name = "end_user::count_inbox", skip_all)]
pub async fn count_inbox(
    searches: &Searches,
    authorizer: &Authorizer,
    user: &EndUser,
    filters: Vec<DialogFilter>,
    cap: i64,
) -> Result<Vec<i64>> {
    // What the user may list is worked out once for all the counts (per kind of filter), and
    // filters of one kind are counted together.
    let mut connection = searches.acquire(&user.party.to_string()).await?;
    let mut counts = vec![0; filters.len()];
    for all_organisations in [false, true] {
        let (positions, mut kind): (Vec<usize>, Vec<DialogFilter>) = filters
            .iter()
            .enumerate()
            .filter(|(_, filter)| filter.parties.is_empty() == all_organisations)
            .map(|(position, filter)| (position, filter.clone()))
            .unzip();
        if kind.is_empty() {
            continue;
        }
        let mut authorized = authorized(authorizer, user, all_organisations).await?;
        // The folders of one page ask for the same parties: their groups are stored as
        // narrowed to those.
        if kind.iter().all(|filter| filter.parties == kind[0].parties) {
            authorized.groups = authorized.narrowed(&DialogFilter {
                parties: kind[0].parties.clone(),
                ..DialogFilter::default()
            });
        }
        let mut listed = DialogFilter {
            authorized: Some(authorized),
            ..DialogFilter::default()
        };
        store_groups_over(searches, &mut connection, &mut listed, COUNTED_SET_MIN).await?;
        for filter in &mut kind {
            shown_only(filter, listed.authorized.clone().unwrap_or_default());
        }
        let counted = search::counts(&mut connection, &kind, cap).await?;
        for (position, count) in positions.into_iter().zip(counted) {
            counts[position] = count;
        }
    }
    connection.finish();
    Ok(counts)
}

/// The title and summary a list shows: the non-sensitive ones, where the service owner gave
/// them, when the user signed in below the resource's level (`sensitive` false).
pub fn listed_title_and_summary(
    content: &DialogContent,
    sensitive: bool,
) -> (Option<&ContentValueDoc>, Option<&ContentValueDoc>) {
    if sensitive {
        (content.title.as_ref(), content.summary.as_ref())
    } else {
        (
            content
                .non_sensitive_title
                .as_ref()
                .or(content.title.as_ref()),
            content
                .non_sensitive_summary
                .as_ref()
                .or(content.summary.as_ref()),
        )
    }
}

/// For each resource, whether the user signed in at the level it asks for (to show sensitive
/// titles in lists).
pub async fn sensitive_resources(
    authorizer: &Authorizer,
    user: &EndUser,
) -> Result<impl Fn(&str) -> bool> {
    let registry = authorizer.registry().await?;
    let level = user.authentication_level;
    Ok(move |resource: &str| {
        ResourceId::parse(resource)
            .ok()
            .and_then(|id| {
                registry
                    .resource(&id)
                    .map(|r| r.minimum_authentication_level)
            })
            .is_none_or(|minimum| level >= minimum)
    })
}
