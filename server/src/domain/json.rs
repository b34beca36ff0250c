//! JSON as upstream reads it: property names match case-insensitively (`Title`, `title` and
//! `TITLE` are one property), of keys differing only in case the last wins, and errors name the
//! property path.

use serde::{
    Deserialize,
    de::{
        DeserializeOwned, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
        value::{MapDeserializer, SeqDeserializer},
    },
    forward_to_deserialize_any,
};
use serde_json::Value;

use crate::error::Error;

/// A JSON value deserialized with property names matched case-insensitively against the names
/// each struct declares.
pub struct CaseInsensitive(pub Value);

impl<'de> IntoDeserializer<'de, serde_json::Error> for CaseInsensitive {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

fn visit_value<'de, V: Visitor<'de>>(
    value: Value,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    match value {
        Value::Object(map) => {
            let entries = map
                .into_iter()
                .map(|(key, value)| (key, CaseInsensitive(value)));
            let mut access = MapDeserializer::new(entries);
            let result = visitor.visit_map(&mut access)?;
            access.end()?;
            Ok(result)
        }
        Value::Array(items) => {
            let mut access = SeqDeserializer::new(items.into_iter().map(CaseInsensitive));
            let result = visitor.visit_seq(&mut access)?;
            access.end()?;
            Ok(result)
        }
        other => other.deserialize_any(visitor),
    }
}

/// Numbers may come as strings (`"progress": "60"`), as upstream's binder reads them.
macro_rules! numbers_from_strings {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            match self.0 {
                Value::String(text) => match text.trim().parse::<serde_json::Number>() {
                    Ok(number) => Value::Number(number).$method(visitor),
                    Err(_) => Value::String(text).$method(visitor),
                },
                other => visit_value(other, visitor),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for CaseInsensitive {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visit_value(self.0, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Object(map) => {
                let renamed = map
                    .into_iter()
                    .map(|(key, value)| {
                        let field = fields.iter().find(|field| field.eq_ignore_ascii_case(&key));
                        (field.map_or(key, |field| (*field).to_owned()), value)
                    })
                    .collect();
                visit_value(Value::Object(renamed), visitor)
            }
            other => visit_value(other, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(CaseInsensitive(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        let value = match self.0 {
            Value::String(text) => {
                let variant = variants
                    .iter()
                    .find(|variant| variant.eq_ignore_ascii_case(&text));
                Value::String(variant.map_or(text, |variant| (*variant).to_owned()))
            }
            // Upstream's enums also take their numeric ids, which count from 1 in declaration
            // order; ours are declared in the same order.
            Value::Number(number) => {
                let variant = number
                    .as_u64()
                    .and_then(|id| usize::try_from(id).ok())
                    .and_then(|id| id.checked_sub(1))
                    .and_then(|index| variants.get(index));
                variant.map_or(Value::Number(number), |variant| {
                    Value::String((*variant).to_owned())
                })
            }
            other => other,
        };
        value.deserialize_enum(name, variants, visitor)
    }

    numbers_from_strings! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
    }

    forward_to_deserialize_any! {
        bool i128 u128 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// Deserializes `value` case-insensitively; an error names the property path where it arose.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(CaseInsensitive(value)).map_err(|error| {
        let path = error.path().to_string();
        let place = if path == "." { "$".to_owned() } else { path };
        Error::Validation(Error::field(place, error.into_inner().to_string()))
    })
}

/// A JSON value whose objects keep, of the keys that differ only in case, the last one in the
/// document, as upstream's binder does (`{"Status": "Completed", "status": "InProgress"}` is in
/// progress).
pub struct LastKeyWins(pub Value);

impl<'de> Deserialize<'de> for LastKeyWins {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LastKeyWinsVisitor)
    }
}

struct LastKeyWinsVisitor;

impl<'de> Visitor<'de> for LastKeyWinsVisitor {
    type Value = LastKeyWins;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::from(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::from(value)))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::String(value)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(LastKeyWins(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        LastKeyWins::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(LastKeyWins(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(LastKeyWins(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some((key, LastKeyWins(value))) = map.next_entry::<String, LastKeyWins>()? {
            entries.retain(|(known, _)| !known.eq_ignore_ascii_case(&key));
            entries.push((key, value));
        }
        Ok(LastKeyWins(Value::Object(entries.into_iter().collect())))
    }
}

/// Parses a JSON document as upstream's binder reads it, keeping the last of keys that differ
/// only in case.
pub fn parse(body: &[u8]) -> Result<Value, Error> {
    let LastKeyWins(value) = serde_json::from_slice(body).map_err(|error| {
        Error::Validation(Error::field(
            "$",
            format!("The body is not valid JSON: {error}"),
        ))
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        language_code: String,
        value: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        idempotent_key: Option<String>,
        is_api_only: bool,
        title: Vec<Inner>,
        kind: Kind,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Kind {
        Primary,
        Secondary,
    }

    #[test]
    fn property_names_and_enum_values_match_in_any_case() {
        let value = serde_json::json!({
            "IdempotentKey": "abc",
            "ISAPIONLY": true,
            "title": [{ "LanguageCode": "nb", "VALUE": "Hei" }],
            "kind": "secondary",
        });
        let parsed: Outer = from_value(value).expect("parses");
        assert_eq!(parsed.idempotent_key.as_deref(), Some("abc"));
        assert!(parsed.is_api_only);
        assert_eq!(parsed.title[0].language_code, "nb");
        assert_eq!(parsed.kind, Kind::Secondary);
    }

    #[test]
    fn enum_values_may_be_given_by_their_numeric_id() {
        let value = serde_json::json!({ "isApiOnly": false, "title": [], "kind": 2 });
        let parsed: Outer = from_value(value).expect("parses");
        assert_eq!(parsed.kind, Kind::Secondary);
        for bad in [0, 3] {
            let value = serde_json::json!({ "isApiOnly": false, "title": [], "kind": bad });
            assert!(from_value::<Outer>(value).is_err(), "{bad}");
        }
    }

    #[test]
    fn null_and_missing_options_are_none() {
        let value = serde_json::json!({ "idempotentKey": null, "isApiOnly": false, "title": [], "kind": "Primary" });
        let parsed: Outer = from_value(value).expect("parses");
        assert_eq!(parsed.idempotent_key, None);
    }

    #[test]
    fn an_error_names_the_path_of_the_bad_property() {
        let value = serde_json::json!({ "isApiOnly": false, "title": [{ "languageCode": 5, "value": "x" }], "kind": "Primary" });
        let Err(Error::Validation(errors)) = from_value::<Outer>(value) else {
            panic!("expected a validation error");
        };
        assert!(errors.contains_key("title[0].languageCode"), "{errors:?}");
    }
}
