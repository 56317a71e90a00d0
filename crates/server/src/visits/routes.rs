use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, RescheduleVisitRequest, UnplannedVisitRequest,
    VisitDto, VisitListQuery,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::visits::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_visits)
        .service(create_unplanned_visit)
        .service(get_visit)
        .service(complete_visit)
        .service(miss_visit)
        .service(reschedule_visit);
}

/// Visits the caller may see, by owner, plan, client, status, week or dates; `flagged=true`
/// for off-site, no-location and unplanned visits.
#[utoipa::path(
    tag = "visits",
    params(VisitListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<VisitDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/visits")]
async fn list_visits(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<VisitListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<VisitDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Record an unplanned visit (flagged `unplanned`).
#[utoipa::path(
    tag = "visits",
    request_body = UnplannedVisitRequest,
    responses(
        (status = 201, body = VisitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/visits")]
async fn create_unplanned_visit(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<UnplannedVisitRequest>,
) -> AppResult<HttpResponse> {
    let visit = caller
        .run(move |c, ctx| service::unplanned(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(visit))
}

#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "visit id")),
    responses(
        (status = 200, body = VisitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/visits/{id}")]
async fn get_visit(caller: Caller, id: Path<i64>) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = caller.run(move |c, ctx| service::get(c, ctx, id)).await?;
    Ok(Json(visit))
}

/// Complete a visit: logs the follow-up on the client (summary, needs, next step) and checks
/// the location against the client's (`off_site`, `no_location`).
#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "visit id")),
    request_body = CompleteVisitRequest,
    responses(
        (status = 200, body = VisitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/visits/{id}/complete")]
async fn complete_visit(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<CompleteVisitRequest>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = caller
        .run(move |c, ctx| service::complete(c, ctx, id, &req))
        .await?;
    Ok(Json(visit))
}

/// Mark a visit missed, with the reason.
#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "visit id")),
    request_body = MissVisitRequest,
    responses(
        (status = 200, body = VisitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/visits/{id}/miss")]
async fn miss_visit(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<MissVisitRequest>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = caller
        .run(move |c, ctx| service::miss(c, ctx, id, &req))
        .await?;
    Ok(Json(visit))
}

/// Move a visit to another day of its week; a day outside the week makes it missed.
#[utoipa::path(
    tag = "visits",
    params(("id" = i64, Path, description = "visit id")),
    request_body = RescheduleVisitRequest,
    responses(
        (status = 200, body = VisitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/visits/{id}/reschedule")]
async fn reschedule_visit(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<RescheduleVisitRequest>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = caller
        .run(move |c, ctx| service::reschedule(c, ctx, id, &req))
        .await?;
    Ok(Json(visit))
}
