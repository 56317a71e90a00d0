use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::daily_logs::{
    CreateDailyLogRequest, DailyLogDto, DailyLogListQuery, UpdateDailyLogRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::daily_logs::service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_daily_logs)
        .service(create_daily_log)
        .service(update_daily_log);
}

/// Daily logs the caller may see (own; a manager's team's), newest first.
#[utoipa::path(
    tag = "daily_logs",
    params(DailyLogListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<DailyLogDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/daily-logs")]
async fn list_daily_logs(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<DailyLogListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<DailyLogDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Log a day's work (one per person per day; 409 on a second).
#[utoipa::path(
    tag = "daily_logs",
    request_body = CreateDailyLogRequest,
    responses(
        (status = 201, body = DailyLogDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/daily-logs")]
async fn create_daily_log(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateDailyLogRequest>,
) -> AppResult<HttpResponse> {
    let log = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(log))
}

/// Correct a day's log (its author).
#[utoipa::path(
    tag = "daily_logs",
    params(("id" = i64, Path, description = "daily log id")),
    request_body = UpdateDailyLogRequest,
    responses(
        (status = 200, body = DailyLogDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/daily-logs/{id}")]
async fn update_daily_log(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateDailyLogRequest>,
) -> AppResult<Json<DailyLogDto>> {
    let id = id.into_inner();
    let log = caller
        .run(move |c, ctx| service::update(c, ctx, id, &req))
        .await?;
    Ok(Json(log))
}
