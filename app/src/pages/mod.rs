//! One routed page per file.

pub mod dialog;
pub mod home;
pub mod inbox;
pub mod not_found;
pub mod preview;
