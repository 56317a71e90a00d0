use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::budgets::DecideRequest;
use salesops_domain::expenses::RejectRequest;
use salesops_domain::leavings::{
    ChecklistRequest, CreateLeavingRequest, LeavingDto, LeavingListQuery,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::http::routes::{workflow_history, workflow_step};
use crate::leavings::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_leavings)
        .service(create_leaving)
        .service(get_leaving)
        .service(update_leaving_checklist)
        .service(approve_leaving)
        .service(reject_leaving)
        .service(cancel_leaving)
        .service(close_leaving)
        .service(leaving_history);
}

/// Leavings with their checklists, newest first: HR and admin everyone's, a manager their
/// own and their teams' members', anyone else their own.
#[utoipa::path(
    tag = "leavings",
    params(LeavingListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<LeavingDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/leavings")]
async fn list_leavings(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<LeavingListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<LeavingDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// File a leaving (离职): one's own, or (HR, admin) anyone's enabled account. It waits for
/// the person's manager; one open leaving per person (409 `leaving_open`).
#[utoipa::path(
    tag = "leavings",
    request_body = CreateLeavingRequest,
    responses(
        (status = 201, body = LeavingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/leavings")]
async fn create_leaving(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateLeavingRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

#[utoipa::path(
    tag = "leavings",
    params(("id" = i64, Path, description = "leaving id")),
    responses(
        (status = 200, body = LeavingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/leavings/{id}")]
async fn get_leaving(caller: Caller, id: Path<i64>) -> AppResult<Json<LeavingDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Work the checklist (HR, admin) while the leaving is open: the property items with their
/// checkmarks (the whole list) and/or how an outstanding advance balance is settled, with
/// `version`.
#[utoipa::path(
    tag = "leavings",
    params(("id" = i64, Path, description = "leaving id")),
    request_body = ChecklistRequest,
    responses(
        (status = 200, body = LeavingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/leavings/{id}/checklist")]
async fn update_leaving_checklist(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<ChecklistRequest>,
) -> AppResult<Json<LeavingDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::checklist(c, ctx, id, &req))
            .await?,
    ))
}

workflow_step!(
    approve_leaving,
    "/leavings/{id}/approve",
    "leavings",
    DecideRequest => LeavingDto,
    service::approve,
    "Approve the leaving: the person's manager (or an admin), never the person themself."
);
workflow_step!(
    reject_leaving,
    "/leavings/{id}/reject",
    "leavings",
    RejectRequest => LeavingDto,
    service::reject,
    "Reject the leaving with a reason: the person's manager (or an admin)."
);
workflow_step!(
    cancel_leaving,
    "/leavings/{id}/cancel",
    "leavings",
    DecideRequest => LeavingDto,
    service::cancel,
    "Withdraw the leaving: the person while it waits for the manager; HR or an admin also once approved."
);
workflow_step!(
    close_leaving,
    "/leavings/{id}/close",
    "leavings",
    DecideRequest => LeavingDto,
    service::close,
    "Close an approved leaving (HR, admin) once its checklist is complete (409 `checklist_incomplete` naming what is missing); the account is disabled and every session ended at once."
);
workflow_history!(
    leaving_history,
    "/leavings/{id}/history",
    "leavings",
    service::history
);
