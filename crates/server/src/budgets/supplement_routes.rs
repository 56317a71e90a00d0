use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::budgets::{
    CreateSupplementRequest, DecideRequest, SupplementDto, SupplementListQuery,
};
use salesops_domain::expenses::{RejectRequest, VersionRequest};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::budgets::supplements as service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_supplements)
        .service(create_supplement)
        .service(get_supplement)
        .service(submit_supplement)
        .service(approve_supplement)
        .service(reject_supplement)
        .service(supplement_history);
}

/// Supplements the caller may see; `to_approve=true`: submitted ones waiting for the
/// caller's decision (never their own).
#[utoipa::path(
    tag = "expenses",
    params(SupplementListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<SupplementDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/budget-supplements")]
async fn list_supplements(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<SupplementListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<SupplementDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Ask for more budget (追加预算) for a week (`2026-W49`) or a month (`2026-12`) and a
/// category: a draft of the caller's, sent with `submit`.
#[utoipa::path(
    tag = "expenses",
    request_body = CreateSupplementRequest,
    responses(
        (status = 201, body = SupplementDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/budget-supplements")]
async fn create_supplement(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateSupplementRequest>,
) -> AppResult<HttpResponse> {
    let s = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(s))
}

#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "supplement id")),
    responses(
        (status = 200, body = SupplementDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/budget-supplements/{id}")]
async fn get_supplement(caller: Caller, id: Path<i64>) -> AppResult<Json<SupplementDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

workflow_step!(
    submit_supplement,
    "/budget-supplements/{id}/submit",
    "expenses",
    VersionRequest => SupplementDto,
    service::submit,
    "Submit the supplement to the owner's manager (the owner)."
);
workflow_step!(
    approve_supplement,
    "/budget-supplements/{id}/approve",
    "expenses",
    DecideRequest => SupplementDto,
    service::approve,
    "Approve (the owner's manager or admin, never the owner): the period's budget rises by the amount."
);
workflow_step!(
    reject_supplement,
    "/budget-supplements/{id}/reject",
    "expenses",
    RejectRequest => SupplementDto,
    service::reject,
    "Reject with a reason (required); the owner may submit it again."
);
workflow_history!(
    supplement_history,
    "/budget-supplements/{id}/history",
    "expenses",
    service::history
);
