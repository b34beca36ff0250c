//! What every service-owner write shares: the path id, `If-Match` and `?isSilentUpdate=`
//! in, the revision as `ETag` out.

use axum::{
    extract::{FromRequestParts, Query},
    response::{IntoResponse, Response},
};
use http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use uuid::Uuid;

use crate::api::params::Params;
use crate::{
    api::shared::path,
    error::{Error, Result},
    service::Write,
};

pub(super) fn etag(revision: Uuid) -> HeaderValue {
    // Upstream sends the bare GUID, without quotes.
    HeaderValue::from_str(&revision.to_string()).unwrap_or(HeaderValue::from_static(""))
}

/// A path id as this API reports a bad one: under `dialogId`, whichever id it is.
pub(super) fn parse_id(raw: &str) -> Result<Uuid> {
    path::parse_id(raw, "dialogId")
}

/// The `If-Match` revision: a GUID, bare as upstream sends its ETags (quotes are tolerated).
pub(super) fn if_match(headers: &HeaderMap) -> Result<Option<Uuid>> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim().trim_matches('"');
    Uuid::parse_str(text).map(Some).map_err(|_| {
        Error::Validation(Error::field(
            "If-Match",
            format!("'{text}' is not a revision GUID"),
        ))
    })
}

/// `If-Match` and `?isSilentUpdate=`, which every write accepts (query names case-insensitive).
impl<S: Send + Sync> FromRequestParts<S> for Write {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        let Query(pairs) =
            Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).unwrap_or(Query(Vec::new()));
        let silent = match Params::new(pairs).one("issilentupdate") {
            None => false,
            Some(value) => match value.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" | "" => false,
                _ => {
                    return Err(Error::Validation(Error::field(
                        "isSilentUpdate",
                        format!("'{value}' is not a boolean"),
                    )));
                }
            },
        };
        Ok(Self {
            if_match: if_match(&parts.headers)?,
            silent,
        })
    }
}

/// 204, with the new revision as `ETag` when there is one.
pub(super) fn no_content(revision: Option<Uuid>) -> Response {
    match revision {
        Some(revision) => {
            (StatusCode::NO_CONTENT, [(header::ETAG, etag(revision))]).into_response()
        }
        None => StatusCode::NO_CONTENT.into_response(),
    }
}
