//! The one list helper: every list endpoint pages through it.
//!
//! Two ways to page, chosen by the caller's [`PageQuery`]:
//! - by number (`page`, `per_page`): the list's own order, which always ends on the id so
//!   pages neither repeat nor skip rows while nothing changes;
//! - by cursor (`cursor=0`, then each `next_cursor`): id order from just after the cursor
//!   (keyset), for pulls that must see every row once even while rows are added.

use salesops_domain::{Page, PageQuery};

/// How one page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// `LIMIT limit OFFSET offset` in the list's order.
    Numbered { limit: i64, offset: i64 },
    /// `WHERE id > after ORDER BY id LIMIT limit + 1` (one more, to know if more follow).
    After { after: i64, limit: i64 },
}

impl Window {
    pub fn of(q: &PageQuery) -> Window {
        match q.after_id() {
            Some(after) => Window::After {
                after,
                limit: q.limit(),
            },
            None => Window::Numbered {
                limit: q.limit(),
                offset: q.offset(),
            },
        }
    }
}

/// A page of rows as read, before they become DTOs.
pub struct Fetched<R> {
    pub rows: Vec<R>,
    pub total: i64,
    /// The id to continue after, when read by cursor and more rows follow.
    pub next_after: Option<i64>,
}

impl<R> Fetched<R> {
    /// Keyset rows come as `(id, row)` with one row more than the page holds.
    pub fn from_keyset(mut rows: Vec<(i64, R)>, limit: i64, total: i64) -> Fetched<R> {
        let more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        let next_after = if more {
            rows.last().map(|(id, _)| *id)
        } else {
            None
        };
        Fetched {
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            total,
            next_after,
        }
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
        page.next_cursor = self.next_after.map(|id| id.to_string());
        Ok(page)
    }
}

/// Reads one page of a boxed diesel query:
///
/// ```ignore
/// let fetched = list::fetch!(conn, &page, build,
///     id = plans::id, order = (plans::period.desc(), plans::id.asc()),
///     select = PlanRow::as_select());
/// ```
/// `build` is a closure returning the filtered boxed query (called twice: count and rows).
macro_rules! fetch {
    ($conn:expr, $page:expr, $build:expr, id = $id:expr, order = $order:expr, select = $select:expr $(,)?) => {{
        use diesel::prelude::*;
        let build = $build;
        let total: i64 = build().count().get_result($conn)?;
        match $crate::db::list::Window::of($page) {
            $crate::db::list::Window::Numbered { limit, offset } => $crate::db::list::Fetched {
                rows: build()
                    .select($select)
                    .order($order)
                    .limit(limit)
                    .offset(offset)
                    .load($conn)?,
                total,
                next_after: None,
            },
            $crate::db::list::Window::After { after, limit } => {
                let rows = build()
                    .filter($id.gt(after))
                    .select(($id, $select))
                    .order($id.asc())
                    .limit(limit + 1)
                    .load($conn)?;
                $crate::db::list::Fetched::from_keyset(rows, limit, total)
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
