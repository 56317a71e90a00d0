use actix_web::http::StatusCode;
use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::expenses::{
    ApproveClaimRequest, BulkPayRequest, ClaimDto, ClaimListQuery, ClaimPreviewDto, ClaimRequest,
    PayRequest, RejectRequest, VersionRequest,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::expenses::{lists, pay, service};
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};
use crate::idempotency::{self, IdempotencyKey};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The literal paths before `/expense-claims/{id}`.
    cfg.service(preview_claim)
        .service(bulk_pay)
        .service(list_claims)
        .service(create_claim)
        .service(get_claim)
        .service(update_claim)
        .service(submit_claim)
        .service(approve_claim)
        .service(reject_claim)
        .service(pay_claim)
        .service(cancel_claim)
        .service(claim_history);
    crate::expenses::standard_routes::configure(cfg);
}

/// Claims the caller may see (finance: everyone's); `to_approve=true`: the caller's queue.
#[utoipa::path(
    tag = "expenses",
    params(ClaimListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ClaimDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/expense-claims")]
async fn list_claims(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ClaimListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ClaimDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| lists::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// A new draft claim of the caller's. Each line is checked as it is stored: its standard,
/// `over_standard_fen` and flags. With `Idempotency-Key`, a retry returns the first answer
/// (`Idempotent-Replayed: true`); the key with another body is 422
/// `idempotency_key_reused`, while the first still runs 409.
#[utoipa::path(
    tag = "expenses",
    params(("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200)),
    request_body = ClaimRequest,
    responses(
        (status = 201, body = ClaimDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/expense-claims")]
async fn create_claim(
    caller: Caller,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<ClaimRequest>,
) -> AppResult<HttpResponse> {
    let answer = caller
        .run(move |c, ctx| {
            idempotency::once(
                c,
                ctx,
                &key,
                "expense_claims.create",
                &req,
                StatusCode::CREATED,
                |tx| service::create(tx, ctx, &req),
            )
        })
        .await?;
    Ok(answer.respond())
}

/// The lines checked as a submission would check them — standards, flags, budgets — with
/// nothing stored: what the claim form shows as the owner types.
#[utoipa::path(
    tag = "expenses",
    request_body = ClaimRequest,
    responses(
        (status = 200, body = ClaimPreviewDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/expense-claims/preview")]
async fn preview_claim(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<ClaimRequest>,
) -> AppResult<Json<ClaimPreviewDto>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::preview(c, ctx, &req))
            .await?,
    ))
}

#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "claim id")),
    responses(
        (status = 200, body = ClaimDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/expense-claims/{id}")]
async fn get_claim(caller: Caller, id: Path<i64>) -> AppResult<Json<ClaimDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Replace a draft or rejected claim's lines (the owner, with `version`); a rejected claim
/// becomes a draft again.
#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "claim id")),
    request_body = ClaimRequest,
    responses(
        (status = 200, body = ClaimDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/expense-claims/{id}")]
async fn update_claim(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ClaimRequest>,
) -> AppResult<Json<ClaimDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}

workflow_step!(
    submit_claim,
    "/expense-claims/{id}/submit",
    "expenses",
    VersionRequest => ClaimDto,
    service::submit,
    "Submit to the owner's manager (the owner). Refused with 409 and the rule's `code` — `false_visit` (a line's visit was spot-checked as not confirmed), `no_receipt` (a line above the threshold without a receipt), `over_budget` (with `budget_fen`, `used_fen`, `requested_fen` and every `excess`) — and the lines in `line_ids` and `errors`."
);
workflow_step!(
    approve_claim,
    "/expense-claims/{id}/approve",
    "expenses",
    ApproveClaimRequest => ClaimDto,
    service::approve,
    "Approve. The owner's manager (or admin) first, deciding each line: `approved_fen` cuts it, `allow_over_standard` approves it above its standard, otherwise a line above its standard is cut to the standard. Then finance, the claim as the manager left it, never the same person (403 `same_approver`) nor the owner."
);
workflow_step!(
    reject_claim,
    "/expense-claims/{id}/reject",
    "expenses",
    RejectRequest => ClaimDto,
    service::reject,
    "Return the claim to its owner with a reason (required), at either approval; they edit and submit again."
);
workflow_step!(
    cancel_claim,
    "/expense-claims/{id}/cancel",
    "expenses",
    VersionRequest => ClaimDto,
    service::cancel,
    "Withdraw the claim (the owner), before any approval."
);
workflow_history!(
    claim_history,
    "/expense-claims/{id}/history",
    "expenses",
    service::history
);

/// Pay a finance-approved claim (finance) with the payment's reference; a claim that settles
/// an advance is offset against its balance first. With `Idempotency-Key`, a retry returns
/// the first answer.
#[utoipa::path(
    tag = "expenses",
    params(
        ("id" = i64, Path, description = "claim id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200),
    ),
    request_body = PayRequest,
    responses(
        (status = 200, body = ClaimDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/expense-claims/{id}/pay")]
async fn pay_claim(
    caller: Caller,
    id: Path<i64>,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<PayRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let answer = caller
        .run(move |c, ctx| {
            let op = format!("expense_claims.pay:{id}");
            idempotency::once(c, ctx, &key, &op, &req, StatusCode::OK, |tx| {
                pay::pay(tx, ctx, id, &req)
            })
        })
        .await?;
    Ok(answer.respond())
}

/// Pay several finance-approved claims with one payment reference, in one transaction: all
/// are paid or none (the error names the claim that could not be). With `Idempotency-Key`, a
/// retry returns the first answer.
#[utoipa::path(
    tag = "expenses",
    params(("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200)),
    request_body = BulkPayRequest,
    responses(
        (status = 200, body = Vec<ClaimDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/expense-claims/pay")]
async fn bulk_pay(
    caller: Caller,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<BulkPayRequest>,
) -> AppResult<HttpResponse> {
    let answer = caller
        .run(move |c, ctx| {
            idempotency::once(
                c,
                ctx,
                &key,
                "expense_claims.bulk_pay",
                &req,
                StatusCode::OK,
                |tx| pay::bulk_pay(tx, ctx, &req),
            )
        })
        .await?;
    Ok(answer.respond())
}
