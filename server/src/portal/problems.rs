//! The preview's problems in the page's language. The checks write upstream's English messages
//! (the API returns them as they are); the preview translates those it knows by their pattern
//! and marks the others as English, so that a screen reader reads them as such.

use app::{
    i18n::Lang,
    model::preview::{FieldProblem, PreviewOutcome},
    text,
};

/// The English patterns the checks write: a `{name}` stands for a part carried over as written.
const PATTERNS: [&str; 17] = [
    "{field} must not be empty.",
    "The length of {field} must be {max} characters or fewer. You entered {length} characters.",
    "The length of {field} must be at least {min} characters. You entered {length} characters.",
    "{field} is not a well-formatted HTTPS URL.",
    "{field} is not a well-formatted URI.",
    "{later} must be after {earlier}.",
    "{field} must be in the past.",
    "{field} must be between {min} and {max}. You entered {value}.",
    "{field} must be greater than or equal to {other}.",
    "{value} is not a valid {what}",
    "Only one {priority} GUI action is allowed.",
    "Only {limit} {priority} GUI actions are allowed.",
    "This is not valid JSON: {error}.",
    "{field} must start with {prefix}.",
    "must be an absolute https URL",
    "must have at least one localization",
    "the tag <{name}> is not allowed",
];

/// The catalog's text for each of [`PATTERNS`], with the same `{name}`s.
fn texts(lang: Lang) -> [&'static str; 17] {
    [
        text!(lang, problems.must_not_be_empty),
        text!(lang, problems.too_long),
        text!(lang, problems.too_short),
        text!(lang, problems.not_an_https_url),
        text!(lang, problems.not_a_uri),
        text!(lang, problems.must_be_after),
        text!(lang, problems.must_be_in_the_past),
        text!(lang, problems.must_be_between),
        text!(lang, problems.must_not_be_before),
        text!(lang, problems.not_a_valid),
        text!(lang, problems.only_one_gui_action),
        text!(lang, problems.only_some_gui_actions),
        text!(lang, problems.not_json),
        text!(lang, problems.must_start_with),
        text!(lang, problems.not_an_absolute_https_url),
        text!(lang, problems.needs_a_localization),
        text!(lang, problems.tag_not_allowed),
    ]
}

/// The outcome with its problems, if any, in `lang`.
pub fn in_language(outcome: PreviewOutcome, lang: Lang) -> PreviewOutcome {
    match outcome {
        PreviewOutcome::Invalid(problems) => PreviewOutcome::Invalid(
            problems
                .into_iter()
                .map(|problem| translated(problem, lang))
                .collect(),
        ),
        shown => shown,
    }
}

/// The problem in `lang`: translated where its message has a known pattern, else marked as English.
pub fn translated(problem: FieldProblem, lang: Lang) -> FieldProblem {
    if lang == Lang::En {
        return problem;
    }
    let found = PATTERNS
        .into_iter()
        .zip(texts(lang))
        .find_map(|(pattern, text)| {
            let parts = matched(pattern, &problem.message)?;
            Some(
                parts
                    .into_iter()
                    .fold(text.to_owned(), |text, (name, part)| {
                        text.replace(&format!("{{{name}}}"), part)
                    }),
            )
        });
    match found {
        Some(message) => FieldProblem {
            message,
            lang: None,
            ..problem
        },
        None => FieldProblem {
            lang: Some(Lang::En.code().to_owned()),
            ..problem
        },
    }
}

/// The parts of `message` that `pattern`'s `{name}`s stand for, if it has the pattern. A part
/// ends where the pattern's next literal text is first found, and none is empty.
fn matched<'a>(pattern: &'static str, message: &'a str) -> Option<Vec<(&'static str, &'a str)>> {
    let mut parts = Vec::new();
    let mut rest = message;
    let mut open: Option<&'static str> = None;
    for (index, piece) in pattern.split(['{', '}']).enumerate() {
        // Pieces alternate: literal text, then a name, then literal text.
        if index % 2 == 1 {
            open = Some(piece);
            continue;
        }
        match open.take() {
            None => rest = rest.strip_prefix(piece)?,
            Some(name) => {
                let end = if piece.is_empty() {
                    rest.len()
                } else {
                    rest.find(piece)?
                };
                if end == 0 {
                    return None;
                }
                parts.push((name, &rest[..end]));
                rest = &rest[end + piece.len()..];
            }
        }
    }
    rest.is_empty().then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(message: &str) -> FieldProblem {
        FieldProblem {
            field: "dto.content".into(),
            message: message.into(),
            lang: None,
        }
    }

    #[test]
    fn known_messages_are_translated_with_their_parts() {
        let cases = [
            ("Title must not be empty.", "Title må fylles ut."),
            (
                "'Url' is not a well-formatted HTTPS URL.",
                "'Url' er ikke en gyldig https-adresse.",
            ),
            (
                "The length of 'Value' must be 255 characters or fewer. You entered 300 characters.",
                "'Value' kan ha høyst 255 tegn. Du skrev 300.",
            ),
            (
                "\"Finished\" is not a valid status",
                "\"Finished\" er ikke gyldig som status.",
            ),
            (
                "'DueAt' must be after 'VisibleFrom'.",
                "'DueAt' må være etter 'VisibleFrom'.",
            ),
        ];
        for (english, norwegian) in cases {
            let translated = translated(problem(english), Lang::Nb);
            assert_eq!(translated.message, norwegian);
            assert_eq!(translated.lang, None);
        }
    }

    #[test]
    fn unknown_messages_stay_as_written_and_say_they_are_english() {
        let message = "invalid type: string \"halfway\", expected u8";
        let kept = translated(problem(message), Lang::Nn);
        assert_eq!(kept.message, message);
        assert_eq!(kept.lang.as_deref(), Some("en"));
        // A pattern's literal text must match all of the message, not a part of it.
        assert_eq!(
            translated(problem("must not be empty."), Lang::Nb)
                .lang
                .as_deref(),
            Some("en")
        );
    }

    #[test]
    fn an_english_page_shows_the_messages_as_the_api_writes_them() {
        let english = translated(problem("Title must not be empty."), Lang::En);
        assert_eq!(english.message, "Title must not be empty.");
        assert_eq!(english.lang, None);
    }
}
