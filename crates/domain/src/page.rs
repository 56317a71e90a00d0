use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// The largest page any list returns.
pub const MAX_PER_PAGE: u32 = 500;
pub const DEFAULT_PER_PAGE: u32 = 50;

/// Page selection for every list endpoint. Lists are ordered stably (ending on the id), so a
/// client walking pages 1, 2, 3 … sees every row exactly once while nothing is inserted.
///
/// For a pull that must see every row exactly once even while rows are added (a nightly
/// job), send `cursor=0` and then each page's `next_cursor` back: the list is then read in
/// id order from just after the cursor (keyset pagination), and `page` is ignored. With
/// `updated_since` ([`crate::since::SinceQuery`]) the cursor continues the change order
/// instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// 1-based page number.
    #[serde(default = "first_page")]
    #[validate(range(min = 1, max = 1_000_000))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: u32,
    /// Rows per page, at most 500.
    #[serde(default = "default_per_page")]
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub per_page: u32,
    /// Keyset position: `0` to start, then the previous page's `next_cursor`.
    #[serde(default)]
    #[validate(custom(function = "crate::page::cursor_format"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^([0-9]{1,18}|[0-9]{1,11}\.[0-9]{1,9}\.[0-9]{1,18})$",
            max_length = 40
        )
    )]
    pub cursor: Option<String>,
    /// `updated_since`, set by the lists that take it ([`PageQuery::since`]); never read from
    /// the query string with the page, so a list that does not document it ignores it.
    #[serde(skip)]
    pub since: Option<DateTime<Utc>>,
}

/// Where a keyset page continues (opaque to callers: they pass back what they got).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// After this row id, in id order (`17`; `0` starts).
    After(i64),
    /// After this row's change, in `(updated_at, id)` order (`secs.nanos.id`, the time to the
    /// nanosecond so no row sharing it is lost or repeated).
    AfterChange { at: DateTime<Utc>, id: i64 },
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        fn digits(s: &str, max: usize) -> Option<i64> {
            if (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        }
        let mut parts = text.split('.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(id), None, None, None) => digits(id, 18).map(Cursor::After),
            (Some(secs), Some(nanos), Some(id), None) => {
                let nanos = u32::try_from(digits(nanos, 9)?).ok()?;
                let at = DateTime::from_timestamp(digits(secs, 11)?, nanos)?;
                Some(Cursor::AfterChange {
                    at,
                    id: digits(id, 18)?,
                })
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cursor::After(id) => write!(f, "{id}"),
            Cursor::AfterChange { at, id } => {
                write!(f, "{}.{}.{id}", at.timestamp(), at.timestamp_subsec_nanos())
            }
        }
    }
}

/// A cursor is one this API gave: a row id, or a change's time and row id.
pub fn cursor_format(value: &str) -> Result<(), validator::ValidationError> {
    match Cursor::parse(value) {
        Some(_) => Ok(()),
        None => Err(validator::ValidationError::new("cursor")
            .with_message("pass `0` or a `next_cursor` you were given".into())),
    }
}

impl PageQuery {
    /// The keyset position, when the caller pulls by cursor.
    pub fn position(&self) -> Option<Cursor> {
        self.cursor.as_deref().and_then(Cursor::parse)
    }

    /// This page of a list that takes `updated_since`.
    pub fn since(mut self, since: &crate::since::SinceQuery) -> PageQuery {
        self.since = since.at();
        self
    }
}

fn first_page() -> u32 {
    1
}
fn default_per_page() -> u32 {
    DEFAULT_PER_PAGE
}

impl Default for PageQuery {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            cursor: None,
            since: None,
        }
    }
}

impl PageQuery {
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page.clamp(1, MAX_PER_PAGE))
    }
    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * self.limit()
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows matching the filter, over all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// When read by cursor and more rows follow: the `cursor` for the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, q: &PageQuery) -> Self {
        Self {
            items,
            total,
            page: q.page,
            per_page: q.per_page,
            next_cursor: None,
        }
    }
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
            next_cursor: self.next_cursor,
        }
    }
}
