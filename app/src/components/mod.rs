//! Reusable view pieces.

pub mod page_shell;
