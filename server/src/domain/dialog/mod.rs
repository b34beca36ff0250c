//! The dialog aggregate's value types and rules, as upstream Dialogporten defines them.

pub mod content;
pub mod language;
pub mod status;
pub mod time;
