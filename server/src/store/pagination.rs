//! Keyset pagination as upstream defines it: `orderBy` of `key[_asc|_desc]` items (id always
//! last), continuation tokens `key_value,key_value`, PostgreSQL null order (last ascending,
//! first descending), and `limit + 1` rows fetched to know whether another page exists.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use crate::{
    domain::dialog::time::{format_timestamp, parse_timestamp},
    error::{Error, FieldErrors},
};

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKey {
    /// How well a dialog matches the free-text search (always descending).
    Relevance,
    ContentUpdatedAt,
    UpdatedAt,
    CreatedAt,
    DueAt,
    Id,
}

impl OrderKey {
    const ALL: [Self; 6] = [
        Self::Relevance,
        Self::ContentUpdatedAt,
        Self::UpdatedAt,
        Self::CreatedAt,
        Self::DueAt,
        Self::Id,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::ContentUpdatedAt => "contentupdatedat",
            Self::UpdatedAt => "updatedat",
            Self::CreatedAt => "createdat",
            Self::DueAt => "dueat",
            Self::Id => "id",
        }
    }

    /// The column, qualified for the dialogs table (the rank is computed by the search query).
    pub fn column(self) -> &'static str {
        match self {
            Self::Relevance => "d.search_rank",
            Self::ContentUpdatedAt => "d.content_updated_at",
            Self::UpdatedAt => "d.updated_at",
            Self::CreatedAt => "d.created_at",
            Self::DueAt => "d.due_at",
            Self::Id => "d.id",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderItem {
    pub key: OrderKey,
    pub descending: bool,
}

/// A parsed `orderBy`: at least one date key, then `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order(pub Vec<OrderItem>);

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::Validation(FieldErrors::from([(
        field.to_owned(),
        vec![message.into()],
    )]))
}

impl Order {
    /// The order without an `orderBy`: the latest content change first, then by id.
    pub fn newest_first() -> Self {
        Self(vec![
            OrderItem {
                key: OrderKey::ContentUpdatedAt,
                descending: true,
            },
            OrderItem {
                key: OrderKey::Id,
                descending: true,
            },
        ])
    }

    pub fn parse(raw: Option<&str>) -> Result<Self, Error> {
        let mut items: Vec<OrderItem> = Vec::new();
        for part in raw
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            let lower = part.to_ascii_lowercase();
            let (name, descending) = match lower.rsplit_once('_') {
                Some((name, "asc")) => (name.to_owned(), false),
                Some((name, "desc")) => (name.to_owned(), true),
                _ => (lower.clone(), true),
            };
            let key = OrderKey::ALL
                .into_iter()
                .find(|key| key.name() == name)
                .ok_or_else(|| invalid("OrderBy", format!("'{part}' is not one of relevance, contentUpdatedAt, updatedAt, createdAt, dueAt, id")))?;
            if key == OrderKey::Relevance && !descending {
                return Err(invalid("OrderBy", "relevance is always descending"));
            }
            if items.iter().any(|item| item.key == key) {
                return Err(invalid(
                    "OrderBy",
                    format!("'{name}' is given more than once"),
                ));
            }
            items.push(OrderItem { key, descending });
        }
        let id = items
            .iter()
            .position(|item| item.key == OrderKey::Id)
            .map(|index| items.remove(index));
        if items.is_empty() {
            items.push(OrderItem {
                key: OrderKey::ContentUpdatedAt,
                descending: true,
            });
        }
        let last_descending = items.last().is_some_and(|item| item.descending);
        items.push(id.unwrap_or(OrderItem {
            key: OrderKey::Id,
            descending: last_descending,
        }));
        Ok(Self(items))
    }

    /// The order as echoed to clients: `contentupdatedat_desc,id_desc`.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|item| {
                format!(
                    "{}_{}",
                    item.key.name(),
                    if item.descending { "desc" } else { "asc" }
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn push_order_by(&self, query: &mut QueryBuilder<Postgres>) {
        query.push(" order by ");
        for (index, item) in self.0.iter().enumerate() {
            if index > 0 {
                query.push(", ");
            }
            query
                .push(item.key.column())
                .push(if item.descending { " desc" } else { " asc" });
        }
    }
}

