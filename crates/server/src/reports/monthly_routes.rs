use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::reports::{
    CreateMonthlyReportRequest, MonthlyReportDto, MonthlyReportListQuery, ReviewMonthlyRequest,
    UpdateMonthlyReportRequest,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::reports::monthly as service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_monthly_reports)
        .service(create_monthly_report)
        .service(get_monthly_report)
        .service(update_monthly_report)
        .service(submit_monthly_report)
        .service(review_monthly_report)
        .service(monthly_report_history);
}

/// Monthly reports of the caller and the managers below them, by owner and state;
/// `to_review=true&state=submitted` lists those waiting for the caller's review (never their
/// own).
#[utoipa::path(
    tag = "monthly_reports",
    params(MonthlyReportListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<MonthlyReportDto>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/monthly-reports")]
async fn list_monthly_reports(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<MonthlyReportListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<MonthlyReportDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Start a month's report (managers; one per month).
#[utoipa::path(
    tag = "monthly_reports",
    request_body = CreateMonthlyReportRequest,
    responses((status = 201, body = MonthlyReportDto), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/monthly-reports")]
async fn create_monthly_report(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateMonthlyReportRequest>,
) -> AppResult<HttpResponse> {
    let report = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(report))
}

#[utoipa::path(
    tag = "monthly_reports",
    params(("id" = i64, Path, description = "monthly report id")),
    responses((status = 200, body = MonthlyReportDto), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/monthly-reports/{id}")]
async fn get_monthly_report(caller: Caller, id: Path<i64>) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = caller.run(move |c, ctx| service::get(c, ctx, id)).await?;
    Ok(Json(report))
}

#[utoipa::path(
    tag = "monthly_reports",
    params(("id" = i64, Path, description = "monthly report id")),
    request_body = UpdateMonthlyReportRequest,
    responses((status = 200, body = MonthlyReportDto), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[patch("/monthly-reports/{id}")]
async fn update_monthly_report(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateMonthlyReportRequest>,
) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = caller
        .run(move |c, ctx| service::update(c, ctx, id, &req))
        .await?;
    Ok(Json(report))
}

/// Submit (summary, plan and proposals required); late after the 30th (last day of February).
#[utoipa::path(
    tag = "monthly_reports",
    params(("id" = i64, Path, description = "monthly report id")),
    responses((status = 200, body = MonthlyReportDto), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/monthly-reports/{id}/submit")]
async fn submit_monthly_report(caller: Caller, id: Path<i64>) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = caller
        .run(move |c, ctx| service::submit(c, ctx, id))
        .await?;
    Ok(Json(report))
}

/// Review a submitted monthly report (the author's own manager, or an admin).
#[utoipa::path(
    tag = "monthly_reports",
    params(("id" = i64, Path, description = "monthly report id")),
    request_body = ReviewMonthlyRequest,
    responses((status = 200, body = MonthlyReportDto), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/monthly-reports/{id}/review")]
async fn review_monthly_report(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ReviewMonthlyRequest>,
) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = caller
        .run(move |c, ctx| service::review(c, ctx, id, &req))
        .await?;
    Ok(Json(report))
}

/// The monthly report's workflow history: every step with who, when and why, oldest first.
#[utoipa::path(
    tag = "monthly_reports",
    params(("id" = i64, Path, description = "monthly report id")),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/monthly-reports/{id}/history")]
async fn monthly_report_history(
    caller: Caller,
    id: Path<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::history(c, ctx, id))
            .await?,
    ))
}
