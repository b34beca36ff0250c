//! The ids of what a dialog keeps inside its documents, claimed one table over: unique across
//! all dialogs, as upstream's own tables (`Attachment`, `DialogGuiAction`, `DialogApiAction`,
//! `DialogApiActionEndpoint`) key them.

use std::collections::HashSet;

use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    domain::dialog::id::DialogId,
    domain::dialog::model::{ApiAction, Attachment, GuiAction, Transmission},
    error::Result,
};

/// What an id belongs to, stored as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Attachment = 1,
    GuiAction = 2,
    ApiAction = 3,
    ApiActionEndpoint = 4,
    TransmissionAttachment = 5,
}

impl EntityKind {
    /// Upstream's table for it, which names the entity in its error.
    pub fn table(self) -> &'static str {
        match self {
            Self::Attachment | Self::TransmissionAttachment => "Attachment",
            Self::GuiAction => "DialogGuiAction",
            Self::ApiAction => "DialogApiAction",
            Self::ApiActionEndpoint => "DialogApiActionEndpoint",
        }
    }
}

/// Ids with their kinds, in request order.
#[derive(Debug, Clone, Default)]
pub struct EntityIds(Vec<(Uuid, EntityKind)>);

impl EntityIds {
    /// A dialog's attachments, GUI and API actions and the API actions' endpoints.
    pub fn of_dialog(
        (attachments, gui_actions, api_actions): (&[Attachment], &[GuiAction], &[ApiAction]),
    ) -> Self {
        let attachments = attachments
            .iter()
            .map(|attachment| (attachment.id, EntityKind::Attachment));
        let gui = gui_actions
            .iter()
            .map(|action| (action.id, EntityKind::GuiAction));
        let api = api_actions.iter().flat_map(|action| {
            std::iter::once((action.id, EntityKind::ApiAction)).chain(
                action
                    .endpoints
                    .iter()
                    .map(|endpoint| (endpoint.id, EntityKind::ApiActionEndpoint)),
            )
        });
        Self(attachments.chain(gui).chain(api).collect())
    }

    /// The transmissions' attachments.
    pub fn of_transmissions(transmissions: &[Transmission]) -> Self {
        Self(
            transmissions
                .iter()
                .flat_map(|transmission| &transmission.attachments)
                .map(|attachment| (attachment.id, EntityKind::TransmissionAttachment))
                .collect(),
        )
    }

    pub fn and(mut self, other: Self) -> Self {
        self.0.extend(other.0);
        self
    }

    /// The first id given twice.
    pub fn first_repeated(&self) -> Option<(EntityKind, Uuid)> {
        let mut seen = HashSet::new();
        self.0
            .iter()
            .find(|(id, _)| !seen.insert(*id))
            .map(|(id, kind)| (*kind, *id))
    }

    /// The ids and their kinds as two columns.
    pub fn columns(&self) -> (Vec<Uuid>, Vec<i16>) {
        self.0.iter().map(|(id, kind)| (*id, *kind as i16)).unzip()
    }

    fn kind_of(&self, id: Uuid) -> Option<EntityKind> {
        self.0
            .iter()
            .find(|(held, _)| *held == id)
            .map(|(_, kind)| *kind)
    }
}

/// Which of `ids` the dialog does not hold (another dialog does), in order.
pub async fn not_held(
    connection: &mut PgConnection,
    dialog: DialogId,
    ids: &EntityIds,
) -> Result<Vec<(EntityKind, Uuid)>> {
    let (all, _) = ids.columns();
    let refused = sqlx::query_scalar!(
        r#"select e.id as "id!" from unnest($2::uuid[]) with ordinality as e(id, position)
           where not exists (select 1 from dialog_entity_ids h where h.id = e.id and h.dialog_id = $1)
           order by e.position"#,
        dialog.uuid(),
        &all,
    )
    .fetch_all(connection)
    .await?;
    Ok(refused
        .into_iter()
        .map(|id| (ids.kind_of(id).unwrap_or(EntityKind::Attachment), id))
        .collect())
}

/// Moves a dialog from holding `before` to holding `now`: releases the ids it no longer holds
/// and claims the new ones. Returns the ids that are not the dialog's to claim (held by another
/// dialog, in request order; or the first one given twice), in which case nothing should be
/// committed.
pub async fn claim(
    connection: &mut PgConnection,
    dialog: DialogId,
    before: &EntityIds,
    now: &EntityIds,
) -> Result<Vec<(EntityKind, Uuid)>> {
    if let Some(repeated) = now.first_repeated() {
        return Ok(vec![repeated]);
    }
    let held: HashSet<Uuid> = before.0.iter().map(|(id, _)| *id).collect();
    let kept: HashSet<Uuid> = now.0.iter().map(|(id, _)| *id).collect();
    let released: Vec<Uuid> = held.difference(&kept).copied().collect();
    let (added, kinds): (Vec<Uuid>, Vec<i16>) = now
        .0
        .iter()
        .filter(|(id, _)| !held.contains(id))
        .map(|(id, kind)| (*id, *kind as i16))
        .unzip();
    if released.is_empty() && added.is_empty() {
        return Ok(Vec::new());
    }
    let refused = sqlx::query_scalar!(
        r#"with released as (
               delete from dialog_entity_ids where dialog_id = $1 and id = any($4::uuid[])
           ), claimed as (
               insert into dialog_entity_ids (id, dialog_id, entity)
               select id, $1, entity from unnest($2::uuid[], $3::smallint[]) as e(id, entity)
               on conflict (id) do nothing
               returning id
           )
           select e.id as "id!"
           from unnest($2::uuid[]) with ordinality as e(id, position)
           where e.id not in (select id from claimed)
           order by e.position"#,
        dialog.uuid(),
        &added,
        &kinds,
        &released,
    )
    .fetch_all(connection)
    .await?;
    Ok(refused
        .into_iter()
        .map(|id| (now.kind_of(id).unwrap_or(EntityKind::Attachment), id))
        .collect())
}
