//! The one list helper: every list endpoint pages through it.
//!
//! Two ways to page, chosen by the caller's [`PageQuery`]:
//! - by number (`page`, `per_page`): the list's own order, which always ends on the id so
//!   pages neither repeat nor skip rows while nothing changes;
//! - by cursor (`cursor=0`, then each `next_cursor`): id order from just after the cursor
//!   (keyset), for pulls that must see every row once even while rows are added.
//!
//! A list that takes `updated_since` (`PageQuery::since`) reads only the rows whose change
//! column (`updated_at`, or `created_at` where rows never change) is at or after it, in
//! `(change, id)` order, numbered or by a cursor holding the last row's change and id.

use chrono::NaiveDateTime;
use salesops_domain::{Cursor, Page, PageQuery};

/// How one page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// `LIMIT limit OFFSET offset` in the list's order.
    Numbered { limit: i64, offset: i64 },
    /// `WHERE id > after ORDER BY id LIMIT limit + 1` (one more, to know if more follow).
    After { after: i64, limit: i64 },
    /// `updated_since` without a cursor: `WHERE change >= from ORDER BY change, id LIMIT
    /// limit OFFSET offset`.
    ChangedNumbered {
        from: NaiveDateTime,
        limit: i64,
        offset: i64,
    },
    /// By change: `WHERE change >= from AND (change, id) > after ORDER BY change, id LIMIT
    /// limit + 1`, each bound when there is one.
    ChangedAfter {
        from: Option<NaiveDateTime>,
        after: Option<(NaiveDateTime, i64)>,
        limit: i64,
    },
}

impl Window {
    pub fn of(q: &PageQuery) -> Window {
        let from = q.since.map(|t| t.naive_utc());
        let (limit, offset) = (q.limit(), q.offset());
        match (from, q.position()) {
            (None, None) => Window::Numbered { limit, offset },
            (None, Some(Cursor::After(after))) => Window::After { after, limit },
            (from, Some(Cursor::AfterChange { at, id })) => Window::ChangedAfter {
                from,
                after: Some((at.naive_utc(), id)),
                limit,
            },
            (Some(from), None) => Window::ChangedNumbered {
                from,
                limit,
                offset,
            },
            // `cursor=0` starts the pull; another row id stands at `updated_since` itself.
            (Some(from), Some(Cursor::After(id))) => Window::ChangedAfter {
                from: Some(from),
                after: (id != 0).then_some((from, id)),
                limit,
            },
        }
    }

    /// The least change time a row must have, when `updated_since` was given.
    pub fn changed_from(&self) -> Option<NaiveDateTime> {
        match *self {
            Window::ChangedNumbered { from, .. } => Some(from),
            Window::ChangedAfter { from, .. } => from,
            Window::Numbered { .. } | Window::After { .. } => None,
        }
    }
}

/// A page of rows as read, before they become DTOs.
pub struct Fetched<R> {
    pub rows: Vec<R>,
    pub total: i64,
    /// Where to continue, when read by cursor and more rows follow.
    pub next_cursor: Option<Cursor>,
}

impl<R> Fetched<R> {
    /// Keyset rows come as `(id, row)` with one row more than the page holds.
    pub fn from_keyset(rows: Vec<(i64, R)>, limit: i64, total: i64) -> Fetched<R> {
        Self::continued(rows, limit, total, |id| Cursor::After(*id))
    }

    /// Rows read by change come as `((change, id), row)`, one more than the page holds.
    pub fn from_change_keyset(
        rows: Vec<((NaiveDateTime, i64), R)>,
        limit: i64,
        total: i64,
    ) -> Fetched<R> {
        Self::continued(rows, limit, total, |(at, id)| Cursor::AfterChange {
            at: at.and_utc(),
            id: *id,
        })
    }

    fn continued<K>(
        mut rows: Vec<(K, R)>,
        limit: i64,
        total: i64,
        cursor: impl Fn(&K) -> Cursor,
    ) -> Fetched<R> {
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        let next_cursor = if more {
            rows.last().map(|(k, _)| cursor(k))
        } else {
            None
        };
        Fetched {
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            total,
            next_cursor,
        }
    }

