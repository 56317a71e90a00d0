use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::reports::{
    CreateMonthlyReportRequest, MonthlyReportDto, ReviewMonthlyRequest, UpdateMonthlyReportRequest,
};
use salesops_domain::{Page, PageQuery, Problem};

use crate::auth::Principal;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::reports::monthly as service;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_monthly_reports)
        .service(create_monthly_report)
        .service(get_monthly_report)
        .service(update_monthly_report)
        .service(submit_monthly_report)
        .service(review_monthly_report);
}

/// Monthly reports of the caller and the managers below them.
#[utoipa::path(
    tag = "monthly_reports",
    params(PageQuery),
    responses((status = 200, body = Page<MonthlyReportDto>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[get("/monthly-reports")]
async fn list_monthly_reports(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<MonthlyReportDto>>> {
    let page = state
        .db
        .run(move |c| service::list(c, &principal, page))
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
    state: Data<AppState>,
    principal: Principal,
    ValidatedJson(req): ValidatedJson<CreateMonthlyReportRequest>,
) -> AppResult<HttpResponse> {
    let report = state
        .db
        .run(move |c| service::create(c, &principal, &req))
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
async fn get_monthly_report(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = state
        .db
        .run(move |c| service::get(c, &principal, id))
        .await?;
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateMonthlyReportRequest>,
) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = state
        .db
        .run(move |c| service::update(c, &principal, id, &req))
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
async fn submit_monthly_report(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let settings = state.settings.clone();
    let report = state
        .db
        .run(move |c| service::submit(c, &principal, &settings, id))
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ReviewMonthlyRequest>,
) -> AppResult<Json<MonthlyReportDto>> {
    let id = id.into_inner();
    let report = state
        .db
        .run(move |c| service::review(c, &principal, id, &req))
        .await?;
    Ok(Json(report))
}
