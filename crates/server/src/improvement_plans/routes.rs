use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::scoring::improvement::{
    CloseImprovementPlanRequest, ImprovementPlanDto, ImprovementPlanListQuery,
    ImprovementPlanRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::improvement_plans::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(create_plan)
        .service(get_plan)
        .service(close_plan);
}

/// Improvement plans in scope (HR and admin all; a manager their teams'; the person their
/// own), newest first.
#[utoipa::path(
    tag = "scores",
    params(ImprovementPlanListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ImprovementPlanDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/improvement-plans")]
async fn list_plans(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ImprovementPlanListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ImprovementPlanDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Open an improvement plan (HR), usually from an alert; one open plan per person (422
/// `open_plan` on `user_id`).
#[utoipa::path(
    tag = "scores",
    request_body = ImprovementPlanRequest,
    responses(
        (status = 201, body = ImprovementPlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/improvement-plans")]
async fn create_plan(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<ImprovementPlanRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

#[utoipa::path(
    tag = "scores",
    params(("id" = i64, Path, description = "improvement plan id")),
    responses(
        (status = 200, body = ImprovementPlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/improvement-plans/{id}")]
async fn get_plan(caller: Caller, id: Path<i64>) -> AppResult<Json<ImprovementPlanDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Close an open plan with its outcome and a note (HR); a closed plan is 409.
#[utoipa::path(
    tag = "scores",
    params(("id" = i64, Path, description = "improvement plan id")),
    request_body = CloseImprovementPlanRequest,
    responses(
        (status = 200, body = ImprovementPlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/improvement-plans/{id}/close")]
async fn close_plan(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<CloseImprovementPlanRequest>,
) -> AppResult<Json<ImprovementPlanDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::close(c, ctx, id, &req))
            .await?,
    ))
}
