//! A stored dialog's transmissions and activities.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    domain::dialog::id::DialogId,
    domain::dialog::model::{Activity, Transmission},
    error::Result,
};

pub async fn insert_transmissions(
    connection: &mut PgConnection,
    dialog: DialogId,
    transmissions: &[Transmission],
) -> Result<()> {
    if transmissions.is_empty() {
        return Ok(());
    }
    let documents = transmissions
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::from)?;
    sqlx::query!(
        "insert into dialog_transmissions (id, dialog_id, idempotent_key, created_at, type, related_transmission_id, document)
         select t.id, $1, t.idempotent_key, t.created_at, t.type, t.related, t.document
         from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::smallint[], $6::uuid[], $7::jsonb[])
              as t(id, idempotent_key, created_at, type, related, document)",
        dialog.uuid(),
        &transmissions.iter().map(|t| t.id).collect::<Vec<_>>(),
        &transmissions.iter().map(|t| t.idempotent_key.clone()).collect::<Vec<_>>() as &[Option<String>],
        &transmissions.iter().map(|t| t.created_at).collect::<Vec<_>>(),
        &transmissions.iter().map(|t| t.transmission_type as i16).collect::<Vec<_>>(),
        &transmissions.iter().map(|t| t.related_transmission_id).collect::<Vec<_>>() as &[Option<Uuid>],
        &documents,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Replaces one transmission in place (a silent correction by its service owner).
pub async fn replace_transmission(
    connection: &mut PgConnection,
    dialog: DialogId,
    transmission: &Transmission,
) -> Result<()> {
    let document = serde_json::to_value(transmission).map_err(anyhow::Error::from)?;
    sqlx::query!(
        "update dialog_transmissions
         set idempotent_key = $3, created_at = $4, type = $5, related_transmission_id = $6, document = $7
         where id = $1 and dialog_id = $2",
        transmission.id,
        dialog.uuid(),
        transmission.idempotent_key,
        transmission.created_at,
        transmission.transmission_type as i16,
        transmission.related_transmission_id,
        document,
    )
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn insert_activities(
    connection: &mut PgConnection,
    dialog: DialogId,
    activities: &[Activity],
) -> Result<()> {
    if activities.is_empty() {
        return Ok(());
    }
    let documents = activities
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::from)?;
    sqlx::query!(
        "insert into dialog_activities (id, dialog_id, created_at, type, transmission_id, document)
         select a.id, $1, a.created_at, a.type, a.transmission_id, a.document
         from unnest($2::uuid[], $3::timestamptz[], $4::smallint[], $5::uuid[], $6::jsonb[])
              as a(id, created_at, type, transmission_id, document)",
        dialog.uuid(),
        &activities.iter().map(|a| a.id).collect::<Vec<_>>(),
        &activities.iter().map(|a| a.created_at).collect::<Vec<_>>(),
        &activities
            .iter()
            .map(|a| a.activity_type as i16)
            .collect::<Vec<_>>(),
        &activities
            .iter()
            .map(|a| a.transmission_id)
            .collect::<Vec<_>>() as &[Option<Uuid>],
        &documents,
    )
    .execute(connection)
    .await?;
    Ok(())
}

/// Which of these activity ids any dialog holds, in the order given.
pub async fn existing_activity_ids(
    connection: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar!(
        r#"select g.id as "id!" from unnest($1::uuid[]) with ordinality as g(id, position)
           where exists (select 1 from dialog_activities a where a.id = g.id)
           order by g.position"#,
        ids
    )
    .fetch_all(connection)
    .await?)
}
