use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::teams::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_teams)
        .service(create_team)
        .service(get_team)
        .service(update_team);
}

/// Teams the caller may see.
#[utoipa::path(
    tag = "teams",
    params(PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<TeamDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/teams")]
async fn list_teams(
    caller: Caller,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<TeamDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |conn, ctx| service::list(conn, ctx, &page))
        .await?;
    Ok(Json(page))
}

/// Create a team (admin). The manager must hold the manager role; the parent must exist.
#[utoipa::path(
    tag = "teams",
    request_body = CreateTeamRequest,
    responses(
        (status = 201, body = TeamDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/teams")]
async fn create_team(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateTeamRequest>,
) -> AppResult<HttpResponse> {
    let team = caller
        .run(move |conn, ctx| service::create(conn, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(team))
}

#[utoipa::path(
    tag = "teams",
    params(("id" = i64, Path, description = "team id")),
    responses(
        (status = 200, body = TeamDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/teams/{id}")]
async fn get_team(caller: Caller, id: Path<i64>) -> AppResult<Json<TeamDto>> {
    let id = id.into_inner();
    let team = caller
        .run(move |conn, ctx| service::get(conn, ctx, id))
        .await?;
    Ok(Json(team))
}

/// Rename, move or re-manage a team (admin). A team cannot be moved below itself.
#[utoipa::path(
    tag = "teams",
    params(("id" = i64, Path, description = "team id")),
    request_body = UpdateTeamRequest,
    responses(
        (status = 200, body = TeamDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/teams/{id}")]
async fn update_team(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateTeamRequest>,
) -> AppResult<Json<TeamDto>> {
    let id = id.into_inner();
    let team = caller
        .run(move |conn, ctx| service::update(conn, ctx, id, &req))
        .await?;
    Ok(Json(team))
}
