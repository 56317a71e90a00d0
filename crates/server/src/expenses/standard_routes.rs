use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::expenses::{
    CreateExpenseStandardRequest, ExpenseStandardDto, StandardListQuery,
    UpdateExpenseStandardRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::expenses::standards as service;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_standards)
        .service(create_standard)
        .service(get_standard)
        .service(update_standard);
}

/// The expense standards; `in_force_on=2026-12-01`: those in force that day.
#[utoipa::path(
    tag = "expenses",
    params(StandardListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ExpenseStandardDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/expense-standards")]
async fn list_standards(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<StandardListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ExpenseStandardDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Add a standard (admin): an amount per day, night, month or item for a category, from a
/// date on, optionally for one city tier and one role. A claim line is checked against the
/// most specific standard in force on its date.
#[utoipa::path(
    tag = "expenses",
    request_body = CreateExpenseStandardRequest,
    responses(
        (status = 201, body = ExpenseStandardDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/expense-standards")]
async fn create_standard(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateExpenseStandardRequest>,
) -> AppResult<HttpResponse> {
    let s = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(s))
}

#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "standard id")),
    responses(
        (status = 200, body = ExpenseStandardDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/expense-standards/{id}")]
async fn get_standard(caller: Caller, id: Path<i64>) -> AppResult<Json<ExpenseStandardDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Correct a standard (admin): amount, unit, effective date. To change a standard from a
/// date on, add a new one effective that day instead (claims before it keep the old one).
#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "standard id")),
    request_body = UpdateExpenseStandardRequest,
    responses(
        (status = 200, body = ExpenseStandardDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/expense-standards/{id}")]
async fn update_standard(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateExpenseStandardRequest>,
) -> AppResult<Json<ExpenseStandardDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}
