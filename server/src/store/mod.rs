//! SQL, one module per aggregate. Functions take a connection; the service owns transactions.

pub mod dialogs;
pub mod end_user_context;
pub mod entity_ids;
pub mod pagination;
pub mod search;
