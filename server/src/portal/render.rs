//! The one way service owners' rich content becomes HTML in the portal: markdown through
//! pulldown-cmark, then everything (markdown output and legacy HTML alike) through ammonia with an
//! explicit allowlist. No scripts, styles, images, frames or event handlers survive; links keep
//! only `href` with an http(s), mailto or tel scheme and get `rel="noopener noreferrer"`.

use std::{collections::HashSet, sync::LazyLock};

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The tags the portal renders: text structure, lists, links, code, quotes and tables.
const TAGS: [&str; 23] = [
    "p",
    "em",
    "strong",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
];

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.into_iter().collect())
        .tag_attributes(
            [("a", ["href"].into_iter().collect())]
                .into_iter()
                .collect(),
        )
        .url_schemes(["https", "http", "mailto", "tel"].into_iter().collect())
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .clean_content_tags(["script", "style"].into_iter().collect::<HashSet<_>>())
        .strip_comments(true);
    builder
});

/// The content's heading levels, in order, become h3, h4, … (at most h6): the page's own h1 and
/// h2 keep the outline, and no level is skipped.
fn heading_levels(events: &[Event<'_>]) -> impl Fn(HeadingLevel) -> HeadingLevel + use<> {
    let mut used: Vec<HeadingLevel> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .collect();
    used.sort();
    used.dedup();
    const SHOWN: [HeadingLevel; 4] = [
        HeadingLevel::H3,
        HeadingLevel::H4,
        HeadingLevel::H5,
        HeadingLevel::H6,
    ];
    move |level| {
        let rank = used.iter().position(|known| *known == level).unwrap_or(0);
        SHOWN[rank.min(SHOWN.len() - 1)]
    }
}

/// CommonMark (with tables and strikethrough) as safe HTML. HTML written inside the markdown is
/// shown as text, and images become their description.
pub fn markdown(source: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parsed: Vec<Event<'_>> = Parser::new_ext(source, options).collect();
    let demoted = heading_levels(&parsed);
    let events = parsed.into_iter().filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: demoted(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demoted(level)))),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html_fragment(&html)
}

/// An HTML fragment (the legacy `text/html` media type) as safe HTML.
pub fn html_fragment(source: &str) -> String {
    CLEANER.clean(source).to_string()
}

/// Plain text as paragraphs of escaped text.
pub fn plain(source: &str) -> String {
    source
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| {
            format!(
                "<p>{}</p>",
                crate::html::escape(paragraph).replace('\n', "<br>")
            )
        })
        .collect()
}

/// Content of a media type as safe HTML: markdown, HTML, or else plain text.
pub fn by_media_type(media_type: &str, source: &str) -> String {
    let essence = media_type
        .rsplit("type=")
        .next()
        .unwrap_or(media_type)
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/markdown" | "markdown" => markdown(source),
        "text/html" | "html" => html_fragment(source),
        _ => plain(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_structure_and_links_get_rel() {
        let headings = markdown("## A\n\n#### B\n\n## C");
        assert_eq!(headings, "<h3>A</h3>\n<h4>B</h4>\n<h3>C</h3>\n");
        let html = markdown(
            "# Vedtak\n\nDu har fått **innvilget** søknaden. [Les mer](https://nav.example/x)\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(html.contains("<h3>Vedtak</h3>"), "{html}");
        assert!(html.contains("<strong>innvilget</strong>"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://nav.example/x" rel="noopener noreferrer">Les mer</a>"#
            ),
            "{html}"
        );
        assert!(html.contains("<td>2</td>"), "{html}");
    }

    #[test]
    fn nothing_that_runs_survives() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "![x](https://evil.example/x.png\" onerror=\"alert(1))",
            "<style>body{display:none}</style>",
            "<details open ontoggle=alert(1)>",
            "<a href=\"https://ok.example\" onclick=\"alert(1)\" style=\"x\">ok</a>",
            "<p>[x](https://ok.example \"title\")</p>",
        ];
        for payload in payloads {
            for html in [markdown(payload), html_fragment(payload)] {
                let rel = " rel=\"noopener noreferrer\"";
                assert_eq!(
                    html.matches("<a ").count(),
                    html.matches(rel).count(),
                    "{html}"
                );
                for (tag, attributes) in elements(&html.replace(rel, "")) {
                    assert!(TAGS.contains(&tag.as_str()), "{payload} → {html}");
                    for (name, value) in attributes {
                        assert_eq!(name, "href", "{payload} → {html}");
                        if name == "href" {
                            assert!(value.starts_with("https://"), "{payload} → {html}");
                        }
                    }
                }
            }
        }
    }

    /// Every element's tag and attributes: `<` in text is always escaped, so each one opens a tag.
    fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        html.split('<')
            .skip(1)
            .filter(|piece| !piece.starts_with('/'))
            .map(|piece| {
                let inside = piece.split('>').next().unwrap_or_default();
                let mut words = inside.split_whitespace();
                let tag = words.next().unwrap_or_default().to_lowercase();
                let attributes = inside
                    .split_whitespace()
                    .skip(1)
                    .map(|attribute| {
                        let (name, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                        (name.to_lowercase(), value.trim_matches('"').to_owned())
                    })
                    .collect();
                (tag, attributes)
            })
            .collect()
    }

    #[test]
    fn html_in_markdown_is_shown_as_text_and_media_types_choose_the_path() {
        assert_eq!(markdown("<b>hei</b>"), "<p>&lt;b&gt;hei&lt;/b&gt;</p>\n");
        assert_eq!(plain("a < b\n\nc"), "<p>a &lt; b</p><p>c</p>");
        assert!(
            by_media_type(
                "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown",
                "*x*"
            )
            .contains("<em>x</em>")
        );
        assert_eq!(by_media_type("text/html", "<p onclick=x>y</p>"), "<p>y</p>");
        assert_eq!(by_media_type("text/plain", "*x*"), "<p>*x*</p>");
    }
}
