use actix_web::get;
use actix_web::web::Json;
use salesops_domain::deals::{
    AgingDto, AgingQuery, CollectionReport, CollectionReportQuery, CreditProposalDto,
    ReceivableDto, ReceivableQuery,
};
use salesops_domain::{Page, PageQuery, Problem};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::ValidatedQuery;
use crate::receivables::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(aging)
        .service(credit_proposals)
        .service(list_receivables)
        .service(collections_report);
}

/// The schedule lines with something outstanding on `as_of` (default today), most overdue
/// first; `overdue=true`: only those past their due date.
#[utoipa::path(
    tag = "deals",
    params(ReceivableQuery, PageQuery),
    responses(
        (status = 200, body = Page<ReceivableDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/receivables")]
async fn list_receivables(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<ReceivableQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<ReceivableDto>>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &query, &page))
            .await?,
    ))
}

/// Aging (账龄) on `as_of`: outstanding amounts in the buckets `current` (not yet overdue),
/// `d1_30`, `d31_60`, `d61_90` and `d90_plus` days overdue, per person, per team and in all.
#[utoipa::path(
    tag = "deals",
    params(AgingQuery),
    responses(
        (status = 200, body = AgingDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/receivables/aging")]
async fn aging(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<AgingQuery>,
) -> AppResult<Json<AgingDto>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::aging(c, ctx, &query))
            .await?,
    ))
}

/// The manager's to-do: clients with an amount more than 90 days overdue whose credit is
/// still `normal`, proposed for `abnormal` (confirm with the client edit).
#[utoipa::path(
    tag = "deals",
    responses(
        (status = 200, body = Vec<CreditProposalDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/receivables/credit-proposals")]
async fn credit_proposals(caller: Caller) -> AppResult<Json<Vec<CreditProposalDto>>> {
    Ok(Json(caller.run(service::credit_proposals).await?))
}

/// The collection rate (回款率) over `from..=to`: what fell due in the period (the schedule
/// lines in force due then) and what was received against it by the period's end; rate =
/// received ÷ due (four decimals, `null` when nothing fell due). Per person or per team.
#[utoipa::path(
    tag = "deals",
    params(CollectionReportQuery),
    responses(
        (status = 200, body = CollectionReport),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/collections")]
async fn collections_report(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<CollectionReportQuery>,
) -> AppResult<Json<CollectionReport>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::collections(c, ctx, &query))
            .await?,
    ))
}