/// A position in an ordered result: one value per order key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyValue {
    Date(Option<DateTime<Utc>>),
    Id(Uuid),
    Rank(f32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cursor(pub Vec<KeyValue>);

impl Cursor {
    /// Whether rows are ordered by relevance (which needs a free-text search).
    pub fn uses_relevance(order: &Order) -> bool {
        order.0.iter().any(|item| item.key == OrderKey::Relevance)
    }

    pub fn parse(order: &Order, token: &str) -> Result<Self, Error> {
        let bad = || {
            invalid(
                "ContinuationToken",
                "The continuation token does not match the order",
            )
        };
        let mut values = Vec::new();
        let parts: Vec<&str> = token.split(',').collect();
        if parts.len() != order.0.len() {
            return Err(bad());
        }
        for (item, part) in order.0.iter().zip(parts) {
            let (name, value) = part.split_once('_').ok_or_else(bad)?;
            if !name.eq_ignore_ascii_case(item.key.name()) {
                return Err(bad());
            }
            values.push(match item.key {
                OrderKey::Id => KeyValue::Id(Uuid::parse_str(value).map_err(|_| bad())?),
                OrderKey::Relevance => KeyValue::Rank(value.parse().map_err(|_| bad())?),
                _ if value.is_empty() => KeyValue::Date(None),
                _ => KeyValue::Date(Some(parse_timestamp(value).map_err(|_| bad())?)),
            });
        }
        Ok(Self(values))
    }

    pub fn encode(&self, order: &Order) -> String {
        order
            .0
            .iter()
            .zip(&self.0)
            .map(|(item, value)| {
                let text = match value {
                    KeyValue::Date(Some(date)) => format_timestamp(date),
                    KeyValue::Date(None) => String::new(),
                    KeyValue::Id(id) => id.to_string(),
                    // Rust prints the shortest text that parses back to the same f32.
                    KeyValue::Rank(rank) => rank.to_string(),
                };
                format!("{}_{text}", item.key.name())
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Appends `and (rows strictly after this cursor)` for `order`, with PostgreSQL's null order.
    pub fn push_after(&self, order: &Order, query: &mut QueryBuilder<Postgres>) {
        query.push(" and (");
        for depth in 0..order.0.len() {
            if depth > 0 {
                query.push(" or ");
            }
            query.push("(true");
            for (item, value) in order.0.iter().zip(&self.0).take(depth) {
                query.push(" and ").push(item.key.column());
                match value {
                    KeyValue::Date(Some(date)) => query.push(" = ").push_bind(*date),
                    KeyValue::Date(None) => query.push(" is null"),
                    KeyValue::Id(id) => query.push(" = ").push_bind(*id),
                    KeyValue::Rank(rank) => query.push(" = ").push_bind(*rank),
                };
            }
            let (item, value) = (&order.0[depth], &self.0[depth]);
            let column = item.key.column();
            match (value, item.descending) {
                (KeyValue::Id(id), true) => query.push(format!(" and {column} < ")).push_bind(*id),
                (KeyValue::Id(id), false) => query.push(format!(" and {column} > ")).push_bind(*id),
                // Descending puts nulls first: after a value come smaller values only.
                (KeyValue::Date(Some(date)), true) => {
                    query.push(format!(" and {column} < ")).push_bind(*date)
                }
                // After the nulls (first in descending order) come all values.
                (KeyValue::Date(None), true) => query.push(format!(" and {column} is not null")),
                // Ascending puts nulls last: after a value come larger values, then the nulls.
                (KeyValue::Date(Some(date)), false) => query
                    .push(format!(" and ({column} > "))
                    .push_bind(*date)
                    .push(format!(" or {column} is null)")),
                (KeyValue::Date(None), false) => query.push(" and false"),
                (KeyValue::Rank(rank), _) => {
                    query.push(format!(" and {column} < ")).push_bind(*rank)
                }
            };
            query.push(")");
        }
        query.push(")");
    }
}

/// `limit` between 1 and 1000, 100 when absent.
pub fn parse_limit(raw: Option<&str>) -> Result<i64, Error> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(text) => match text.parse::<i64>() {
            Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            _ => Err(invalid(
                "Limit",
                format!("must be a whole number from 1 to {MAX_LIMIT}"),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_order_by_is_the_newest_first() {
        assert_eq!(Order::parse(None).ok(), Some(Order::newest_first()));
        assert_eq!(Order::parse(Some("")).ok(), Some(Order::newest_first()));
    }

    #[test]
    fn the_default_order_is_content_updated_at_then_id_descending() {
        assert_eq!(
            Order::parse(None).expect("valid").describe(),
            "contentupdatedat_desc,id_desc"
        );
    }

    #[test]
    fn keys_match_in_any_case_default_to_descending_and_id_goes_last() {
        let order = Order::parse(Some("id_asc,DueAt_asc,createdAt")).expect("valid");
        assert_eq!(order.describe(), "dueat_asc,createdat_desc,id_asc");
        assert!(Order::parse(Some("title")).is_err());
        assert!(Order::parse(Some("dueat,dueat_asc")).is_err());
    }

    #[test]
    fn a_cursor_round_trips_through_its_token_including_null_dates() {
        let order = Order::parse(Some("dueat_asc")).expect("valid");
        let cursor = Cursor(vec![KeyValue::Date(None), KeyValue::Id(Uuid::now_v7())]);
        let token = cursor.encode(&order);
        assert!(token.starts_with("dueat_,id_"), "{token}");
        assert_eq!(Cursor::parse(&order, &token).expect("valid"), cursor);
    }

    #[test]
    fn relevance_orders_descending_and_its_rank_round_trips() {
        let order = Order::parse(Some("relevance")).expect("valid");
        assert_eq!(order.describe(), "relevance_desc,id_desc");
        assert!(Cursor::uses_relevance(&order));
        let cursor = Cursor(vec![
            KeyValue::Rank(0.060_792_71),
            KeyValue::Id(Uuid::now_v7()),
        ]);
        assert_eq!(
            Cursor::parse(&order, &cursor.encode(&order)).expect("valid"),
            cursor
        );
        assert!(Order::parse(Some("relevance_asc")).is_err());
    }

    #[test]
    fn a_token_for_another_order_is_refused() {
        let order = Order::parse(None).expect("valid");
        assert!(Cursor::parse(&order, "dueat_,id_0195e3f4-2c6d-7e2a-9b1c-1d2e3f4a5b6c").is_err());
        assert!(Cursor::parse(&order, "garbage").is_err());
    }

    #[test]
    fn limits_are_1_to_1000_defaulting_to_100() {
        assert_eq!(parse_limit(None).expect("default"), 100);
        assert_eq!(parse_limit(Some("1000")).expect("max"), 1000);
        for bad in ["0", "1001", "ten", "-1"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }
}
