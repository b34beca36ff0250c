//! The portal's server side: the app crate's `Backend` port over the service layer, the dialog
//! page's assembly, sign-in and sign-out, the forms and the action relay for browsers without
//! JavaScript, and the one safe path for service owners' content.

pub mod backend;
pub mod dialog_page;
pub mod embed;
mod export;
mod flash;
pub mod format;
mod forms;
mod inbox_page;
mod pasted;
pub mod preview;
mod problems;
mod relay;
pub mod render;
mod rows;
mod sign_in;
mod threads;

use axum::{
    Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use http::header;
use serde::Deserialize;

use crate::auth::idp;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(sign_in::router())
        .merge(forms::router())
        .merge(export::router())
        .merge(relay::router())
        .route("/language", get(choose_language))
        .merge(idp::router())
}

/// Only paths on this site, so that sign-in cannot be turned into an open redirect.
fn local_path(raw: Option<&str>) -> String {
    local_path_or(raw, "/inbox")
}

fn local_path_or(raw: Option<&str>, fallback: &str) -> String {
    match raw {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => fallback.to_owned(),
    }
}

#[derive(Deserialize)]
struct LanguageQuery {
    lang: String,
    return_to: Option<String>,
}

/// Remembers the chosen language for a year and goes back to the page it was chosen on.
async fn choose_language(
    State(state): State<AppState>,
    Query(query): Query<LanguageQuery>,
) -> Response {
    let back = Redirect::to(&local_path_or(query.return_to.as_deref(), "/"));
    let Some(lang) = app::i18n::Lang::parse(&query.lang) else {
        return back.into_response();
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        app::i18n::COOKIE,
        lang.code()
    );
    match http::HeaderValue::from_str(&cookie) {
        Ok(value) => ([(header::SET_COOKIE, value)], back).into_response(),
        Err(_) => back.into_response(),
    }
}

pub use forms::render_preview;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_path(Some("/inbox?party=x")), "/inbox?party=x");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "inbox"] {
            assert_eq!(local_path(Some(bad)), "/inbox", "{bad}");
        }
        assert_eq!(local_path(None), "/inbox");
    }
}
