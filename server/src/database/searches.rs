//! The connections searches run on, apart from everything else: their own pool, a statement
//! timeout, and a limit per caller, so that one person's heavy searches can never take the
//! connections other people's requests need. A search whose request ends before it does (the
//! client left, the request timed out) closes its connection, and PostgreSQL, checking its
//! clients every second, cancels the query instead of running it to the end.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
    time::{Duration, Instant},
};

use sqlx::{PgConnection, PgPool, Postgres, pool::PoolConnection, postgres::PgConnectOptions};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

use crate::error::{Error, Result};

/// Above this many callers, those with no search running are forgotten on the next search.
const CALLER_SWEEP_THRESHOLD: usize = 1_000;
/// A stored party set this process uses is touched at least this often (the database forgets
/// sets a day after their last touch).
const TOUCH_EVERY: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy)]
pub struct SearchLimits {
    pub connections: u32,
    pub per_caller: usize,
    pub statement_timeout: Duration,
}

pub struct Searches {
    pool: PgPool,
    per_caller: usize,
    callers: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Stored party sets this process touched, and when.
    touched_sets: Mutex<HashMap<Uuid, Instant>>,
    /// The ids of the party lists in use (shared by the authorization cache), so that a list of
    /// 50,000 parties is sorted and hashed once rather than per search.
    set_ids: Mutex<Vec<(Weak<Vec<String>>, Uuid)>>,
}

impl Searches {
    /// A pool beside `options`' database for searches only, connecting when first used.
    pub fn new(options: &PgConnectOptions, limits: SearchLimits) -> Self {
        let options = options.clone().options([
            (
                "statement_timeout",
                limits.statement_timeout.as_millis().to_string(),
            ),
            // Notices a client that has gone while its query runs (PostgreSQL 14 and later).
            ("client_connection_check_interval", "1000".to_owned()),
            // Every search is planned for its own values: a generic plan, which PostgreSQL
            // switches to after five runs of a statement, knows neither the party nor the
            // term, and walked a whole party's dialogs for a rare term (0.5 ms became 150).
            ("plan_cache_mode", "force_custom_plan".to_owned()),
        ]);
        let pool = super::pool_options()
            .max_connections(limits.connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_lazy_with(options);
        Self {
            pool,
            per_caller: limits.per_caller.max(1),
            callers: Mutex::new(HashMap::new()),
            touched_sets: Mutex::new(HashMap::new()),
            set_ids: Mutex::new(Vec::new()),
        }
    }

    /// The id of the stored set of `parties`, worked out by `id_of` once while the list lives.
    pub fn set_id(
        &self,
        parties: &Arc<Vec<String>>,
        id_of: impl FnOnce(&[String]) -> Uuid,
    ) -> Uuid {
        let known = |ids: &[(Weak<Vec<String>>, Uuid)]| {
            ids.iter()
                .find(|(list, _)| list.as_ptr() == Arc::as_ptr(parties) && list.strong_count() > 0)
                .map(|(_, id)| *id)
        };
        if let Some(id) = self.set_ids.lock().ok().and_then(|ids| known(&ids)) {
            return id;
        }
        let id = id_of(parties);
        if let Ok(mut ids) = self.set_ids.lock() {
            ids.retain(|(list, _)| list.strong_count() > 0);
            ids.push((Arc::downgrade(parties), id));
        }
        id
    }

    fn semaphore(&self, caller: &str) -> Arc<Semaphore> {
        let Ok(mut callers) = self.callers.lock() else {
            return Arc::new(Semaphore::new(self.per_caller));
        };
        if callers.len() >= CALLER_SWEEP_THRESHOLD {
            callers.retain(|_, semaphore| Arc::strong_count(semaphore) > 1);
        }
        callers
            .entry(caller.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_caller)))
            .clone()
    }

    /// A connection for one search by `caller`, once fewer than the caller's limit of their
    /// searches run. Finish it with [`SearchConnection::finish`] when the search is done.
    pub async fn acquire(&self, caller: &str) -> Result<SearchConnection> {
        let permit = self
            .semaphore(caller)
            .acquire_owned()
            .await
            .map_err(|_| Error::Unavailable("searches are shutting down".into()))?;
        let connection = self.pool.acquire().await?;
        Ok(SearchConnection {
            connection,
            finished: false,
            _permit: permit,
        })
    }

    /// Whether the stored party set `set` is due a touch from this process.
    pub fn needs_touch(&self, set: Uuid) -> bool {
        self.touched_sets.lock().map_or(true, |sets| {
            sets.get(&set)
                .is_none_or(|touched| touched.elapsed() >= TOUCH_EVERY)
        })
    }

    pub fn touched(&self, set: Uuid) {
        if let Ok(mut sets) = self.touched_sets.lock() {
            sets.retain(|_, touched| touched.elapsed() < TOUCH_EVERY);
            sets.insert(set, Instant::now());
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A search's connection. Dropped before [`finish`](Self::finish) (the request ended while
/// the search ran, or it failed), it is closed rather than returned, which ends its query.
pub struct SearchConnection {
    connection: PoolConnection<Postgres>,
    finished: bool,
    _permit: OwnedSemaphorePermit,
}

impl SearchConnection {
    pub fn finish(mut self) {
        self.finished = true;
    }
}

impl std::ops::Deref for SearchConnection {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.connection
    }
}

impl std::ops::DerefMut for SearchConnection {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.connection
    }
}

impl Drop for SearchConnection {
    fn drop(&mut self) {
        if !self.finished {
            self.connection.close_on_drop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_party_list_is_hashed_once_while_it_lives_and_another_list_again() {
        let searches = Searches::new(
            &PgConnectOptions::new(),
            SearchLimits {
                connections: 1,
                per_caller: 1,
                statement_timeout: Duration::from_secs(1),
            },
        );
        let hashed = std::cell::Cell::new(0);
        let id_of = |parties: &[String]| {
            hashed.set(hashed.get() + 1);
            Uuid::new_v5(&Uuid::NAMESPACE_OID, parties.join("\n").as_bytes())
        };
        let list = Arc::new(vec!["a".to_owned(), "b".to_owned()]);
        let id = searches.set_id(&list, id_of);
        assert_eq!(searches.set_id(&Arc::clone(&list), id_of), id);
        assert_eq!(hashed.get(), 1);
        // Another list has its own id.
        let other = Arc::new(vec!["a".to_owned(), "c".to_owned()]);
        assert_ne!(searches.set_id(&other, id_of), id);
        assert_eq!(hashed.get(), 2);
        drop(list);
        let again = Arc::new(vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(searches.set_id(&again, id_of), id);
        assert_eq!(hashed.get(), 3);
    }
}
