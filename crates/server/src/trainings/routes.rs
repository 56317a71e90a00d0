use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::trainings::{
    AssessmentDto, AssessmentRequest, RetrainingDto, TrainingDto, TrainingListQuery,
    TrainingRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::trainings::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The retraining list before `{id}`, which would otherwise take its name for an id.
    cfg.service(retraining)
        .service(list_trainings)
        .service(create_training)
        .service(get_training)
        .service(update_training)
        .service(assess_attendee);
}

/// People whose latest assessment failed (by the training's date, then the order recorded),
/// with that assessment: listed for retraining until a later one passes. HR and admin see
/// everyone enabled; a manager their teams' members; anyone else themself.
#[utoipa::path(
    tag = "trainings",
    responses(
        (status = 200, body = Vec<RetrainingDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/trainings/retraining")]
async fn retraining(caller: Caller) -> AppResult<Json<Vec<RetrainingDto>>> {
    Ok(Json(caller.run(service::retraining).await?))
}

/// Trainings the caller may see (HR and admin all; others those attended by someone in their
/// scope, and those they gave or recorded), the newest first.
#[utoipa::path(
    tag = "trainings",
    params(TrainingListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<TrainingDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/trainings")]
async fn list_trainings(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<TrainingListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<TrainingDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Record a training (培训): a manager for members of their teams (422 naming `attendee_ids`
/// otherwise), HR and admin for anyone enabled; the trainer is an enabled user.
#[utoipa::path(
    tag = "trainings",
    request_body = TrainingRequest,
    responses(
        (status = 201, body = TrainingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/trainings")]
async fn create_training(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<TrainingRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

#[utoipa::path(
    tag = "trainings",
    params(("id" = i64, Path, description = "training id")),
    responses(
        (status = 200, body = TrainingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/trainings/{id}")]
async fn get_training(caller: Caller, id: Path<i64>) -> AppResult<Json<TrainingDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Change a training (the manager who recorded it, or HR), sending `version`, while nobody
/// has been assessed on it (409 `assessed` after).
#[utoipa::path(
    tag = "trainings",
    params(("id" = i64, Path, description = "training id")),
    request_body = TrainingRequest,
    responses(
        (status = 200, body = TrainingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/trainings/{id}")]
async fn update_training(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<TrainingRequest>,
) -> AppResult<Json<TrainingDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}

/// Assess an attendee (考核): whoever changes the training; a manager only members of their
/// teams; nobody themself. Someone may be assessed again; their latest assessment counts.
#[utoipa::path(
    tag = "trainings",
    params(("id" = i64, Path, description = "training id")),
    request_body = AssessmentRequest,
    responses(
        (status = 201, body = AssessmentDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/trainings/{id}/assessments")]
async fn assess_attendee(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<AssessmentRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| service::assess(c, ctx, id, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}
