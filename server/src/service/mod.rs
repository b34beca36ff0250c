//! Use cases: each owns its transaction and asks `authz` what the caller may do.

pub mod actors;
pub mod children;
pub mod dialogs;
pub mod end_user;
pub mod end_user_context;
pub mod find;
pub mod inbox;
pub mod labels;
pub mod lifecycle;
pub mod lookup;
pub mod ownership;
pub mod search;
pub mod seen;
pub mod transmission_state;
pub mod update;

use uuid::Uuid;

/// What a service-owner write carries besides its body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Write {
    /// The dialog revision the caller expects (`If-Match`); a mismatch is 412.
    pub if_match: Option<Uuid>,
    /// `?isSilentUpdate=true`: no timestamps bumped, no future-date rules, and the dialog keeps
    /// its Bin or Archive label.
    pub silent: bool,
}