    /// The same page with its rows turned into others all at once (`f` may read more, in
    /// a fixed number of queries for the whole page).
    pub fn map_rows<T, E>(
        self,
        f: impl FnOnce(Vec<R>) -> Result<Vec<T>, E>,
    ) -> Result<Fetched<T>, E> {
        Ok(Fetched {
            rows: f(self.rows)?,
            total: self.total,
            next_cursor: self.next_cursor,
        })
    }

    /// The page, with rows turned into DTOs by `f` (which may fail, e.g. on corrupt data).
    pub fn into_page<T, E>(
        self,
        q: &PageQuery,
        f: impl FnMut(R) -> Result<T, E>,
    ) -> Result<Page<T>, E> {
        let items = self
            .rows
            .into_iter()
            .map(f)
            .collect::<Result<Vec<T>, E>>()?;
        let mut page = Page::new(items, self.total, q);
        page.next_cursor = self.next_cursor.map(|c| c.to_string());
        Ok(page)
    }
}

/// Reads one page of a boxed diesel query:
///
/// ```ignore
/// let fetched = list::fetch!(conn, &page, build,
///     id = plans::id, changed = plans::updated_at,
///     order = (plans::period.desc(), plans::id.asc()),
///     select = PlanRow::as_select());
/// ```
/// `build` is a closure returning the filtered boxed query (called twice: count and rows).
/// `changed` is the column `updated_since` compares: `updated_at`, or `created_at` for rows
/// that never change once written. It is read only when the list's handler passed
/// `updated_since` on (`PageQuery::since`), or a cursor from such a pull comes back.
macro_rules! fetch {
    ($conn:expr, $page:expr, $build:expr, id = $id:expr, changed = $changed:expr, order = $order:expr, select = $select:expr $(,)?) => {{
        use diesel::prelude::*;
        use $crate::db::list::{Fetched, Window};
        let build = $build;
        let window = Window::of($page);
        let base = || match window.changed_from() {
            Some(from) => build().filter($changed.ge(from)),
            None => build(),
        };
        let total: i64 = base().count().get_result($conn)?;
        match window {
            Window::Numbered { limit, offset } => Fetched {
                rows: base()
                    .select($select)
                    .order($order)
                    .limit(limit)
                    .offset(offset)
                    .load($conn)?,
                total,
                next_cursor: None,
            },
            Window::After { after, limit } => {
                let rows = base()
                    .filter($id.gt(after))
                    .select(($id, $select))
                    .order($id.asc())
                    .limit(limit + 1)
                    .load($conn)?;
                Fetched::from_keyset(rows, limit, total)
            }
            Window::ChangedNumbered { limit, offset, .. } => Fetched {
                rows: base()
                    .select($select)
                    .order(($changed.asc(), $id.asc()))
                    .limit(limit)
                    .offset(offset)
                    .load($conn)?,
                total,
                next_cursor: None,
            },
            Window::ChangedAfter { after, limit, .. } => {
                let mut query = base();
                if let Some((at, id)) = after {
                    query = query.filter($changed.gt(at).or($changed.eq(at).and($id.gt(id))));
                }
                let rows = query
                    .select((($changed, $id), $select))
                    .order(($changed.asc(), $id.asc()))
                    .limit(limit + 1)
                    .load($conn)?;
                Fetched::from_change_keyset(rows, limit, total)
            }
        }
    }};
}
pub(crate) use fetch;

/// How many rows a queue holds and the earliest of one of their times: what the inbox shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub count: i64,
    pub since: Option<chrono::NaiveDateTime>,
}

/// Counts a list's filtered boxed query — the same one its page is read from, so the count
/// is what the list's `total` says — and takes the earliest `since`: one statement.
///
/// ```ignore
/// let w = list::waiting!(conn, filtered(owners, filter), plans::submitted_at);
/// ```
macro_rules! waiting {
    ($conn:expr, $query:expr, $since:expr $(,)?) => {{
        use diesel::prelude::*;
        let (count, since): (i64, Option<chrono::NaiveDateTime>) = $query
            .select((diesel::dsl::count_star(), diesel::dsl::min($since)))
            .get_result($conn)?;
        $crate::db::list::Waiting { count, since }
    }};
}
pub(crate) use waiting;
