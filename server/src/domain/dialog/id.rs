//! A dialog's id. Service owners may choose it (a UUIDv7 with a timestamp in the past); we make
//! one otherwise. Typed so that a dialog id cannot be passed where a transmission's or an
//! activity's is meant.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type,
)]
#[serde(transparent)]
#[sqlx(transparent)]
pub struct DialogId(Uuid);

impl DialogId {
    pub const fn new(id: Uuid) -> Self {
        Self(id)
    }

    pub const fn uuid(self) -> Uuid {
        self.0
    }
}

impl From<Uuid> for DialogId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl From<DialogId> for Uuid {
    fn from(id: DialogId) -> Self {
        id.0
    }
}

impl FromStr for DialogId {
    type Err = uuid::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(text).map(Self)
    }
}

impl fmt::Display for DialogId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
