//! What the last inbox action did, said once on the next inbox page ("Flyttet til arkivet.
//! Angre"). The action sets a short-lived cookie and the page that shows it removes it, so that
//! it does not come back from the address: not after a language switch, Back or a bookmark.

use app::model::inbox::Flash;
use http::{HeaderValue, header, request::Parts};

use crate::{auth::session, domain::dialog::id::DialogId};

const COOKIE: &str = "dialoghub_flash";
/// A message not shown within this many seconds is no longer news.
const KEPT_SECONDS: u32 = 60;

/// `Set-Cookie` for what an action did to the dialogs `ids`.
pub fn set(action: &str, ids: &[String], secure: bool) -> HeaderValue {
    let value = format!("{action}:{}", ids.join(","));
    session::set_brief_cookie(COOKIE, &value, KEPT_SECONDS, secure)
}

/// What the request's cookie says was done, if this request shows it. The page the browser
/// shows does, and so does the inbox's data fetched by the page in the browser; the copy of the
/// page that the browser's script fetches after an action (only to learn where it led) does not,
/// so that the fetch of the data after it still finds the message.
fn shown(parts: &Parts) -> Option<Flash> {
    let inbox_data = <app::backend::LoadInbox as leptos::server_fn::ServerFn>::PATH;
    let fetched_page = parts.uri.path() != inbox_data
        && parts
            .headers
            .get("sec-fetch-dest")
            .is_some_and(|dest| dest != "document");
    if fetched_page {
        return None;
    }
    parse(session::cookie(&parts.headers, COOKIE)?)
}

/// What the request shows was done ([`shown`]), with the cookie removed by its response. Call
/// it while the request's context is current (when the port is called, not in its future).
pub fn take(parts: &Parts, secure: bool) -> Option<Flash> {
    let flash = shown(parts)?;
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(
            header::SET_COOKIE,
            session::set_cookie(COOKIE, None, secure),
        );
    }
    Some(flash)
}

fn parse(value: &str) -> Option<Flash> {
    let (action, ids) = value.split_once(':')?;
    let ids: Vec<String> = ids
        .split(',')
        .map(|id| id.parse::<DialogId>().ok().map(|id| id.to_string()))
        .collect::<Option<_>>()?;
    Some(Flash {
        action: action.to_owned(),
        ids,
    })
}
