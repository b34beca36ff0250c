//! Actors in logs (senders, performers, readers): named as the register names them.

use sqlx::PgConnection;

use crate::{
    domain::{
        dialog::model::{Actor, ActorType},
        party::Party,
    },
    error::{Error, Result},
};

/// The end user as an actor in logs, with the name the register knows. Anyone who signed in
/// may read and label what they may see: a person the register does not know is recorded
/// without a name.
pub async fn end_user(connection: &mut PgConnection, party: &Party) -> Result<Actor> {
    let mut actor = Actor {
        actor_type: ActorType::PartyRepresentative,
        actor_name: None,
        actor_id: Some(party.to_string()),
    };
    fill_actor_names(connection, vec![&mut actor]).await?;
    Ok(actor)
}

/// Actors given by id get their name from the register (the imported parties); an id the
/// register does not know fails the write, as upstream's lookup does.
pub async fn resolve_actor_names(
    connection: &mut PgConnection,
    actors: Vec<&mut Actor>,
) -> Result<()> {
    match fill_actor_names(connection, actors).await?.first() {
        Some(id) => Err(Error::Domain(Error::field(
            "ActorId",
            format!("Unable to look up name for actor id '{id}'."),
        ))),
        None => Ok(()),
    }
}

/// Gives each actor with an id the name the register knows for it, and returns the ids the
/// register does not know (their actors keep no name).
pub async fn fill_actor_names(
    connection: &mut PgConnection,
    actors: Vec<&mut Actor>,
) -> Result<Vec<String>> {
    let ids: Vec<String> = actors
        .iter()
        .filter_map(|actor| actor.actor_id.clone())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let names = crate::authz::store::party_names(connection, &ids).await?;
    let mut unknown = Vec::new();
    for actor in actors {
        let Some(id) = &actor.actor_id else {
            continue;
        };
        match names.get(id) {
            Some(name) => actor.actor_name = Some(name.clone()),
            None => unknown.push(id.clone()),
        }
    }
    Ok(unknown)
}
