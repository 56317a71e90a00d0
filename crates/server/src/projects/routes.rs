use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::deals::{
    PipelineQuery, PipelineStage, ProjectDto, ProjectListQuery, ProjectRequest, StageRequest,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};
use crate::projects::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The pipeline before `{id}`, which would otherwise take its name for an id.
    cfg.service(pipeline)
        .service(list_projects)
        .service(create_project)
        .service(get_project)
        .service(update_project)
        .service(move_project_stage)
        .service(project_history);
}

/// Projects the caller may see (their own; their teams'; finance and admin everyone's),
/// newest first.
#[utoipa::path(
    tag = "deals",
    params(ProjectListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ProjectDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/projects")]
async fn list_projects(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ProjectListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ProjectDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Open a project (项目) on a client in scope; it starts in `design`, which makes the client a
/// key client for the follow-up cadence. Its owner is the client's owner.
#[utoipa::path(
    tag = "deals",
    request_body = ProjectRequest,
    responses(
        (status = 201, body = ProjectDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/projects")]
async fn create_project(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<ProjectRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Count and expected amount per stage (every stage, in order) over the projects in scope,
/// or one person's (`owner_id`) or one team's (`team_id`).
#[utoipa::path(
    tag = "deals",
    params(PipelineQuery),
    responses(
        (status = 200, body = Vec<PipelineStage>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/projects/pipeline")]
async fn pipeline(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<PipelineQuery>,
) -> AppResult<Json<Vec<PipelineStage>>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::pipeline(c, ctx, &query))
            .await?,
    ))
}

#[utoipa::path(
    tag = "deals",
    params(("id" = i64, Path, description = "project id")),
    responses(
        (status = 200, body = ProjectDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}")]
async fn get_project(caller: Caller, id: Path<i64>) -> AppResult<Json<ProjectDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Change an open project's details, sending `version` (the stage moves with `…/stage`).
#[utoipa::path(
    tag = "deals",
    params(("id" = i64, Path, description = "project id")),
    request_body = ProjectRequest,
    responses(
        (status = 200, body = ProjectDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/projects/{id}")]
async fn update_project(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ProjectRequest>,
) -> AppResult<Json<ProjectDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}

workflow_step!(
    move_project_stage,
    "/projects/{id}/stage",
    "deals",
    StageRequest => ProjectDto,
    service::move_stage,
    "Move the project one stage forward, or to `won`, or to `lost` with the reason in `note` (422 without it); any other stage is 409 `invalid_stage` naming the allowed next stages."
);
workflow_history!(
    project_history,
    "/projects/{id}/history",
    "deals",
    service::history
);
