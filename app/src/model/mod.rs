//! The view models the pages render: what the server fills in, in the user's language.

pub mod dialog;
pub mod inbox;
pub mod kinds;
pub mod preview;
