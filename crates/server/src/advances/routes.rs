use actix_web::http::StatusCode;
use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::Problem;
use salesops_domain::advances::{
    AdvanceDto, AdvanceListQuery, AdvanceRequest, RepaymentDto, RepaymentRequest,
};
use salesops_domain::budgets::DecideRequest;
use salesops_domain::expenses::{PayRequest, RejectRequest, VersionRequest};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, SinceQuery};

use crate::access::Caller;
use crate::advances::service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};
use crate::idempotency::{self, IdempotencyKey};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_advances)
        .service(create_advance)
        .service(get_advance)
        .service(update_advance)
        .service(submit_advance)
        .service(approve_advance)
        .service(reject_advance)
        .service(pay_advance)
        .service(cancel_advance)
        .service(advance_history)
        .service(repay_advance)
        .service(advance_repayments);
}

/// Advances the caller may see; `to_approve=true`: those waiting for the caller's decision
/// or payment (never their own).
#[utoipa::path(
    tag = "expenses",
    params(AdvanceListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<AdvanceDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/advances")]
async fn list_advances(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<AdvanceListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<AdvanceDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Ask for an advance (借支) against one of the caller's approved plans, as a draft; all the
/// plan's live advances together stay within its expense estimate (422 `over_estimate`).
/// With `Idempotency-Key`, a retry returns the first answer (`Idempotent-Replayed: true`).
#[utoipa::path(
    tag = "expenses",
    params(("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200)),
    request_body = AdvanceRequest,
    responses(
        (status = 201, body = AdvanceDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/advances")]
async fn create_advance(
    caller: Caller,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<AdvanceRequest>,
) -> AppResult<HttpResponse> {
    let answer = caller
        .run(move |c, ctx| {
            idempotency::once(
                c,
                ctx,
                &key,
                "advances.create",
                &req,
                StatusCode::CREATED,
                |tx| service::create(tx, ctx, &req),
            )
        })
        .await?;
    Ok(answer.respond())
}

#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "advance id")),
    responses(
        (status = 200, body = AdvanceDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/advances/{id}")]
async fn get_advance(caller: Caller, id: Path<i64>) -> AppResult<Json<AdvanceDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Change a draft or rejected advance (the owner), sending `version`.
#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "advance id")),
    request_body = AdvanceRequest,
    responses(
        (status = 200, body = AdvanceDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/advances/{id}")]
async fn update_advance(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<AdvanceRequest>,
) -> AppResult<Json<AdvanceDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}

workflow_step!(
    submit_advance,
    "/advances/{id}/submit",
    "expenses",
    VersionRequest => AdvanceDto,
    service::submit,
    "Submit the advance to the owner's manager (the owner)."
);
workflow_step!(
    approve_advance,
    "/advances/{id}/approve",
    "expenses",
    DecideRequest => AdvanceDto,
    service::approve,
    "Approve: the owner's manager (or admin) first, then finance — two different people, never the owner (403 `same_approver`)."
);
workflow_step!(
    reject_advance,
    "/advances/{id}/reject",
    "expenses",
    RejectRequest => AdvanceDto,
    service::reject,
    "Reject with a reason (required), at either approval; the owner may change it and submit again."
);
workflow_step!(
    cancel_advance,
    "/advances/{id}/cancel",
    "expenses",
    VersionRequest => AdvanceDto,
    service::cancel,
    "Withdraw the advance (the owner), before any approval."
);
workflow_history!(
    advance_history,
    "/advances/{id}/history",
    "expenses",
    service::history
);

/// Pay the advance out (finance) with the payment's reference. With `Idempotency-Key`, a
/// retry returns the first answer.
#[utoipa::path(
    tag = "expenses",
    params(
        ("id" = i64, Path, description = "advance id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200),
    ),
    request_body = PayRequest,
    responses(
        (status = 200, body = AdvanceDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/advances/{id}/pay")]
async fn pay_advance(
    caller: Caller,
    id: Path<i64>,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<PayRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let answer = caller
        .run(move |c, ctx| {
            let op = format!("advances.pay:{id}");
            idempotency::once(c, ctx, &key, &op, &req, StatusCode::OK, |tx| {
                service::pay(tx, ctx, id, &req)
            })
        })
        .await?;
    Ok(answer.respond())
}

/// Record a repayment of a paid advance (finance): at most its balance.
#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "advance id")),
    request_body = RepaymentRequest,
    responses(
        (status = 200, body = AdvanceDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/advances/{id}/repayments")]
async fn repay_advance(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<RepaymentRequest>,
) -> AppResult<Json<AdvanceDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::repay(c, ctx, id, &req))
            .await?,
    ))
}

#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "advance id")),
    responses(
        (status = 200, body = Vec<RepaymentDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/advances/{id}/repayments")]
async fn advance_repayments(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<RepaymentDto>>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::repayments(c, ctx, id))
            .await?,
    ))
}
