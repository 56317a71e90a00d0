use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, delete, get, patch, post};
use salesops_domain::webhooks::{
    CreatedWebhookDto, DeliveryDto, DeliveryListQuery, WebhookDto, WebhookPatch, WebhookRequest,
};
use salesops_domain::{Page, PageQuery, Problem};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::webhooks::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_webhook)
        .service(list_webhooks)
        .service(get_webhook)
        .service(patch_webhook)
        .service(delete_webhook)
        .service(list_deliveries)
        .service(retry_delivery);
}

/// Subscribe a URL to events (`*`, `<type>.*`, `<type>.<action>`). The answer carries a
/// standard webhook's signing secret, the only time it is shown. Private, loopback and
/// link-local receivers are refused (422 `url`) unless the server allows them.
#[utoipa::path(tag = "webhooks", request_body = WebhookRequest,
    responses((status = 201, body = CreatedWebhookDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/webhooks")]
async fn create_webhook(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<WebhookRequest>,
) -> AppResult<HttpResponse> {
    let created = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Admin: every webhook; finance and HR: their own.
#[utoipa::path(tag = "webhooks",
    responses((status = 200, body = Vec<WebhookDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/webhooks")]
async fn list_webhooks(caller: Caller) -> AppResult<Json<Vec<WebhookDto>>> {
    Ok(Json(caller.run(service::list).await?))
}

#[utoipa::path(tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 200, body = WebhookDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/webhooks/{id}")]
async fn get_webhook(caller: Caller, id: Path<i64>) -> AppResult<Json<WebhookDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Change the URL or the events, or switch it off and on (on again clears the failures).
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path)), request_body = WebhookPatch,
    responses((status = 200, body = WebhookDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[patch("/webhooks/{id}")]
async fn patch_webhook(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(p): ValidatedJson<WebhookPatch>,
) -> AppResult<Json<WebhookDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::patch(c, ctx, id, &p))
            .await?,
    ))
}

/// Delete the webhook and its delivery log.
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 204),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[delete("/webhooks/{id}")]
async fn delete_webhook(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    caller
        .run(move |c, ctx| service::delete(c, ctx, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The delivery log, newest first: status, attempts, the last answer's code and time.
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path), DeliveryListQuery, PageQuery),
    responses((status = 200, body = Page<DeliveryDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/webhooks/{id}/deliveries")]
async fn list_deliveries(
    caller: Caller,
    id: Path<i64>,
    ValidatedQuery(filter): ValidatedQuery<DeliveryListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<DeliveryDto>>> {
    let id = id.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::deliveries(c, ctx, id, &filter, &page))
            .await?,
    ))
}

/// Try a delivery again now, from its first try (a failed one too), with its `webhook-id`.
#[utoipa::path(tag = "webhooks", params(("id" = i64, Path), ("delivery_id" = i64, Path)),
    responses((status = 200, body = DeliveryDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/retry")]
async fn retry_delivery(caller: Caller, path: Path<(i64, i64)>) -> AppResult<Json<DeliveryDto>> {
    let (id, delivery_id) = path.into_inner();
    Ok(Json(
        caller
            .run(move |c, ctx| service::retry(c, ctx, id, delivery_id))
            .await?,
    ))
}
