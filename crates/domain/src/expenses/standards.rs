//! Expense standards (费用标准) and the rules a claim line is checked by: the standard in force,
//! the allowance, what is over it, the line's flags and the amount approved.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::LineFlag;
use crate::period::Month;
use crate::plans::ExpenseCategory;
use crate::text_enum;

text_enum! {
    /// What a standard's amount is for.
    pub enum StandardUnit {
        /// 每天 (per diem).
        PerDay = "per_day",
        /// 每晚 (lodging).
        PerNight = "per_night",
        /// 每月: a cap on the month's total of the category (communication).
        PerMonth = "per_month",
        /// 每次/每项.
        PerItem = "per_item",
    }
}

text_enum! {
    /// The role a standard is for (`null`: everyone).
    pub enum StandardRole {
        Salesperson = "salesperson",
        Manager = "manager",
    }
}

/// A standard (费用标准): how much a category may cost per unit, from a date on, optionally
/// for one city tier (一线/二线/三线城市) and one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseStandardDto {
    pub id: i64,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub unit: StandardUnit,
    /// 1, 2 or 3; `null` for every city.
    pub city_tier: Option<i32>,
    /// `null` for every role.
    pub role: Option<StandardRole>,
    pub effective_from: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateExpenseStandardRequest {
    pub category: ExpenseCategory,
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_fen: i64,
    pub unit: StandardUnit,
    #[serde(default)]
    #[validate(range(min = 1, max = 3))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3))]
    pub city_tier: Option<i32>,
    #[serde(default)]
    pub role: Option<StandardRole>,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub effective_from: NaiveDate,
}

/// PATCH body of a standard: absent fields stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateExpenseStandardRequest {
    #[serde(default)]
    #[validate(range(min = 0, max = 10_000_000_000_i64))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000_000_i64))]
    pub amount_fen: Option<i64>,
    #[serde(default)]
    pub unit: Option<StandardUnit>,
    #[serde(default)]
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub effective_from: Option<NaiveDate>,
}

/// Filters for `GET /expense-standards`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StandardListQuery {
    #[cfg_attr(feature = "openapi", param(inline))]
    pub category: Option<ExpenseCategory>,
    /// Only the standards in force on this day (the most specific per category, tier, role).
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub in_force_on: Option<NaiveDate>,
}

/// What the standard rule needs of a standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standard {
    pub id: i64,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub unit: StandardUnit,
    pub city_tier: Option<i32>,
    pub role: Option<StandardRole>,
    pub effective_from: NaiveDate,
}

/// The standard a line is checked against: of the category's standards in force on the
/// line's date that fit its city tier and the owner's role, the most specific (tier and role
/// both named, then either, then neither), and of those the latest to take effect.
pub fn standard_for(
    standards: &[Standard],
    category: ExpenseCategory,
    date: NaiveDate,
    city_tier: Option<i32>,
    role: StandardRole,
) -> Option<&Standard> {
    standards
        .iter()
        .filter(|s| s.category == category && s.effective_from <= date)
        .filter(|s| s.city_tier.is_none_or(|t| Some(t) == city_tier))
        .filter(|s| s.role.is_none_or(|r| r == role))
        .max_by_key(|s| {
            (
                u8::from(s.city_tier.is_some()) + u8::from(s.role.is_some()),
                s.effective_from,
                s.id,
            )
        })
}

/// The standard's allowance for a line of `quantity` units; for a monthly cap, what is left
/// of it after `used_this_month` (the owner's other lines of the category that month).
pub fn allowance(standard: &Standard, quantity: i32, used_this_month: i64) -> Option<i64> {
    match standard.unit {
        StandardUnit::PerMonth => Some((standard.amount_fen - used_this_month).max(0)),
        _ => standard.amount_fen.checked_mul(i64::from(quantity.max(1))),
    }
}

/// What the standard rule needs of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineBasics {
    pub date: NaiveDate,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub quantity: i32,
    pub city_tier: Option<i32>,
}

/// Each line's allowance under the standards (`None`: no standard in force). A monthly cap is
/// shared by the month's lines: the owner's other claims' (`month_used`) first, then this
/// claim's in order.
pub fn allowances(
    standards: &[Standard],
    lines: &[LineBasics],
    role: StandardRole,
    month_used: &BTreeMap<(Month, ExpenseCategory), i64>,
) -> Vec<Option<i64>> {
    let mut used = month_used.clone();
    lines
        .iter()
        .map(|l| {
            let standard = standard_for(standards, l.category, l.date, l.city_tier, role)?;
            let slot = used.entry((Month::of(l.date), l.category)).or_default();
            let allowed = allowance(standard, l.quantity, *slot);
            if standard.unit == StandardUnit::PerMonth {
                *slot = slot.saturating_add(l.amount_fen);
            }
            allowed
        })
        .collect()
}

/// How much a line is above its allowance (0 when within or without a standard).
pub fn over_standard(amount_fen: i64, standard_fen: Option<i64>) -> i64 {
    standard_fen.map_or(0, |s| amount_fen.saturating_sub(s).max(0))
}

/// A line's flags, in [`LineFlag`] order.
pub fn line_flags(
    amount_fen: i64,
    standard_fen: Option<i64>,
    over_budget: bool,
    false_visit: bool,
    receipts: usize,
    receipt_threshold_fen: i64,
) -> Vec<LineFlag> {
    let mut flags = Vec::new();
    if over_standard(amount_fen, standard_fen) > 0 {
        flags.push(LineFlag::OverStandard);
    }
    if over_budget {
        flags.push(LineFlag::OverBudget);
    }
    if false_visit {
        flags.push(LineFlag::FalseVisit);
    }
    if receipts == 0 && amount_fen > receipt_threshold_fen {
        flags.push(LineFlag::NoReceipt);
    }
    flags
}

/// What the manager's approval makes of a line: the amount asked for, or the one given (at
/// most the amount asked), cut to the allowance unless the line is allowed above it.
pub fn approved_amount(
    amount_fen: i64,
    standard_fen: Option<i64>,
    given_fen: Option<i64>,
    allow_over_standard: bool,
) -> Result<i64, &'static str> {
    let asked = given_fen.unwrap_or(amount_fen);
    if asked > amount_fen {
        return Err("at most the line's amount");
    }
    Ok(match standard_fen {
        Some(s) if !allow_over_standard => asked.min(s),
        _ => asked,
    })
}
