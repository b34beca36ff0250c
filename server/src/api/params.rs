//! Query parameters as upstream reads them: names in any case, lists by repeating a name, and
//! every problem collected before answering 400.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::{
    domain::dialog::{
        language::LanguageCode,
        status::{DialogStatus, SystemLabel},
        time::parse_timestamp,
    },
    domain::uri::{MAX_URI_LENGTH, is_well_formed_uri},
    error::{Error, FieldErrors, Result},
    store::{
        pagination::{Cursor, Order, parse_limit},
        search::{DialogFilter, FreeText, Range},
    },
};

/// Query parameters by lowercased name, each with every value given (`party=a&party=b`).
pub struct Params {
    values: BTreeMap<String, Vec<String>>,
    errors: FieldErrors,
}

impl Params {
    /// An empty value (`?endUserId=`) counts as absent, as upstream binds it.
    pub(crate) fn new(pairs: Vec<(String, String)>) -> Self {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (key, value) in pairs.into_iter().filter(|(_, value)| !value.is_empty()) {
            values
                .entry(key.to_ascii_lowercase())
                .or_default()
                .push(value);
        }
        Self {
            values,
            errors: FieldErrors::new(),
        }
    }

    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub(crate) fn one(&self, name: &str) -> Option<String> {
        self.values
            .get(name)
            .and_then(|values| values.last().cloned())
    }

    /// 400 with every error collected so far.
    pub(crate) fn finish(&mut self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(std::mem::take(&mut self.errors)))
        }
    }

    pub(crate) fn error(&mut self, name: &str, message: String) {
        self.errors
            .entry(name.to_owned())
            .or_default()
            .push(message);
    }

    pub(crate) fn date(&mut self, name: &str) -> Option<DateTime<Utc>> {
        let raw = self.one(name)?;
        parse_timestamp(&raw)
            .map_err(|message| self.error(name, message))
            .ok()
    }

    pub(crate) fn range(&mut self, prefix: &str) -> Range {
        Range {
            after: self.date(&format!("{prefix}after")),
            before: self.date(&format!("{prefix}before")),
        }
    }

    pub(crate) fn flag(&mut self, name: &str) -> Option<bool> {
        let raw = self.one(name)?;
        match raw.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.error(name, format!("'{raw}' is not true or false"));
                None
            }
        }
    }

    pub(crate) fn parsed<T>(&mut self, name: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
        let mut parsed = Vec::new();
        for raw in self.all(name) {
            match parse(&raw) {
                Some(value) => parsed.push(value),
                None => self.error(name, format!("'{raw}' is not a valid value")),
            }
        }
        parsed
    }
}

impl Params {
    /// `process`: a well-formed URI of at most 1023 characters.
    fn process(&mut self) -> Option<String> {
        let process = self.one("process")?;
        if !is_well_formed_uri(&process) {
            self.error(
                "Process",
                "'Process' is not a well-formatted URI.".to_owned(),
            );
        } else if process.chars().count() > MAX_URI_LENGTH {
            self.error(
                "Process",
                format!(
                    "The length of 'Process' must be {MAX_URI_LENGTH} characters or fewer. You entered {} characters.",
                    process.chars().count()
                ),
            );
        }
        Some(process)
    }

    /// Where a page of `order` starts (`continuationToken`) and how long it is (`limit`).
    pub fn page(&self, order: &Order) -> Result<(Option<Cursor>, i64)> {
        let cursor = self
            .one("continuationtoken")
            .map(|token| Cursor::parse(order, &token))
            .transpose()?;
        Ok((cursor, parse_limit(self.one("limit").as_deref())?))
    }

    /// The filters service owners and end users share: resources, parties, statuses, dates,
    /// labels and free text.
    pub fn common_filter(&mut self) -> DialogFilter {
        let language = self.one("searchlanguagecode").and_then(|raw| {
            LanguageCode::parse(&raw)
                .map_err(|message| self.error("searchLanguageCode", message))
                .ok()
        });
        let text = self.one("search").and_then(|raw| {
            FreeText::parse(&raw, language.as_ref().map(LanguageCode::as_str))
                .map_err(|message| self.error("search", message))
                .ok()
        });
        DialogFilter {
            service_resources: self
                .all("serviceresource")
                .into_iter()
                .map(|value| value.to_ascii_lowercase())
                .collect(),
            parties: self
                .all("party")
                .into_iter()
                .map(|value| value.to_lowercase())
                .collect(),
            extended_statuses: self.all("extendedstatus"),
            external_reference: self.one("externalreference"),
            statuses: self
                .parsed("status", DialogStatus::parse_input)
                .into_iter()
                .map(DialogStatus::id)
                .collect(),
            created: self.range("created"),
            updated: self.range("updated"),
            content_updated: self.range("contentupdated"),
            due: self.range("due"),
            process: self.process(),
            system_labels: self.parsed("systemlabel", SystemLabel::parse_input),
            exclude_api_only: self.flag("excludeapionly").unwrap_or(false),
            is_content_seen: self.flag("iscontentseen"),
            text,
            ..DialogFilter::default()
        }
    }
}
