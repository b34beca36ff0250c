//! Large party sets stored once (see the migration `search_party_sets`): written in one
//! transaction with their members, touched while in use, removed a day after their last use.
//! Counts over a set are kept beside it for a minute, until a dialog of one of its parties is
//! written (the migration `party_set_counts`).

use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::error::Result;

/// The id a set of parties is stored under: a hash of its sorted members, the same in every
/// server process.
pub fn id_of(parties: &[String]) -> Uuid {
    let mut sorted: Vec<&str> = parties.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    Uuid::new_v5(&Uuid::NAMESPACE_OID, sorted.join("\n").as_bytes())
}

/// Stores the set under `id` unless it is stored already, and marks it used now.
pub async fn touch(connection: &mut PgConnection, id: Uuid, parties: &[String]) -> Result<()> {
    let mut transaction = connection.begin().await?;
    let created: bool = sqlx::query_scalar(
        "insert into search_party_sets (id, touched_at) values ($1, now())
         on conflict (id) do update set touched_at = now()
         returning xmax = 0",
    )
    .bind(id)
    .fetch_one(&mut *transaction)
    .await?;
    if created {
        sqlx::query(
            "insert into search_party_set_members (set_id, party)
             select $1, party from unnest($2::text[]) as members(party) on conflict do nothing",
        )
        .bind(id)
        .bind(parties)
        .execute(&mut *transaction)
        .await?;
    }
    transaction.commit().await?;
    Ok(())
}

/// Removes the sets nobody has used for a day; returns how many.
pub async fn forget_unused(connection: &mut PgConnection) -> Result<u64> {
    Ok(
        sqlx::query("delete from search_party_sets where touched_at < now() - interval '1 day'")
            .execute(connection)
            .await?
            .rows_affected(),
    )
}

/// How long counts over a set are kept when none of its parties' dialogs is written.
const COUNTS_KEPT_SECONDS: f64 = 60.0;

/// The counts kept for the set under `key`, if they are recent and nothing has changed them.
pub async fn kept_counts(
    connection: &mut PgConnection,
    set: Uuid,
    key: Uuid,
) -> Result<Option<Vec<i64>>> {
    Ok(sqlx::query_scalar(
        "select counts from search_party_set_counts
         where set_id = $1 and key = $2 and counted_at > now() - make_interval(secs => $3)",
    )
    .bind(set)
    .bind(key)
    .bind(COUNTS_KEPT_SECONDS)
    .fetch_optional(connection)
    .await?)
}

/// Keeps counts over the set under `key`, unless the set has been removed meanwhile. A write
/// that commits while they are counted, unseen by them, may leave them a minute behind it.
pub async fn keep_counts(
    connection: &mut PgConnection,
    set: Uuid,
    key: Uuid,
    counts: &[i64],
) -> Result<()> {
    sqlx::query(
        "insert into search_party_set_counts (set_id, key, counts, counted_at)
         select $1, $2, $3, now() where exists (select from search_party_sets where id = $1)
         on conflict (set_id, key) do update set counts = excluded.counts, counted_at = excluded.counted_at",
    )
    .bind(set)
    .bind(key)
    .bind(counts)
    .execute(connection)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_has_one_id_whatever_the_order_or_repeats_of_its_members() {
        let id = id_of(&["b".into(), "a".into()]);
        assert_eq!(id, id_of(&["a".into(), "b".into(), "a".into()]));
        assert_ne!(id, id_of(&["a".into()]));
    }
}
