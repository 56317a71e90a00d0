use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::cases::{
    CaseAction, CaseDto, CaseListQuery, CreateCaseRequest, ResolveCaseRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::cases::service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_cases)
        .service(create_case)
        .service(get_case)
        .service(escalate_case)
        .service(resolve_case);
}

/// Cases of the clients in scope, oldest first; per person (`owner_id`) or team (`team_id`),
/// by state, only the unresolved ones (`unresolved=true`: open or escalated), or only overdue
/// ones (unresolved two days after opening).
#[utoipa::path(tag = "cases", params(CaseListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<CaseDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/cases")]
async fn list_cases(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<CaseListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<CaseDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Open a case on a client in scope (optionally naming the follow-up it was raised on).
#[utoipa::path(tag = "cases", request_body = CreateCaseRequest,
    responses((status = 201, body = CaseDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/cases")]
async fn create_case(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateCaseRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// One case (404 when unknown or out of scope).
#[utoipa::path(tag = "cases", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, body = CaseDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/cases/{id}")]
async fn get_case(caller: Caller, id: Path<i64>) -> AppResult<Json<CaseDto>> {
    let id = id.into_inner();
    let dto = caller.run(move |c, ctx| service::get(c, ctx, id)).await?;
    Ok(Json(dto))
}

/// Escalate an open case to the manager (409 `invalid_state` otherwise).
#[utoipa::path(tag = "cases", params(("id" = i64, Path, description = "case id")),
    responses((status = 200, body = CaseDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/cases/{id}/escalate")]
async fn escalate_case(caller: Caller, id: Path<i64>) -> AppResult<Json<CaseDto>> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| service::act(c, ctx, id, CaseAction::Escalate, None))
        .await?;
    Ok(Json(dto))
}

/// Resolve a case with the answer given to the client (required).
#[utoipa::path(tag = "cases", params(("id" = i64, Path, description = "case id")),
    request_body = ResolveCaseRequest,
    responses((status = 200, body = CaseDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/cases/{id}/resolve")]
async fn resolve_case(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ResolveCaseRequest>,
) -> AppResult<Json<CaseDto>> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| service::act(c, ctx, id, CaseAction::Resolve, Some(&req)))
        .await?;
    Ok(Json(dto))
}
