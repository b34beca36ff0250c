//! Transmissions in threads, by what each answers.

use app::model::dialog::TransmissionView;
use chrono::{DateTime, Utc};

/// Where a transmission stands in its thread.
pub(super) struct Related {
    pub(super) id: String,
    /// The transmission it answers (`relatedTransmissionId`).
    pub(super) parent: Option<String>,
    pub(super) created_at: DateTime<Utc>,
}

/// Transmissions in threads (by `relatedTransmissionId`), each in reading order with its depth;
/// the threads with the latest message first.
pub(super) fn threads(
    transmissions: Vec<TransmissionView>,
    related: &[Related],
) -> Vec<Vec<TransmissionView>> {
    let parent = |id: &str| {
        related
            .iter()
            .find(|candidate| candidate.id == id)
            .and_then(|candidate| candidate.parent.clone())
            .filter(|parent| related.iter().any(|known| known.id == *parent))
    };
    let children = |id: &str| -> Vec<String> {
        related
            .iter()
            .filter(|child| child.parent.as_deref() == Some(id))
            .map(|child| child.id.clone())
            .collect()
    };
    let created_at = |id: &str| {
        related
            .iter()
            .find(|known| known.id == id)
            .map(|known| known.created_at)
    };
    let mut threads: Vec<Vec<TransmissionView>> = related
        .iter()
        .filter(|root| parent(&root.id).is_none())
        .map(|root| {
            let mut thread = Vec::new();
            walk_thread(&root.id, 0, &transmissions, &children, &mut thread);
            thread
        })
        .collect();
    // By the moments themselves: formatted wall-clock times repeat an hour each autumn.
    let latest = |thread: &Vec<TransmissionView>| {
        thread
            .iter()
            .filter_map(|transmission| created_at(&transmission.id))
            .max()
    };
    threads.sort_by_key(|thread| std::cmp::Reverse(latest(thread)));
    threads
}

/// The transmission `id` with its answers below it, depth first, each once.
fn walk_thread(
    id: &str,
    depth: usize,
    all: &[TransmissionView],
    children: &dyn Fn(&str) -> Vec<String>,
    out: &mut Vec<TransmissionView>,
) {
    if out.iter().any(|seen| seen.id == id) {
        return;
    }
    if let Some(transmission) = all.iter().find(|transmission| transmission.id == id) {
        let mut shown = transmission.clone();
        shown.depth = depth;
        out.push(shown);
    }
    for child in children(id) {
        walk_thread(&child, depth + 1, all, children, out);
    }
}
