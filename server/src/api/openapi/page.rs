//! The docs page: the OpenAPI document as plain, script-free HTML (operations by tag, then every
//! schema with its properties), styled by the portal's stylesheet.

use std::fmt::Write;

use serde_json::Value;

use crate::html::escape;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_default()
}

/// A schema's type in words, with a link for a named schema.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = escape(reference.rsplit('/').next().unwrap_or_default());
        return format!("<a href=\"#schema-{name}\">{name}</a>");
    }
    for combinator in ["oneOf", "allOf", "anyOf"] {
        if let Some(parts) = schema[combinator].as_array() {
            let named: Vec<String> = parts
                .iter()
                .filter(|part| part["type"] != "null")
                .map(type_of)
                .collect();
            return named.join(" or ");
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .map(|value| {
                format!(
                    "<code>{}</code>",
                    escape(value.as_str().unwrap_or_default())
                )
            })
            .collect();
        return format!("one of {}", values.join(", "));
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .filter(|kind| *kind != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        Value::String(kind) => kind.clone(),
        _ => "any".into(),
    };
    match kind.as_str() {
        "array" => format!("array of {}", type_of(&schema["items"])),
        _ => match schema["format"].as_str() {
            Some(format) => format!("{} ({})", escape(&kind), escape(format)),
            None => escape(&kind),
        },
    }
}

fn operation_id(operation: &Value, method: &str, path: &str) -> String {
    match operation["operationId"].as_str() {
        Some(id) => id.to_owned(),
        None => format!("{method}-{path}"),
    }
}

fn render_parameters(html: &mut String, operation: &Value) {
    let Some(parameters) = operation["parameters"]
        .as_array()
        .filter(|list| !list.is_empty())
    else {
        return;
    };
    html.push_str("<h4>Parameters</h4><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead><tbody>");
    for parameter in parameters {
        let required = if parameter["required"] == true {
            " (required)"
        } else {
            ""
        };
        let _ = write!(
            html,
            "<tr><td><code>{}</code>{required}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(text(parameter, "name")),
            escape(text(parameter, "in")),
            type_of(&parameter["schema"]),
            escape(text(parameter, "description")),
        );
    }
    html.push_str("</tbody></table>");
}

fn render_content(html: &mut String, content: &Value) {
    for (media_type, media) in content.as_object().into_iter().flatten() {
        let _ = write!(
            html,
            " <code>{}</code>: {}",
            escape(media_type),
            type_of(&media["schema"])
        );
    }
}

fn render_operation(html: &mut String, method: &str, path: &str, operation: &Value) {
    let id = escape(&operation_id(operation, method, path));
    let method = method.to_ascii_uppercase();
    let _ = write!(
        html,
        "<section class=\"operation\" id=\"op-{id}\" aria-labelledby=\"op-{id}-title\"><h3 id=\"op-{id}-title\"><span class=\"method\">{method}</span> <code>{}</code></h3>",
        escape(path)
    );
    for paragraph in text(operation, "description")
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
    {
        let _ = write!(html, "<p>{}</p>", escape(paragraph.trim()));
    }
    if let Some(security) = operation["security"]
        .as_array()
        .filter(|list| !list.is_empty())
    {
        let names: Vec<String> = security
            .iter()
            .flat_map(|requirement| requirement.as_object().into_iter().flatten())
            .map(|(name, _)| escape(name))
            .collect();
        let _ = write!(
            html,
            "<p>Authentication: bearer token ({}).</p>",
            names.join(", ")
        );
    }
    render_parameters(html, operation);
    if let Some(body) = operation.get("requestBody") {
        html.push_str("<h4>Request body</h4><p>");
        render_content(html, &body["content"]);
        html.push_str("</p>");
    }
    html.push_str("<h4>Responses</h4><ul>");
    for (status, response) in operation["responses"].as_object().into_iter().flatten() {
        let _ = write!(
            html,
            "<li><strong>{}</strong> {}",
            escape(status),
            escape(text(response, "description"))
        );
        render_content(html, &response["content"]);
        html.push_str("</li>");
    }
    html.push_str("</ul></section>");
}

fn render_schema(html: &mut String, name: &str, schema: &Value) {
    let name = escape(name);
    let _ = write!(
        html,
        "<section class=\"schema\" id=\"schema-{name}\" aria-labelledby=\"schema-{name}-title\"><h3 id=\"schema-{name}-title\">{name}</h3>"
    );
    let description = text(schema, "description");
    if !description.is_empty() {
        let _ = write!(html, "<p>{}</p>", escape(description));
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match schema["properties"]
        .as_object()
        .filter(|map| !map.is_empty())
    {
        Some(properties) => {
            html.push_str("<table><thead><tr><th scope=\"col\">Property</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead><tbody>");
            for (property, definition) in properties {
                let marker = if required.contains(&property.as_str()) {
                    " (required)"
                } else {
                    ""
                };
                let _ = write!(
                    html,
                    "<tr><td><code>{}</code>{marker}</td><td>{}</td><td>{}</td></tr>",
                    escape(property),
                    type_of(definition),
                    escape(text(definition, "description")),
                );
            }
            html.push_str("</tbody></table>");
        }
        None => {
            let _ = write!(html, "<p>{}</p>", type_of(schema));
        }
    }
    html.push_str("</section>");
}

/// The whole page.
pub fn render(document: &utoipa::openapi::OpenApi, stylesheet: &str) -> String {
    let document = serde_json::to_value(document).unwrap_or_default();
    let info = &document["info"];
    let mut by_tag: std::collections::BTreeMap<String, Vec<(String, String, &Value)>> =
        std::collections::BTreeMap::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let tag = operation["tags"][0].as_str().unwrap_or("Other").to_owned();
                by_tag
                    .entry(tag)
                    .or_default()
                    .push((method.to_owned(), path.clone(), operation));
            }
        }
    }
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    );
    let title = escape(text(info, "title"));
    let _ = write!(
        html,
        "<title>{title}</title><link rel=\"stylesheet\" href=\"{}\"></head><body class=\"api-docs\"><a class=\"skip-link\" href=\"#main\">Skip to content</a><main id=\"main\"><h1>{title}</h1><p>{}</p><p><a href=\"/api/v1/openapi.json\">The OpenAPI document (JSON)</a></p>",
        escape(stylesheet),
        escape(text(info, "description"))
    );
    html.push_str("<nav aria-labelledby=\"contents\"><h2 id=\"contents\">Operations</h2>");
    for (tag, operations) in &by_tag {
        let _ = write!(html, "<h3>{}</h3><ul>", escape(tag));
        for (method, path, operation) in operations {
            let _ = write!(
                html,
                "<li><a href=\"#op-{}\">{} <code>{}</code></a></li>",
                escape(&operation_id(operation, method, path)),
                method.to_ascii_uppercase(),
                escape(path)
            );
        }
        html.push_str("</ul>");
    }
    html.push_str("</nav>");
    for (tag, operations) in &by_tag {
        let _ = write!(html, "<h2>{}</h2>", escape(tag));
        for (method, path, operation) in operations {
            render_operation(&mut html, method, path, operation);
        }
    }
    html.push_str("<h2>Schemas</h2>");
    for (name, schema) in document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        render_schema(&mut html, name, schema);
    }
    html.push_str("</main></body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_document_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let schema = serde_json::json!({ "type": "array", "items": { "$ref": "#/components/schemas/A<b>" } });
        assert_eq!(
            type_of(&schema),
            "array of <a href=\"#schema-A&lt;b&gt;\">A&lt;b&gt;</a>"
        );
    }
}
