//! Content values (`{ value: [localizations], mediaType }`) and the rules for each content type.

use super::language::{Localization, check_localizations};
use crate::error::FieldErrors;

pub const TEXT_PLAIN: &str = "text/plain";
pub const TEXT_MARKDOWN: &str = "text/markdown";
pub const TEXT_HTML: &str = "text/html";
pub const EMBED_MARKDOWN: &str =
    "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown";
pub const EMBED_HTML: &str = "application/vnd.dialogporten.frontchannelembed-url;type=text/html";
const EMBED_PREFIX: &str = "application/vnd.dialogporten.frontchannelembed";

/// What a content type allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRule {
    /// The JSON property, as upstream names it in error paths (`Title`, `AdditionalInfo`, ...).
    pub name: &'static str,
    pub required: bool,
    pub max_length: usize,
    pub media_types: &'static [&'static str],
    /// Media types allowed only with the legacy HTML scope.
    pub legacy_html_media_types: &'static [&'static str],
    /// Shown in search results (so the non-sensitive variants can stand in).
    pub in_list: bool,
}

const fn plain(
    name: &'static str,
    required: bool,
    max_length: usize,
    in_list: bool,
) -> ContentRule {
    ContentRule {
        name,
        required,
        max_length,
        media_types: &[TEXT_PLAIN],
        legacy_html_media_types: &[],
        in_list,
    }
}

/// The dialog's content types, as upstream defines them.
pub const DIALOG_CONTENT: [ContentRule; 8] = [
    plain("Title", true, 255, true),
    plain("SenderName", false, 255, true),
    plain("Summary", false, 255, true),
    ContentRule {
        name: "AdditionalInfo",
        required: false,
        max_length: 1023,
        media_types: &[TEXT_PLAIN, TEXT_MARKDOWN],
        legacy_html_media_types: &[TEXT_HTML],
        in_list: false,
    },
    plain("ExtendedStatus", false, 25, true),
    ContentRule {
        name: "MainContentReference",
        required: false,
        max_length: 1023,
        media_types: &[EMBED_MARKDOWN],
        legacy_html_media_types: &[EMBED_HTML],
        in_list: false,
    },
    plain("NonSensitiveTitle", false, 255, true),
    plain("NonSensitiveSummary", false, 255, true),
];

/// A transmission's content types.
pub const TRANSMISSION_CONTENT: [ContentRule; 3] = [
    plain("Title", true, 255, false),
    plain("Summary", false, 255, false),
    ContentRule {
        name: "ContentReference",
        required: false,
        max_length: 1023,
        media_types: &[EMBED_MARKDOWN],
        legacy_html_media_types: &[EMBED_HTML],
        in_list: false,
    },
];

/// Who is writing, as far as content rules care.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContentPrivileges {
    /// `digdir:dialogporten.serviceprovider.legacyhtml`
    pub legacy_html: bool,
    /// `digdir:dialogporten.correspondence`: 255-character types allow 512.
    pub correspondence: bool,
}

/// A checked content value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentValue {
    pub media_type: String,
    pub value: Vec<Localization>,
}

/// Maps deprecated media-type aliases to their current names; absent means `text/plain`.
fn normalize_media_type(media_type: Option<&str>) -> String {
    match media_type.map(str::trim) {
        None | Some("") => TEXT_PLAIN.to_owned(),
        Some("application/vnd.dialogporten.frontchannelembed+json;type=markdown") => {
            EMBED_MARKDOWN.to_owned()
        }
        Some("application/vnd.dialogporten.frontchannelembed+json;type=html") => {
            EMBED_HTML.to_owned()
        }
        Some(other) => other.to_owned(),
    }
}

