//! JSON request bodies as upstream reads them (see [`crate::domain::json`]), with the media type
//! checked.

use axum::extract::{FromRequest, Request};
use bytes::Bytes;
use http::header;
use serde::de::DeserializeOwned;

use crate::{domain::json, error::Error};

/// A JSON body (`application/json` or `+json`), read case-insensitively into `T`.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let media_type = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        if !(media_type == "application/json" || media_type.ends_with("+json")) {
            return Err(Error::UnsupportedMediaType(format!(
                "expected application/json, got '{media_type}'"
            )));
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| Error::Validation(Error::field("$", rejection.body_text())))?;
        json::from_value(json::parse(&body)?).map(Self)
    }
}
