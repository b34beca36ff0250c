//! Finding a page's ids in the default order (newest content first) by walking recency
//! indexes: one ordered walk per party when there are few parties, one per service resource
//! (with a hashed party check) when there are many, one per org for a service owner. Each walk
//! stops after the rows the page can use, so a party's size hardly matters.
//!
//! Free text walks the newest candidates (a share of `WINDOW` per walk) and checks the text on
//! them (what a common term needs); when they hold too few hits and a walk had more, the GIN
//! index finds the rest among the older dialogs (what a rare term needs).

use std::sync::Arc;

use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{
    AccessGroup, Authorized, DialogFilter, Parties,
    filter::{Enforced, push_filter, push_party_in},
};
use crate::{
    error::Result,
    store::pagination::{Cursor, Order},
};

mod count;
mod explain;
mod text;

pub use count::{count, counts};
pub use explain::{explain, explain_count};
use text::{Windowed, older_query, remaining, run_window};

/// Up to this many parties in a group are walked one by one; more are walked per resource.
const PER_PARTY_MAX: usize = 100;
/// Whether a group's counts are tallied party by party (see [`super::tally`]) rather than
/// walked per resource: too many parties to walk one by one, too few to be a stored set.
pub fn is_tallied(group: &AccessGroup) -> bool {
    group.stored.is_none() && group.parties.len() > PER_PARTY_MAX
}

/// Free text checks about this many of the newest candidates before it asks the text index.
const WINDOW: i64 = 1000;
/// Each walk brings at least this many candidates to the window.
const WINDOW_SHARE_MIN: i64 = 100;
/// Each of many walks brings at least this many rows to a page.
const PAGE_SHARE_MIN: i64 = 20;

/// One kind of walk: each of a set of parties, resources or orgs walked in turn.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Walked {
    /// Each party's dialogs, newest first, of the resources given (any when empty).
    Parties {
        parties: Parties,
        resources: Vec<String>,
    },
    /// Each resource's dialogs, newest first, of the parties given (any when empty), or of
    /// the stored set of them.
    Resources {
        resources: Vec<String>,
        parties: Parties,
        stored: Option<Uuid>,
    },
    Orgs {
        orgs: Vec<String>,
    },
}

/// How a search walks: its blocks, and what they enforce so the filter can leave it out.
#[derive(Debug, Clone)]
pub struct Walk {
    blocks: Vec<Walked>,
    enforced: Enforced,
}

/// The walk for a filter, or `None` when no index leads it (an administrator's search over
/// everything), which the caller answers with a plain ordered query.
pub fn plan(filter: &DialogFilter) -> Option<Walk> {
    if let Some(authorized) = &filter.authorized {
        return Some(authorized_walk(authorized, filter));
    }
    let (block, enforced) = if !filter.parties.is_empty() {
        let block = Walked::Parties {
            parties: Arc::new(filter.parties.clone()),
            resources: filter.service_resources.clone(),
        };
        let enforced = Enforced {
            parties: true,
            resources: true,
            ..Enforced::default()
        };
        (block, enforced)
    } else if !filter.service_resources.is_empty() {
        let block = Walked::Resources {
            resources: filter.service_resources.clone(),
            parties: Parties::default(),
            stored: None,
        };
        let enforced = Enforced {
            resources: true,
            ..Enforced::default()
        };
        (block, enforced)
    } else {
        let orgs = filter.orgs.clone().filter(|orgs| !orgs.is_empty())?;
        let enforced = Enforced {
            orgs: true,
            ..Enforced::default()
        };
        (Walked::Orgs { orgs }, enforced)
    };
    Some(Walk {
        blocks: vec![block],
        enforced,
    })
}

/// An end user's walk: each access group the filter leaves, party by party when it has few
/// parties, resource by resource when it has many.
fn authorized_walk(authorized: &Authorized, filter: &DialogFilter) -> Walk {
    let blocks = authorized
        .narrowed(filter)
        .into_iter()
        .map(
            |AccessGroup {
                 parties,
                 resources,
                 stored,
             }| {
                if parties.len() <= PER_PARTY_MAX {
                    Walked::Parties { parties, resources }
                } else {
                    Walked::Resources {
                        resources,
                        parties,
                        stored,
                    }
                }
            },
        )
        .collect();
    let enforced = Enforced {
        parties: true,
        resources: true,
        orgs: false,
        authorized: true,
    };
    Walk { blocks, enforced }
}

impl Walked {
    /// How many walks the block makes.
    fn len(&self) -> usize {
        match self {
            Self::Parties { parties, .. } => parties.len(),
            Self::Resources { resources, .. } => resources.len(),
            Self::Orgs { orgs } => orgs.len(),
        }
    }
}

