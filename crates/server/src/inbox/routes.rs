use actix_web::get;
use actix_web::web::Json;
use salesops_domain::Problem;
use salesops_domain::inbox::InboxDto;

use crate::access::Caller;
use crate::error::AppResult;
use crate::inbox::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_inbox);
}

/// The caller's to-do (待办): for each kind of waiting work their roles can have, how many
/// records wait and since when the oldest has, with the browser app's screen listing them.
/// Each count is the `total` of that screen's list for the caller (`GET /plans?to_review=true
/// &state=submitted`, `GET /expense-claims?to_approve=true` …); kinds with nothing waiting
/// are left out, the rest come in a fixed priority order.
#[utoipa::path(
    tag = "inbox",
    responses(
        (status = 200, body = InboxDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/inbox")]
async fn get_inbox(caller: Caller) -> AppResult<Json<InboxDto>> {
    Ok(Json(caller.run(service::inbox).await?))
}
