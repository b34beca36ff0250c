//! The collector of validation errors and the checks shared by every part of a dialog.

use super::*;

/// What the caller may do beyond the basics, and whether date rules apply to it.
#[derive(Debug, Clone, Copy, Default)]
pub struct WritePrivileges {
    pub content: ContentPrivileges,
    /// The admin scope: skips the future-date rules and `dueAt >= visibleFrom`.
    pub admin: bool,
    /// A silent update (`?isSilentUpdate=true`): skips the future-date rules.
    pub silent: bool,
}

/// Collects errors by property path: rule violations (400), and domain refusals such as dates
/// not in the future (422), which upstream reports apart.
pub(super) struct Errors(pub(super) FieldErrors, pub(super) FieldErrors);

impl Errors {
    /// Rule violations first (400), then domain refusals (422).
    pub(super) fn finish(self) -> Result<(), Error> {
        if !self.0.is_empty() {
            return Err(Error::Validation(self.0));
        }
        if !self.1.is_empty() {
            return Err(Error::Domain(self.1));
        }
        Ok(())
    }

    pub(super) fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.entry(path.into()).or_default().push(message.into());
    }

    pub(super) fn required<'a, T>(&mut self, path: &str, value: Option<&'a T>) -> Option<&'a T> {
        if value.is_none() {
            self.add(path, "is required");
        }
        value
    }

    pub(super) fn max_length(
        &mut self,
        path: &str,
        value: Option<&String>,
        max: usize,
    ) -> Option<String> {
        let value = value?;
        if value.chars().count() > max {
            self.add(path, format!("must be at most {max} characters"));
        }
        Some(value.clone())
    }

    pub(super) fn id(&mut self, path: &str, id: Option<Uuid>, now: DateTime<Utc>) -> Uuid {
        match id {
            Some(id) => {
                if let Err(message) = check_uuid_v7(&id, now) {
                    self.add(path, message);
                }
                id
            }
            None => Uuid::now_v7(),
        }
    }

    pub(super) fn https_url(&mut self, path: &str, url: Option<&String>, max: usize) -> String {
        match url {
            None => {
                self.add(path, "is required");
                String::new()
            }
            Some(url) => {
                if !is_absolute_https(url) {
                    self.add(path, "must be an absolute https URL");
                } else if url.len() > max {
                    self.add(path, format!("must be at most {max} characters"));
                }
                url.clone()
            }
        }
    }

    /// An absolute URI of at most `max` characters; an empty one is accepted as none, as
    /// upstream's validator accepts it.
    pub(super) fn uri(&mut self, path: &str, value: Option<&String>, max: usize) -> Option<String> {
        let value = value.filter(|value| !value.is_empty())?;
        let well_formed = value.split_once(':').is_some_and(|(scheme, rest)| {
            !rest.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }) && !value.chars().any(char::is_whitespace);
        if !well_formed {
            self.add(path, "must be a well-formed absolute URI");
        } else if value.len() > max {
            self.add(path, format!("must be at most {max} characters"));
        }
        Some(value.clone())
    }

    pub(super) fn localizations(
        &mut self,
        path: &str,
        items: Option<&Vec<LocalizationInput>>,
        max: usize,
    ) -> Vec<LocalizationDoc> {
        let pairs = localization_pairs(items.map(Vec::as_slice));
        localization_docs(&check_localizations(path, &pairs, max, &mut self.0))
    }

    pub(super) fn future(
        &mut self,
        path: &str,
        date: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) {
        if !privileges.admin && !privileges.silent && date.is_some_and(|date| date <= now) {
            self.1
                .entry(path.to_owned())
                .or_default()
                .push("Must be in the future".into());
        }
    }

    pub(super) fn unique_ids(&mut self, path: &str, ids: impl Iterator<Item = Uuid>) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.add(path, format!("The id '{id}' appears more than once"));
            }
        }
    }
}

/// `(languageCode, value)` pairs, with missing parts empty so that validation reports them.
fn localization_pairs(items: Option<&[LocalizationInput]>) -> Vec<(String, String)> {
    items
        .unwrap_or_default()
        .iter()
        .map(|item| {
            let code = item.language_code.clone().unwrap_or_default();
            (code, item.value.clone().unwrap_or_default())
        })
        .collect()
}

/// A given date in UTC. .NET's default date (`0001-01-01T00:00:00+00:00`, what a client writes
/// for a `DateTimeOffset` it never set) counts as not given, as upstream treats it.
pub(super) fn utc(date: Option<DateTime<FixedOffset>>) -> Option<DateTime<Utc>> {
    let dotnet_default = DateTime::<Utc>::from_timestamp(DOTNET_DEFAULT_SECONDS, 0);
    date.map(|date| date.with_timezone(&Utc))
        .filter(|date| Some(*date) != dotnet_default)
}

/// 0001-01-01T00:00:00Z in seconds since 1970.
const DOTNET_DEFAULT_SECONDS: i64 = -62_135_596_800;

pub(super) fn content_value(
    errors: &mut Errors,
    path: &str,
    rule: &ContentRule,
    input: Option<&ContentValueInput>,
    privileges: ContentPrivileges,
    required: bool,
) -> Option<ContentValueDoc> {
    let Some(input) = input else {
        if required {
            errors.add(path, "is required");
        }
        return None;
    };
    let pairs = localization_pairs(input.value.as_deref());
    check_content_value(
        path,
        rule,
        input.media_type.as_deref(),
        &pairs,
        privileges,
        &mut errors.0,
    )
    .map(|value| ContentValueDoc::from(&value))
}

pub(super) fn rule<'a>(rules: &'a [ContentRule], name: &str) -> &'a ContentRule {
    rules
        .iter()
        .find(|rule| rule.name == name)
        .unwrap_or(&rules[0])
}

pub(super) fn check_attribute(
    errors: &mut Errors,
    path: &str,
    value: Option<&String>,
) -> Option<String> {
    let value = value?;
    if let Err(error) = crate::domain::resource::Attribute::parse(value) {
        errors.add(path, error.to_string());
    }
    Some(value.clone())
}
