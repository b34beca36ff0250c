//! Ids in paths, as both APIs read them.

use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use http::request::Parts;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::{
    api::json::ApiJson,
    domain::dialog::id::DialogId,
    error::{Error, Result},
};

/// An id from the path; one that is not a GUID is a 400 under `name`.
pub fn parse_id(raw: &str, name: &str) -> Result<Uuid> {
    Uuid::parse_str(raw)
        .map_err(|_| Error::Validation(Error::field(name, format!("'{raw}' is not a valid GUID"))))
}

/// The `{dialogId}` of a path: one that is not a GUID is a 400 under `dialogId`.
pub struct DialogPath(pub DialogId);

impl<S: Send + Sync> FromRequestParts<S> for DialogPath {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| anyhow::anyhow!(rejection.body_text()))?;
        let raw = params
            .iter()
            .find_map(|(name, value)| (name == "dialogId").then_some(value))
            .ok_or_else(|| anyhow::anyhow!("the route has no {{dialogId}}"))?;
        parse_id(raw, "dialogId").map(|id| Self(DialogId::new(id)))
    }
}

/// A `{dialogId}` write's JSON body and path id. A body that does not parse is reported before
/// a bad id, as upstream's binder reads the body first.
pub struct DialogBody<T> {
    pub id: DialogId,
    pub body: T,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for DialogBody<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self> {
        let (mut parts, body) = request.into_parts();
        let id = DialogPath::from_request_parts(&mut parts, state).await;
        let ApiJson(body) = ApiJson::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Self { id: id?.0, body })
    }
}
