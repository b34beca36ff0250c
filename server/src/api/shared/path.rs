//! Ids in paths, as both APIs read them.

use uuid::Uuid;

use crate::error::{Error, Result};

/// An id from the path; one that is not a GUID is a 400 under `name`.
pub fn parse_id(raw: &str, name: &str) -> Result<Uuid> {
    Uuid::parse_str(raw)
        .map_err(|_| Error::Validation(Error::field(name, format!("'{raw}' is not a valid GUID"))))
}
