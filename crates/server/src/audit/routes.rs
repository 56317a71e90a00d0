use actix_web::get;
use actix_web::web::Json;
use salesops_domain::audit::{AuditEventDto, AuditQuery};
use salesops_domain::{Capability, Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::audit::queries;
use crate::error::AppResult;
use crate::http::extract::ValidatedQuery;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events);
}

/// The audit trail, newest first (admin).
///
/// `updated_since` compares `created_at`: an event is never changed once written.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<AuditEventDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-events")]
async fn list_audit_events(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<AuditQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<AuditEventDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |conn, ctx| {
            ctx.require(Capability::AuditRead)?;
            queries::list(conn, &filter, &page)
        })
        .await?;
    Ok(Json(page))
}
