//! Domain types parsed once at the edge: invalid values cannot reach a query. No I/O here.

pub mod dialog;
pub mod json;
pub mod limits;
pub mod metadata_links;
pub mod party;
pub mod resource;
pub mod uri;

/// Serializes a type as its `Display` text and deserializes it through its `parse`, so that
/// documents and payloads can only ever hold valid values.
macro_rules! serde_via_parse {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A newtype over its canonical text: `as_str`, `Display` and serde through `parse`.
macro_rules! text_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        $crate::domain::serde_via_parse!($name);
    };
}

/// A text column read back through `parse`. Only values `parse` took are ever written, so a
/// row that does not parse is a decoding error, never a silent stand-in.
macro_rules! text_column {
    ($name:ident) => {
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <String as sqlx::Type<sqlx::Postgres>>::type_info()
            }

            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                Ok(Self::parse(text)?)
            }
        }
    };
}

pub(crate) use serde_via_parse;
pub(crate) use text_column;
pub(crate) use text_newtype;
