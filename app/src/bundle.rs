//! The browser bundle's files as the pages name them, and how a page loads them.
//!
//! Every page works without JavaScript: links and forms reach the server, which renders the next
//! page. So a first visit loads only the HTML, the stylesheet and its fonts. The bundle (the
//! script and its WebAssembly, together the largest part by far) is fetched on the first sign of
//! use: a press, a key or focus. Once a browser has run it, later pages load it at once (it is
//! in the browser's cache under a name that changes with its content), so the router takes over
//! navigation from the first click.

use leptos::prelude::*;
use serde::Deserialize;

/// The names of the published files under `/pkg/`, as `style/build.mjs` writes them into
/// `manifest.json`: each carries a hash of its content.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Bundle {
    pub stylesheet: String,
    pub script: String,
    pub wasm: String,
}

impl Default for Bundle {
    /// The names before hashing, as wasm-bindgen writes them (a build without `style/build.mjs`).
    fn default() -> Self {
        Self {
            stylesheet: format!("{}.css", crate::OUTPUT_NAME),
            script: format!("{}.js", crate::OUTPUT_NAME),
            wasm: format!("{}_bg.wasm", crate::OUTPUT_NAME),
        }
    }
}

impl Bundle {
    /// The stylesheet's address.
    pub fn stylesheet_href(&self) -> String {
        format!("/pkg/{}", self.stylesheet)
    }
}

/// Fetches and starts the bundle on the first press, key or focus, or at once when this browser
/// has run this very bundle before. Its arguments are JSON strings, so a name cannot break out.
const LOADER: &str = r#"(function (script, wasm) {
  var key = "portal-bundle", intents = ["pointerdown", "keydown", "focusin"], started = false;
  function start() {
    if (started) return;
    started = true;
    intents.forEach(function (type) { removeEventListener(type, start, true); });
    import(script).then(function (bundle) {
      return bundle.default({ module_or_path: wasm }).then(function () {
        bundle.hydrate();
        try { localStorage.setItem(key, wasm); } catch (e) {}
      });
    });
  }
  var ran = false;
  try { ran = localStorage.getItem(key) === wasm; } catch (e) {}
  if (ran) start();
  else intents.forEach(function (type) { addEventListener(type, start, { capture: true, passive: true }); });
})"#;

/// The stylesheet link and the bundle's loader, for the document's `<head>`.
#[component]
pub fn BundleTags(bundle: Bundle) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let quote = |name: &str| script_string(&format!("/pkg/{name}"));
    let script = format!(
        "{LOADER}({}, {});",
        quote(&bundle.script),
        quote(&bundle.wasm)
    );
    view! {
        <link rel="stylesheet" href=bundle.stylesheet_href() />
        <script type="module" nonce=nonce>{script}</script>
    }
}

/// `value` as a JavaScript string literal that is also safe inside `<script>`.
fn script_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '<' => quoted.push_str("\\u003c"),
            '>' => quoted.push_str("\\u003e"),
            '&' => quoted.push_str("\\u0026"),
            c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_leave_the_script() {
        assert_eq!(
            script_string("/pkg/a\"</script><b>&\n"),
            r#""/pkg/a\"\u003c/script\u003e\u003cb\u003e\u0026\u000a""#
        );
    }

    #[test]
    fn unhashed_names_are_wasm_bindgens() {
        let bundle = Bundle::default();
        assert_eq!(bundle.stylesheet_href(), "/pkg/portal.css");
        assert_eq!(bundle.wasm, "portal_bg.wasm");
    }
}
