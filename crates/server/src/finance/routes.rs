use actix_web::http::header;
use actix_web::{HttpResponse, get};
use salesops_domain::Problem;
use salesops_domain::finance::{
    AdvanceReport, AdvanceReportQuery, BudgetReport, BudgetReportQuery, ExpenseReport,
    ExpenseReportQuery, ReportFileFormat,
};
use serde::Serialize;

use crate::access::Caller;
use crate::error::AppResult;
use crate::export::Table;
use crate::finance::service;
use crate::http::extract::ValidatedQuery;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(expense_report)
        .service(budget_report)
        .service(advance_report);
}

/// The report as asked: JSON, or its table as CSV or XLSX (a download).
pub(crate) fn answer<R: Serialize>(
    report: R,
    format: Option<ReportFileFormat>,
    name: &str,
    table: impl Fn(&R) -> Table,
) -> AppResult<HttpResponse> {
    let (bytes, mime, ext) = match format.unwrap_or(ReportFileFormat::Json) {
        ReportFileFormat::Json => return Ok(HttpResponse::Ok().json(report)),
        ReportFileFormat::Csv => (table(&report).csv()?, "text/csv; charset=utf-8", "csv"),
        ReportFileFormat::Xlsx => (
            table(&report).xlsx()?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.{ext}\""),
        ))
        .body(bytes))
}

/// Expenses by the lines' dates, grouped by any of person, team, category, month and state
/// (in the order given): `count`, `total_fen` (claims submitted or later), `approved_fen`
/// (the approved amounts of claims finance-approved or paid), `paid_fen` (of paid claims,
/// offsets included), and the grand total. Finance and admin see everyone; a manager their
/// teams. `format=csv` (UTF-8 with BOM) or `xlsx` for a file.
#[utoipa::path(
    tag = "finance",
    params(ExpenseReportQuery),
    responses(
        (status = 200, description = "the report", content(
            (ExpenseReport = "application/json"), (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/expenses")]
async fn expense_report(
    caller: Caller,
    ValidatedQuery(q): ValidatedQuery<ExpenseReportQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format;
    let report = caller
        .run(move |c, ctx| service::expenses(c, ctx, &q))
        .await?;
    answer(report, format, "expenses", service::expense_table)
}

/// Per person and category for a month: the budget (monthly budget, the estimates of the
/// approved plans of the month's weeks — a week belongs to the month of its Thursday — and
/// approved supplements), what was claimed, approved and paid, and the variance (budget −
/// claimed).
#[utoipa::path(
    tag = "finance",
    params(BudgetReportQuery),
    responses(
        (status = 200, description = "the report", content(
            (BudgetReport = "application/json"), (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/budget-vs-actual")]
async fn budget_report(
    caller: Caller,
    ValidatedQuery(q): ValidatedQuery<BudgetReportQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format;
    let report = caller
        .run(move |c, ctx| service::budget_vs_actual(c, ctx, &q))
        .await?;
    answer(report, format, "budget-vs-actual", service::budget_table)
}

/// Paid advances with their balance and age (days since paid), per advance and per person;
/// `outstanding=true`: only those with a balance left.
#[utoipa::path(
    tag = "finance",
    params(AdvanceReportQuery),
    responses(
        (status = 200, description = "the report", content(
            (AdvanceReport = "application/json"), (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/advances")]
async fn advance_report(
    caller: Caller,
    ValidatedQuery(q): ValidatedQuery<AdvanceReportQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format;
    let report = caller
        .run(move |c, ctx| service::advances(c, ctx, &q))
        .await?;
    answer(report, format, "advances", service::advance_table)
}
