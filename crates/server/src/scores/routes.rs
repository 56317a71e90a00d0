use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::scoring::score::{
    AdjustScoreRequest, AlertDto, AnnualQuery, AnnualScore, CreateScoreRequest,
    DisputeScoreRequest, FinalizeScoreRequest, MonthQuery, ResolveScoreRequest, ScoreDto,
    ScoreListQuery, ScoreStatus, ScoreStepRequest,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};
use crate::scores::{alerts, read, service};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_scores)
        .service(create_score)
        .service(annual_score)
        .service(score_status)
        .service(list_alerts)
        .service(get_score)
        .service(adjust_score)
        .service(recompute_score)
        .service(finalize_score)
        .service(acknowledge_score)
        .service(dispute_score)
        .service(resolve_score)
        .service(reopen_score)
        .service(score_history);
}

/// Scores in scope (one's own; a manager's teams; HR and admin everyone's), newest month
/// first.
#[utoipa::path(
    tag = "scores",
    params(ScoreListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ScoreDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/scores")]
async fn list_scores(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ScoreListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ScoreDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| read::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Compute the draft of a person's month from the rubric in force and the records (the
/// person's manager — the manager's manager for a manager —, HR or admin; never one's own).
/// A month already scored is 422 `taken` on `month`: recompute that score.
#[utoipa::path(
    tag = "scores",
    request_body = CreateScoreRequest,
    responses(
        (status = 201, body = ScoreDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/scores")]
async fn create_score(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateScoreRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// The annual score (年度考核): twelve finalized months ÷ 12; otherwise the average of the
/// months scored, the missing months listed (never counted as zeros).
#[utoipa::path(
    tag = "scores",
    params(AnnualQuery),
    responses(
        (status = 200, body = AnnualScore),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/scores/annual")]
async fn annual_score(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<AnnualQuery>,
) -> AppResult<Json<AnnualScore>> {
    Ok(Json(
        caller
            .run(move |c, ctx| read::annual(c, ctx, &query))
            .await?,
    ))
}

/// Who is not finalized for the month, and whether the 8th of the next month has passed (HR
/// everyone; a manager their teams).
#[utoipa::path(
    tag = "scores",
    params(MonthQuery),
    responses(
        (status = 200, body = ScoreStatus),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/scores/status")]
async fn score_status(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<MonthQuery>,
) -> AppResult<Json<ScoreStatus>> {
    Ok(Json(
        caller
            .run(move |c, ctx| read::status(c, ctx, &query.month))
            .await?,
    ))
}

/// The month's alerts: below 60, or below 70 three months running (finalized scores; HR
/// everyone, a manager their teams).
#[utoipa::path(
    tag = "scores",
    params(MonthQuery),
    responses(
        (status = 200, body = Vec<AlertDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/alerts")]
async fn list_alerts(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<MonthQuery>,
) -> AppResult<Json<Vec<AlertDto>>> {
    Ok(Json(
        caller
            .run(move |c, ctx| alerts::alerts(c, ctx, &query.month))
            .await?,
    ))
}

#[utoipa::path(
    tag = "scores",
    params(("id" = i64, Path, description = "score id")),
    responses(
        (status = 200, body = ScoreDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/scores/{id}")]
async fn get_score(caller: Caller, id: Path<i64>) -> AppResult<Json<ScoreDto>> {
    let id = id.into_inner();
    Ok(Json(caller.run(move |c, ctx| read::get(c, ctx, id)).await?))
}

/// Enter manual items (occurrences or points) and override computed ones (points), each with
/// a note: a draft, by the person's manager chain (or admin).
#[utoipa::path(
    tag = "scores",
    params(("id" = i64, Path, description = "score id")),
    request_body = AdjustScoreRequest,
    responses(
        (status = 200, body = ScoreDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/scores/{id}")]
async fn adjust_score(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<AdjustScoreRequest>,
) -> AppResult<Json<ScoreDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::adjust(c, ctx, id, &req))
            .await?,
    ))
}

workflow_step!(
    recompute_score,
    "/scores/{id}/recompute",
    "scores",
    ScoreStepRequest => ScoreDto,
    service::recompute,
    "Refresh a draft's computed items from the records (idempotent; the adjustments stay)."
);
workflow_step!(
    finalize_score,
    "/scores/{id}/finalize",
    "scores",
    FinalizeScoreRequest => ScoreDto,
    service::finalize,
    "讲评 done: the discussion note is required; never by the person scored; the score is locked."
);
workflow_step!(
    acknowledge_score,
    "/scores/{id}/acknowledge",
    "scores",
    ScoreStepRequest => ScoreDto,
    service::acknowledge,
    "The person accepts the finalized score."
);
workflow_step!(
    dispute_score,
    "/scores/{id}/dispute",
    "scores",
    DisputeScoreRequest => ScoreDto,
    service::dispute,
    "The person disputes the finalized score, with a reason; it goes to the manager's manager or HR."
);
workflow_step!(
    resolve_score,
    "/scores/{id}/resolve",
    "scores",
    ResolveScoreRequest => ScoreDto,
    service::resolve,
    "Decide a dispute (the manager's manager or HR, never whoever finalized it, 403 `same_approver`): back to finalized, `changed` with the items' adjustments."
);
workflow_step!(
    reopen_score,
    "/scores/{id}/reopen",
    "scores",
    ScoreStepRequest => ScoreDto,
    service::reopen,
    "HR unlocks a score, with a reason (required): back to draft."
);
workflow_history!(
    score_history,
    "/scores/{id}/history",
    "scores",
    read::history
);
