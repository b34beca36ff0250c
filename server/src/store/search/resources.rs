//! The services parties have dialogs of (the table `party_resources`, see its migration), for
//! the inbox's sender filter: gathered over a stored party set and kept beside it for a minute,
//! or until one of its parties gets a dialog of a service it had none of.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::Result;

/// How long the services gathered over a set are kept.
const KEPT_SECONDS: f64 = 60.0;

/// The services the stored set's parties have dialogs of.
pub async fn of_set(connection: &mut PgConnection, set: Uuid) -> Result<Vec<String>> {
    let kept: Option<Vec<String>> = sqlx::query_scalar(
        "select resources from search_party_set_resources
         where set_id = $1 and kept_at > now() - make_interval(secs => $2)",
    )
    .bind(set)
    .bind(KEPT_SECONDS)
    .fetch_optional(&mut *connection)
    .await?;
    if let Some(kept) = kept {
        return Ok(kept);
    }
    // Gathered and kept in one statement (unless the set has been removed meanwhile).
    Ok(sqlx::query_scalar(
        "with gathered as (
             select coalesce(array_agg(distinct held.service_resource), '{}') as resources
             from search_party_set_members member
             join party_resources held on held.party = member.party
             where member.set_id = $1
         ), kept as (
             insert into search_party_set_resources (set_id, resources, kept_at)
             select $1, resources, now() from gathered
             where exists (select 1 from search_party_sets where id = $1)
             on conflict (set_id) do update
             set resources = excluded.resources, kept_at = excluded.kept_at
         )
         select resources from gathered",
    )
    .bind(set)
    .fetch_one(connection)
    .await?)
}
