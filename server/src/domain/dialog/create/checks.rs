//! The collector of validation errors and the checks shared by every part of a dialog.

use super::*;
use crate::domain::uri::is_well_formed_uri;
pub(super) use crate::domain::{resource::RESOURCE_PREFIX, uri::MAX_URI_LENGTH};

/// Upstream's message for a party identifier it cannot read.
pub(super) const PARTY_FORMAT: &str = "'Party' must be on format 'urn:altinn:organization:identifier-no:{norwegian org-nr}', 'urn:altinn:person:identifier-no:{norwegian f-nr/d-nr}', 'urn:altinn:person:legacy-selfidentified:{username}' or 'urn:altinn:person:idporten-email:{e-mail}' with valid values, respectively.";

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

    /// As [`Errors::finish`], with the rule violations under upstream's keys for a create or
    /// update command: its `dto` and each member camel-cased (see [`dto_key`]).
    pub(super) fn finish_dto(mut self) -> Result<(), Error> {
        self.0 = std::mem::take(&mut self.0)
            .into_iter()
            .map(|(path, messages)| (dto_key(&path), messages))
            .fold(FieldErrors::new(), |mut keyed, (key, messages)| {
                keyed.entry(key).or_default().extend(messages);
                keyed
            });
        self.finish()
    }

    /// A domain refusal of an id its database already holds, as upstream's unique violation
    /// words it under the table's name (the append endpoints, which upstream leaves to its
    /// database).
    pub(super) fn reused_key(&mut self, table: &str, id: Uuid) {
        self.1
            .entry(table.to_owned())
            .or_default()
            .push(format!("Key ('Id')=({id}) already exists."));
    }

    /// Upstream's update-command refusal of ids that already exist, all in one message under
    /// the update's member (`Transmissions`, `Activities`).
    pub(super) fn existing(&mut self, member: &str, entity: &str, ids: &[Uuid]) {
        if ids.is_empty() {
            return;
        }
        self.1
            .entry(member.to_owned())
            .or_default()
            .push(Error::already_exists(entity, ids));
    }

    pub(super) fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.entry(path.into()).or_default().push(message.into());
    }

    pub(super) fn required<'a, T>(&mut self, path: &str, value: Option<&'a T>) -> Option<&'a T> {
        if value.is_none() {
            self.add(path, not_empty(path));
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
        self.length(path, value, 0, max);
        Some(value.clone())
    }

    /// FluentValidation's length rules: at least `min` (when not 0), at most `max` characters.
    pub(super) fn length(&mut self, path: &str, value: &str, min: usize, max: usize) {
        let length = value.chars().count();
        let name = member(path);
        if length > max {
            self.add(
                path,
                format!(
                    "The length of '{name}' must be {max} characters or fewer. You entered {length} characters."
                ),
            );
        } else if length < min {
            self.add(
                path,
                format!(
                    "The length of '{name}' must be at least {min} characters. You entered {length} characters."
                ),
            );
        }
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
                self.add(path, not_empty(path));
                String::new()
            }
            Some(url) => {
                if !is_absolute_https(url) {
                    let name = member(path);
                    self.add(path, format!("'{name}' is not a well-formatted HTTPS URL."));
                    return url.clone();
                }
                self.length(path, url, 0, max);
                normalized_url(url)
            }
        }
    }

    /// A URI reference as upstream's `IsValidUri` judges it, of at most `max` characters; an
    /// empty one is accepted as none, as upstream's validator accepts it.
    pub(super) fn uri(&mut self, path: &str, value: Option<&String>, max: usize) -> Option<String> {
        let value = value.filter(|value| !value.is_empty())?;
        if !is_well_formed_uri(value) {
            let name = member(path);
            self.add(path, format!("'{name}' is not a well-formatted URI."));
        }
        self.length(path, value, 0, max);
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
        self.unique(path, ids.map(|id| id.to_string()));
    }

    /// FluentValidation's `UniqueBy` as upstream words it: one message naming the values given
    /// more than once.
    pub(super) fn unique(&mut self, path: &str, values: impl Iterator<Item = String>) {
        let mut seen = BTreeSet::new();
        let mut repeated: Vec<String> = Vec::new();
        for value in values {
            if !seen.insert(value.clone()) && !repeated.contains(&value) {
                repeated.push(value);
            }
        }
        if !repeated.is_empty() {
            self.add(path, duplicates(&repeated));
        }
    }
}

/// A URL as upstream stores it, through .NET's `Uri`: scheme and host in lower case, and `/`
/// for an empty path (`https://Digdir.no` is `https://digdir.no/`).
pub(super) fn normalized_url(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| url.to_owned(), String::from)
}

/// Upstream's message for a list with repeated values.
pub fn duplicates(repeated: &[String]) -> String {
    format!(
        "Can not contain duplicate items: [{}].",
        repeated.join(", ")
    )
}

/// The member a property path ends in, as FluentValidation names it in messages
/// (`Attachments[0].Urls` → `Urls`).
pub(super) fn member(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// FluentValidation's `NotEmpty`/`NotNull` message.
pub(super) fn not_empty(path: &str) -> String {
    format!("'{}' must not be empty.", member(path))
}

/// Upstream's error key for a property path of a create or update command: `dto.`, then each
/// member camel-cased (`Attachments[0].DisplayName` → `dto.attachments[0].displayName`). The
/// content type under `Content` is left out, as upstream's content validators, which select
/// each type by reflection, leave it out (`Content.Title.Value[0].Value` →
/// `dto.content.value[0].value`, a missing `Content.Title` → `dto.content`).
pub(super) fn dto_key(path: &str) -> String {
    let mut key = String::from("dto");
    let mut after_content = false;
    for member in path.split('.') {
        if after_content {
            after_content = false;
            continue;
        }
        after_content = member == "Content";
        key.push('.');
        let mut chars = member.chars();
        if let Some(first) = chars.next() {
            key.extend(first.to_lowercase());
            key.push_str(chars.as_str());
        }
    }
    key
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
            // Upstream's content validators word it without quotes.
            errors.add(path, format!("{} must not be empty.", member(path)));
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
    errors.max_length(path, Some(value), 255);
    if crate::domain::resource::Attribute::parse(value).is_err() {
        errors.add(path, super::context::attribute_format(path));
    }
    Some(value.clone())
}
