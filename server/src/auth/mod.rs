//! Authentication: bearer tokens from trusted issuers become a typed [`principal::Principal`].

pub mod bearer;
pub mod claims;
pub mod dialog_token;
pub mod keys;
pub mod principal;
pub mod test_tokens;
