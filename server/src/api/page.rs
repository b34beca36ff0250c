//! One page of a keyset-paginated list, shaped as upstream's `PaginatedList`.

use serde::Serialize;

use crate::store::pagination::{Cursor, Order};

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Paginated<T> {
    items: Vec<T>,
    has_next_page: bool,
    /// Pass as `continuationToken` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    continuation_token: Option<String>,
    /// The order in effect, e.g. `contentupdatedat_desc,id_desc`.
    order_by: String,
}

impl<T> Paginated<T> {
    /// `next`: where the next page starts, when there is one.
    pub fn new(items: Vec<T>, next: Option<&Cursor>, order: &Order) -> Self {
        Self {
            items,
            has_next_page: next.is_some(),
            continuation_token: next.map(|cursor| cursor.encode(order)),
            order_by: order.describe(),
        }
    }
}
