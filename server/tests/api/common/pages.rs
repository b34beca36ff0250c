//! Reading the portal's pages in tests.

/// The inbox page's folder counts, in the order the folders are shown.
pub(crate) fn folder_counts(html: &str) -> Vec<String> {
    html.split("class=\"count\">")
        .skip(1)
        .map(|rest| {
            let inner = rest.split("</span>").next().unwrap_or_default();
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    '(' | ')' => {}
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_owned()
        })
        .collect()
}
