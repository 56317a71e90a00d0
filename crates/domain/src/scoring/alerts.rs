//! Alerts for HR (SPEC §6: below 60 in a month, or below 70 three months running) and the
//! annual score.

use serde::{Deserialize, Serialize};

use super::{Tenths, div_round};
use crate::period::Month;
use crate::text_enum;

/// Below this in a month is an alert.
pub const ALERT_BELOW: Tenths = 600;
/// Below this three months running is an alert.
pub const RUN_BELOW: Tenths = 700;
/// Months running below [`RUN_BELOW`] that make an alert.
pub const RUN_MONTHS: usize = 3;

text_enum! {
    pub enum AlertKind {
        /// 月度低于 60 分.
        #[serde(rename = "below_60")]
        Below60 = "below_60",
        /// 连续三个月低于 70 分.
        #[serde(rename = "below_70_three_months")]
        Below70ThreeMonths = "below_70_three_months",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    pub kind: AlertKind,
    /// The months the alert rests on (`2026-01`), oldest first.
    pub months: Vec<String>,
}

/// The alerts of `month` from one person's monthly totals (any order; months not scored are
/// absent). A run must be three consecutive calendar months, across a year's end too.
pub fn alerts(month: Month, totals: &[(Month, Tenths)]) -> Vec<Alert> {
    let of = |m: Month| totals.iter().find(|(t, _)| *t == m).map(|(_, p)| *p);
    let mut out = Vec::new();
    if of(month).is_some_and(|t| t < ALERT_BELOW) {
        out.push(Alert {
            kind: AlertKind::Below60,
            months: vec![month.to_string()],
        });
    }
    let mut run = vec![month];
    while run.len() < RUN_MONTHS {
        let first = run[0];
        run.insert(0, previous(first));
    }
    if run.iter().all(|m| of(*m).is_some_and(|t| t < RUN_BELOW)) {
        out.push(Alert {
            kind: AlertKind::Below70ThreeMonths,
            months: run.iter().map(Month::to_string).collect(),
        });
    }
    out
}

pub fn previous(m: Month) -> Month {
    if m.month == 1 {
        Month {
            year: m.year - 1,
            month: 12,
        }
    } else {
        Month {
            year: m.year,
            month: m.month - 1,
        }
    }
}

/// The annual score (年度考核): a complete year is the twelve monthly totals ÷ 12; otherwise
/// the average of the months scored, the missing months listed (never counted as zeros).
/// Returns (average, missing months); no average without a scored month.
pub fn annual(year: i32, totals: &[(Month, Tenths)]) -> (Option<Tenths>, Vec<Month>) {
    let mut sum = 0_i128;
    let mut scored = 0_i128;
    let mut missing = Vec::new();
    for m in 1..=12 {
        let month = Month { year, month: m };
        match totals.iter().find(|(t, _)| *t == month) {
            Some((_, p)) => {
                sum += i128::from(*p);
                scored += 1;
            }
            None => missing.push(month),
        }
    }
    (div_round(sum, scored), missing)
}
