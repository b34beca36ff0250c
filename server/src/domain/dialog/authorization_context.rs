//! Authorization contexts (upstream 1.121, experimental there): an explicit authorization
//! question about one part of a dialog (which action, on which resource, for which parties),
//! and what an end user who fails it sees of that part.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many parties in `parties` (one more with `includeDialogParty`).
pub const MAX_PARTIES: usize = 3;
/// At most this many characters in `tokenRef`.
pub const MAX_TOKEN_REF: usize = 50;

/// What an end user who fails the check sees of the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum UnauthorizedPresentation {
    /// Kept in its list, its URLs and content reference masked.
    Disabled = 1,
    /// Left out of its list, with only its id and creation time in the `excluded*` list beside it.
    Excluded = 2,
}

/// A validated context, stored with the entity that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationContext {
    /// Another resource whose policy decides instead of the dialog's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_resource: Option<String>,
    /// A sub-resource or task within the effective resource's policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_resource_attribute: Option<String>,
    /// The parties to evaluate for: any one of them permitting grants.
    #[serde(default)]
    pub parties: Vec<String>,
    /// Whether the dialog's party is evaluated too.
    #[serde(default)]
    pub include_dialog_party: bool,
    /// The action to evaluate; `read` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// What the dialog token's `e` lists for the entity instead of its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_ref: Option<String>,
    pub unauthorized_presentation: UnauthorizedPresentation,
}

impl AuthorizationContext {
    /// The action evaluated, as the end-user API reports it.
    pub fn effective_action(&self) -> &str {
        self.action.as_deref().unwrap_or("read")
    }

    /// What the dialog token's `e` lists for an entity with this context that is granted.
    pub fn token_reference(&self, entity: Uuid) -> String {
        self.token_ref.clone().unwrap_or_else(|| entity.to_string())
    }

    pub fn excludes(&self) -> bool {
        self.unauthorized_presentation == UnauthorizedPresentation::Excluded
    }
}

/// When an entity was created, read from its UUIDv7 id (every id we store is one, ours or
/// the service owner's, which validation holds to the past); `fallback` for any other.
pub fn created_at(id: Uuid, fallback: DateTime<Utc>) -> DateTime<Utc> {
    match (id.get_version_num(), id.get_timestamp()) {
        (7, Some(timestamp)) => {
            let (seconds, nanos) = timestamp.to_unix();
            i64::try_from(seconds)
                .ok()
                .and_then(|seconds| DateTime::from_timestamp(seconds, nanos))
                .unwrap_or(fallback)
        }
        _ => fallback,
    }
}

/// The id a transmission's navigational action goes by where one is needed (its stub in
/// `excludedNavigationalActions`, the dialog token's `e`): navigational actions have none of
/// their own on the wire, so it is the transmission's id with the action's position mixed
/// into its random tail, stable across reads.
pub fn navigational_action_id(transmission: Uuid, index: usize) -> Uuid {
    let mut bytes = *transmission.as_bytes();
    let position = u32::try_from(index + 1).unwrap_or(u32::MAX).to_be_bytes();
    for (byte, mix) in bytes[12..].iter_mut().zip(position) {
        *byte ^= mix;
    }
    Uuid::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_v7_tells_when_it_was_made_and_other_ids_fall_back() {
        let before = Utc::now() - chrono::Duration::milliseconds(2);
        let made = created_at(Uuid::now_v7(), DateTime::UNIX_EPOCH);
        assert!(made >= before && made <= Utc::now());
        assert_eq!(
            created_at(Uuid::new_v4(), DateTime::UNIX_EPOCH),
            DateTime::UNIX_EPOCH
        );
    }

    #[test]
    fn navigational_action_ids_differ_by_position_and_keep_the_transmissions_time() {
        let transmission = Uuid::now_v7();
        let first = navigational_action_id(transmission, 0);
        let second = navigational_action_id(transmission, 1);
        assert_ne!(first, second);
        assert_ne!(first, transmission);
        assert_eq!(first, navigational_action_id(transmission, 0));
        assert_eq!(first.get_timestamp(), transmission.get_timestamp());
        assert_eq!(first.get_version_num(), 7);
    }
}
