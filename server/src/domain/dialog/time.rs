//! Timestamps and client-supplied ids, with upstream's rules: input dates carry an explicit
//! offset, output is UTC with seven fractional digits, and ids are UUIDv7 no more than 15 s ahead.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// How far a client's clock may run ahead of ours.
pub const CLOCK_SKEW: chrono::Duration = chrono::Duration::seconds(15);

/// Parses an RFC 3339 date with an explicit offset (`Z` or `±hh:mm`); a date without one is refused.
pub fn parse_timestamp(value: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|date| date.with_timezone(&Utc))
        .map_err(|_| {
            format!("'{value}' is not a date and time with an offset, such as 2026-11-23T12:00:00Z")
        })
}

/// Writes a timestamp as upstream does: UTC, seven fractional digits, `Z`.
pub fn format_timestamp(date: &DateTime<Utc>) -> String {
    let micros = date.to_rfc3339_opts(SecondsFormat::Micros, true);
    // Microseconds are all PostgreSQL keeps; the seventh digit is always 0.
    format!("{}0Z", micros.trim_end_matches('Z'))
}

/// A client-supplied id must be a UUIDv7 whose timestamp is not in the future beyond the skew.
pub fn check_uuid_v7(id: &Uuid, now: DateTime<Utc>) -> Result<(), String> {
    if id.get_version_num() != 7 || id.get_variant() != uuid::Variant::RFC4122 {
        return Err("Expected big endian UUIDv7 format".into());
    }
    let Some(timestamp) = id.get_timestamp() else {
        return Err("Expected big endian UUIDv7 format".into());
    };
    let (seconds, nanos) = timestamp.to_unix();
    let created = DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(i64::MAX), nanos)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    if created > now + CLOCK_SKEW {
        return Err("The UUIDv7 timestamp lies in the future".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_need_an_explicit_offset() {
        assert!(parse_timestamp("2026-11-23T12:00:00Z").is_ok());
        let oslo = parse_timestamp("2026-11-23T13:00:00+01:00").expect("valid");
        assert_eq!(
            oslo,
            parse_timestamp("2026-11-23T12:00:00Z").expect("valid")
        );
        assert!(parse_timestamp("2026-11-23T12:00:00").is_err());
        assert!(parse_timestamp("23.11.2026").is_err());
    }

    #[test]
    fn output_has_seven_fractional_digits_in_utc() {
        let date = parse_timestamp("2026-11-23T13:00:00.123456+01:00").expect("valid");
        assert_eq!(format_timestamp(&date), "2026-11-23T12:00:00.1234560Z");
    }

    #[test]
    fn only_uuid_v7_is_accepted() {
        let now = Utc::now();
        assert!(check_uuid_v7(&Uuid::now_v7(), now).is_ok());
        assert_eq!(
            check_uuid_v7(&Uuid::new_v4(), now).expect_err("v4"),
            "Expected big endian UUIDv7 format"
        );
    }

    #[test]
    fn a_uuid_v7_more_than_15_seconds_ahead_is_refused() {
        let now = Utc::now();
        let ahead = |seconds: i64| {
            let at = now + chrono::Duration::seconds(seconds);
            let timestamp = uuid::Timestamp::from_unix(
                uuid::NoContext,
                u64::try_from(at.timestamp()).expect("positive"),
                0,
            );
            Uuid::new_v7(timestamp)
        };
        assert!(check_uuid_v7(&ahead(10), now).is_ok());
        assert!(check_uuid_v7(&ahead(20), now).is_err());
    }
}

/// Serde for timestamps written as upstream writes them (see [`format_timestamp`]).
pub mod serde_utc {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        date: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_timestamp(date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_timestamp(&text).map_err(serde::de::Error::custom)
    }

    /// The same for optional timestamps; use with `skip_serializing_if = "Option::is_none"`.
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            date: &Option<DateTime<Utc>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => serializer.serialize_str(&super::super::format_timestamp(date)),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            Option::<String>::deserialize(deserializer)?
                .map(|text| super::super::parse_timestamp(&text).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}
