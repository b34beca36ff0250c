//! `Accept-Language` as upstream reads it for end users, and the one localization of each text
//! it then keeps.

use super::{
    language::LanguageCode,
    model::{Activity, Attachment, DialogContent, GuiAction, LocalizationDoc, Transmission},
};

/// The languages a request accepts, each once with its highest weight (0-100), in the order
/// given. Codes are normalized as upstream normalizes culture codes (`en-US` is `en`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedLanguages(Vec<(String, i32)>);

impl AcceptedLanguages {
    /// `None` for a header upstream refuses: a parameter after `;` that is not `q=<weight>`.
    /// As upstream reads it, a weight that is no number counts as 0, and one outside 0-1 is
    /// kept as given.
    pub fn parse(header: &str) -> Option<Self> {
        let mut accepted: Vec<(String, i32)> = Vec::new();
        for range in header.split(',') {
            let mut parts = range.split(';');
            let code = parts.next().unwrap_or_default();
            let mut weight = 100;
            if let Some(quality) = parts.next() {
                let mut pair = quality.split('=');
                if pair.next() != Some("q") {
                    return None;
                }
                let value: f32 = pair.next()?.trim().parse().unwrap_or(0.0);
                // Truncated as upstream's cast truncates it: 0.2 is 20.
                weight = (value * 100.0) as i32;
            }
            let code = normalized(code);
            if code.is_empty() {
                continue;
            }
            match accepted.iter_mut().find(|(held, _)| *held == code) {
                Some(held) => held.1 = held.1.max(weight),
                None => accepted.push((code, weight)),
            }
        }
        Some(Self(accepted))
    }

    /// Keeps one localization: the first of the accepted languages by weight, then English and
    /// Norwegian bokmål (bokmål first when Swedish or Danish is accepted), that the text has.
    /// A text in none of them is left whole.
    pub fn prune(&self, localizations: &mut Vec<LocalizationDoc>) {
        let mut by_weight: Vec<&(String, i32)> = self.0.iter().collect();
        by_weight.sort_by_key(|(_, weight)| std::cmp::Reverse(*weight));
        let scandinavian = self.0.iter().any(|(code, _)| code == "sv" || code == "da");
        let fallback = if scandinavian {
            ["nb", "en"]
        } else {
            ["en", "nb"]
        };
        let preferred = by_weight
            .into_iter()
            .map(|(code, _)| code.as_str())
            .chain(fallback);
        for code in preferred {
            if let Some(index) = localizations
                .iter()
                .position(|item| item.language_code == code)
            {
                let kept = localizations.swap_remove(index);
                *localizations = vec![kept];
                return;
            }
        }
    }

    /// Every content value of a dialog (a search's list item has only these pruned).
    pub fn prune_content(&self, content: &mut DialogContent) {
        for value in [
            &mut content.title,
            &mut content.summary,
            &mut content.sender_name,
            &mut content.additional_info,
            &mut content.extended_status,
            &mut content.main_content_reference,
            &mut content.non_sensitive_title,
            &mut content.non_sensitive_summary,
        ]
        .into_iter()
        .flatten()
        {
            self.prune(&mut value.value);
        }
    }

    pub fn prune_attachment(&self, attachment: &mut Attachment) {
        self.prune(&mut attachment.display_name);
    }

    pub fn prune_gui_action(&self, action: &mut GuiAction) {
        self.prune(&mut action.title);
        if let Some(prompt) = &mut action.prompt {
            self.prune(prompt);
        }
    }

    /// A transmission's content and its attachments' names (not its navigational actions, as
    /// upstream leaves those).
    pub fn prune_transmission(&self, transmission: &mut Transmission) {
        if let Some(content) = &mut transmission.content {
            self.prune(&mut content.title.value);
            for value in [&mut content.summary, &mut content.content_reference]
                .into_iter()
                .flatten()
            {
                self.prune(&mut value.value);
            }
        }
        for attachment in &mut transmission.attachments {
            self.prune_attachment(attachment);
        }
    }

    pub fn prune_activity(&self, activity: &mut Activity) {
        self.prune(&mut activity.description);
    }
}

/// Upstream's culture-code normalization: trimmed, lower case, a known culture as its
/// two-letter language (`nb-NO` is `nb`), anything else as it is.
fn normalized(code: &str) -> String {
    let code = code.trim().replace('_', "-").to_lowercase();
    LanguageCode::parse(&code).map_or(code, |language| language.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(codes: &[&str]) -> Vec<LocalizationDoc> {
        codes
            .iter()
            .map(|code| LocalizationDoc {
                language_code: (*code).to_owned(),
                value: format!("text in {code}"),
            })
            .collect()
    }

    fn kept(header: &str, codes: &[&str]) -> Vec<String> {
        let mut localizations = texts(codes);
        AcceptedLanguages::parse(header)
            .expect("well-formed")
            .prune(&mut localizations);
        localizations
            .into_iter()
            .map(|item| item.language_code)
            .collect()
    }

    #[test]
    fn the_heaviest_accepted_language_the_text_has_is_kept() {
        assert_eq!(kept("nn;q=0.5, en-US;q=0.9", &["nb", "nn", "en"]), ["en"]);
        assert_eq!(kept("nn, en;q=0.9", &["nb", "nn", "en"]), ["nn"]);
        assert_eq!(kept("nb-NO", &["en", "nb"]), ["nb"]);
    }

    #[test]
    fn english_then_bokmal_stand_in_and_a_text_in_neither_stays_whole() {
        assert_eq!(kept("de", &["nb", "en"]), ["en"]);
        assert_eq!(
            kept("sv", &["en", "nb"]),
            ["nb"],
            "bokmål first for Swedish"
        );
        assert_eq!(kept("da;q=0.1, fr", &["en", "nb"]), ["nb"]);
        assert_eq!(kept("de", &["nn", "se"]), ["nn", "se"]);
    }

    #[test]
    fn a_parameter_other_than_a_weight_is_refused_and_a_weight_that_is_no_number_is_0() {
        assert_eq!(AcceptedLanguages::parse("en;level=1"), None);
        assert_eq!(AcceptedLanguages::parse("en; q=0.5"), None);
        assert_eq!(AcceptedLanguages::parse("en;q"), None);
        assert_eq!(
            AcceptedLanguages::parse("en;q=x, nb;q=0.2, EN_gb;q=0.3"),
            Some(AcceptedLanguages(vec![
                ("en".into(), 30),
                ("nb".into(), 20)
            ]))
        );
    }
}