/// Checks one content value against its rule; errors go under `path` (e.g. `Content.Title`).
pub fn check_content_value(
    path: &str,
    rule: &ContentRule,
    media_type: Option<&str>,
    value: &[(String, String)],
    privileges: ContentPrivileges,
    errors: &mut FieldErrors,
) -> Option<ContentValue> {
    let before = errors.len();
    let media_type = normalize_media_type(media_type);
    let allowed = rule.media_types.contains(&media_type.as_str())
        || (privileges.legacy_html && rule.legacy_html_media_types.contains(&media_type.as_str()));
    if !allowed {
        let mut names: Vec<&str> = rule.media_types.to_vec();
        if privileges.legacy_html {
            names.extend(rule.legacy_html_media_types);
        }
        errors
            .entry(format!("{path}.MediaType"))
            .or_default()
            .push(format!(
                "'{media_type}' is not allowed here; allowed: {}",
                names.join(", ")
            ));
    }
    if value.is_empty() {
        errors
            .entry(format!("{path}.Value"))
            .or_default()
            .push("must have at least one localization".into());
    }
    let max_length = if privileges.correspondence && rule.max_length == 255 {
        512
    } else {
        rule.max_length
    };
    let localizations = check_localizations(&format!("{path}.Value"), value, max_length, errors);
    check_values(path, &media_type, &localizations, errors);
    (errors.len() == before).then_some(ContentValue {
        media_type,
        value: localizations,
    })
}

pub fn is_absolute_https(value: &str) -> bool {
    value.strip_prefix("https://").is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !rest.chars().any(char::is_whitespace)
    })
}

/// Upstream's whitelist for legacy `text/html`: a few tags, no attributes but `href="https://..."` on `<a>`.
fn check_legacy_html(html: &str) -> Result<(), String> {
    const ALLOWED: [&str; 14] = [
        "p", "a", "br", "em", "strong", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td",
        "th",
    ];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').ok_or("an unclosed tag")? + start;
        let tag = rest[start + 1..end].trim().trim_end_matches('/').trim();
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/');
        let mut parts = tag.split_whitespace();
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        if !ALLOWED.contains(&name.as_str()) {
            return Err(format!("the tag <{name}> is not allowed"));
        }
        let attributes: Vec<&str> = parts.collect();
        let allowed_attributes = match (name.as_str(), closing) {
            ("a", false) => {
                let single = attributes.join(" ");
                let href = single
                    .strip_prefix("href=")
                    .map(|value| value.trim_matches(|c| c == '"' || c == '\''));
                attributes.len() == 1 && href.is_some_and(|href| href.starts_with("https://"))
            }
            _ => attributes.is_empty(),
        };
        if !allowed_attributes {
            return Err(format!(
                "the tag <{name}> has attributes that are not allowed"
            ));
        }
    }
    Ok(())
}

