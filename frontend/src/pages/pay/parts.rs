//! Pieces of the pay screens: months, the people of a month's payroll (finance may not list
//! users, so the sheet names them), amounts.

use leptos::prelude::*;
use salesops_domain::Capability;
use salesops_domain::period::Month;

use crate::auth::use_auth;
use crate::clock::today;
use crate::components::{Choice, after_empty};
use crate::i18n::{AnyText, use_i18n};

/// The month before this one (`2026-11` in December): the month a payroll is usually made for.
pub fn last_month() -> String {
    let m = Month::of(today());
    let prev = if m.month == 1 {
        Month {
            year: m.year - 1,
            month: 12,
        }
    } else {
        Month {
            year: m.year,
            month: m.month - 1,
        }
    };
    prev.to_string()
}

/// This month (`2026-12`).
pub fn this_month() -> String {
    Month::of(today()).to_string()
}

/// Whether the signed-in user holds `capability` (reactive).
pub fn holds(capability: Capability) -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || capability.allows(&auth.roles()))
}

/// `(id, name)` pairs as choices, after `empty` when given.
pub fn people_choices(
    people: impl Fn() -> Vec<(i64, String)> + Send + Sync + 'static,
    empty: Option<AnyText>,
) -> Signal<Vec<Choice>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        after_empty(
            i18n,
            empty,
            people().into_iter().map(|(id, name)| Choice::new(id, name)),
        )
    })
}

/// A coefficient with its four decimals (`1.1038`).
pub fn coefficient(c: f64) -> String {
    format!("{c:.4}")
}

/// Points with their one decimal (`88.3`).
pub fn points(p: f64) -> String {
    format!("{p:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_their_decimals() {
        assert_eq!(coefficient(1.0), "1.0000");
        assert_eq!(coefficient(1.1038), "1.1038");
        assert_eq!(points(88.3), "88.3");
        assert_eq!(points(100.0), "100.0");
    }
}
