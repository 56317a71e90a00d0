//! An owner's budgets over a span of days, as the claim rules read them.

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::budgets::{BudgetBook, BudgetPeriod, SupplementState};
use salesops_domain::period::{IsoWeek, Month};
use salesops_domain::plans::ExpenseCategory;

use crate::db::DbConn;
use crate::db::schema::{budget_supplements, budgets, plan_budgets};
use crate::error::AppResult;

/// The days whose budgets decide about `dates`: from the first day of the earliest date's
/// week or month to the last day of the latest date's (a week may straddle two months).
pub fn span_of(dates: impl IntoIterator<Item = NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    for d in dates {
        let (w, m) = (IsoWeek::of(d), Month::of(d));
        let from = w.monday().min(m.first_day());
        let to = w.sunday().max(m.last_day());
        span = Some(match span {
            Some((a, b)) => (a.min(from), b.max(to)),
            None => (from, to),
        });
    }
    span
}

/// Every week and month touching `from..=to`.
fn periods(from: NaiveDate, to: NaiveDate) -> (Vec<String>, Vec<String>) {
    let mut weeks = Vec::new();
    let mut w = IsoWeek::of(from);
    while w.monday() <= to {
        weeks.push(w.to_string());
        w = w.next();
    }
    let mut months = Vec::new();
    let mut m = Month::of(from);
    while m.first_day() <= to {
        months.push(m.to_string());
        m = m.next();
    }
    (weeks, months)
}

/// `owner`'s budgets for every week and month touching `from..=to`: three queries.
pub fn book(
    conn: &mut DbConn,
    owner: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<BudgetBook> {
    let (weeks, months) = periods(from, to);
    let mut book = BudgetBook::default();
    let estimates: Vec<(String, ExpenseCategory, i64)> = plan_budgets::table
        .filter(plan_budgets::owner_id.eq(owner))
        .filter(plan_budgets::week.eq_any(&weeks))
        .select((
            plan_budgets::week,
            plan_budgets::category,
            plan_budgets::amount_fen,
        ))
        .load(conn)?;
    for (week, category, amount) in estimates {
        if let Ok(w) = week.parse::<IsoWeek>() {
            let slot = book.week_estimates.entry((w, category)).or_default();
            *slot = slot.saturating_add(amount);
        }
    }
    let monthly: Vec<(String, ExpenseCategory, i64)> = budgets::table
        .filter(budgets::owner_id.eq(owner))
        .filter(budgets::month.eq_any(&months))
        .select((budgets::month, budgets::category, budgets::amount_fen))
        .load(conn)?;
    for (month, category, amount) in monthly {
        if let Ok(m) = month.parse::<Month>() {
            book.monthly.insert((m, category), amount);
        }
    }
    let all: Vec<String> = weeks.into_iter().chain(months).collect();
    let extra: Vec<(String, ExpenseCategory, i64)> = budget_supplements::table
        .filter(budget_supplements::owner_id.eq(owner))
        .filter(budget_supplements::state.eq(SupplementState::Approved.as_str()))
        .filter(budget_supplements::period.eq_any(&all))
        .select((
            budget_supplements::period,
            budget_supplements::category,
            budget_supplements::amount_fen,
        ))
        .load(conn)?;
    for (period, category, amount) in extra {
        if let Some(p) = BudgetPeriod::parse(&period) {
            let slot = book.supplements.entry((p, category)).or_default();
            *slot = slot.saturating_add(amount);
        }
    }
    Ok(book)
}
