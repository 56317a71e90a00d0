use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, delete, get, post, put};
use salesops_domain::pay::{
    BranchProfitDto, BranchProfitListQuery, BranchProfitRequest, CommissionRuleDto,
    CommissionRuleRequest, PayGradeDto, PayGradeListQuery, PayGradeRequest, PayItemDto,
    PayItemListQuery, PayItemRequest, PaySettingsDto, PaySettingsRequest,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::pay::{items, setup};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_grades)
        .service(create_grade)
        .service(get_settings)
        .service(put_settings)
        .service(list_rules)
        .service(create_rule)
        .service(list_items)
        .service(create_item)
        .service(delete_item)
        .service(list_profits)
        .service(create_profit)
        .service(delete_profit);
    crate::pay::report_routes::configure(cfg);
}

/// Pay grades (base and performance parts from a month on), one person's with `user_id`;
/// the grade in force for a month is the latest `effective_from` not after it
/// (`pay:read`: finance, HR, admin).
///
/// `updated_since` compares `created_at`: a grade is never changed; a new one takes effect
/// instead.
#[utoipa::path(
    tag = "pay",
    params(PayGradeListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<PayGradeDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/pay-grades")]
async fn list_grades(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<PayGradeListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<PayGradeDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| setup::list_grades(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Set a person's grade from a month on (admin). One per person and month: a second is 422
/// naming `effective_from`.
#[utoipa::path(
    tag = "pay",
    request_body = PayGradeRequest,
    responses(
        (status = 201, body = PayGradeDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/pay-grades")]
async fn create_grade(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<PayGradeRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| setup::create_grade(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// The pay settings: the coefficient cap (`null`: none).
#[utoipa::path(
    tag = "pay",
    responses(
        (status = 200, body = PaySettingsDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/pay-settings")]
async fn get_settings(caller: Caller) -> AppResult<Json<PaySettingsDto>> {
    Ok(Json(caller.run(setup::settings).await?))
}

/// Set or clear the coefficient cap (admin): 1.0–3.0 with at most four decimals.
#[utoipa::path(
    tag = "pay",
    request_body = PaySettingsRequest,
    responses(
        (status = 200, body = PaySettingsDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/pay-settings")]
async fn put_settings(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<PaySettingsRequest>,
) -> AppResult<Json<PaySettingsDto>> {
    Ok(Json(
        caller
            .run(move |c, ctx| setup::save_settings(c, ctx, &req))
            .await?,
    ))
}

/// Commission rules (提成规则), the latest first; the rule in force for a month is the latest
/// `effective_from` not after it.
///
/// `updated_since` compares `created_at`: a rule is never changed; a new one takes effect
/// instead.
#[utoipa::path(
    tag = "pay",
    params(PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<CommissionRuleDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/commission-rules")]
async fn list_rules(
    caller: Caller,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<CommissionRuleDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| setup::list_rules(c, ctx, &page))
            .await?,
    ))
}

/// A commission rule from a month on (admin); a second for the same month is 422 naming
/// `effective_from`.
#[utoipa::path(
    tag = "pay",
    request_body = CommissionRuleRequest,
    responses(
        (status = 201, body = CommissionRuleDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/commission-rules")]
async fn create_rule(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CommissionRuleRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| setup::create_rule(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Incentives and deductions, the latest month first.
///
/// `updated_since` compares `created_at`: an item is never changed once entered (it may be
/// deleted, which a pull by change cannot show).
#[utoipa::path(
    tag = "pay",
    params(PayItemListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<PayItemDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/pay-items")]
async fn list_items(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<PayItemListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<PayItemDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| items::list_items(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Enter a special incentive (特别奖励) or a deduction for someone's month, with a note
/// (finance, HR; never one's own, 403).
#[utoipa::path(
    tag = "pay",
    request_body = PayItemRequest,
    responses(
        (status = 201, body = PayItemDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/pay-items")]
async fn create_item(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<PayItemRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| items::create_item(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Remove a pay item entered by mistake (finance, HR; audited).
#[utoipa::path(
    tag = "pay",
    params(("id" = i64, Path, description = "pay item id")),
    responses(
        (status = 204, description = "removed"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/pay-items/{id}")]
async fn delete_item(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    caller
        .run(move |c, ctx| items::remove_item(c, ctx, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Branch profits with the shares they make: 20 % of the profit to the team's manager and
/// the finance lead, `manager_permille` of it (at least half) to the manager.
///
/// `updated_since` compares `created_at`: a profit is never changed once entered (it may be
/// deleted, which a pull by change cannot show).
#[utoipa::path(
    tag = "pay",
    params(BranchProfitListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<BranchProfitDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/branch-profits")]
async fn list_profits(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<BranchProfitListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<BranchProfitDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| items::list_profits(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Enter a branch's (team's) profit for a month (finance). One per team and month: a second
/// is 422 naming `month`.
#[utoipa::path(
    tag = "pay",
    request_body = BranchProfitRequest,
    responses(
        (status = 201, body = BranchProfitDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/branch-profits")]
async fn create_profit(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<BranchProfitRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| items::create_profit(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Remove a branch profit entered by mistake (finance; audited).
#[utoipa::path(
    tag = "pay",
    params(("id" = i64, Path, description = "branch profit id")),
    responses(
        (status = 204, description = "removed"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/branch-profits/{id}")]
async fn delete_profit(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    caller
        .run(move |c, ctx| items::remove_profit(c, ctx, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
