//! The dialogs of a bulk label change, as both APIs read them.

use serde::Deserialize;
use uuid::Uuid;

use crate::{
    domain::dialog::id::DialogId,
    error::{Error, Result},
};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DialogRevisionInput {
    dialog_id: Option<Uuid>,
    end_user_context_revision: Option<Uuid>,
}

/// The dialogs of a bulk change with their expected end-user-context revisions.
pub fn dialog_revisions(
    items: Option<Vec<DialogRevisionInput>>,
) -> Result<Vec<(DialogId, Option<Uuid>)>> {
    items
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let id = item.dialog_id.ok_or_else(|| {
                Error::Validation(Error::field(
                    format!("Dialogs[{index}].DialogId"),
                    "'Dialog Id' must not be empty.",
                ))
            })?;
            Ok((DialogId::new(id), item.end_user_context_revision))
        })
        .collect()
}
