//! Wire shapes the service-owner and end-user APIs share, so that neither imports the other.

pub mod lookup;
pub mod path;
pub mod revisions;
pub mod seen;
