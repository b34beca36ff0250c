//! The sign-in page, where one chooses whom to sign in as.

use axum::{
    extract::{Query, State},
    response::{Html, IntoResponse, Response},
};

use super::{AuthorizeQuery, IdpState, bad_request, check, not_found, provider};
use crate::html::escape;

/// The page where one chooses whom to sign in as.
pub(super) async fn authorize_page(
    State(state): State<IdpState>,
    Query(query): Query<AuthorizeQuery>,
) -> Response {
    let Some(provider) = provider(&state) else {
        return not_found();
    };
    if let Some(problem) = check(provider, &query) {
        return bad_request(problem);
    }
    let persons = sqlx::query_as!(
        Person,
        "select urn, name from parties where urn like 'urn:altinn:person:identifier-no:%' order by name limit 50"
    )
    .fetch_all(&state.pool)
    .await
    .unwrap_or_default();
    let fields = [
        hidden("client_id", query.client_id.as_deref()),
        hidden("redirect_uri", query.redirect_uri.as_deref()),
        hidden("state", query.state.as_deref()),
        hidden("nonce", query.nonce.as_deref()),
        hidden("code_challenge", query.code_challenge.as_deref()),
        hidden(
            "code_challenge_method",
            query.code_challenge_method.as_deref(),
        ),
        hidden("response_type", query.response_type.as_deref()),
    ]
    .concat();
    let level_choice = level_choice(query.acr_values.as_deref());
    let buttons = person_buttons(&persons);
    let stylesheet = escape(&state.stylesheet);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <link rel=\"icon\" href=\"data:,\"><title>Test sign-in</title><link rel=\"stylesheet\" href=\"{stylesheet}\"></head>\
        <body class=\"test-idp\"><main id=\"main\"><h1>Test sign-in</h1>\
        <p>This is the built-in test identity provider. It exists only in development mode.</p>\
        <form method=\"post\" action=\"/idp/authorize\">{fields}{level_choice}\
        <h2>Demo persons</h2><ul class=\"persons\">{buttons}</ul>\
        <h2>Another person</h2>\
        <label for=\"other-pid\">National identity number (11 digits, synthetic)</label>\
        <input id=\"other-pid\" name=\"other_pid\" inputmode=\"numeric\" autocomplete=\"off\" pattern=\"[0-9]{{11}}\">\
        <button type=\"submit\" name=\"pid\" value=\"other\">Sign in</button>\
        <h2>E-mail login</h2>\
        <p>As ID-porten's e-mail login: no national identity number, and the lowest security level.</p>\
        <label for=\"email\">E-mail address</label>\
        <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"off\">\
        <button type=\"submit\" name=\"pid\" value=\"email\">Sign in with e-mail</button></form></main></body></html>"
    );
    Html(page).into_response()
}

fn hidden(name: &str, value: Option<&str>) -> String {
    value.map_or(String::new(), |value| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    })
}

/// The security level to sign in at: high when the client asks for it, else substantial.
fn level_choice(acr_values: Option<&str>) -> String {
    let high = acr_values.is_some_and(|acr| {
        acr.split_whitespace()
            .any(|value| value == "idporten-loa-high")
    });
    let (substantial_checked, high_checked) = if high {
        ("", " checked")
    } else {
        (" checked", "")
    };
    format!(
        "<fieldset><legend>Security level</legend>\
        <label><input type=\"radio\" name=\"level\" value=\"3\"{substantial_checked}> Substantial (idporten-loa-substantial)</label>\
        <label><input type=\"radio\" name=\"level\" value=\"4\"{high_checked}> High (idporten-loa-high)</label></fieldset>"
    )
}

/// A demo person to sign in as.
struct Person {
    urn: String,
    name: String,
}

/// A button for each demo person.
fn person_buttons(persons: &[Person]) -> String {
    persons
        .iter()
        .filter_map(|person| {
            let pid = person.urn.rsplit(':').next()?;
            Some(format!(
                "<li><button type=\"submit\" name=\"pid\" value=\"{}\">{} <span class=\"muted\">({})</span></button></li>",
                escape(pid),
                escape(&person.name),
                escape(pid)
            ))
        })
        .collect()
}
