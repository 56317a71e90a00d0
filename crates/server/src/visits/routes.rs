use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, PlanVisitRequest, RescheduleVisitRequest,
    UnplannedVisitRequest, VisitDto, VisitListQuery,
};
use salesops_domain::{Page, PageQuery, Problem};

use crate::auth::Principal;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::state::AppState;
use crate::visits::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plan_visits)
        .service(plan_visit)
        .service(list_visits)
        .service(create_unplanned_visit)
        .service(get_visit)
        .service(remove_visit)
        .service(complete_visit)
        .service(miss_visit)
        .service(reschedule_visit);
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
async fn list_plan_visits(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
) -> AppResult<Json<Vec<VisitDto>>> {
    let id = id.into_inner();
    let visits = state
        .db
        .run(move |c| service::plan_visits(c, &principal, id))
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<PlanVisitRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let visit = state
        .db
        .run(move |c| service::plan_visit(c, &principal, id, &req))
        .await?;
    Ok(HttpResponse::Created().json(visit))
}

/// Visits the caller may see, by owner, plan, client, status, week or dates; `flagged=true`
/// for off-site, no-location and unplanned visits.
#[utoipa::path(
    tag = "visits",
    params(VisitListQuery, PageQuery),
    responses(
        (status = 200, body = Page<VisitDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/visits")]
async fn list_visits(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(filter): ValidatedQuery<VisitListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<VisitDto>>> {
    let page = state
        .db
        .run(move |c| service::list(c, &principal, &filter, page))
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
    state: Data<AppState>,
    principal: Principal,
    ValidatedJson(req): ValidatedJson<UnplannedVisitRequest>,
) -> AppResult<HttpResponse> {
    let visit = state
        .db
        .run(move |c| service::unplanned(c, &principal, &req))
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
async fn get_visit(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = state
        .db
        .run(move |c| service::get(c, &principal, id))
        .await?;
    Ok(Json(visit))
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
async fn remove_visit(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    state
        .db
        .run(move |c| service::unplan(c, &principal, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<CompleteVisitRequest>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let settings = state.settings.clone();
    let visit = state
        .db
        .run(move |c| service::complete(c, &principal, &settings, id, &req))
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<MissVisitRequest>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = state
        .db
        .run(move |c| service::miss(c, &principal, id, &req))
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<RescheduleVisitRequest>,
) -> AppResult<Json<VisitDto>> {
    let id = id.into_inner();
    let visit = state
        .db
        .run(move |c| service::reschedule(c, &principal, id, &req))
        .await?;
    Ok(Json(visit))
}
