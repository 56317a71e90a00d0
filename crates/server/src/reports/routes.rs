use actix_web::http::header;
use actix_web::web::{Json, Path};
use actix_web::{HttpRequest, HttpResponse, get, patch, post};
use salesops_domain::plans::SubmitPlanRequest;
use salesops_domain::reports::{
    CreateWeeklyReportRequest, ReportFormat, ReportViewQuery, ReviewRequest, StatusQuery,
    UpdateWeeklyReportRequest, WeekReportStatus, WeeklyReportDto, WeeklyReportListQuery,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::{AppError, AppResult};
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::reports::{html, service, status};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/weekly-reports/status` before `/weekly-reports/{id}` so the literal path wins.
    cfg.service(weekly_report_status)
        .service(list_weekly_reports)
        .service(create_weekly_report)
        .service(get_weekly_report)
        .service(update_weekly_report)
        .service(submit_weekly_report)
        .service(review_weekly_report)
        .service(weekly_report_history);
}

/// Weekly reports the caller may see (own; a manager's team's), newest week first. Lists
/// carry the frozen figures of submitted reports; a draft's live figures come with
/// `GET /weekly-reports/{id}`.
#[utoipa::path(
    tag = "weekly_reports",
    params(WeeklyReportListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<WeeklyReportDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/weekly-reports")]
async fn list_weekly_reports(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<WeeklyReportListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<WeeklyReportDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Start the week's report as a draft (one per person per ISO week); the figures fill in from
/// the records.
#[utoipa::path(
    tag = "weekly_reports",
    request_body = CreateWeeklyReportRequest,
    responses(
        (status = 201, body = WeeklyReportDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/weekly-reports")]
async fn create_weekly_report(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateWeeklyReportRequest>,
) -> AppResult<HttpResponse> {
    let report = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(report))
}

/// One report. With `Accept: text/html` or `?format=html`, a print-ready page.
#[utoipa::path(
    tag = "weekly_reports",
    params(("id" = i64, Path, description = "weekly report id"), ReportViewQuery),
    responses(
        (status = 200, description = "the report (JSON), or its print view (HTML) with `format=html` or `Accept: text/html`",
            content((WeeklyReportDto = "application/json"), (String = "text/html"))),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/weekly-reports/{id}")]
async fn get_weekly_report(
    caller: Caller,
    req: HttpRequest,
    id: Path<i64>,
    ValidatedQuery(query): ValidatedQuery<ReportViewQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let wants_html = query.format == Some(ReportFormat::Html)
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html") && !a.contains("application/json"));
    let (report, author) = caller
        .run(move |c, ctx| {
            let report = service::get(c, ctx, id)?;
            let author = crate::users::queries::find(c, report.owner_id)?
                .map(|u| u.display_name)
                .ok_or(AppError::NotFound("user"))?;
            Ok((report, author))
        })
        .await?;
    if wants_html {
        Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html::render(&report, &author)))
    } else {
        Ok(HttpResponse::Ok().json(report))
    }
}

/// Save sections (as the author types) and the link to next week's plan (draft only).
#[utoipa::path(
    tag = "weekly_reports",
    params(("id" = i64, Path, description = "weekly report id")),
    request_body = UpdateWeeklyReportRequest,
    responses(
        (status = 200, body = WeeklyReportDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/weekly-reports/{id}")]
async fn update_weekly_report(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateWeeklyReportRequest>,
) -> AppResult<Json<WeeklyReportDto>> {
    let id = id.into_inner();
    let report = caller
        .run(move |c, ctx| service::update(c, ctx, id, &req))
        .await?;
    Ok(Json(report))
}

/// Submit: required sections and next week's plan are checked, the figures freeze, and a
/// report after the deadline is marked late.
#[utoipa::path(
    tag = "weekly_reports",
    params(("id" = i64, Path, description = "weekly report id")),
    request_body = SubmitPlanRequest,
    responses(
        (status = 200, body = WeeklyReportDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/weekly-reports/{id}/submit")]
async fn submit_weekly_report(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<SubmitPlanRequest>,
) -> AppResult<Json<WeeklyReportDto>> {
    let id = id.into_inner();
    let report = caller
        .run(move |c, ctx| service::submit(c, ctx, id, req.version))
        .await?;
    Ok(Json(report))
}

/// Review a submitted report (the author's manager): a comment and a mark per section, with
/// the version seen. A visit of the week found not confirmed zeroes the visits section.
#[utoipa::path(
    tag = "weekly_reports",
    params(("id" = i64, Path, description = "weekly report id")),
    request_body = ReviewRequest,
    responses(
        (status = 200, body = WeeklyReportDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/weekly-reports/{id}/review")]
async fn review_weekly_report(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ReviewRequest>,
) -> AppResult<Json<WeeklyReportDto>> {
    let id = id.into_inner();
    let report = caller
        .run(move |c, ctx| service::review(c, ctx, id, &req))
        .await?;
    Ok(Json(report))
}

/// The week's status for the caller's teams: submitted, late, missing, awaiting review, and
/// each review's time (manager, admin).
#[utoipa::path(
    tag = "weekly_reports",
    params(StatusQuery),
    responses(
        (status = 200, body = WeekReportStatus),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/weekly-reports/status")]
async fn weekly_report_status(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<StatusQuery>,
) -> AppResult<Json<WeekReportStatus>> {
    let status = caller
        .run(move |c, ctx| status::week_status(c, ctx, &query.week))
        .await?;
    Ok(Json(status))
}

/// The weekly report's workflow history: every step with who, when and why, oldest first.
#[utoipa::path(
    tag = "weekly_reports",
    params(("id" = i64, Path, description = "weekly report id")),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/weekly-reports/{id}/history")]
async fn weekly_report_history(
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
