use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, get, post};
use salesops_domain::spot_checks::{
    CreateSpotCheckRequest, SampleQuery, SpotCheckDto, SpotCheckSample,
};
use salesops_domain::{Page, PageQuery, Problem};

use crate::auth::Principal;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::spot_checks::service;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(sample_spot_checks)
        .service(create_spot_check)
        .service(list_spot_checks);
}

/// Propose a random sample of a week's done visits to check, flagged visits (off-site, no
/// location, unplanned) first; the same `seed` proposes the same sample (manager).
#[utoipa::path(
    tag = "spot_checks",
    params(SampleQuery),
    responses(
        (status = 200, body = SpotCheckSample),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/spot-checks/sample")]
async fn sample_spot_checks(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(query): ValidatedQuery<SampleQuery>,
) -> AppResult<Json<SpotCheckSample>> {
    let sample = state
        .db
        .run(move |c| service::sample(c, &principal, &query))
        .await?;
    Ok(Json(sample))
}

/// Record a spot-check on a team member's done visit; `not_confirmed` marks it a false report.
#[utoipa::path(
    tag = "spot_checks",
    request_body = CreateSpotCheckRequest,
    responses(
        (status = 201, body = SpotCheckDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/spot-checks")]
async fn create_spot_check(
    state: Data<AppState>,
    principal: Principal,
    ValidatedJson(req): ValidatedJson<CreateSpotCheckRequest>,
) -> AppResult<HttpResponse> {
    let check = state
        .db
        .run(move |c| service::record(c, &principal, &req))
        .await?;
    Ok(HttpResponse::Created().json(check))
}

/// Spot-checks on visits the caller may see, newest first.
#[utoipa::path(
    tag = "spot_checks",
    params(PageQuery),
    responses(
        (status = 200, body = Page<SpotCheckDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/spot-checks")]
async fn list_spot_checks(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<SpotCheckDto>>> {
    let page = state
        .db
        .run(move |c| service::list(c, &principal, page))
        .await?;
    Ok(Json(page))
}
