//! The message catalog: every text of the portal in bokmål, nynorsk and English, kept in
//! `app/locales/{nb,nn,en}.json` and compiled in by `leptos_i18n`, which checks at build time
//! that each key exists in every language. Pages take a text with `text!(lang, section.key)`.

// `load_locales!` is marked deprecated in favour of a build script, but that route needs the ICU
// data exporter with its network download; the macro reads the same files and needs neither.
#![allow(deprecated)]

use crate::i18n::Lang;

leptos_i18n::load_locales!();

/// The catalog's locale for a language.
pub fn locale(lang: Lang) -> i18n::Locale {
    match lang {
        Lang::Nb => i18n::Locale::nb,
        Lang::Nn => i18n::Locale::nn,
        Lang::En => i18n::Locale::en,
    }
}

/// A text of the catalog in a language: `text!(lang, inbox.heading)` is a `&'static str`. The
/// server's portal adapter takes its few texts the same way, as `app::text!`.
#[macro_export]
macro_rules! text {
    ($lang:expr, $($key:tt)+) => {
        $crate::catalog::i18n::td_string!($crate::catalog::locale($lang), $($key)+)
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    type Sections = BTreeMap<String, BTreeMap<String, String>>;

    fn catalog(json: &str) -> Sections {
        serde_json::from_str(json).expect("a catalog of sections of texts")
    }

    #[test]
    fn every_language_has_every_text_and_none_is_empty() {
        let nb = catalog(include_str!("../locales/nb.json"));
        for (code, json) in [
            ("nn", include_str!("../locales/nn.json")),
            ("en", include_str!("../locales/en.json")),
        ] {
            let other = catalog(json);
            let keys = |sections: &Sections| -> Vec<String> {
                sections
                    .iter()
                    .flat_map(|(section, texts)| {
                        texts.keys().map(move |key| format!("{section}.{key}"))
                    })
                    .collect()
            };
            assert_eq!(keys(&other), keys(&nb), "{code} has the texts bokmål has");
            for (section, texts) in &other {
                for (key, text) in texts {
                    assert!(!text.trim().is_empty(), "{code}: {section}.{key} is empty");
                }
            }
        }
    }

    #[test]
    fn a_text_comes_in_the_language_asked_for() {
        assert_eq!(text!(Lang::Nb, messages.bin), "Papirkurv");
        assert_eq!(text!(Lang::Nn, messages.bin), "Papirkorg");
        assert_eq!(text!(Lang::En, messages.bin), "Bin");
    }
}
