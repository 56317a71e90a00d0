use actix_web::web::{Json, Path};
use actix_web::{get, post};
use salesops_domain::jobs::{JobDto, JobListQuery};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::ValidatedQuery;
use crate::jobs::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_jobs).service(retry_job);
}

/// Background jobs by state (admin): by default those that exhausted their tries
/// (`state=failed`), most recently changed first.
#[utoipa::path(tag = "jobs", params(JobListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<JobDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/jobs")]
async fn list_jobs(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<JobListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<JobDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Put a failed job back (admin): pending, due now, its tries counted afresh; 409
/// `invalid_state` for a job that is not failed.
#[utoipa::path(tag = "jobs", params(("id" = i64, Path, description = "job id")),
    responses((status = 200, body = JobDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/jobs/{id}/retry")]
async fn retry_job(caller: Caller, id: Path<i64>) -> AppResult<Json<JobDto>> {
    let id = id.into_inner();
    let dto = caller.run(move |c, ctx| service::retry(c, ctx, id)).await?;
    Ok(Json(dto))
}
