//! Authentication: bearer tokens from trusted issuers become a typed [`principal::Principal`];
//! people sign in to the portal with OpenID Connect into a [`session`], against ID-porten or
//! (in dev mode) the built-in test provider [`idp`].

pub mod bearer;
pub mod claims;
pub mod dialog_token;
pub mod extract;
pub mod idp;
pub mod keys;
pub mod oidc;
pub mod principal;
pub mod session;
pub mod test_tokens;
