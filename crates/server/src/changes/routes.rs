use actix_web::get;
use actix_web::web::Json;
use salesops_domain::Problem;
use salesops_domain::changes::{ChangePage, ChangesQuery};

use crate::access::Caller;
use crate::changes::service;
use crate::error::AppResult;
use crate::http::extract::ValidatedQuery;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_changes);
}

/// The change feed: every create, change, workflow step and deletion the caller may read,
/// oldest first, from `after` (`0` or a `next_cursor`). Each change appears exactly once,
/// even one whose transaction committed after a later-numbered one: a pull resumed from
/// `next_cursor` neither skips nor repeats. A key sees the types its scopes grant.
#[utoipa::path(tag = "changes", params(ChangesQuery),
    responses((status = 200, body = ChangePage),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/changes")]
async fn list_changes(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<ChangesQuery>,
) -> AppResult<Json<ChangePage>> {
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &query))
        .await?;
    Ok(Json(page))
}
