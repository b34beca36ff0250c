//! What a service owner's write may do and reference: its privileges from its scopes, and
//! the other resources a dialog's parts name, which it must own unless it is an admin.

use std::collections::BTreeSet;

use super::Write;
use crate::{
    auth::principal::{ServiceOwner, scope},
    authz::decision::Registry,
    domain::{
        dialog::{
            authorization_context::AuthorizationContext,
            content::ContentPrivileges,
            create::WritePrivileges,
            model::{ApiAction, Attachment, GuiAction, Transmission},
        },
        resource::ResourceId,
    },
    error::{Error, Result},
};

pub(crate) fn privileges(owner: &ServiceOwner, write: Write) -> WritePrivileges {
    WritePrivileges {
        content: ContentPrivileges {
            legacy_html: owner
                .scopes
                .has("digdir:dialogporten.serviceprovider.legacyhtml"),
            correspondence: owner.scopes.has(scope::CORRESPONDENCE),
        },
        admin: owner.scopes.has(scope::SERVICE_PROVIDER_ADMIN),
        silent: write.silent,
    }
}

/// The other resources a dialog's parts reference: `urn:altinn:resource:` authorization
/// attributes, and the resources authorization contexts name.
pub(crate) fn referenced_resources(
    gui_actions: &[GuiAction],
    api_actions: &[ApiAction],
    attachments: &[Attachment],
    transmissions: &[Transmission],
) -> BTreeSet<String> {
    let attributes = gui_actions
        .iter()
        .map(|action| action.authorization_attribute.as_deref())
        .chain(
            api_actions
                .iter()
                .map(|action| action.authorization_attribute.as_deref()),
        )
        .chain(
            transmissions
                .iter()
                .map(|transmission| transmission.authorization_attribute.as_deref()),
        )
        .flatten()
        .filter(|attribute| {
            attribute
                .to_ascii_lowercase()
                .starts_with(crate::domain::resource::RESOURCE_PREFIX)
        });
    let contexts = context_resources(gui_actions, api_actions, attachments, transmissions);
    attributes
        .chain(contexts)
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The resources the parts' authorization contexts name.
fn context_resources<'a>(
    gui_actions: &'a [GuiAction],
    api_actions: &'a [ApiAction],
    attachments: &'a [Attachment],
    transmissions: &'a [Transmission],
) -> impl Iterator<Item = &'a str> {
    fn context(context: &Option<AuthorizationContext>) -> Option<&str> {
        context.as_ref()?.service_resource.as_deref()
    }
    gui_actions
        .iter()
        .map(|action| context(&action.authorization_context))
        .chain(
            api_actions
                .iter()
                .map(|action| context(&action.authorization_context)),
        )
        .chain(
            attachments
                .iter()
                .map(|attachment| context(&attachment.authorization_context)),
        )
        .chain(transmissions.iter().flat_map(|transmission| {
            std::iter::once(context(&transmission.authorization_context))
                .chain(
                    transmission
                        .attachments
                        .iter()
                        .map(|attachment| context(&attachment.authorization_context)),
                )
                .chain(
                    transmission
                        .navigational_actions
                        .iter()
                        .map(|action| context(&action.authorization_context)),
                )
        }))
        .flatten()
}

/// A non-admin may only reference resources its organisation is the competent authority for.
pub(crate) fn check_ownership(
    registry: &Registry,
    owner: &ServiceOwner,
    admin: bool,
    referenced: BTreeSet<String>,
) -> Result<()> {
    if admin {
        return Ok(());
    }
    let unowned: Vec<String> = referenced
        .into_iter()
        .filter(|resource| {
            ResourceId::parse(resource).map_or(true, |id| {
                !registry.is_owned_by(&id, &owner.organization_number)
            })
        })
        .collect();
    if unowned.is_empty() {
        Ok(())
    } else {
        Err(Error::Forbidden(Error::field(
            "ServiceResource",
            format!(
                "Not allowed to reference the following unowned resources: [{}]",
                unowned.join(", ")
            ),
        )))
    }
}
