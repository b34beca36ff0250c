//! Attachments and GUI and API actions.

use super::*;
use crate::domain::dialog::authorization_context::AuthorizationContext;

pub(super) fn check_attachments(
    errors: &mut Errors,
    path: &str,
    inputs: Option<&[AttachmentInput]>,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Vec<Attachment> {
    let attachments: Vec<Attachment> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| check_attachment(errors, path, index, input, now, privileges))
        .collect();
    errors.unique_ids(path, attachments.iter().map(|attachment| attachment.id));
    attachments
}

/// One attachment, at its index in the list at `path`.
fn check_attachment(
    errors: &mut Errors,
    path: &str,
    index: usize,
    input: &AttachmentInput,
    now: DateTime<Utc>,
    privileges: WritePrivileges,
) -> Attachment {
    let path = format!("{path}[{index}]");
    let urls = input.urls.as_deref().unwrap_or_default();
    if urls.is_empty() {
        errors.add(format!("{path}.Urls"), "'Urls' must not be empty.");
    }
    let urls: Vec<AttachmentUrl> = urls
        .iter()
        .enumerate()
        .map(|(url_index, url)| {
            let url_path = format!("{path}.Urls[{url_index}]");
            AttachmentUrl {
                id: Some(errors.id(&format!("{url_path}.Id"), url.id, now)),
                url: errors.https_url(&format!("{url_path}.Url"), url.url.as_ref(), 1023),
                media_type: errors.max_length(
                    &format!("{url_path}.MediaType"),
                    url.media_type.as_ref(),
                    255,
                ),
                consumer_type: errors
                    .required(
                        &format!("{url_path}.ConsumerType"),
                        url.consumer_type.as_ref(),
                    )
                    .copied()
                    .unwrap_or(AttachmentUrlConsumerType::Gui),
            }
        })
        .collect();
    errors.unique_ids(
        &format!("{path}.Urls"),
        urls.iter().filter_map(|url| url.id),
    );
    let expires_at = utc(input.expires_at);
    errors.future(&format!("{path}.ExpiresAt"), expires_at, now, privileges);
    Attachment {
        id: errors.id(&format!("{path}.Id"), input.id, now),
        display_name: errors.localizations(
            &format!("{path}.DisplayName"),
            input.display_name.as_ref(),
            255,
        ),
        name: errors.max_length(&format!("{path}.Name"), input.name.as_ref(), 255),
        urls,
        expires_at,
        authorization_context: check_context(
            errors,
            &format!("{path}.AuthorizationContext"),
            input.authorization_context.as_ref(),
        ),
        is_authorized: None,
    }
}

pub(super) fn check_gui_actions(
    errors: &mut Errors,
    inputs: Option<&[GuiActionInput]>,
    now: DateTime<Utc>,
) -> Vec<GuiAction> {
    let actions: Vec<GuiAction> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| check_gui_action(errors, index, input, now))
        .collect();
    for (priority, limit, name) in [
        (GuiActionPriority::Primary, 1, "primary"),
        (GuiActionPriority::Secondary, 1, "secondary"),
        (GuiActionPriority::Tertiary, 5, "tertiary"),
    ] {
        if actions
            .iter()
            .filter(|action| action.priority == priority)
            .count()
            > limit
        {
            let message = if limit == 1 {
                format!("Only one {name} GUI action is allowed.")
            } else {
                format!("Only {limit} {name} GUI actions are allowed.")
            };
            errors.add("GuiActions", message);
        }
    }
    errors.unique_ids("GuiActions", actions.iter().map(|action| action.id));
    actions
}

/// One GUI action, at its index in the list.
fn check_gui_action(
    errors: &mut Errors,
    index: usize,
    input: &GuiActionInput,
    now: DateTime<Utc>,
) -> GuiAction {
    let path = format!("GuiActions[{index}]");
    let http_method = input.http_method.unwrap_or(HttpMethod::Get);
    if !matches!(
        http_method,
        HttpMethod::Get | HttpMethod::Post | HttpMethod::Delete
    ) {
        errors.add(
            format!("{path}.HttpMethod"),
            "'HttpMethod' for GUI actions must be one of the following: [GET, POST, DELETE].",
        );
    }
    let title = errors.localizations(&format!("{path}.Title"), input.title.as_ref(), 255);
    if title.is_empty() {
        errors.add(format!("{path}.Title"), "'Title' must not be empty.");
    }
    let prompt = input
        .prompt
        .as_ref()
        .map(|prompt| errors.localizations(&format!("{path}.Prompt"), Some(prompt), 255));
    let (action, authorization_attribute, authorization_context) = check_action_access(
        errors,
        &path,
        input.action.as_ref(),
        (
            input.authorization_attribute.as_ref(),
            input.authorization_context.as_ref(),
        ),
    );
    GuiAction {
        id: errors.id(&format!("{path}.Id"), input.id, now),
        action,
        url: errors.https_url(&format!("{path}.Url"), input.url.as_ref(), 1023),
        authorization_attribute,
        authorization_context,
        is_delete_dialog_action: input.is_delete_dialog_action,
        http_method,
        priority: errors
            .required(&format!("{path}.Priority"), input.priority.as_ref())
            .copied()
            .unwrap_or(GuiActionPriority::Tertiary),
        title,
        prompt,
    }
}

