//! Language codes and localized texts, with upstream's normalisation and rules.

use std::collections::BTreeSet;

/// ISO 639-1 two-letter codes. `no` is listed but refused separately, as upstream does.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// A two-letter language code, normalised: `en-US`, `EN_gb` and ` en ` are all `en`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageCode(String);

impl LanguageCode {
    pub fn parse(value: &str) -> Result<Self, String> {
        let normalized = value.trim().replace('_', "-").to_ascii_lowercase();
        let primary = normalized.split('-').next().unwrap_or_default();
        match primary {
            "no" => {
                Err("'no' is not a valid language code: use 'nb' (bokmål) or 'nn' (nynorsk)".into())
            }
            code if ISO_639_1.binary_search(&code).is_ok() => Ok(Self(code.to_owned())),
            _ => Err(format!("'{value}' is not an ISO 639-1 language code")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One text in one language, as it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localization {
    pub language_code: LanguageCode,
    pub value: String,
}

/// Culture-specific codes' note, which ends upstream's messages on language codes.
const NORMALIZED: &str =
    "Culture specific codes like 'en_GB' and 'en-US' are normalized to 'en' (ISO 639).";

/// Checks a list of `(languageCode, value)` items as upstream's localization validators do:
/// codes valid and distinct, values non-empty and at most `max_length` characters, in
/// upstream's words. Errors are reported against `path` (repeated codes) and
/// `path[i].LanguageCode|Value`.
pub fn check_localizations(
    path: &str,
    items: &[(String, String)],
    max_length: usize,
    errors: &mut crate::error::FieldErrors,
) -> Vec<Localization> {
    let mut seen = BTreeSet::new();
    let mut repeated: Vec<String> = Vec::new();
    let mut valid = Vec::new();
    for (index, (code, value)) in items.iter().enumerate() {
        let mut report = |field: &str, message: String| {
            errors
                .entry(format!("{path}[{index}].{field}"))
                .or_default()
                .push(message);
        };
        if code.trim().is_empty() {
            report("LanguageCode", "'LanguageCode' must not be empty.".into());
        }
        let language = match LanguageCode::parse(code) {
            Ok(language) => {
                if !seen.insert(language.clone()) && !repeated.contains(&language.0) {
                    repeated.push(language.0.clone());
                }
                Some(language)
            }
            Err(_) => {
                report("LanguageCode", not_a_language(code));
                None
            }
        };
        if let Some(message) = value_error(value, max_length) {
            report("Value", message);
        } else if let Some(language) = language {
            valid.push(Localization {
                language_code: language,
                value: value.clone(),
            });
        }
    }
    valid.sort_by(|a, b| a.language_code.as_str().cmp(b.language_code.as_str()));
    if !repeated.is_empty() {
        errors.entry(path.to_owned()).or_default().push(format!(
            "Can not contain duplicate items: [{}]. {NORMALIZED}",
            repeated.join(", ")
        ));
    }
    valid
}

fn not_a_language(code: &str) -> String {
    let hint = if code == "no" {
        "Use 'nb' or 'nn' for Norwegian. "
    } else {
        ""
    };
    format!("'LanguageCode' '{code}' is not a valid language code. {hint}{NORMALIZED}")
}

/// What is wrong with a localization's text: empty, or longer than `max_length` characters.
fn value_error(value: &str, max_length: usize) -> Option<String> {
    let length = value.chars().count();
    if value.trim().is_empty() {
        Some("'Value' must not be empty.".into())
    } else if length > max_length {
        Some(format!(
            "The length of 'Value' must be {max_length} characters or fewer. You entered {length} characters."
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_is_sorted_for_binary_search() {
        assert!(ISO_639_1.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn regional_codes_collapse_to_two_letters() {
        for code in ["en-US", "EN_gb", " en ", "en"] {
            assert_eq!(
                LanguageCode::parse(code).expect("valid").as_str(),
                "en",
                "{code}"
            );
        }
    }

    #[test]
    fn no_is_refused_with_a_hint() {
        let message = LanguageCode::parse("no").expect_err("refused");
        assert!(message.contains("nb") && message.contains("nn"));
        assert!(LanguageCode::parse("NO-bok").is_err());
    }

    #[test]
    fn unknown_codes_are_refused() {
        for code in ["xx", "eng", "", "-"] {
            assert!(LanguageCode::parse(code).is_err(), "{code}");
        }
    }

    #[test]
    fn localizations_are_checked_for_duplicates_length_and_emptiness() {
        let mut errors = crate::error::FieldErrors::new();
        let items = [
            ("nb".to_owned(), "Hei".to_owned()),
            ("nb-NO".to_owned(), "Igjen".to_owned()),
            ("en".to_owned(), "x".repeat(11)),
            ("nn".to_owned(), " ".to_owned()),
        ];
        let valid = check_localizations("Content.Title.Value", &items, 10, &mut errors);
        assert_eq!(valid.len(), 2);
        assert_eq!(
            errors["Content.Title.Value"],
            [
                "Can not contain duplicate items: [nb]. Culture specific codes like 'en_GB' and 'en-US' are normalized to 'en' (ISO 639)."
            ]
        );
        assert_eq!(
            errors["Content.Title.Value[2].Value"],
            ["The length of 'Value' must be 10 characters or fewer. You entered 11 characters."]
        );
        assert_eq!(
            errors["Content.Title.Value[3].Value"],
            ["'Value' must not be empty."]
        );
    }
}
