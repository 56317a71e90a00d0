use actix_web::web::Json;
use actix_web::{HttpResponse, get, post};
use salesops_domain::handovers::{
    CreateHandoverRequest, HandoverDto, HandoverPreviewDto, HandoverPreviewQuery,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::handovers::service;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_handovers)
        .service(preview_handover)
        .service(create_handover);
}

/// Past handovers, newest first, with the records moved per kind (HR, admin).
///
/// `updated_since` compares `created_at`: a handover is never changed once made.
#[utoipa::path(tag = "handovers", params(PageQuery, SinceQuery),
    responses((status = 200, body = Page<HandoverDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/handovers")]
async fn list_handovers(
    caller: Caller,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<HandoverDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &page))
        .await?;
    Ok(Json(page))
}

/// What a handover of this user would move, per kind (HR, admin).
#[utoipa::path(tag = "handovers", params(HandoverPreviewQuery),
    responses((status = 200, body = HandoverPreviewDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/handovers/preview")]
async fn preview_handover(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<HandoverPreviewQuery>,
) -> AppResult<Json<HandoverPreviewDto>> {
    let dto = caller
        .run(move |c, ctx| service::preview(c, ctx, query.from_user_id))
        .await?;
    Ok(Json(dto))
}

/// Hand a leaver's records to a successor in one transaction: every owned record moves
/// (audited one by one), the leaver is disabled and signed out everywhere (HR, admin).
#[utoipa::path(tag = "handovers", request_body = CreateHandoverRequest,
    responses((status = 201, body = HandoverDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/handovers")]
async fn create_handover(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateHandoverRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}
