//! Budgets (预算) and supplementary budgets (追加预算), SPEC §8.
//!
//! A claim line's budget period is the week of its date when the owner's **approved** weekly
//! plan for that week estimates its category (the estimate is the week's budget), otherwise
//! the line's month, whose budget is the monthly budget set for the owner and category (none
//! set: zero). Approved supplements raise the budget of their period and category.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::period::{IsoWeek, Month};
use crate::plans::ExpenseCategory;
use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

/// A monthly budget of one person and category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetDto {
    pub id: i64,
    pub owner_id: i64,
    /// `2026-12`.
    pub month: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBudgetRequest {
    pub owner_id: i64,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "2026-12", pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")
    )]
    pub month: String,
    pub category: ExpenseCategory,
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateBudgetRequest {
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BudgetListQuery {
    pub owner_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")
    )]
    pub month: Option<String>,
}

/// A budget period: an approved plan's week, or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BudgetPeriod {
    Week(IsoWeek),
    Month(Month),
}

impl BudgetPeriod {
    pub fn parse(text: &str) -> Option<BudgetPeriod> {
        text.parse()
            .map(BudgetPeriod::Week)
            .ok()
            .or_else(|| text.parse().map(BudgetPeriod::Month).ok())
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        match self {
            BudgetPeriod::Week(w) => w.contains(date),
            BudgetPeriod::Month(m) => m.contains(date),
        }
    }
}

impl std::fmt::Display for BudgetPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BudgetPeriod::Week(w) => w.fmt(f),
            BudgetPeriod::Month(m) => m.fmt(f),
        }
    }
}

/// The period a line of `category` on `date` is budgeted in: the week, when the approved
/// plan of that week estimates the category (`week_estimate` > 0); else the month.
pub fn period_of(date: NaiveDate, week_estimate: Option<i64>) -> BudgetPeriod {
    match week_estimate {
        Some(e) if e > 0 => BudgetPeriod::Week(IsoWeek::of(date)),
        _ => BudgetPeriod::Month(Month::of(date)),
    }
}

text_enum! {
    pub enum SupplementState {
        Draft = "draft",
        Submitted = "submitted",
        Approved = "approved",
        Rejected = "rejected",
    }
}

text_enum! {
    pub enum SupplementAction {
        Submit = "submit",
        Approve = "approve",
        Reject = "reject",
    }
}

/// A supplementary budget's workflow (追加预算): the owner asks, their manager (or an admin,
/// never the owner) decides; a rejected one may be sent again.
pub const SUPPLEMENT_FLOW: Flow<SupplementState, SupplementAction> = Flow {
    document: "budget_supplement",
    label: "budget supplement",
    steps: &[
        Step {
            action: SupplementAction::Submit,
            from: &[SupplementState::Draft, SupplementState::Rejected],
            to: SupplementState::Submitted,
            by: &[Party::Owner],
        },
        Step {
            action: SupplementAction::Approve,
            from: &[SupplementState::Submitted],
            to: SupplementState::Approved,
            by: &[Party::Manager, Party::Admin],
        },
        Step {
            action: SupplementAction::Reject,
            from: &[SupplementState::Submitted],
            to: SupplementState::Rejected,
            by: &[Party::Manager, Party::Admin],
        },
    ],
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementDto {
    pub id: i64,
    pub owner_id: i64,
    /// `2026-W49` or `2026-12`.
    pub period: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub reason: String,
    pub state: SupplementState,
    pub version: i64,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSupplementRequest {
    #[validate(custom(function = "crate::period::valid_period"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "2026-W49",
            pattern = r"^((20[0-9]{2}|2100)-(W(0[1-9]|[1-4][0-9]|5[0-2])|0[1-9]|1[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$"
        )
    )]
    pub period: String,
    pub category: ExpenseCategory,
    #[validate(range(min = 1, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub reason: String,
}

/// Approve a supplement (with an optional comment) or reject it (`comment` is the reason,
/// required).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    pub version: i64,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SupplementListQuery {
    pub owner_id: Option<i64>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub state: Option<SupplementState>,
    /// The approval inbox: supplements the caller may decide now.
    pub to_approve: Option<bool>,
}

/// One amount spent (or asked for) on a day in a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spend {
    pub date: NaiveDate,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
}

/// An owner's budgets over some weeks and months (SPEC §8): approved weekly plans' estimates,
/// monthly budgets and approved supplements. No budget set means a budget of 0: spending
/// needs a budget (or a supplement approved first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudgetBook {
    pub week_estimates: BTreeMap<(IsoWeek, ExpenseCategory), i64>,
    pub monthly: BTreeMap<(Month, ExpenseCategory), i64>,
    pub supplements: BTreeMap<(BudgetPeriod, ExpenseCategory), i64>,
}

/// What [`BudgetBook::check`] found: the periods over budget, and for each of the claim's
/// spends whether its period is one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudgetCheck {
    pub excess: Vec<crate::expenses::BudgetExcess>,
    pub over: Vec<bool>,
}

impl BudgetBook {
    /// The period a day's spending in `category` is budgeted in: the week of an approved
    /// plan that estimates the category, otherwise the month.
    pub fn period_of(&self, date: NaiveDate, category: ExpenseCategory) -> BudgetPeriod {
        let estimate = self
            .week_estimates
            .get(&(IsoWeek::of(date), category))
            .copied();
        period_of(date, estimate)
    }

