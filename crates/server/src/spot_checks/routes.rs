use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::spot_checks::{
    CreateSpotCheckRequest, SampleQuery, SpotCheckDto, SpotCheckSample,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::spot_checks::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(sample_spot_checks)
        .service(create_spot_check)
        .service(list_spot_checks)
        .service(spot_check_history);
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
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<SampleQuery>,
) -> AppResult<Json<SpotCheckSample>> {
    let sample = caller
        .run(move |c, ctx| service::sample(c, ctx, &query))
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
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateSpotCheckRequest>,
) -> AppResult<HttpResponse> {
    let check = caller
        .run(move |c, ctx| service::record(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(check))
}

/// Spot-checks on visits the caller may see, newest first.
///
/// `updated_since` compares `created_at`: a check is recorded once and never changed.
#[utoipa::path(
    tag = "spot_checks",
    params(PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<SpotCheckDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/spot-checks")]
async fn list_spot_checks(
    caller: Caller,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<SpotCheckDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &page))
        .await?;
    Ok(Json(page))
}

/// The workflow history of a spot-check's visit: the result recorded, by whom and when.
#[utoipa::path(
    tag = "spot_checks",
    params(("id" = i64, Path, description = "spot-check id")),
    responses(
        (status = 200, body = Vec<HistoryEntry>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/spot-checks/{id}/history")]
async fn spot_check_history(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<HistoryEntry>>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::history(c, ctx, id))
            .await?,
    ))
}