pub(super) fn required_text(
    errors: &mut Errors,
    path: &str,
    value: Option<&String>,
    max: usize,
) -> String {
    match value.filter(|value| !value.trim().is_empty()) {
        None => {
            errors.add(path, not_empty(path));
            String::new()
        }
        Some(value) => errors
            .max_length(path, Some(value), max)
            .unwrap_or_default(),
    }
}

pub(super) fn check_api_actions(
    errors: &mut Errors,
    inputs: Option<&[ApiActionInput]>,
    now: DateTime<Utc>,
) -> Vec<ApiAction> {
    let actions: Vec<ApiAction> = inputs
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, input)| check_api_action(errors, index, input, now))
        .collect();
    errors.unique_ids("ApiActions", actions.iter().map(|action| action.id));
    actions
}

/// One API action, at its index in the list.
fn check_api_action(
    errors: &mut Errors,
    index: usize,
    input: &ApiActionInput,
    now: DateTime<Utc>,
) -> ApiAction {
    let path = format!("ApiActions[{index}]");
    let endpoints = input.endpoints.as_deref().unwrap_or_default();
    if endpoints.is_empty() {
        errors.add(
            format!("{path}.Endpoints"),
            "'Endpoints' must not be empty.",
        );
    }
    let endpoints = endpoints
        .iter()
        .enumerate()
        .map(|(endpoint_index, endpoint)| {
            check_endpoint(errors, &path, endpoint_index, endpoint, now)
        })
        .collect::<Vec<_>>();
    errors.unique_ids(
        &format!("{path}.Endpoints"),
        endpoints.iter().map(|endpoint| endpoint.id),
    );
    let (action, authorization_attribute, authorization_context) = check_action_access(
        errors,
        &path,
        input.action.as_ref(),
        (
            input.authorization_attribute.as_ref(),
            input.authorization_context.as_ref(),
        ),
    );
    ApiAction {
        id: errors.id(&format!("{path}.Id"), input.id, now),
        action,
        authorization_attribute,
        authorization_context,
        name: errors.max_length(&format!("{path}.Name"), input.name.as_ref(), 255),
        endpoints,
    }
}

/// One endpoint of the API action at `path`.
fn check_endpoint(
    errors: &mut Errors,
    path: &str,
    endpoint_index: usize,
    endpoint: &ApiActionEndpointInput,
    now: DateTime<Utc>,
) -> ApiActionEndpoint {
    let path = format!("{path}.Endpoints[{endpoint_index}]");
    if endpoint.sunset_at.is_some() && !endpoint.deprecated {
        errors.add(
            format!("{path}.Deprecated"),
            "'Deprecated' must be equal to 'True' when SunsetAt is set.",
        );
    }
    ApiActionEndpoint {
        id: errors.id(&format!("{path}.Id"), endpoint.id, now),
        version: errors.max_length(&format!("{path}.Version"), endpoint.version.as_ref(), 255),
        url: errors.https_url(&format!("{path}.Url"), endpoint.url.as_ref(), 1023),
        http_method: errors
            .required(&format!("{path}.HttpMethod"), endpoint.http_method.as_ref())
            .copied()
            .unwrap_or(HttpMethod::Get),
        documentation_url: errors.uri(
            &format!("{path}.DocumentationUrl"),
            endpoint.documentation_url.as_ref(),
            1023,
        ),
        request_schema: errors.uri(
            &format!("{path}.RequestSchema"),
            endpoint.request_schema.as_ref(),
            1023,
        ),
        response_schema: errors.uri(
            &format!("{path}.ResponseSchema"),
            endpoint.response_schema.as_ref(),
            1023,
        ),
        deprecated: endpoint.deprecated,
        sunset_at: utc(endpoint.sunset_at),
    }
}

/// A GUI or API action's own action and its authorization attribute and context.
fn check_action_access(
    errors: &mut Errors,
    path: &str,
    action: Option<&String>,
    (attribute, context): (Option<&String>, Option<&AuthorizationContextInput>),
) -> (String, Option<String>, Option<AuthorizationContext>) {
    let (attribute, checked_context) = check_authorization(errors, path, attribute, context);
    let action = check_action(errors, path, action, context);
    (action, attribute, checked_context)
}
