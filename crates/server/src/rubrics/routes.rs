use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::Problem;
use salesops_domain::scoring::rubric::{RubricDto, RubricListQuery, RubricRequest};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::rubrics::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_rubrics)
        .service(create_rubric)
        .service(get_rubric);
}

/// Every rubric version (of one role with `role`), newest first per role. Anyone signed in.
#[utoipa::path(
    tag = "scores",
    params(RubricListQuery),
    responses(
        (status = 200, body = Vec<RubricDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/rubrics")]
async fn list_rubrics(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<RubricListQuery>,
) -> AppResult<Json<Vec<RubricDto>>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter))
            .await?,
    ))
}

/// Add a version of a role's rubric (admin): numbered after the last, in force from
/// `effective_from`; the items' max_points add up to 100 (422 `sum`), codes are unique.
#[utoipa::path(
    tag = "scores",
    request_body = RubricRequest,
    responses(
        (status = 201, body = RubricDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/rubrics")]
async fn create_rubric(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<RubricRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

#[utoipa::path(
    tag = "scores",
    params(("id" = i64, Path, description = "rubric id")),
    responses(
        (status = 200, body = RubricDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/rubrics/{id}")]
async fn get_rubric(caller: Caller, id: Path<i64>) -> AppResult<Json<RubricDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}