/// One block: `(select walked, id, content_updated_at ...)`, where `walked` names the walk a
/// row came from (the block's number and the party, resource or org walked).
fn push_block(
    query: &mut QueryBuilder<Postgres>,
    (number, block): (usize, &Walked),
    walk: &Walk,
    filter: &DialogFilter,
    after: Option<&(Cursor, Order)>,
    limit: i64,
) {
    query.push(format!(
        "(select '{number}:' || walk.walked as walked, x.id, x.content_updated_at from unnest("
    ));
    match block {
        Walked::Parties { parties, resources } => {
            query.push_bind(parties.clone()).push(
                "::text[]) as walk(walked) cross join lateral (select d.id, d.content_updated_at \
                 from dialogs d where d.party = walk.walked collate \"C\"",
            );
            if !resources.is_empty() {
                query
                    .push(" and d.service_resource = any(")
                    .push_bind(resources.clone())
                    .push(")");
            }
        }
        Walked::Resources {
            resources,
            parties,
            stored,
        } => {
            query.push_bind(resources.clone()).push(
                "::text[]) as walk(walked) cross join lateral (select d.id, d.content_updated_at \
                 from dialogs d where d.service_resource = walk.walked collate \"C\"",
            );
            if !parties.is_empty() {
                query.push(" and ");
                push_party_in(query, parties, *stored);
            }
        }
        Walked::Orgs { orgs } => {
            query.push_bind(orgs.clone()).push(
                "::text[]) as walk(walked) cross join lateral (select d.id, d.content_updated_at \
                 from dialogs d where d.org = walk.walked",
            );
        }
    }
    push_filter(query, filter, walk.enforced);
    if let Some((cursor, order)) = after {
        cursor.push_after(order, query);
    }
    query
        .push(" order by d.content_updated_at desc, d.id desc limit ")
        .push_bind(limit)
        .push(") x)");
}

/// `((block) union all (block) ...) as c`, each block limited to `limit` rows.
fn push_candidates(
    query: &mut QueryBuilder<Postgres>,
    walk: &Walk,
    filter: &DialogFilter,
    after: Option<&(Cursor, Order)>,
    limit: i64,
) {
    query.push("(");
    for (number, block) in walk.blocks.iter().enumerate() {
        if number > 0 {
            query.push(" union all ");
        }
        push_block(query, (number, block), walk, filter, after, limit);
    }
    query.push(") as c");
}

/// The ids of up to `limit` dialogs in the default order: the page without free text.
fn page_query(
    prefix: &str,
    walk: &Walk,
    filter: &DialogFilter,
    after: Option<&(Cursor, Order)>,
    limit: i64,
) -> QueryBuilder<Postgres> {
    let mut query = QueryBuilder::<Postgres>::new(format!("{prefix}select c.id from "));
    push_candidates(&mut query, walk, filter, after, limit);
    query
        .push(" order by c.content_updated_at desc, c.id desc limit ")
        .push_bind(limit);
    query
}

/// `with window_rows as (...), ends as (...)`: each walk's newest `share` rows, and where they
/// end (see [`push_ends`]), for the statement that follows to read.
fn shared_rows(
    prefix: &str,
    walk: &Walk,
    filter: &DialogFilter,
    after: Option<&(Cursor, Order)>,
    share: i64,
) -> QueryBuilder<Postgres> {
    let mut query = QueryBuilder::<Postgres>::new(format!(
        "{prefix}with window_rows as materialized (select c.walked, c.id, c.content_updated_at from "
    ));
    push_candidates(&mut query, walk, filter, after, share);
    push_ends(&mut query, share);
    query
}

/// `), ends as (...)`, closing `window_rows` (each walk's newest `share` rows, named by the
/// walk): the newest of the last rows of the walks that brought their whole share. From there
/// on `window_rows` holds every candidate; before it, a walk may have had more.
fn push_ends(query: &mut QueryBuilder<Postgres>, share: i64) {
    query
        .push(
            "), ends as (select e.content_updated_at, e.id from (select w.content_updated_at, w.id, \
             row_number() over (partition by w.walked order by w.content_updated_at, w.id) as from_last, \
             count(*) over (partition by w.walked) as brought from window_rows w) as e \
             where e.from_last = 1 and e.brought >= ",
        )
        .push_bind(share)
        .push(" order by e.content_updated_at desc, e.id desc limit 1)");
}

/// A row `w` of `window_rows` from where it is complete on.
const FROM_END: &str = "not exists (select 1 from ends \
     where (w.content_updated_at, w.id) < (ends.content_updated_at, ends.id))";

