//! Scoring (考核, SPEC §6) and the pay it drives (薪酬, SPEC §7): the formulas, written once.
//!
//! Points carry one decimal and are kept as integer tenths ([`Tenths`]: `883` is 88.3); money
//! is integer 分. Every division rounds half up, once, at the end of its formula, using exact
//! integer arithmetic (i128 where a product could be large), never floats.

mod alerts;
pub mod improvement;
pub mod metrics;
mod pay;
pub mod rubric;
pub mod score;
mod score_requests;

pub use alerts::*;
pub use pay::*;

#[cfg(test)]
mod tests;

/// Points in tenths: `883` is 88.3 points.
pub type Tenths = i64;

/// Full marks of a score, in tenths.
pub const FULL: Tenths = 1_000;
/// Points an absent day (or a half day) costs on attendance (SPEC §6).
pub const ABSENCE_POINTS: i64 = 4;

/// `numerator ÷ denominator` rounded half up (away from zero on a tie), for a positive
/// denominator; `None` when it is not positive or the result does not fit.
pub fn div_round(numerator: i128, denominator: i128) -> Option<i64> {
    if denominator <= 0 {
        return None;
    }
    let twice = numerator.checked_mul(2)?;
    let q = if numerator >= 0 {
        (twice + denominator) / (2 * denominator)
    } else {
        -((-twice + denominator) / (2 * denominator))
    };
    i64::try_from(q).ok()
}

/// Attendance (出勤) out of 100, in tenths: 100 − 4 per day absent, a half day counting as a
/// day, never below 0.
pub fn attendance(absent_days: i64, half_days: i64) -> Tenths {
    let days = absent_days.max(0).saturating_add(half_days.max(0));
    (100_i64.saturating_sub(days.saturating_mul(ABSENCE_POINTS))).max(0) * 10
}

/// The monthly score: daily work × 70 % + attendance × 30 %, in tenths rounded half up.
pub fn monthly_total(daily_work: Tenths, attendance: Tenths) -> Tenths {
    div_round(i128::from(daily_work) * 7 + i128::from(attendance) * 3, 10).unwrap_or(0)
}

/// Tenths as text with their one decimal (`88.3`).
pub fn show(points: Tenths) -> String {
    let sign = if points < 0 { "-" } else { "" };
    let p = points.unsigned_abs();
    format!("{sign}{}.{}", p / 10, p % 10)
}
