use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::plans::{
    ApprovePlanRequest, CreatePlanRequest, PlanDto, PlanListQuery, PlanRevisionsDto,
    RejectPlanRequest, SubmitPlanRequest, UpdatePlanRequest,
};
use salesops_domain::progress::{Progress, SummaryQuery, WeekSummary};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::plans::{progress, service};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `/plans/summary` before `/plans/{id}` so the literal path wins.
    cfg.service(plans_summary)
        .service(list_plans)
        .service(create_plan)
        .service(get_plan)
        .service(update_plan)
        .service(submit_plan)
        .service(approve_plan)
        .service(reject_plan)
        .service(plan_revisions)
        .service(plan_history)
        .service(plan_progress);
    crate::plans::visit_routes::configure(cfg);
}

/// Plans the caller may see: their own; a manager's team's; `to_review=true` for the approval
/// inbox (never the caller's own).
#[utoipa::path(
    tag = "plans",
    params(PlanListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<PlanDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans")]
async fn list_plans(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<PlanListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<PlanDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Open a weekly (`2026-W48`) or monthly (`2026-11`) plan as a draft; one per person, kind and
/// period (409 on a second).
#[utoipa::path(
    tag = "plans",
    request_body = CreatePlanRequest,
    responses(
        (status = 201, body = PlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/plans")]
async fn create_plan(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreatePlanRequest>,
) -> AppResult<HttpResponse> {
    let plan = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(plan))
}

#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    responses(
        (status = 200, body = PlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}")]
async fn get_plan(caller: Caller, id: Path<i64>) -> AppResult<Json<PlanDto>> {
    let id = id.into_inner();
    let plan = caller.run(move |c, ctx| service::get(c, ctx, id)).await?;
    Ok(Json(plan))
}

/// Change targets, tasks or the expense estimate (the owner). Changing an approved plan starts
/// a new revision; the approved one stays in force until the new one is approved.
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    request_body = UpdatePlanRequest,
    responses(
        (status = 200, body = PlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/plans/{id}")]
async fn update_plan(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdatePlanRequest>,
) -> AppResult<Json<PlanDto>> {
    let id = id.into_inner();
    let plan = caller
        .run(move |c, ctx| service::update(c, ctx, id, &req))
        .await?;
    Ok(Json(plan))
}

/// Submit for approval (the owner). A weekly plan submitted after the deadline is marked late.
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    request_body = SubmitPlanRequest,
    responses(
        (status = 200, body = PlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/plans/{id}/submit")]
async fn submit_plan(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<SubmitPlanRequest>,
) -> AppResult<Json<PlanDto>> {
    let id = id.into_inner();
    let plan = caller
        .run(move |c, ctx| service::submit(c, ctx, id, &req))
        .await?;
    Ok(Json(plan))
}

/// Approve a submitted plan (the owner's manager or an admin, never the owner), sending the
/// version seen; a stale version is 409.
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    request_body = ApprovePlanRequest,
    responses(
        (status = 200, body = PlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/plans/{id}/approve")]
async fn approve_plan(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ApprovePlanRequest>,
) -> AppResult<Json<PlanDto>> {
    let id = id.into_inner();
    let plan = caller
        .run(move |c, ctx| service::approve(c, ctx, id, &req))
        .await?;
    Ok(Json(plan))
}

/// Reject a submitted plan with a comment (required), sending the version seen.
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    request_body = RejectPlanRequest,
    responses(
        (status = 200, body = PlanDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/plans/{id}/reject")]
async fn reject_plan(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<RejectPlanRequest>,
) -> AppResult<Json<PlanDto>> {
    let id = id.into_inner();
    let plan = caller
        .run(move |c, ctx| service::reject(c, ctx, id, &req))
        .await?;
    Ok(Json(plan))
}

/// Every submitted revision with its decision, and the working copy's changes against the
/// approved revision (what a manager needs to decide on a change).
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    responses(
        (status = 200, body = PlanRevisionsDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}/revisions")]
async fn plan_revisions(caller: Caller, id: Path<i64>) -> AppResult<Json<PlanRevisionsDto>> {
    let id = id.into_inner();
    let revisions = caller
        .run(move |c, ctx| service::revisions(c, ctx, id))
        .await?;
    Ok(Json(revisions))
}

/// The plan's workflow history: every step with who, when and why, oldest first.
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}/history")]
async fn plan_history(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<HistoryEntry>>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::history(c, ctx, id))
            .await?,
    ))
}

/// Planned vs done vs missed visits, completion, calls against target, spot-check results.
#[utoipa::path(
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    responses(
        (status = 200, body = Progress),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans/{id}/progress")]
async fn plan_progress(caller: Caller, id: Path<i64>) -> AppResult<Json<Progress>> {
    let id = id.into_inner();
    let p = caller
        .run(move |c, ctx| progress::plan_progress(c, ctx, id))
        .await?;
    Ok(Json(p))
}

/// The week of every salesperson in the caller's teams: plan state, late submissions,
/// completion, calls and spot-checks, with team totals (manager, admin).
#[utoipa::path(
    tag = "plans",
    params(SummaryQuery),
    responses(
        (status = 200, body = WeekSummary),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/plans/summary")]
async fn plans_summary(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<SummaryQuery>,
) -> AppResult<Json<WeekSummary>> {
    let summary = caller
        .run(move |c, ctx| progress::week_summary(c, ctx, &query))
        .await?;
    Ok(Json(summary))
}