    /// The budget of a period and category, approved supplements included.
    pub fn budget_of(&self, period: BudgetPeriod, category: ExpenseCategory) -> i64 {
        let base = match period {
            BudgetPeriod::Week(w) => self.week_estimates.get(&(w, category)),
            BudgetPeriod::Month(m) => self.monthly.get(&(m, category)),
        }
        .copied()
        .unwrap_or(0);
        let extra = self
            .supplements
            .get(&(period, category))
            .copied()
            .unwrap_or(0);
        base.saturating_add(extra)
    }

    /// Whether `claim` fits: per period and category, what `used` (the owner's other claims,
    /// submitted or later) plus the claim asks must not pass the budget.
    pub fn check(&self, used: &[Spend], claim: &[Spend]) -> BudgetCheck {
        let mut asked: BTreeMap<(BudgetPeriod, ExpenseCategory), i64> = BTreeMap::new();
        for s in claim {
            let slot = asked
                .entry((self.period_of(s.date, s.category), s.category))
                .or_default();
            *slot = slot.saturating_add(s.amount_fen);
        }
        let mut spent: BTreeMap<(BudgetPeriod, ExpenseCategory), i64> = BTreeMap::new();
        for s in used {
            let key = (self.period_of(s.date, s.category), s.category);
            if asked.contains_key(&key) {
                let slot = spent.entry(key).or_default();
                *slot = slot.saturating_add(s.amount_fen);
            }
        }
        let excess: Vec<_> = asked
            .iter()
            .filter_map(|(&(period, category), &requested)| {
                let budget = self.budget_of(period, category);
                let used = spent.get(&(period, category)).copied().unwrap_or(0);
                (used.saturating_add(requested) > budget).then(|| crate::expenses::BudgetExcess {
                    period: period.to_string(),
                    category,
                    budget_fen: budget,
                    used_fen: used,
                    requested_fen: requested,
                })
            })
            .collect();
        let over = claim
            .iter()
            .map(|s| {
                let period = self.period_of(s.date, s.category).to_string();
                excess
                    .iter()
                    .any(|e| e.category == s.category && e.period == period)
            })
            .collect();
        BudgetCheck { excess, over }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_budgeted_in_its_plan_week_or_its_month() {
        let d: NaiveDate = "2026-12-02".parse().unwrap_or_default();
        assert_eq!(period_of(d, Some(100)).to_string(), "2026-W49");
        assert_eq!(period_of(d, Some(0)).to_string(), "2026-12");
        assert_eq!(period_of(d, None).to_string(), "2026-12");
        assert_eq!(BudgetPeriod::parse("2026-W49"), Some(period_of(d, Some(1))));
        assert!(BudgetPeriod::parse("2026-12").is_some_and(|p| p.contains(d)));
        assert_eq!(BudgetPeriod::parse("nope"), None);
    }

    fn spend(date: &str, category: ExpenseCategory, amount_fen: i64) -> Spend {
        Spend {
            date: date.parse().unwrap_or_default(),
            category,
            amount_fen,
        }
    }

    #[test]
    fn the_plan_week_or_the_month_budget_with_supplements() {
        use ExpenseCategory::{Entertainment, Travel};
        let d = |s: &str| s.parse::<NaiveDate>().unwrap_or_default();
        let w49 = IsoWeek::of(d("2026-12-01"));
        let dec = Month::of(d("2026-12-01"));
        let mut book = BudgetBook::default();
        book.week_estimates.insert((w49, Travel), 100_000);
        book.monthly.insert((dec, Travel), 50_000);
        book.monthly.insert((dec, Entertainment), 20_000);
        // Week 49's travel is the plan's; week 50's falls back to the month.
        let used = [
            spend("2026-12-01", Travel, 60_000),
            spend("2026-12-08", Travel, 30_000),
        ];
        let fits = book.check(&used, &[spend("2026-12-02", Travel, 40_000)]);
        assert!(fits.excess.is_empty() && fits.over == vec![false]);
        let over = book.check(
            &used,
            &[
                spend("2026-12-02", Travel, 40_001),
                spend("2026-12-09", Travel, 20_000),
                spend("2026-12-09", Entertainment, 20_000),
            ],
        );
        assert_eq!(over.over, vec![true, false, false]);
        assert_eq!(over.excess.len(), 1);
        assert_eq!(over.excess[0].period, "2026-W49");
        assert_eq!(
            (
                over.excess[0].budget_fen,
                over.excess[0].used_fen,
                over.excess[0].requested_fen
            ),
            (100_000, 60_000, 40_001)
        );
        // A supplement approved for the week makes room.
        book.supplements
            .insert((BudgetPeriod::Week(w49), Travel), 1);
        assert!(
            book.check(&used, &[spend("2026-12-02", Travel, 40_001)])
                .excess
                .is_empty()
        );
        // Nothing budgeted is a budget of 0.
        let other = book.check(&[], &[spend("2026-12-09", ExpenseCategory::Other, 1)]);
        assert_eq!(other.excess[0].budget_fen, 0);
    }
}
