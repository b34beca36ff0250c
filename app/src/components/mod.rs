//! Reusable view pieces.

pub mod page_shell;
pub mod problem;
