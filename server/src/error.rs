//! The one domain error type. Each front door maps it once: the API to problem+json
//! (`api::problem`), the portal to an error page with the same status.

use std::collections::BTreeMap;

use http::StatusCode;

/// Messages per property path, as upstream's `errors` object carries them.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed or breaks a validation rule (400).
    #[error("validation failed")]
    Validation(FieldErrors),
    /// No credentials (401).
    #[error("authentication required")]
    Unauthenticated,
    /// A bearer token that is not valid: bad signature, expired, wrong issuer or audience (401,
    /// and `WWW-Authenticate: Bearer error="invalid_token"` as upstream's JWT handler says).
    #[error("invalid bearer token")]
    InvalidToken,
    /// Authenticated, but not allowed (403).
    #[error("forbidden")]
    Forbidden(FieldErrors),
    /// The entity does not exist or is not visible to the caller (404).
    #[error("not found")]
    NotFound(FieldErrors),
    /// The request clashes with the current state, such as a reused idempotency key (409).
    #[error("conflict")]
    Conflict(FieldErrors),
    /// The entity was deleted (410).
    #[error("gone")]
    Gone(FieldErrors),
    /// An `If-Match` revision did not match (412).
    #[error("precondition failed")]
    PreconditionFailed,
    /// The body is not in a media type the operation reads (415).
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// Well-formed, but the domain refuses it (422).
    #[error("unprocessable")]
    Domain(FieldErrors),
    /// A dependency such as the database is not available right now (503).
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; logged, never shown (500).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// An error map with one message for one property.
    pub fn field(property: impl Into<String>, message: impl Into<String>) -> FieldErrors {
        BTreeMap::from([(property.into(), vec![message.into()])])
    }

    /// Upstream's 404 for an entity (`DialogEntity`, `DialogActivity`, ...) that is not there.
    pub fn entity_not_found(entity: &str, id: impl std::fmt::Display) -> Self {
        Self::NotFound(Self::field(
            entity,
            format!("Entity '{entity}' with the following key(s) was not found: ({id})."),
        ))
    }

    /// Upstream's 403 for correspondence activities from a caller without the correspondence scope.
    pub fn correspondence_activity_forbidden() -> Self {
        Self::Forbidden(Self::field(
            "Forbidden",
            "Use of CorrespondenceConfirmed or CorrespondenceOpened activity types requires the scope digdir:dialogporten.correspondence.",
        ))
    }

    /// Upstream's words for ids other entities already hold.
    pub fn already_exists(entity: &str, ids: &[uuid::Uuid]) -> String {
        let ids = ids.iter().map(uuid::Uuid::to_string).collect::<Vec<_>>();
        format!(
            "Entity '{entity}' with the following key(s) already exists: ({}).",
            ids.join(", ")
        )
    }

    /// Upstream's update-command refusal (422) of ids that exist already, named together under
    /// the update's member (`Attachments`, `Activities`).
    pub fn existing(member: &str, entity: &str, ids: &[uuid::Uuid]) -> Self {
        Self::Domain(Self::field(member, Self::already_exists(entity, ids)))
    }

    /// Upstream's 422 for an id its database already holds, as its unique violation words it
    /// (PostgreSQL's detail, with the quotes made single), under the table's name.
    pub fn reused_key(table: &str, id: impl std::fmt::Display) -> Self {
        Self::Domain(Self::field(
            table,
            format!("Key ('Id')=({id}) already exists."),
        ))
    }

    /// Upstream's 422 for a primary-key violation of a dialog, transmission or activity (an id
    /// reused from another dialog, or two requests racing), naming the entity and the id as
    /// PostgreSQL reports them; `None` for any other error.
    pub fn reused_id(error: &sqlx::Error) -> Option<Self> {
        let database = error.as_database_error()?;
        let constraint = database.constraint()?;
        if !matches!(
            constraint,
            "dialogs_pkey" | "dialog_transmissions_pkey" | "dialog_activities_pkey"
        ) {
            return None;
        }
        // "Key (id)=(0190...) already exists."
        let detail = database
            .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
            .and_then(|error| error.detail())
            .unwrap_or_default();
        let id = detail
            .split_once("=(")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map_or("", |(id, _)| id);
        Some(match constraint {
            "dialog_transmissions_pkey" => Self::reused_key("DialogTransmission", id),
            "dialog_activities_pkey" => Self::reused_key("DialogActivity", id),
            _ => Self::reused_key("Dialog", id),
        })
    }

    /// Upstream's 410 for a deleted dialog.
    pub fn dialog_gone(id: impl std::fmt::Display) -> Self {
        Self::Gone(Self::field(
            "DialogEntity",
            format!("Entity 'DialogEntity' with the following key(s) is removed: ({id})."),
        ))
    }

    /// Upstream's 404 for a dialog that is not there (or not the caller's).
    pub fn dialog_not_found(id: impl std::fmt::Display) -> Self {
        Self::entity_not_found("DialogEntity", id)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::InvalidToken => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Gone(_) => StatusCode::GONE,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Domain(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The field-level messages the caller may see (none for internal errors).
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::Validation(errors)
            | Self::Forbidden(errors)
            | Self::NotFound(errors)
            | Self::Conflict(errors)
            | Self::Gone(errors)
            | Self::Domain(errors) => Some(errors),
            Self::Unauthenticated
            | Self::InvalidToken
            | Self::PreconditionFailed
            | Self::UnsupportedMediaType(_)
            | Self::Unavailable(_)
            | Self::Internal(_) => None,
        }
    }
}

/// PostgreSQL's SQLSTATE for a statement cancelled, by its timeout among others.
const QUERY_CANCELED: &str = "57014";

/// Whether a database error says the server went away rather than refused the statement: a
/// connection exception (class 08) or the server shutting down or restarting (class 57, but a
/// cancelled statement).
fn is_database_gone(code: &str) -> bool {
    code.starts_with("08") || (code.starts_with("57") && code != QUERY_CANCELED)
}
pub const SEARCH_TIMED_OUT: &str = "The search matched too many dialogs to complete. Narrow it with a date range (contentUpdatedAfter), fewer parties, or a service resource.";

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                Self::Unavailable("the database is not reachable".into())
            }
            // Only searches run under a statement timeout: upstream answers its firing so.
            sqlx::Error::Database(error) if error.code().as_deref() == Some(QUERY_CANCELED) => {
                Self::Domain(Self::field("Search", SEARCH_TIMED_OUT))
            }
            sqlx::Error::Database(error)
                if error.code().is_some_and(|code| is_database_gone(&code)) =>
            {
                Self::Unavailable("the database is not reachable".into())
            }
            other => Self::Internal(other.into()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
