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
/// id order from just after the cursor (keyset pagination), and `page` is ignored.
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
        param(pattern = r"^[0-9]{1,18}$", max_length = 18)
    )]
    pub cursor: Option<String>,
}

/// A cursor is a row id (opaque to callers: they pass back what they got).
pub fn cursor_format(value: &str) -> Result<(), validator::ValidationError> {
    if (1..=18).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("cursor")
            .with_message("pass `0` or a `next_cursor` you were given".into()))
    }
}

impl PageQuery {
    /// The keyset position, when the caller pulls by cursor.
    pub fn after_id(&self) -> Option<i64> {
        self.cursor.as_deref().and_then(|c| c.parse().ok())
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
