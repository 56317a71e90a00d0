//! The planned visits of a plan: listing, planning and removing them edits the plan.

use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use salesops_domain::Problem;
use salesops_domain::visits::{PlanVisitRequest, VisitDto};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::ValidatedJson;
use crate::plans::visits as service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plan_visits)
        .service(plan_visit)
        .service(remove_visit);
}

#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "plan id")),
    responses(
        (status = 200, body = Vec<VisitDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}/visits")]
async fn list_plan_visits(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<VisitDto>>> {
    let id = id.into_inner();
    let visits = caller
        .run(move |c, ctx| service::plan_visits(c, ctx, id))
        .await?;
    Ok(Json(visits))
}

/// Plan a visit: a client of the owner's, on a day of the plan's week.
#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "plan id")),
    request_body = PlanVisitRequest,
    responses(
        (status = 201, body = VisitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/plans/{id}/visits")]
async fn plan_visit(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<PlanVisitRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let visit = caller
        .run(move |c, ctx| service::plan_visit(c, ctx, id, &req))
        .await?;
    Ok(HttpResponse::Created().json(visit))
}

/// Take a planned visit out of an editable plan (the owner).
#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "visit id")),
    responses(
        (status = 204, description = "removed"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/visits/{id}")]
async fn remove_visit(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    caller
        .run(move |c, ctx| service::unplan(c, ctx, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
