//! The `Accept-Language` header of end-user reads: absent, every localization is written; given,
//! each text is pruned to one (see [`AcceptedLanguages`]); malformed, a 400 as upstream's binding
//! gives it.

use axum::extract::FromRequestParts;
use http::{header::ACCEPT_LANGUAGE, request::Parts};

use crate::{
    domain::dialog::accepted_languages::AcceptedLanguages, error::Error,
    store::dialogs::DialogAggregate,
};

pub struct AcceptLanguage(pub Option<AcceptedLanguages>);

impl<S: Send + Sync> FromRequestParts<S> for AcceptLanguage {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        let Some(value) = parts.headers.get(ACCEPT_LANGUAGE) else {
            return Ok(Self(None));
        };
        match value.to_str().ok().and_then(AcceptedLanguages::parse) {
            Some(languages) => Ok(Self(Some(languages))),
            None => Err(Error::Validation(Error::field(
                "Accept-Language",
                format!(
                    "Value [{}] is not valid for a [AcceptedLanguages] property!",
                    String::from_utf8_lossy(value.as_bytes())
                ),
            ))),
        }
    }
}

impl AcceptLanguage {
    /// Prunes what an end user reads of a dialog, as upstream prunes its end-user GET: the
    /// content, attachments, GUI actions, transmissions and activities.
    pub fn prune_dialog(&self, aggregate: &mut DialogAggregate) {
        let Some(languages) = &self.0 else {
            return;
        };
        let dialog = &mut aggregate.dialog;
        languages.prune_content(&mut dialog.content.0);
        for attachment in &mut dialog.attachments.0 {
            languages.prune_attachment(attachment);
        }
        for action in &mut dialog.gui_actions.0 {
            languages.prune_gui_action(action);
        }
        for transmission in &mut aggregate.transmissions {
            languages.prune_transmission(transmission);
        }
        for activity in &mut aggregate.activities {
            languages.prune_activity(activity);
        }
    }
}