/// How many rows each walk brings to a page when there are many walks: a share of the page;
/// `None` when the walks are too few to save
/// anything by it.
fn page_share(walk: &Walk, limit: i64) -> Option<i64> {
    let walks = i64::try_from(walk.blocks.iter().map(Walked::len).sum::<usize>()).ok()?;
    if walks < 3 {
        return None;
    }
    // The page is complete only back to the walk that reaches back least: each walk brings
    // more than its even share so that, as a rule, that still holds a page.
    let share = (limit * 5 / (2 * walks)).max(PAGE_SHARE_MIN);
    (share < limit).then_some(share)
}

/// The ids of up to `limit` dialogs in the default order from a share of each walk, and
/// whether any walk had more (so that fewer than `limit` ids may not be all of them).
fn shared_page_query(
    prefix: &str,
    walk: &Walk,
    filter: &DialogFilter,
    after: Option<&(Cursor, Order)>,
    (share, limit): (i64, i64),
) -> QueryBuilder<Postgres> {
    let mut query = shared_rows(prefix, walk, filter, after, share);
    query.push(format!(
        " select array(select w.id from window_rows w where {FROM_END} \
         order by w.content_updated_at desc, w.id desc limit "
    ));
    query
        .push_bind(limit)
        .push(") as ids, exists (select 1 from ends) as cut");
    query
}

/// The ids of up to `limit` dialogs in the default order, after `after`.
pub async fn ids(
    connection: &mut PgConnection,
    walk: &Walk,
    filter: &DialogFilter,
    after: Option<&(Cursor, Order)>,
    limit: i64,
) -> Result<Vec<Uuid>> {
    if walk.blocks.is_empty() {
        return Ok(Vec::new());
    }
    let Some(text) = &filter.text else {
        if let Some(share) = page_share(walk, limit) {
            let (found, cut): (Vec<Uuid>, bool) =
                shared_page_query("", walk, filter, after, (share, limit))
                    .build_query_as()
                    .fetch_one(&mut *connection)
                    .await?;
            // Short of a page, and a walk had more: the page needs more of that walk.
            if !cut || i64::try_from(found.len()).unwrap_or(i64::MAX) >= limit {
                return Ok(found);
            }
        }
        return Ok(page_query("", walk, filter, after, limit)
            .build_query_scalar()
            .fetch_all(connection)
            .await?);
    };
    let Windowed {
        mut found,
        older_from,
    } = run_window(&mut *connection, walk, filter, text, after, limit).await?;
    if let Some(oldest) = older_from {
        let older: Vec<Uuid> = older_query("", filter, text, oldest, remaining(limit, &found))
            .build_query_scalar()
            .fetch_all(connection)
            .await?;
        found.extend(older);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::search::Authorized;

    fn group(parties: usize, resources: &[&str]) -> AccessGroup {
        AccessGroup {
            parties: Arc::new((0..parties).map(|index| format!("p{index}")).collect()),
            resources: resources.iter().map(|r| (*r).to_owned()).collect(),
            stored: None,
        }
    }

    #[test]
    fn few_parties_are_walked_one_by_one_and_many_per_resource() {
        let filter = DialogFilter {
            authorized: Some(Authorized {
                groups: vec![group(3, &["a", "b"]), group(500, &["a"])],
            }),
            ..DialogFilter::default()
        };
        let walk = plan(&filter).expect("a walk");
        assert!(matches!(&walk.blocks[0], Walked::Parties { parties, .. } if parties.len() == 3));
        assert!(
            matches!(&walk.blocks[1], Walked::Resources { parties, .. } if parties.len() == 500)
        );
    }

    #[test]
    fn asking_for_a_party_or_resource_outside_the_groups_walks_nothing() {
        let filter = DialogFilter {
            parties: vec!["elsewhere".into()],
            authorized: Some(Authorized {
                groups: vec![group(3, &["a"])],
            }),
            ..DialogFilter::default()
        };
        assert!(plan(&filter).expect("a walk").blocks.is_empty());
    }

    #[test]
    fn a_service_owner_walks_its_parties_resources_or_orgs_and_an_administrator_nothing() {
        let by_org = DialogFilter {
            orgs: Some(vec!["skd".into()]),
            ..DialogFilter::default()
        };
        assert_eq!(
            plan(&by_org).expect("a walk").blocks,
            vec![Walked::Orgs {
                orgs: vec!["skd".into()]
            }]
        );
        let by_party = DialogFilter {
            parties: vec!["p".into()],
            ..by_org.clone()
        };
        assert!(matches!(
            plan(&by_party).expect("a walk").blocks[0],
            Walked::Parties { .. }
        ));
        assert!(plan(&DialogFilter::default()).is_none());
    }
}
