//! Integration tests through the real router on a fresh database per test, as personas:
//! a citizen, business representatives, service owners, administrators and strangers.

mod authentication;
mod authorization;
mod authorization_contexts;
mod common;
mod demo;
mod enduser;
mod kept_counts;
mod metadata;
mod openapi;
mod operations;
mod portal;
mod search_guards;
mod search_plans;
mod serviceowner_children;
mod serviceowner_dialogs;
mod serviceowner_end_user_context;
mod serviceowner_labels;
mod serviceowner_lookup;
mod serviceowner_search;
mod serviceowner_update;
mod upstream_errors;
mod upstream_output;
