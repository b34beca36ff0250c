//! The portal's languages: bokmål, nynorsk and English. The choice comes from the `lang`
//! cookie (set by the language menu), else the browser's `Accept-Language`, else bokmål; the
//! server writes it into `<html lang>`, where the browser bundle reads it back.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie the language menu sets.
pub const COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Nb,
    Nn,
    En,
}

impl Lang {
    pub const ALL: [Self; 3] = [Self::Nb, Self::Nn, Self::En];

    pub fn code(self) -> &'static str {
        match self {
            Self::Nb => "nb",
            Self::Nn => "nn",
            Self::En => "en",
        }
    }

    /// The language's own name, as the menu lists it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Nb => "Norsk bokmål",
            Self::Nn => "Norsk nynorsk",
            Self::En => "English",
        }
    }

    /// `nb`, `nn`, `en` and their regional forms; `no` is bokmål.
    pub fn parse(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" => Some(Self::Nb),
            "nn" => Some(Self::Nn),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, Self)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Self::parse(pieces.next()?)?;
                let quality = pieces
                    .find_map(|piece| piece.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((quality, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, lang)| *lang)
    }

    /// The language of a request: its cookie, else its `Accept-Language`, else bokmål.
    pub fn from_headers(headers: &http::HeaderMap) -> Self {
        let cookie = headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == COOKIE)
            .and_then(|(_, value)| Self::parse(value));
        cookie
            .or_else(|| {
                headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|value| value.to_str().ok())
                    .and_then(Self::from_accept_language)
            })
            .unwrap_or_default()
    }

    /// The language menu's button: the language chosen, in that language.
    pub fn menu_label(self) -> &'static str {
        match self {
            Self::Nb => "Språk: bokmål",
            Self::Nn => "Språk: nynorsk",
            Self::En => "Language: English",
        }
    }
}

/// The language of the page being rendered.
pub fn current() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| Lang::from_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|root| root.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
}

/// The language provided to the page (see [`current`]).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_accept_language_pick_a_supported_language() {
        assert_eq!(Lang::parse("nb-NO"), Some(Lang::Nb));
        assert_eq!(Lang::parse("no"), Some(Lang::Nb));
        assert_eq!(Lang::parse("NN"), Some(Lang::Nn));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(
            Lang::from_accept_language("de-DE,en-GB;q=0.8,nn;q=0.9"),
            Some(Lang::Nn)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[test]
    fn the_cookie_wins_over_the_browser() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::ACCEPT_LANGUAGE,
            http::HeaderValue::from_static("en"),
        );
        assert_eq!(Lang::from_headers(&headers), Lang::En);
        headers.insert(
            http::header::COOKIE,
            http::HeaderValue::from_static("a=b; lang=nn"),
        );
        assert_eq!(Lang::from_headers(&headers), Lang::Nn);
        assert_eq!(Lang::from_headers(&http::HeaderMap::new()), Lang::Nb);
    }
}
