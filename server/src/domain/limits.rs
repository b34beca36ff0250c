//! How many values a search filter may list: the same numbers upstream enforces.

pub const END_USER_PARTIES: usize = 100;
pub const END_USER_SERVICE_RESOURCES: usize = 20;
pub const END_USER_ORGS: usize = 20;
pub const END_USER_EXTENDED_STATUSES: usize = 20;
pub const SERVICE_OWNER_PARTIES: usize = 20;
pub const SERVICE_OWNER_SERVICE_RESOURCES: usize = 20;
pub const SERVICE_OWNER_EXTENDED_STATUSES: usize = 20;

/// Each (query parameter, values given, most allowed): the first over its limit is a 400.
pub fn check(counts: &[(&str, usize, usize)]) -> crate::error::Result<()> {
    match counts.iter().find(|(_, count, max)| count > max) {
        Some((name, _, max)) => Err(crate::error::Error::Validation(crate::error::Error::field(
            *name,
            format!("at most {max} values may be given"),
        ))),
        None => Ok(()),
    }
}
