//! End users reading dialogs: what one user may see and do with a dialog (decided once per
//! request, in `authz`), the dialog with its token, its parts, and searches.

mod access;
mod asked;
mod open;
mod search;
pub mod view;

pub use access::{DialogAccess, decide, may_list};
pub use open::{NotYetVisible, OpenedDialog, is_level_too_low, open, parts};
pub use search::{
    InboxCounts, authorized, count_inbox, listed_title_and_summary, search, search_inbox,
    sensitive_resources, store_large_groups,
};
