use actix_web::{HttpResponse, get};
use salesops_domain::Problem;
use salesops_domain::pay::{PayReportQuery, PayrollSheet, ScoresReport};

use crate::access::Caller;
use crate::error::AppResult;
use crate::finance::routes::answer;
use crate::http::extract::ValidatedQuery;
use crate::pay::payroll;
use crate::pay::scores_report as scores;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(payroll_report).service(scores_report);
}

/// The month's payroll sheet (工资表; `pay:read`: finance, HR, admin): one row per enabled
/// salesperson and manager and anyone else with a grade, a pay item, a profit share or a
/// final settlement that month — base, performance pay (performance × score ÷ 80, capped),
/// commission, profit share, incentives, deductions, a leaver's advance offset and the
/// total, with the totals. A score not finalized is used and marked `final: false`; no
/// score pays no performance part. `format=csv` or `xlsx` for a file.
#[utoipa::path(
    tag = "pay",
    params(PayReportQuery),
    responses(
        (status = 200, description = "the sheet", content(
            (PayrollSheet = "application/json"), (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/payroll")]
async fn payroll_report(
    caller: Caller,
    ValidatedQuery(q): ValidatedQuery<PayReportQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format;
    let sheet = caller.run(move |c, ctx| payroll::sheet(c, ctx, &q)).await?;
    answer(sheet, format, "payroll", payroll::table)
}

/// The month's scores (HR and admin everyone's, a manager their teams'; not finance):
/// daily work, attendance, total and the pay coefficient, drafts marked `final: false`.
#[utoipa::path(
    tag = "pay",
    params(PayReportQuery),
    responses(
        (status = 200, description = "the report", content(
            (ScoresReport = "application/json"), (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/scores")]
async fn scores_report(
    caller: Caller,
    ValidatedQuery(q): ValidatedQuery<PayReportQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format;
    let report = caller.run(move |c, ctx| scores::report(c, ctx, &q)).await?;
    answer(report, format, "scores", scores::table)
}
