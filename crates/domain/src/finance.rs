//! Finance's reports (SPEC §9): expenses by period, person, team, category and state; budget
//! against actual; outstanding advances. JSON, or CSV/XLSX with `format`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::plans::ExpenseCategory;
use crate::text_enum;

text_enum! {
    /// How a report is answered.
    pub enum ReportFileFormat {
        Json = "json",
        Csv = "csv",
        Xlsx = "xlsx",
    }
}

text_enum! {
    /// What expense rows are grouped by.
    pub enum ExpenseGroup {
        Person = "person",
        Team = "team",
        Category = "category",
        Month = "month",
        State = "state",
    }
}

/// `GET /reports/expenses`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExpenseReportQuery {
    /// Lines dated on or after.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub from: Option<NaiveDate>,
    /// Lines dated on or before.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub to: Option<NaiveDate>,
    /// Comma-separated: `person,team,category,month,state` (any of them, in that order of
    /// keys; default `category`).
    #[validate(custom(function = "group_by_text"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^(person|team|category|month|state)(,(person|team|category|month|state)){0,4}$",
            example = "team,month"
        )
    )]
    pub group_by: Option<String>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFileFormat>,
}

fn group_by_text(text: &str) -> Result<(), validator::ValidationError> {
    match parse_groups(text) {
        Some(_) => Ok(()),
        None => Err(validator::ValidationError::new("group_by")
            .with_message("a comma-separated list of person, team, category, month, state".into())),
    }
}

/// The groups named in `group_by`, each once, in the order first given (a repeated name
/// adds nothing); `None` if a name is unknown.
pub fn parse_groups(text: &str) -> Option<Vec<ExpenseGroup>> {
    let mut out: Vec<ExpenseGroup> = Vec::new();
    for part in text.split(',') {
        let g: ExpenseGroup = part.trim().parse().ok()?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// One group of expense lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseRow {
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub category: Option<ExpenseCategory>,
    /// `2026-12`.
    pub month: Option<String>,
    pub state: Option<crate::expenses::ClaimState>,
    /// Lines in the group.
    pub count: i64,
    /// The lines' amounts (claims submitted or later).
    pub total_fen: i64,
    /// Approved amounts of claims finance-approved or paid.
    pub approved_fen: i64,
    /// Approved amounts of paid claims.
    pub paid_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseReport {
    pub group_by: Vec<ExpenseGroup>,
    pub rows: Vec<ExpenseRow>,
    pub total: ExpenseRow,
}

/// `GET /reports/budget-vs-actual`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BudgetReportQuery {
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-12")
    )]
    pub month: String,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFileFormat>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetRow {
    pub owner_id: i64,
    pub owner_name: String,
    pub category: ExpenseCategory,
    /// Approved plans' estimates for the month's weeks + the monthly budget + approved
    /// supplements.
    pub budget_fen: i64,
    pub claimed_fen: i64,
    pub approved_fen: i64,
    pub paid_fen: i64,
    /// Budget − claimed (negative: over budget).
    pub variance_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetReport {
    pub month: String,
    pub rows: Vec<BudgetRow>,
}

/// `GET /reports/advances`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AdvanceReportQuery {
    /// Only advances with a balance left.
    pub outstanding: Option<bool>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFileFormat>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvanceReportRow {
    pub advance_id: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub amount_fen: i64,
    pub balance_fen: i64,
    pub paid_on: Option<NaiveDate>,
    /// Days since it was paid.
    pub age_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvancePersonRow {
    pub owner_id: i64,
    pub owner_name: String,
    pub advances: i64,
    pub balance_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvanceReport {
    pub rows: Vec<AdvanceReportRow>,
    pub per_person: Vec<AdvancePersonRow>,
    pub total_balance_fen: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_parse_in_order_once_each() {
        assert_eq!(
            parse_groups("team,month"),
            Some(vec![ExpenseGroup::Team, ExpenseGroup::Month])
        );
        assert_eq!(
            parse_groups("team,month,team"),
            Some(vec![ExpenseGroup::Team, ExpenseGroup::Month])
        );
        assert_eq!(parse_groups("weather"), None);
        assert_eq!(parse_groups(""), None);
    }
}
