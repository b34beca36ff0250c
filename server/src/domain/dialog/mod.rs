//! The dialog aggregate's value types and rules, as upstream Dialogporten defines them.

pub mod accepted_languages;
pub mod authorization_context;
pub mod content;
pub mod create;
pub mod end_user_labels;
pub mod id;
pub mod language;
pub mod model;
pub mod status;
pub mod time;
