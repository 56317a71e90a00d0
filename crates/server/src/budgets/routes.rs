use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::budgets::{
    BudgetDto, BudgetListQuery, CreateBudgetRequest, UpdateBudgetRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::budgets::service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_budgets)
        .service(create_budget)
        .service(get_budget)
        .service(update_budget);
    crate::budgets::supplement_routes::configure(cfg);
}

/// Monthly budgets the caller may see: their own, their teams' (managers), everyone's
/// (finance, admin).
#[utoipa::path(
    tag = "expenses",
    params(BudgetListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<BudgetDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/budgets")]
async fn list_budgets(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<BudgetListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<BudgetDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Set a person's monthly budget for a category (their manager or admin, never their own);
/// one per person, month and category (409 on a second: change it instead).
#[utoipa::path(
    tag = "expenses",
    request_body = CreateBudgetRequest,
    responses(
        (status = 201, body = BudgetDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/budgets")]
async fn create_budget(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateBudgetRequest>,
) -> AppResult<HttpResponse> {
    let budget = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(budget))
}

#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "budget id")),
    responses(
        (status = 200, body = BudgetDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/budgets/{id}")]
async fn get_budget(caller: Caller, id: Path<i64>) -> AppResult<Json<BudgetDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Change the amount, sending the version seen (409 `stale_version` if someone changed it).
#[utoipa::path(
    tag = "expenses",
    params(("id" = i64, Path, description = "budget id")),
    request_body = UpdateBudgetRequest,
    responses(
        (status = 200, body = BudgetDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/budgets/{id}")]
async fn update_budget(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateBudgetRequest>,
) -> AppResult<Json<BudgetDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::update(c, ctx, id, &req))
            .await?,
    ))
}
