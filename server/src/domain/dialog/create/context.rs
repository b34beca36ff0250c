//! Authorization contexts as service owners write them, checked with upstream's rules and words.

use super::*;
use crate::domain::dialog::authorization_context::{
    AuthorizationContext, MAX_PARTIES, MAX_TOKEN_REF,
};

const APP_PREFIX: &str = "urn:altinn:app:";
const ORG_PREFIX: &str = "urn:altinn:org:";
/// What an app's id starts with, in the segment a PDP request would read as one.
const APP_ID_PREFIX: &str = "app_";

/// Upstream's rule for an authorization attribute: `urn:altinn:{type}:{name}` or a bare name.
fn check_attribute_format(errors: &mut Errors, path: &str, value: &str) {
    if errors
        .max_length(path, Some(&value.to_owned()), 255)
        .is_some()
        && crate::domain::resource::Attribute::parse(value).is_err()
    {
        errors.add(path, attribute_format(path));
    }
}

/// Upstream's message for an authorization attribute it cannot read.
pub(super) fn attribute_format(path: &str) -> String {
    format!(
        "'{}' must be on format 'urn:altinn:{{resourcetype}}:{{resourcename}}' or {{resourcename}} with valid names (letters, digits, '-' or '_', starting with a letter).",
        member(path)
    )
}

/// Checks one context; `path` ends in `AuthorizationContext`.
pub(super) fn check_context(
    errors: &mut Errors,
    path: &str,
    input: Option<&AuthorizationContextInput>,
) -> Option<AuthorizationContext> {
    let input = input?;
    check_context_resources(errors, path, input);
    let parties = check_context_parties(errors, path, input);
    let action = input.action.as_ref().map(|action| {
        let path = format!("{path}.Action");
        required_text(errors, &path, Some(action), 255)
    });
    if let Some(token_ref) = &input.token_ref {
        let path = format!("{path}.TokenRef");
        if token_ref.trim().is_empty() {
            errors.add(&path, not_empty(&path));
        } else {
            errors.max_length(&path, Some(token_ref), MAX_TOKEN_REF);
        }
    }
    let Some(unauthorized_presentation) = input.unauthorized_presentation else {
        errors.add(
            format!("{path}.UnauthorizedPresentation"),
            "'UnauthorizedPresentation' is required and must be either 'Disabled' or 'Excluded'.",
        );
        return None;
    };
    Some(AuthorizationContext {
        service_resource: input.service_resource.clone(),
        additional_resource_attribute: input.additional_resource_attribute.clone(),
        parties,
        include_dialog_party: input.include_dialog_party,
        action,
        token_ref: input.token_ref.clone(),
        unauthorized_presentation,
    })
}

/// An element's legacy authorization attribute and its authorization context: each well
/// formed, and not both.
pub(super) fn check_authorization(
    errors: &mut Errors,
    path: &str,
    attribute: Option<&String>,
    context: Option<&AuthorizationContextInput>,
) -> (Option<String>, Option<AuthorizationContext>) {
    if attribute.is_some() && context.is_some() {
        errors.add(
            format!("{path}.AuthorizationAttribute"),
            "'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'.",
        );
    }
    (
        check_attribute(errors, &format!("{path}.AuthorizationAttribute"), attribute),
        check_context(errors, &format!("{path}.AuthorizationContext"), context),
    )
}

/// A GUI or API action's own `action`: required without a context, absent (or empty) with
/// one, where it reads back empty as upstream's does.
pub(super) fn check_action(
    errors: &mut Errors,
    path: &str,
    action: Option<&String>,
    context: Option<&AuthorizationContextInput>,
) -> String {
    let path = format!("{path}.Action");
    let given = action.filter(|action| !action.is_empty());
    match (given, context) {
        (Some(_), Some(_)) => {
            errors.add(
                &path,
                "'Action' cannot be combined with 'AuthorizationContext'; use 'AuthorizationContext.Action' instead.",
            );
            String::new()
        }
        (None, Some(_)) => String::new(),
        (None, None) => {
            errors.add(
                &path,
                "'Action' must not be empty when 'AuthorizationContext' is not supplied.",
            );
            String::new()
        }
        (Some(action), None) => required_text(errors, &path, Some(action), 255),
    }
}

/// A context's own service resource and additional attribute: well formed, each in its place.
fn check_context_resources(errors: &mut Errors, path: &str, input: &AuthorizationContextInput) {
    if let Some(resource) = &input.service_resource {
        let path = format!("{path}.ServiceResource");
        check_attribute_format(errors, &path, resource);
        if !resource.to_ascii_lowercase().starts_with(RESOURCE_PREFIX) {
            errors.add(
                path,
                format!("'ServiceResource' must start with '{RESOURCE_PREFIX}'."),
            );
        }
    }
    if let Some(attribute) = &input.additional_resource_attribute {
        let path = format!("{path}.AdditionalResourceAttribute");
        check_attribute_format(errors, &path, attribute);
        let lower = attribute.to_ascii_lowercase();
        if lower.starts_with(RESOURCE_PREFIX) {
            errors.add(
                &path,
                format!("'AdditionalResourceAttribute' cannot contain a service resource reference ('{RESOURCE_PREFIX}...'); use 'ServiceResource' instead."),
            );
        }
        let tail = attribute.rsplit(':').next().unwrap_or(attribute);
        if lower.starts_with(APP_PREFIX) || tail.starts_with(APP_ID_PREFIX) {
            errors.add(
                &path,
                format!("'AdditionalResourceAttribute' cannot reference an app (the '{APP_PREFIX}' namespace, or a value expanding into an '{APP_ID_PREFIX}{{org}}_{{appId}}' identifier); 'ServiceResource' already carries the resource-registry entry for an app, and there is no equivalent per-app override for this field."),
            );
        }
        if lower.starts_with(ORG_PREFIX) {
            errors.add(
                &path,
                format!("'AdditionalResourceAttribute' cannot reference an organization (the '{ORG_PREFIX}' namespace); the organization owning the effective resource is derived from the resource itself."),
            );
        }
    }
}

/// The parties a context asks about: at most [`MAX_PARTIES`], each once, and at least one
/// unless the dialog's own party is included.
fn check_context_parties(
    errors: &mut Errors,
    path: &str,
    input: &AuthorizationContextInput,
) -> Vec<String> {
    let parties = input.parties.clone().unwrap_or_default();
    let parties_path = format!("{path}.Parties");
    if parties.len() > MAX_PARTIES {
        errors.add(
            &parties_path,
            format!("'Parties' cannot contain more than {MAX_PARTIES} parties."),
        );
    }
    errors.unique(&parties_path, parties.iter().cloned());
    if parties.is_empty() && !input.include_dialog_party {
        errors.add(
            &parties_path,
            "'Parties' must contain at least one party when 'IncludeDialogParty' is false.",
        );
    }
    for (index, party) in parties.iter().enumerate() {
        let path = format!("{parties_path}[{index}]");
        if party.trim().is_empty() {
            errors.add(&path, not_empty(&path));
        } else if errors.max_length(&path, Some(party), 255).is_some()
            && Party::parse(party).is_err()
        {
            errors.add(&path, PARTY_FORMAT.replacen("'Party'", "'Parties'", 1));
        }
    }
    parties
}
