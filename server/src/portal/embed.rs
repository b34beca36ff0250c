//! What the dialog page fetches from service owners' systems: front-channel embeds (with the
//! dialog token, made safe by [`super::render`]) and attachments' sizes.

use app::{i18n::Lang, model::dialog::Embedded};

use super::{format, render};
use crate::{domain::dialog::model::ContentValueDoc, outbound::Outbound};

/// Embedded content larger than this is not shown (the protocol's limit).
const EMBED_LIMIT: usize = 100 * 1024;

/// How long the page waits for an attachment's size.
const SIZE_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// An attachment's size from a HEAD request to its URL, when its system answers quickly.
#[tracing::instrument(name = "embed::size_of", skip_all)]
pub async fn size_of(outbound: &Outbound, url: Option<&str>) -> Option<u64> {
    let request = outbound.request(reqwest::Method::HEAD, url?)?;
    let response = tokio::time::timeout(SIZE_WAIT, request.send())
        .await
        .ok()?
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    response
        .headers()
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Fetches a front-channel embed with the dialog token and renders it through the safe path.
#[tracing::instrument(name = "embed::fetch_embed", skip_all)]
pub async fn fetch_embed(
    outbound: &Outbound,
    value: &ContentValueDoc,
    token: &str,
    lang: Lang,
) -> Option<Embedded> {
    let url = format::localized(&value.value, lang)?;
    let failed = |why: &str| Some(Embedded::Failed(why.to_owned()));
    let expected = if value.media_type.ends_with("type=text/html") {
        "text/html"
    } else {
        "text/markdown"
    };
    let Some(request) = outbound.request(reqwest::Method::GET, &url) else {
        return failed(lang.tr(
            "adressen er ikke tillatt.",
            "adressa er ikkje tillaten.",
            "the address is not allowed.",
        ));
    };
    let sent = request
        .bearer_auth(token)
        .header(
            http::header::ACCEPT_LANGUAGE,
            format!("{}, nb;q=0.9, nn;q=0.8, en;q=0.7", lang.code()),
        )
        .header(http::header::ACCEPT, expected)
        .send()
        .await;
    let mut response = match sent {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(%error, "a front-channel embed could not be fetched");
            return failed(lang.tr(
                "tjenesten svarte ikke.",
                "tenesta svarte ikkje.",
                "the service did not answer.",
            ));
        }
    };
    match response.status().as_u16() {
        204 => return None,
        200 => {}
        401 | 403 => return Some(Embedded::Unauthorized),
        _ => {
            return failed(lang.tr(
                "tjenesten svarte med en feil.",
                "tenesta svarte med ein feil.",
                "the service answered with an error.",
            ));
        }
    }
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with(expected) {
        return failed(lang.tr(
            "tjenesten sendte innhold av feil type.",
            "tenesta sende innhald av feil type.",
            "the service sent the wrong kind of content.",
        ));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk);
                if body.len() > EMBED_LIMIT {
                    return failed(lang.tr(
                        "innholdet er for stort.",
                        "innhaldet er for stort.",
                        "the content is too large.",
                    ));
                }
            }
            Ok(None) => break,
            Err(_) => {
                return failed(lang.tr(
                    "tjenesten svarte ikke.",
                    "tenesta svarte ikkje.",
                    "the service did not answer.",
                ));
            }
        }
    }
    let source = String::from_utf8_lossy(&body);
    if source.trim().is_empty() {
        return None;
    }
    Some(Embedded::Html(render::by_media_type(expected, &source)))
}
