//! The inbox's search as a CSV file, `GET /inbox/export` with the inbox's own query: every
//! dialog the search finds, not only its first page, read a page at a time and sent as it is
//! read. Each row names the party and, for an organisation, its organisation number, as
//! accountants need. Semicolons and a byte-order mark, so that a spreadsheet set up for
//! Norwegian opens it as columns with its letters intact; a cell a spreadsheet would take as a
//! formula is written as text.

use app::{i18n::Lang, messages::status_text, model::inbox::InboxQuery, text};
use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use http::{HeaderMap, header};

use super::{format, inbox_page, rows::Rows, sign_in::page};
use crate::{
    auth::session::MaybeSession,
    authz::{EndUser, decision::PartyAccess},
    domain::resource::ResourceId,
    error::{Error, Result},
    service::{end_user, inbox},
    state::AppState,
    store::{
        pagination::{Cursor, Order},
        search::DialogFilter,
    },
};

/// Dialogs read per statement.
const PAGE_SIZE: i64 = 500;
/// An export ends after this many pages (100,000 dialogs), a bound for the server's sake.
const MOST_PAGES: usize = 200;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/inbox/export", get(export))
}

async fn export(
    State(state): State<AppState>,
    MaybeSession(found): MaybeSession,
    headers: HeaderMap,
    Query(query): Query<InboxQuery>,
) -> Response {
    page(&state, &headers, async {
        let Some(found) = found else {
            return Ok(Redirect::to("/auth/login?return_to=/inbox").into_response());
        };
        let lang = Lang::from_headers(&headers);
        let access = state.authorizer.party_access(&found.user.party).await?;
        let (_, base) = inbox_page::scope(&access, &found.user, query.party.as_deref());
        let registry = state.authorizer.registry().await?;
        let export = Export {
            filter: inbox_page::searched(&base, &query),
            sensitive: end_user::sensitive_resources(&state.authorizer, &found.user).await?,
            senders: inbox::owner_names(&registry, lang.code()),
            state: state.clone(),
            user: found.user,
            access,
            lang,
        };
        // The first page is read before the answer starts, so that its errors are a page.
        let (first, after) = export.page(None).await?;
        let rest =
            futures::stream::try_unfold((export, after, 1), |(export, after, read)| async move {
                let Some(after) = after.filter(|_| read < MOST_PAGES) else {
                    return Ok::<_, Error>(None);
                };
                let (chunk, next) = export.page(Some(&after)).await?;
                Ok(Some((chunk, (export, next, read + 1))))
            });
        let head = header_row(lang);
        let body = futures::StreamExt::chain(futures::stream::iter([Ok(head), Ok(first)]), rest);
        let name = format!(
            "attachment; filename=\"{}.csv\"",
            text!(lang, export.file_name)
        );
        Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, name),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            Body::from_stream(futures::StreamExt::map(body, |chunk| {
                chunk.map_err(|error| {
                    tracing::warn!(%error, "an inbox export broke off");
                    std::io::Error::other(error.to_string())
                })
            })),
        )
            .into_response())
    })
    .await
}

/// What one export reads: the person's search, as the inbox lists it, and what its rows are
/// read with (worked out once, not per page).
struct Export<S> {
    state: AppState,
    user: EndUser,
    access: std::sync::Arc<PartyAccess>,
    filter: DialogFilter,
    lang: Lang,
    /// Whether the user signed in at the level each resource asks for.
    sensitive: S,
    senders: Vec<(String, String)>,
}

impl<S: Fn(&ResourceId) -> bool> Export<S> {
    /// The rows of the page after `after`, and where the next page starts.
    async fn page(&self, after: Option<&Cursor>) -> Result<(Bytes, Option<Cursor>)> {
        let (state, user, lang) = (&self.state, &self.user, self.lang);
        let order = Order::newest_first();
        let found = end_user::search_inbox(
            &state.searches,
            &state.authorizer,
            user,
            self.filter.clone(),
            &order,
            after,
            PAGE_SIZE,
        )
        .await?;
        let rows = Rows {
            lang,
            sensitive: &self.sensitive,
            senders: &self.senders,
            access: Some(&self.access),
            now: chrono::Utc::now(),
        };
        let mut out = csv_writer();
        for found in &found.items {
            let (dialog, item) = (&found.dialog, rows.item(found));
            let record = [
                item.title,
                item.sender,
                item.party_name.unwrap_or_default(),
                dialog
                    .party
                    .organization()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                status_text(lang, item.status).to_owned(),
                format::oslo_minute(dialog.content_updated_at),
                dialog.due_at.map(format::oslo_minute).unwrap_or_default(),
                if item.unread {
                    text!(lang, export.yes)
                } else {
                    text!(lang, export.no)
                }
                .to_owned(),
                item.id,
            ];
            out.write_record(record.iter().map(|cell| as_text(cell).into_owned()))
                .map_err(|error| Error::Internal(anyhow::anyhow!("{error}")))?;
        }
        let bytes = out
            .into_inner()
            .map_err(|error| Error::Internal(anyhow::anyhow!("{error}")))?;
        Ok((Bytes::from(bytes), found.next))
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new())
}

/// The byte-order mark and the columns' names.
fn header_row(lang: Lang) -> Bytes {
    let mut out = csv_writer();
    let names = [
        text!(lang, export.title),
        text!(lang, export.sender),
        text!(lang, export.party),
        text!(lang, export.organisation_number),
        text!(lang, export.status),
        text!(lang, export.updated),
        text!(lang, export.due),
        text!(lang, export.unread),
        text!(lang, export.dialog_id),
    ];
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    if out.write_record(names).is_ok()
        && let Ok(written) = out.into_inner()
    {
        bytes.extend(written);
    }
    Bytes::from(bytes)
}

/// A cell as text: one that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a
/// tab or return first) gets an apostrophe first, which spreadsheets show as text.
fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_written_as_text() {
        assert_eq!(as_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(as_text("+47 22"), "'+47 22");
        assert_eq!(as_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(as_text("Skattemelding 2025"), "Skattemelding 2025");
        assert_eq!(as_text(""), "");
    }

    #[test]
    fn the_file_opens_with_a_byte_order_mark_and_the_columns_names() {
        let head = header_row(Lang::Nb);
        let text = std::str::from_utf8(&head).expect("UTF-8");
        assert!(text.starts_with("\u{feff}Tittel;Avsender;"), "{text}");
        assert!(text.ends_with("Dialog-ID\n"), "{text}");
    }
}
