//! Plan and report periods: ISO weeks (`2026-W48`) and months (`2026-11`), and deadlines in
//! the business time zone.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 8601 week, e.g. `2026-W48`. Week 1 is the week with the year's first Thursday, so
/// `2026-W53` exists and `2027-W01` begins on 2027-01-04.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

/// A calendar month, e.g. `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid period (expected e.g. 2026-W48 or 2026-11)")]
pub struct BadPeriod(pub String);

impl IsoWeek {
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| IsoWeek { year, week })
    }

    /// The week a date falls in.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        IsoWeek::of(date) == self
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek::of(self.monday() + Duration::days(7))
    }

    pub fn prev(self) -> IsoWeek {
        IsoWeek::of(self.monday() - Duration::days(7))
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.to_owned());
        let (y, w) = s.split_once("-W").ok_or_else(bad)?;
        if y.len() != 4 || w.len() != 2 {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let week = w.parse().map_err(|_| bad())?;
        IsoWeek::new(year, week).ok_or_else(bad)
    }
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.to_owned());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }
}

macro_rules! serde_via_str {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_via_str!(IsoWeek);
serde_via_str!(Month);

/// The instant (UTC) of a local wall-clock time in the business time zone. A time skipped by a
/// daylight-saving change resolves to the first valid instant after it.
pub fn local_to_utc(date: NaiveDate, time: NaiveTime, tz: chrono_tz::Tz) -> NaiveDateTime {
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc).naive_utc(),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc).naive_utc(),
        chrono::LocalResult::None => tz
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc).naive_utc())
            .unwrap_or(local),
    }
}

/// The business date of a UTC instant.
pub fn local_date(at: NaiveDateTime, tz: chrono_tz::Tz) -> NaiveDate {
    tz.from_utc_datetime(&at).date_naive()
}

/// A weekly deadline: a weekday and a local time, relative to a week (offset 0 = the week
/// itself, 1 = the following week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyDeadline {
    pub week_offset: i64,
    pub weekday: Weekday,
    pub time: NaiveTime,
}

impl WeeklyDeadline {
    /// Weekly plans: Monday 09:00 of the plan's own week (SPEC §4).
    pub const PLAN: WeeklyDeadline = WeeklyDeadline {
        week_offset: 0,
        weekday: Weekday::Mon,
        time: match NaiveTime::from_hms_opt(9, 0, 0) {
            Some(t) => t,
            None => NaiveTime::MIN,
        },
    };

    /// Weekly reports: Monday 12:00 of the following week (SPEC §5).
    pub const REPORT: WeeklyDeadline = WeeklyDeadline {
        week_offset: 1,
        weekday: Weekday::Mon,
        time: match NaiveTime::from_hms_opt(12, 0, 0) {
            Some(t) => t,
            None => NaiveTime::MIN,
        },
    };

    /// The deadline for `week`, as a UTC instant.
    pub fn for_week(self, week: IsoWeek, tz: chrono_tz::Tz) -> NaiveDateTime {
        let date = week.monday()
            + Duration::days(7 * self.week_offset + i64::from(self.weekday.num_days_from_monday()));
        local_to_utc(date, self.time, tz)
    }

    /// Whether a submission at `submitted_at` (UTC) is late. On the deadline itself is on time.
    pub fn is_late(self, week: IsoWeek, submitted_at: NaiveDateTime, tz: chrono_tz::Tz) -> bool {
        submitted_at > self.for_week(week, tz)
    }

    /// Parses `MON 09:00` (weekday and 24-hour time) with the given week offset.
    pub fn parse(text: &str, week_offset: i64) -> Option<WeeklyDeadline> {
        let (day, time) = text.trim().split_once(' ')?;
        let weekday = day.parse::<Weekday>().ok()?;
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
        Some(WeeklyDeadline {
            week_offset,
            weekday,
            time,
        })
    }
}

/// A week like `2026-W48` that exists, in the accepted years (validator function).
pub fn valid_week(text: &str) -> Result<(), validator::ValidationError> {
    match text.parse::<IsoWeek>() {
        Ok(w) if crate::dates::in_range(&w.monday()).is_ok() => Ok(()),
        _ => {
            Err(validator::ValidationError::new("week").with_message("a week like 2026-W48".into()))
        }
    }
}

/// A month like `2026-11`, in the accepted years (validator function).
pub fn valid_month(text: &str) -> Result<(), validator::ValidationError> {
    match text.parse::<Month>() {
        Ok(m) if crate::dates::in_range(&m.first_day()).is_ok() => Ok(()),
        _ => {
            Err(validator::ValidationError::new("month")
                .with_message("a month like 2026-11".into()))
        }
    }
}

