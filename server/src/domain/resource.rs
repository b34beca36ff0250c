//! Service resources and the vocabulary of their policies: subjects, actions, attributes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{text_column, text_newtype};

pub const RESOURCE_PREFIX: &str = "urn:altinn:resource:";
pub const ROLE_PREFIX: &str = "urn:altinn:rolecode:";
pub const ACCESS_PACKAGE_PREFIX: &str = "urn:altinn:accesspackage:";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceError {
    #[error(
        "'{0}' is not a service resource: expected urn:altinn:resource:<id> with letters, digits, '_' or '-'"
    )]
    ResourceId(String),
    #[error(
        "'{0}' is not a subject: expected a role code such as DAGL, urn:altinn:rolecode:<code> or urn:altinn:accesspackage:<name>"
    )]
    Subject(String),
    #[error("'{0}' is not an action: expected letters, digits, '_' or '-'")]
    Action(String),
    #[error("'{0}' is not an authorization attribute")]
    Attribute(String),
}

fn is_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 255
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

/// `urn:altinn:resource:<id>`, stored lowercased as upstream compares it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(String);

impl ResourceId {
    pub fn parse(value: &str) -> Result<Self, ResourceError> {
        let lower = value.to_ascii_lowercase();
        match lower.strip_prefix(RESOURCE_PREFIX) {
            Some(id) if is_name(id) => Ok(Self(lower)),
            _ => Err(ResourceError::ResourceId(value.to_owned())),
        }
    }

    /// Takes the place of a request's invalid resource while its other fields are checked; the
    /// request is refused, so it is never stored.
    pub(crate) fn stand_in() -> Self {
        Self(String::new())
    }
}
text_newtype!(ResourceId);
text_column!(ResourceId);

/// Who a policy rule grants to: a role code or an access package, in canonical lowercased URN form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject(String);

impl Subject {
    /// The subject of a person acting in their own affairs.
    pub fn private_person() -> Self {
        Self(format!("{ROLE_PREFIX}priv"))
    }

    /// Accepts `DAGL`, `urn:altinn:rolecode:DAGL` or `urn:altinn:accesspackage:<name>`, in any case.
    pub fn parse(value: &str) -> Result<Self, ResourceError> {
        let lower = value.trim().to_ascii_lowercase();
        let canonical = if let Some(code) = lower.strip_prefix(ROLE_PREFIX) {
            is_name(code).then(|| lower.clone())
        } else if let Some(package) = lower.strip_prefix(ACCESS_PACKAGE_PREFIX) {
            is_name(package).then(|| lower.clone())
        } else {
            is_name(&lower).then(|| format!("{ROLE_PREFIX}{lower}"))
        };
        canonical
            .map(Self)
            .ok_or_else(|| ResourceError::Subject(value.to_owned()))
    }
}
text_newtype!(Subject);

/// An action such as `read`, `write`, `sign` or a service owner's own, lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Action(String);

impl Action {
    pub fn read() -> Self {
        Self("read".into())
    }

    pub fn parse(value: &str) -> Result<Self, ResourceError> {
        let lower = value.trim().to_ascii_lowercase();
        if is_name(&lower) {
            Ok(Self(lower))
        } else {
            Err(ResourceError::Action(value.to_owned()))
        }
    }
}
text_newtype!(Action);

/// What part of a service an action concerns: `urn:altinn:subresource:x`, `urn:altinn:task:x`,
/// another resource `urn:altinn:resource:x`, or a bare name (a sub-resource), kept in canonical
/// lowercased URN form. Upstream's rule:
/// `^(?:urn:altinn:[a-z][a-z0-9_-]*:)?[a-z][a-z0-9_-]*$`, case-insensitive, at most 255 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Attribute(String);

impl Attribute {
    pub fn parse(value: &str) -> Result<Self, ResourceError> {
        let lower = value.trim().to_ascii_lowercase();
        let segment = |part: &str| {
            part.bytes()
                .next()
                .is_some_and(|byte| byte.is_ascii_lowercase())
                && part.bytes().all(|byte| {
                    byte.is_ascii_lowercase()
                        || byte.is_ascii_digit()
                        || byte == b'_'
                        || byte == b'-'
                })
        };
        let valid = lower.len() <= 255
            && match lower.strip_prefix("urn:altinn:") {
                Some(rest) => rest
                    .split_once(':')
                    .is_some_and(|(kind, name)| segment(kind) && segment(name)),
                None => segment(&lower),
            };
        match (valid, lower.starts_with("urn:")) {
            (false, _) => Err(ResourceError::Attribute(value.to_owned())),
            (true, true) => Ok(Self(lower)),
            // A bare name means a sub-resource, as upstream maps it.
            (true, false) => Ok(Self(format!("urn:altinn:subresource:{lower}"))),
        }
    }

