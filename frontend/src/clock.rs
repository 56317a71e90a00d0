//! The browser's clock and time zone: today, this week, instants shown in local time.

use chrono::NaiveDate;
use salesops_domain::period::IsoWeek;

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

pub fn this_week() -> IsoWeek {
    IsoWeek::of(today())
}

/// The week named in a URL's `?week=`, else this week.
pub fn week_from_query(q: Option<String>) -> IsoWeek {
    q.and_then(|w| w.parse().ok()).unwrap_or_else(this_week)
}

/// Milliseconds since the epoch, by the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// An instant in the browser's time zone (its offset at that instant): `2026-11-23 09:15`.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `11-23 – 11-29`.
pub fn week_span(w: IsoWeek) -> String {
    format!(
        "{} – {}",
        w.monday().format("%m-%d"),
        w.sunday().format("%m-%d")
    )
}
