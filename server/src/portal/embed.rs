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
    let expected = if value.media_type.ends_with("type=text/html") {
        "text/html"
    } else {
        "text/markdown"
    };
    match fetch(outbound, &url, token, lang, expected).await {
        Ok(Answer::Body(body)) => {
            let source = String::from_utf8_lossy(&body);
            (!source.trim().is_empty())
                .then(|| Embedded::Html(render::by_media_type(expected, &source)))
        }
        Ok(Answer::NoContent) => None,
        Ok(Answer::Unauthorized) => Some(Embedded::Unauthorized),
        Err(failure) => Some(Embedded::Failed(failure.text(lang).to_owned())),
    }
}

/// What the service owner's system answered.
enum Answer {
    Body(Vec<u8>),
    /// 204: nothing to show.
    NoContent,
    /// 401 or 403.
    Unauthorized,
}

/// Why an embed could not be fetched.
enum Failure {
    NotAllowed,
    NoAnswer,
    ErrorStatus,
    WrongType,
    TooLarge,
}

impl Failure {
    fn text(&self, lang: Lang) -> &'static str {
        match self {
            Self::NotAllowed => app::text!(lang, embed.the_address_is_not_allowed),
            Self::NoAnswer => app::text!(lang, embed.the_service_did_not_answer),
            Self::ErrorStatus => app::text!(lang, embed.the_service_answered_with_an_error),
            Self::WrongType => app::text!(lang, embed.the_service_sent_the_wrong_kind),
            Self::TooLarge => app::text!(lang, embed.the_content_is_too_large),
        }
    }
}

/// The embed, fetched with the dialog token.
async fn fetch(
    outbound: &Outbound,
    url: &str,
    token: &str,
    lang: Lang,
    expected: &str,
) -> Result<Answer, Failure> {
    let request = outbound
        .request(reqwest::Method::GET, url)
        .ok_or(Failure::NotAllowed)?;
    let sent = request
        .bearer_auth(token)
        .header(
            http::header::ACCEPT_LANGUAGE,
            format!("{}, nb;q=0.9, nn;q=0.8, en;q=0.7", lang.code()),
        )
        .header(http::header::ACCEPT, expected)
        .send()
        .await;
    let response = sent.map_err(|error| {
        tracing::info!(%error, "a front-channel embed could not be fetched");
        Failure::NoAnswer
    })?;
    match response.status().as_u16() {
        204 => return Ok(Answer::NoContent),
        200 => {}
        401 | 403 => return Ok(Answer::Unauthorized),
        _ => return Err(Failure::ErrorStatus),
    }
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with(expected) {
        return Err(Failure::WrongType);
    }
    read_limited(response).await.map(Answer::Body)
}

/// The body, up to [`EMBED_LIMIT`] bytes.
async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| Failure::NoAnswer)? {
        body.extend_from_slice(&chunk);
        if body.len() > EMBED_LIMIT {
            return Err(Failure::TooLarge);
        }
    }
    Ok(body)
}