/// What a media type asks of the texts: an embed's are https URLs, legacy HTML is checked.
fn check_values(
    path: &str,
    media_type: &str,
    localizations: &[Localization],
    errors: &mut FieldErrors,
) {
    if media_type.starts_with(EMBED_PREFIX) {
        for (index, localization) in localizations.iter().enumerate() {
            if !is_absolute_https(&localization.value) {
                errors
                    .entry(format!("{path}.Value[{index}].Value"))
                    .or_default()
                    .push("must be an absolute https URL".into());
            }
        }
    }
    if media_type == TEXT_HTML {
        for (index, localization) in localizations.iter().enumerate() {
            if let Err(message) = check_legacy_html(&localization.value) {
                errors
                    .entry(format!("{path}.Value[{index}].Value"))
                    .or_default()
                    .push(message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(value: &str) -> Vec<(String, String)> {
        vec![("nb".to_owned(), value.to_owned())]
    }

    fn rule(name: &str) -> &'static ContentRule {
        DIALOG_CONTENT
            .iter()
            .find(|rule| rule.name == name)
            .expect("known")
    }

    #[test]
    fn a_plain_title_passes_and_the_media_type_defaults_to_text_plain() {
        let mut errors = FieldErrors::new();
        let value = check_content_value(
            "Content.Title",
            rule("Title"),
            None,
            &nb("Hei"),
            ContentPrivileges::default(),
            &mut errors,
        );
        assert_eq!(value.expect("valid").media_type, TEXT_PLAIN);
        assert!(errors.is_empty());
    }

    #[test]
    fn markdown_is_allowed_in_additional_info_but_not_in_titles() {
        let mut errors = FieldErrors::new();
        let privileges = ContentPrivileges::default();
        assert!(
            check_content_value(
                "Content.AdditionalInfo",
                rule("AdditionalInfo"),
                Some(TEXT_MARKDOWN),
                &nb("# Hei"),
                privileges,
                &mut errors
            )
            .is_some()
        );
        assert!(
            check_content_value(
                "Content.Title",
                rule("Title"),
                Some(TEXT_MARKDOWN),
                &nb("# Hei"),
                privileges,
                &mut errors
            )
            .is_none()
        );
        assert!(errors.contains_key("Content.Title.MediaType"));
    }

    #[test]
    fn html_needs_the_legacy_scope_and_passes_only_the_whitelist() {
        let info = rule("AdditionalInfo");
        let mut errors = FieldErrors::new();
        assert!(
            check_content_value(
                "I",
                info,
                Some(TEXT_HTML),
                &nb("<p>Hei</p>"),
                ContentPrivileges::default(),
                &mut errors
            )
            .is_none()
        );
        let legacy = ContentPrivileges {
            legacy_html: true,
            ..Default::default()
        };
        let mut errors = FieldErrors::new();
        assert!(
            check_content_value(
                "I",
                info,
                Some(TEXT_HTML),
                &nb("<p>Se <a href=\"https://x.no\">her</a></p>"),
                legacy,
                &mut errors
            )
            .is_some()
        );
        for bad in [
            "<script>x</script>",
            "<p onclick=\"x\">a</p>",
            "<a href=\"javascript:x\">a</a>",
            "<p",
        ] {
            let mut errors = FieldErrors::new();
            assert!(
                check_content_value("I", info, Some(TEXT_HTML), &nb(bad), legacy, &mut errors)
                    .is_none(),
                "{bad}"
            );
        }
    }

    #[test]
    fn embeds_need_absolute_https_urls_and_old_aliases_are_mapped() {
        let reference = rule("MainContentReference");
        let privileges = ContentPrivileges::default();
        let mut errors = FieldErrors::new();
        let alias = "application/vnd.dialogporten.frontchannelembed+json;type=markdown";
        let value = check_content_value(
            "C",
            reference,
            Some(alias),
            &nb("https://so.example/embed"),
            privileges,
            &mut errors,
        );
        assert_eq!(value.expect("valid").media_type, EMBED_MARKDOWN);
        for bad in [
            "http://so.example/embed",
            "/relative",
            "https://",
            "https:///x",
        ] {
            let mut errors = FieldErrors::new();
            assert!(
                check_content_value(
                    "C",
                    reference,
                    Some(EMBED_MARKDOWN),
                    &nb(bad),
                    privileges,
                    &mut errors
                )
                .is_none(),
                "{bad}"
            );
        }
    }

    #[test]
    fn lengths_follow_the_content_type_and_the_correspondence_scope() {
        let status = rule("ExtendedStatus");
        let mut errors = FieldErrors::new();
        assert!(
            check_content_value(
                "S",
                status,
                None,
                &nb(&"x".repeat(26)),
                ContentPrivileges::default(),
                &mut errors
            )
            .is_none()
        );
        let title = rule("Title");
        let long = "x".repeat(400);
        let mut errors = FieldErrors::new();
        assert!(
            check_content_value(
                "T",
                title,
                None,
                &nb(&long),
                ContentPrivileges::default(),
                &mut errors
            )
            .is_none()
        );
        let correspondence = ContentPrivileges {
            correspondence: true,
            ..Default::default()
        };
        assert!(
            check_content_value("T", title, None, &nb(&long), correspondence, &mut errors)
                .is_some()
        );
    }

    #[test]
    fn an_empty_value_list_is_refused() {
        let mut errors = FieldErrors::new();
        assert!(
            check_content_value(
                "T",
                rule("Title"),
                None,
                &[],
                ContentPrivileges::default(),
                &mut errors
            )
            .is_none()
        );
        assert!(errors.contains_key("T.Value"));
    }
}
