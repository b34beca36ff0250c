//! A pasted dialog bound field by field for the preview. The API stops at the first field it
//! cannot bind (an unknown status, a number where a text belongs), as upstream's binder does.
//! A service owner fixing a request wants every problem at once, so here each such field is
//! noted and binding goes on with a stand-in: the first value an enum offers, or no value for
//! anything else. The checks behind binding then run on the rest.

use app::model::preview::FieldProblem;
use serde_json::Value;

use crate::{
    domain::{dialog::create::CreateDialogRequest, json::from_value},
    error::Error,
};

/// At most this many fields are stood in for (a request is not that broken by accident).
const MOST_STAND_INS: usize = 25;

/// The request, if it could be bound with stand-ins, and the problems binding met.
pub struct Bound {
    pub request: Option<CreateDialogRequest>,
    pub problems: Vec<FieldProblem>,
}

pub fn bind(mut value: Value) -> Bound {
    let mut problems = Vec::new();
    // The fields left out for want of a stand-in: their absence is no news.
    let mut left_out: Vec<String> = Vec::new();
    for _ in 0..=MOST_STAND_INS {
        let error = match from_value::<CreateDialogRequest>(value.clone()) {
            Ok(request) => {
                return Bound {
                    request: Some(request),
                    problems,
                };
            }
            Err(error) => error,
        };
        let found = field_problems(&error);
        let of_left_out = found.iter().any(|problem| {
            left_out
                .iter()
                .any(|key| problem.message.contains(&format!("missing field `{key}`")))
        });
        let repeated = found.iter().any(|problem| problems.contains(problem));
        if found.is_empty() || of_left_out || repeated {
            break;
        }
        problems.extend(found.iter().cloned());
        let stood_in =
            found.iter().all(|problem| {
                let left = stand_in(&mut value, &problem.field, &problem.message);
                if left == Some(StandIn::LeftOut) {
                    left_out.extend(segments(&problem.field).into_iter().rev().find_map(
                        |segment| match segment {
                            Segment::Key(key) => Some(key),
                            Segment::Index(_) => None,
                        },
                    ));
                }
                left.is_some()
            });
        if !stood_in {
            break;
        }
    }
    Bound {
        request: None,
        problems,
    }
}

/// Every field's messages of an error, one problem each.
pub fn field_problems(error: &Error) -> Vec<FieldProblem> {
    error
        .field_errors()
        .map(|errors| {
            errors
                .iter()
                .flat_map(|(field, messages)| {
                    messages.iter().map(move |message| FieldProblem {
                        field: field.clone(),
                        message: message.clone(),
                        lang: None,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, PartialEq)]
enum StandIn {
    Variant,
    LeftOut,
}

/// Puts a stand-in at `path` (`status`, `transmissions[0].type`): an enum's first variant, or
/// nothing. `None` where there is no such field to stand in for (a missing one, or the root).
fn stand_in(value: &mut Value, path: &str, message: &str) -> Option<StandIn> {
    let mut segments = segments(path);
    let last = segments.pop()?;
    let parent = segments
        .iter()
        .try_fold(value, |node, segment| child(node, segment))?;
    let variant = message
        .split_once("expected one of `")
        .and_then(|(_, rest)| rest.split('`').next())
        .map(|variant| Value::String(variant.to_owned()));
    let kind = if variant.is_some() {
        StandIn::Variant
    } else {
        StandIn::LeftOut
    };
    match (parent, &last) {
        (Value::Object(object), Segment::Key(key)) => {
            let found = object
                .keys()
                .find(|name| name.eq_ignore_ascii_case(key))
                .cloned()?;
            match variant {
                Some(variant) => object.insert(found, variant),
                None => object.remove(&found),
            };
        }
        (Value::Array(items), Segment::Index(index)) if *index < items.len() => match variant {
            Some(variant) => items[*index] = variant,
            None => {
                items.remove(*index);
            }
        },
        _ => return None,
    }
    Some(kind)
}

#[derive(Debug, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `transmissions[0].type` as keys and indexes; the root (`$` or `.`) has none.
fn segments(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in path
        .split('.')
        .filter(|part| !part.is_empty() && *part != "$")
    {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|key| !key.is_empty()) {
            segments.push(Segment::Key(key.to_owned()));
        }
        for index in pieces {
            match index.trim_end_matches(']').parse() {
                Ok(index) => segments.push(Segment::Index(index)),
                Err(_) => return Vec::new(),
            }
        }
    }
    segments
}

fn child<'a>(node: &'a mut Value, segment: &Segment) -> Option<&'a mut Value> {
    match (node, segment) {
        (Value::Object(object), Segment::Key(key)) => object
            .iter_mut()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| value),
        (Value::Array(items), Segment::Index(index)) => items.get_mut(*index),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_read_as_keys_and_indexes() {
        assert_eq!(
            segments("transmissions[0].attachments[2].urls"),
            vec![
                Segment::Key("transmissions".into()),
                Segment::Index(0),
                Segment::Key("attachments".into()),
                Segment::Index(2),
                Segment::Key("urls".into()),
            ]
        );
        assert_eq!(segments("$"), Vec::new());
        assert_eq!(segments("."), Vec::new());
    }

    #[test]
    fn an_unknown_variant_stands_in_as_the_first_one_offered() {
        let mut value = json!({ "Status": "Finished", "progress": "a lot" });
        assert_eq!(
            stand_in(
                &mut value,
                "status",
                "unknown variant `Finished`, expected one of `New`, `InProgress`"
            ),
            Some(StandIn::Variant)
        );
        assert_eq!(
            stand_in(&mut value, "progress", "invalid type: string, expected u8"),
            Some(StandIn::LeftOut)
        );
        assert_eq!(value, json!({ "Status": "New" }));
        assert_eq!(stand_in(&mut value, "$", "missing field `party`"), None);
    }
}
