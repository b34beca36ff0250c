//! The demo's people and organisations as the end-user tests name them, and the end-user API's
//! dialogs path.

pub(crate) const KARI: &str = "01018012371";
pub(crate) const OLA: &str = "15057523414";
pub(crate) const INGRID: &str = "23069034578";
pub(crate) const FJORDKRAFT: &str = "urn:altinn:organization:identifier-no:310778737";
pub(crate) const ENDUSER: &str = "/api/v1/enduser/dialogs";

pub(crate) fn person(pid: &str) -> String {
    format!("urn:altinn:person:identifier-no:{pid}")
}
