//! Use cases: each owns its transaction and asks `authz` what the caller may do.

pub mod children;
pub mod dialogs;
pub mod labels;
pub mod lifecycle;
pub mod lookup;
pub mod search;
pub mod update;
