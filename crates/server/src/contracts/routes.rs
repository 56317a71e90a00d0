use actix_web::http::StatusCode;
use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::budgets::DecideRequest;
use salesops_domain::deals::{
    ContractDto, ContractListQuery, ContractRequest, LetterQuery, PaymentDto, PaymentRequest,
    SignRequest,
};
use salesops_domain::expenses::{RejectRequest, VersionRequest};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::contracts::{letter, payments, service};
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};
use crate::idempotency::{self, IdempotencyKey};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_contracts)
        .service(create_contract)
        .service(get_contract)
        .service(update_contract)
        .service(submit_contract)
        .service(approve_contract)
        .service(reject_contract)
        .service(sign_contract)
        .service(cancel_contract)
        .service(contract_history)
        .service(record_payment)
        .service(list_payments)
        .service(collection_letter);
}

/// Contracts the caller may see (finance: everyone's); `to_review=true`: those in review the
/// caller may decide (never their own).
#[utoipa::path(
    tag = "deals",
    params(ContractListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ContractDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contracts")]
async fn list_contracts(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ContractListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ContractDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Draft a contract (合同) on a client in scope, with its payment schedule, which adds up to
/// the amount (422 `schedule`); numbers are unique (422 `number`). With `Idempotency-Key`, a
/// retry returns the first answer.
#[utoipa::path(
    tag = "deals",
    params(("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200)),
    request_body = ContractRequest,
    responses(
        (status = 201, body = ContractDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts")]
async fn create_contract(
    caller: Caller,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<ContractRequest>,
) -> AppResult<HttpResponse> {
    let answer = caller
        .run(move |c, ctx| {
            idempotency::once(
                c,
                ctx,
                &key,
                "contracts.create",
                &req,
                StatusCode::CREATED,
                |tx| service::create(tx, ctx, &req),
            )
        })
        .await?;
    Ok(answer.respond())
}

#[utoipa::path(
    tag = "deals",
    params(("id" = i64, Path, description = "contract id")),
    responses(
        (status = 200, body = ContractDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contracts/{id}")]
async fn get_contract(caller: Caller, id: Path<i64>) -> AppResult<Json<ContractDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Change a drafted or rejected contract (the owner), sending `version`; changing a signed
/// one starts a new revision, reviewed again, while the signed one stays in force.
#[utoipa::path(
    tag = "deals",
    params(("id" = i64, Path, description = "contract id")),
    request_body = ContractRequest,
    responses(
        (status = 200, body = ContractDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/contracts/{id}")]
async fn update_contract(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ContractRequest>,
) -> AppResult<Json<ContractDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}

workflow_step!(
    submit_contract,
    "/contracts/{id}/submit",
    "deals",
    VersionRequest => ContractDto,
    service::submit,
    "Submit the contract for review (the owner)."
);
workflow_step!(
    approve_contract,
    "/contracts/{id}/approve",
    "deals",
    DecideRequest => ContractDto,
    service::approve,
    "Approve the contract in review: the owner's manager or finance, never the owner."
);
workflow_step!(
    reject_contract,
    "/contracts/{id}/reject",
    "deals",
    RejectRequest => ContractDto,
    service::reject,
    "Reject the contract in review with a reason; the owner may change it and submit again."
);
workflow_step!(
    sign_contract,
    "/contracts/{id}/sign",
    "deals",
    SignRequest => ContractDto,
    service::sign,
    "Sign the approved contract (the owner): its schedule comes in force and what was received is allocated to it."
);
workflow_step!(
    cancel_contract,
    "/contracts/{id}/cancel",
    "deals",
    VersionRequest => ContractDto,
    service::cancel,
    "Withdraw a contract that was never signed (the owner)."
);
workflow_history!(
    contract_history,
    "/contracts/{id}/history",
    "deals",
    service::history
);

/// Record a payment received (回款, finance) against a signed contract: allocated to the
/// schedule's lines oldest first; more than is outstanding is 422 `over_payment`. With
/// `Idempotency-Key`, a retry returns the first answer.
#[utoipa::path(
    tag = "deals",
    params(
        ("id" = i64, Path, description = "contract id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1–200 visible ASCII characters; the same key and body replay the first answer", pattern = r"^[!-~]{1,200}$", min_length = 1, max_length = 200),
    ),
    request_body = PaymentRequest,
    responses(
        (status = 201, body = PaymentDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/payments")]
async fn record_payment(
    caller: Caller,
    id: Path<i64>,
    key: IdempotencyKey,
    ValidatedJson(req): ValidatedJson<PaymentRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let answer = caller
        .run(move |c, ctx| {
            let op = format!("contracts.payments:{id}");
            idempotency::once(c, ctx, &key, &op, &req, StatusCode::CREATED, |tx| {
                payments::record(tx, ctx, id, &req)
            })
        })
        .await?;
    Ok(answer.respond())
}

/// The contract's payments with the lines each went to, in the order recorded.
#[utoipa::path(
    tag = "deals",
    params(("id" = i64, Path, description = "contract id")),
    responses(
        (status = 200, body = Vec<PaymentDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contracts/{id}/payments")]
async fn list_payments(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<PaymentDto>>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| payments::list(c, ctx, id)).await?,
    ))
}

/// The collection letter (催款函) as a printable page: the client, the contract, the lines
/// overdue on `as_of` (default today) with amounts in 元 and in capital numerals (大写).
#[utoipa::path(
    tag = "deals",
    params(("id" = i64, Path, description = "contract id"), LetterQuery),
    responses(
        (status = 200, description = "the letter", content_type = "text/html", body = String),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contracts/{id}/collection-letter")]
async fn collection_letter(
    caller: Caller,
    id: Path<i64>,
    ValidatedQuery(query): ValidatedQuery<LetterQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let html = caller
        .run(move |c, ctx| letter::render(c, ctx, id, query.as_of))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}