    /// The other resource this attribute points at, whose policy then decides.
    pub fn referenced_resource(&self) -> Option<ResourceId> {
        ResourceId::parse(&self.0).ok()
    }
}
text_newtype!(Attribute);

/// Kinds of service resources dialogs may reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResourceType {
    GenericAccessResource,
    AltinnApp,
    MigratedApp,
    /// Dialogs may reference these only with the correspondence scope.
    CorrespondenceService,
}

impl ResourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GenericAccessResource => "GenericAccessResource",
            Self::AltinnApp => "AltinnApp",
            Self::MigratedApp => "MigratedApp",
            Self::CorrespondenceService => "CorrespondenceService",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::GenericAccessResource,
            Self::AltinnApp,
            Self::MigratedApp,
            Self::CorrespondenceService,
        ]
        .into_iter()
        .find(|kind| kind.as_str().eq_ignore_ascii_case(value))
    }
}

/// Text in up to three languages, keyed `nb`, `nn` and `en`.
pub type LocalizedText = BTreeMap<String, String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_are_lowercased_and_need_the_prefix() {
        assert_eq!(
            ResourceId::parse("urn:altinn:resource:Skattemelding")
                .expect("valid")
                .as_str(),
            "urn:altinn:resource:skattemelding"
        );
        for invalid in [
            "skattemelding",
            "urn:altinn:resource:",
            "urn:altinn:resource:a b",
            "urn:altinn:app:x",
        ] {
            assert!(ResourceId::parse(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn role_codes_and_access_packages_become_canonical_subjects() {
        assert_eq!(
            Subject::parse("DAGL").expect("role").as_str(),
            "urn:altinn:rolecode:dagl"
        );
        assert_eq!(
            Subject::parse("urn:altinn:rolecode:DAGL")
                .expect("role")
                .as_str(),
            "urn:altinn:rolecode:dagl"
        );
        assert_eq!(
            Subject::parse("urn:altinn:accesspackage:Skatt-Naering")
                .expect("package")
                .as_str(),
            "urn:altinn:accesspackage:skatt-naering"
        );
        assert!(Subject::parse("urn:altinn:accesspackage:").is_err());
        assert!(Subject::parse("two words").is_err());
    }

    #[test]
    fn attributes_follow_upstreams_pattern() {
        for valid in [
            "urn:altinn:subresource:vedlegg",
            "urn:altinn:task:Task_1",
            "urn:altinn:resource:other",
            "signing",
        ] {
            assert!(Attribute::parse(valid).is_ok(), "{valid}");
        }
        for invalid in [
            "urn:altinn:",
            "1abc",
            "urn:other:x:y",
            "urn:altinn:task:",
            &"a".repeat(256),
        ] {
            assert!(Attribute::parse(invalid).is_err(), "{invalid}");
        }
    }

    #[test]
    fn a_bare_attribute_means_a_sub_resource() {
        assert_eq!(
            Attribute::parse("vedlegg").expect("valid").as_str(),
            "urn:altinn:subresource:vedlegg"
        );
    }

    #[test]
    fn an_attribute_can_point_at_another_resource() {
        let attribute = Attribute::parse("urn:altinn:resource:Other").expect("valid");
        assert_eq!(
            attribute.referenced_resource().map(|id| id.to_string()),
            Some("urn:altinn:resource:other".into())
        );
        assert!(
            Attribute::parse("urn:altinn:task:x")
                .expect("valid")
                .referenced_resource()
                .is_none()
        );
    }

    #[test]
    fn resource_types_parse_case_insensitively() {
        assert_eq!(
            ResourceType::parse("correspondenceservice"),
            Some(ResourceType::CorrespondenceService)
        );
        assert_eq!(ResourceType::parse("Unknown"), None);
    }
}
