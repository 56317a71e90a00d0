use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest};
use salesops_domain::{Page, PageQuery, Problem};

use crate::auth::Principal;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::state::AppState;
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
    params(PageQuery),
    responses(
        (status = 200, body = Page<TeamDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/teams")]
async fn list_teams(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<TeamDto>>> {
    let page = state
        .db
        .run(move |conn| service::list(conn, &principal, page))
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
    state: Data<AppState>,
    principal: Principal,
    ValidatedJson(req): ValidatedJson<CreateTeamRequest>,
) -> AppResult<HttpResponse> {
    let team = state
        .db
        .run(move |conn| service::create(conn, &principal, &req))
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
async fn get_team(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
) -> AppResult<Json<TeamDto>> {
    let id = id.into_inner();
    let team = state
        .db
        .run(move |conn| service::get(conn, &principal, id))
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
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateTeamRequest>,
) -> AppResult<Json<TeamDto>> {
    let id = id.into_inner();
    let team = state
        .db
        .run(move |conn| service::update(conn, &principal, id, &req))
        .await?;
    Ok(Json(team))
}