/// A plan's period: a week or a month (validator function).
pub fn valid_period(text: &str) -> Result<(), validator::ValidationError> {
    valid_week(text)
        .or_else(|_| valid_month(text))
        .map_err(|_| {
            validator::ValidationError::new("period")
                .with_message("a week like 2026-W48 or a month like 2026-11".into())
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn week_53_exists_in_the_long_years_the_document_lists() {
        // The OpenAPI pattern for weeks names these years; keep the two in step.
        const LONG: [i32; 18] = [
            2004, 2009, 2015, 2020, 2026, 2032, 2037, 2043, 2048, 2054, 2060, 2065, 2071, 2076,
            2082, 2088, 2093, 2099,
        ];
        for y in 2000..=2100 {
            assert_eq!(
                super::valid_week(&format!("{y}-W53")).is_ok(),
                LONG.contains(&y),
                "{y}"
            );
            assert!(super::valid_week(&format!("{y}-W52")).is_ok());
        }
        assert!(super::valid_week("1999-W10").is_err());
        assert!(super::valid_month("2101-01").is_err());
        assert!(super::valid_period("2026-11").is_ok());
    }

    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
    }

    #[test]
    fn weeks_parse_and_print() {
        let w: IsoWeek = "2026-W48".parse().unwrap_or(IsoWeek { year: 0, week: 0 });
        assert_eq!(
            w,
            IsoWeek {
                year: 2026,
                week: 48
            }
        );
        assert_eq!(w.to_string(), "2026-W48");
        assert_eq!(
            w.monday(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
        );
        for bad in [
            "2026-W54", "2025-W53", "2026-W00", "2026W48", "2026-W4", "x-W01",
        ] {
            assert!(bad.parse::<IsoWeek>().is_err(), "{bad}");
        }
    }

    #[test]
    fn weeks_cross_years() {
        // 2026 has 53 ISO weeks; 2026-W53 runs 2026-12-28 .. 2027-01-03.
        let w53: IsoWeek = "2026-W53".parse().unwrap_or(IsoWeek { year: 0, week: 0 });
        assert_eq!(
            w53.monday(),
            NaiveDate::from_ymd_opt(2026, 12, 28).unwrap_or_default()
        );
        assert_eq!(
            w53.sunday(),
            NaiveDate::from_ymd_opt(2027, 1, 3).unwrap_or_default()
        );
        assert!(w53.contains(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default()));
        assert_eq!(w53.next().to_string(), "2027-W01");
        assert_eq!(w53.next().prev(), w53);
        assert_eq!(
            IsoWeek::of(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default()).to_string(),
            "2027-W01"
        );
        // A week crossing a month.
        let w49: IsoWeek = "2026-W49".parse().unwrap_or(IsoWeek { year: 0, week: 0 });
        assert_eq!(w49.monday().to_string(), "2026-11-30");
        assert_eq!(w49.sunday().to_string(), "2026-12-06");
    }

    #[test]
    fn months() {
        let feb: Month = "2026-02".parse().unwrap_or(Month { year: 0, month: 0 });
        assert_eq!(feb.last_day().to_string(), "2026-02-28");
        let leap: Month = "2028-02".parse().unwrap_or(Month { year: 0, month: 0 });
        assert_eq!(leap.last_day().to_string(), "2028-02-29");
        let dec: Month = "2026-12".parse().unwrap_or(Month { year: 0, month: 0 });
        assert_eq!(dec.next().to_string(), "2027-01");
        assert!("2026-13".parse::<Month>().is_err());
    }

    #[test]
    fn plan_deadline_is_monday_nine_in_beijing() {
        let tz = chrono_tz::Asia::Shanghai;
        let w: IsoWeek = "2026-W48".parse().unwrap_or(IsoWeek { year: 0, week: 0 });
        // Monday 2026-11-23 09:00 Beijing = 01:00 UTC.
        assert_eq!(
            WeeklyDeadline::PLAN.for_week(w, tz),
            at("2026-11-23 01:00:00")
        );
        assert!(!WeeklyDeadline::PLAN.is_late(w, at("2026-11-23 00:59:00"), tz));
        assert!(!WeeklyDeadline::PLAN.is_late(w, at("2026-11-23 01:00:00"), tz));
        assert!(WeeklyDeadline::PLAN.is_late(w, at("2026-11-23 01:01:00"), tz));
        // 2027-W01's deadline is Monday 2027-01-04, across the year boundary.
        let w1: IsoWeek = "2027-W01".parse().unwrap_or(IsoWeek { year: 0, week: 0 });
        assert_eq!(
            WeeklyDeadline::PLAN.for_week(w1, tz),
            at("2027-01-04 01:00:00")
        );
        // The report deadline is the following Monday 12:00.
        assert_eq!(
            WeeklyDeadline::REPORT.for_week(w, tz),
            at("2026-11-30 04:00:00")
        );
        assert_eq!(
            WeeklyDeadline::parse("TUE 10:30", 0).map(|d| d.for_week(w, tz)),
            Some(at("2026-11-24 02:30:00"))
        );
        assert_eq!(
            local_date(at("2026-11-22 16:30:00"), tz).to_string(),
            "2026-11-23"
        );
    }
}
