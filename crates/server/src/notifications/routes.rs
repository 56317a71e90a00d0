use actix_web::get;
use actix_web::post;
use actix_web::web::Json;
use salesops_domain::notifications::{
    MarkReadRequest, NotificationDto, NotificationListQuery, UnreadCount,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::notifications::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_notifications)
        .service(unread_count)
        .service(mark_read);
}

/// The caller's own notifications, newest first; `unread=true` for the unread ones.
#[utoipa::path(tag = "notifications", params(NotificationListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<NotificationDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/notifications")]
async fn list_notifications(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<NotificationListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<NotificationDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// The caller's unread count (the bell's number).
#[utoipa::path(tag = "notifications",
    responses((status = 200, body = UnreadCount),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/notifications/unread-count")]
async fn unread_count(caller: Caller) -> AppResult<Json<UnreadCount>> {
    let count = caller.run(service::unread).await?;
    Ok(Json(count))
}

/// Mark notifications read: `{ids: [..]}` (others' ids are ignored) or `{all: true}`, exactly
/// one of them (422 otherwise). Answers the unread count after.
#[utoipa::path(tag = "notifications", request_body = MarkReadRequest,
    responses((status = 200, body = UnreadCount),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/notifications/read")]
async fn mark_read(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<MarkReadRequest>,
) -> AppResult<Json<UnreadCount>> {
    let count = caller
        .run(move |c, ctx| service::mark_read(c, ctx, &req))
        .await?;
    Ok(Json(count))
}
