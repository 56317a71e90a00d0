//! `updated_since`: what a mirror asks of a list — only what changed since its last run, in
//! the order it changed, paged by the list's `cursor`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

/// The longest `updated_since` read (RFC 3339 with nanoseconds and an offset is 35).
pub const MAX_LEN: usize = 64;

/// The lists that take it document it beside [`crate::PageQuery`], and hand it to the page
/// with [`crate::PageQuery::since`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SinceQuery {
    /// Only the records changed at or after this time (RFC 3339, `2026-12-01T08:00:00Z`),
    /// oldest change first: `updated_at` ascending, ties by id (lists whose records never
    /// change once made compare `created_at`, as the list says). With `cursor=0` and then
    /// each `next_cursor` a mirror pulls every change once, even many sharing one time;
    /// `page` also works. Deleted records do not appear.
    #[serde(default)]
    #[validate(custom(function = "crate::since::rfc3339"))]
    #[cfg_attr(
        feature = "openapi",
        param(value_type = Option<String>, format = DateTime, max_length = 64)
    )]
    pub updated_since: Option<String>,
}

impl SinceQuery {
    /// The time asked for, when there is one (validation has refused any other text).
    pub fn at(&self) -> Option<DateTime<Utc>> {
        self.updated_since.as_deref().and_then(parse)
    }
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    if text.len() > MAX_LEN {
        return None;
    }
    // Read as every other time in a query string is (`created_from` …): RFC 3339, a space
    // also standing for the `T`.
    text.parse::<DateTime<Utc>>().ok()
}

/// `updated_since` is an RFC 3339 time with its offset.
pub fn rfc3339(value: &str) -> Result<(), ValidationError> {
    match parse(value) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new("datetime").with_message(
            "must be an RFC 3339 time with its offset, e.g. 2026-12-01T08:00:00Z".into(),
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::page::{Cursor, cursor_format};

    fn since(text: &str) -> SinceQuery {
        SinceQuery {
            updated_since: Some(text.to_owned()),
        }
    }

    #[test]
    fn reads_rfc3339_in_any_offset() {
        let utc = since("2026-12-01T08:00:00Z").at();
        assert_eq!(utc, since("2026-12-01T16:00:00+08:00").at());
        assert_eq!(utc, since("2026-12-01t08:00:00.000z").at());
        assert!(since("2026-12-01T08:00:00.123456789Z").at().is_some());
    }

    #[test]
    fn refuses_what_is_not_rfc3339() {
        for bad in [
            "",
            "yesterday",
            "2026-12-01",
            "2026-12-01T08:00:00",
            "2026-13-01T08:00:00Z",
            "1733040000",
            &format!("2026-12-01T08:00:00.{}Z", "1".repeat(60)),
        ] {
            assert!(since(bad).validate().is_err(), "{bad}");
            assert_eq!(since(bad).at(), None, "{bad}");
        }
        assert!(SinceQuery::default().validate().is_ok());
        assert_eq!(SinceQuery::default().at(), None);
    }

    #[test]
    fn cursors_round_trip_to_the_nanosecond() {
        let at = DateTime::from_timestamp(1_796_000_000, 123_456_789).unwrap();
        let c = Cursor::AfterChange { at, id: 42 };
        assert_eq!(c.to_string(), "1796000000.123456789.42");
        assert_eq!(Cursor::parse(&c.to_string()), Some(c));
        let whole = Cursor::AfterChange {
            at: DateTime::from_timestamp(1_796_000_000, 0).unwrap(),
            id: 7,
        };
        assert_eq!(Cursor::parse(&whole.to_string()), Some(whole));
        assert_eq!(Cursor::parse("0"), Some(Cursor::After(0)));
        assert_eq!(Cursor::parse("17"), Some(Cursor::After(17)));
    }

    #[test]
    fn every_cursor_the_pattern_allows_parses() {
        // The OpenAPI pattern: ^([0-9]{1,18}|[0-9]{1,11}\.[0-9]{1,9}\.[0-9]{1,18})$
        for ok in [
            "999999999999999999",
            "99999999999.999999999.999999999999999999",
            "0.0.0",
        ] {
            assert!(cursor_format(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-1",
            "1.2",
            "1.2.3.4",
            "1..3",
            "9999999999999999999",
            "999999999999.0.1",
            "1.1234567890.1",
            "a",
        ] {
            assert!(cursor_format(bad).is_err(), "{bad}");
        }
    }
}
