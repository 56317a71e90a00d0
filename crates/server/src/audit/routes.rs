use actix_web::get;
use actix_web::web::{Data, Json};
use salesops_domain::audit::{AuditEventDto, AuditQuery};
use salesops_domain::{Page, PageQuery, Problem, Role};

use crate::audit::queries;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::http::extract::ValidatedQuery;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events);
}

/// The audit trail, newest first (admin).
#[utoipa::path(
    tag = "audit",
    params(AuditQuery, PageQuery),
    responses(
        (status = 200, body = Page<AuditEventDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-events")]
async fn list_audit_events(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(filter): ValidatedQuery<AuditQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<AuditEventDto>>> {
    principal.require_any(&[Role::Admin])?;
    let (items, total) = state
        .db
        .run(move |conn| Ok(queries::list(conn, &filter, page)?))
        .await?;
    Ok(Json(Page::new(items, total, page)))
}
