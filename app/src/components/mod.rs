//! Reusable view pieces.

pub mod account;
pub mod action;
pub mod activity;
pub mod confirm;
pub mod content;
pub mod filters;
pub mod inbox_form;
pub mod inbox_row;
pub mod page_shell;
pub mod party_switcher;
pub mod problem;
pub mod shortcuts;
pub mod transmission;
