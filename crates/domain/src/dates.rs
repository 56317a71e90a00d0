//! The range of dates and instants the product accepts (SPEC §10: dates ISO 8601, stored in
//! UTC). Anything outside is a typing error, not a business fact, and answers 422 before any
//! time-zone arithmetic runs on it: far-off years overflow the conversions, and a visit "done"
//! in 2099 would sort a client to the top of every list for decades.
//!
//! Inside the range every date prints as `YYYY-MM-DD`, so dates stored as text sort as dates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use validator::ValidationError;

/// The first year anything can be dated in.
pub const FIRST_YEAR: i32 = 2000;
/// The last year anything can be planned in.
pub const LAST_YEAR: i32 = 2100;
/// How far ahead of the server's clock a time of something that happened may be (a phone's
/// clock running fast, a time zone typed wrong).
pub const FUTURE_SLACK_HOURS: i64 = 24;

/// The first day of the accepted range (an open-ended `from`).
pub fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The last day of the accepted range (an open-ended `to`).
pub fn latest() -> NaiveDate {
    NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// A calendar date in the accepted range (validator function).
pub fn in_range(date: &NaiveDate) -> Result<(), ValidationError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(ValidationError::new("range")
            .with_message(format!("a date from {FIRST_YEAR} to {LAST_YEAR}").into()))
    }
}

/// An instant in the accepted range (validator function; the server then also checks it is
/// not in the future with [`happened`]).
pub fn instant_in_range(at: &DateTime<Utc>) -> Result<(), ValidationError> {
    in_range(&at.date_naive())
}

/// The time of something that happened: in range and not more than a day ahead of `now`.
pub fn happened(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), &'static str> {
    if at.year() < FIRST_YEAR {
        Err("a time from the year 2000 on")
    } else if at > now + Duration::hours(FUTURE_SLACK_HOURS) {
        Err("a time that has already happened (not in the future)")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert!(in_range(&d(2026, 11, 1)).is_ok());
        assert!(in_range(&d(1999, 12, 31)).is_err());
        assert!(in_range(&d(2101, 1, 1)).is_err());
        let now = d(2026, 12, 1)
            .and_hms_opt(8, 0, 0)
            .unwrap_or_default()
            .and_utc();
        assert!(happened(now, now).is_ok());
        assert!(happened(now + Duration::hours(23), now).is_ok());
        assert!(happened(now + Duration::hours(25), now).is_err());
        let far: DateTime<Utc> = "+262142-12-31T23:59:59Z"
            .parse()
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        assert!(happened(far, now).is_err());
        assert!(instant_in_range(&far).is_err());
        assert!(
            happened(
                d(1990, 1, 1)
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default()
                    .and_utc(),
                now
            )
            .is_err()
        );
    }
}
