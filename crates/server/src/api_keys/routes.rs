use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use salesops_domain::api_keys::{ApiKeyDto, ApiKeyListQuery, ApiKeyRequest, CreatedApiKeyDto};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::api_keys::service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_keys)
        .service(create_key)
        .service(get_key)
        .service(revoke_key);
}

/// API keys, newest first (admin). The keys themselves are never shown again.
///
/// `updated_since`: keys made or revoked since (using a key is not a change of it).
#[utoipa::path(
    tag = "api_keys",
    params(ApiKeyListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<ApiKeyDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api-keys")]
async fn list_keys(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ApiKeyListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ApiKeyDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Create a key for a user with scopes (admin). The answer holds the key itself, once: only
/// a hash is stored. The key acts for its owner and never beyond the owner's rights. An
/// unknown scope is 422 naming `scopes[i]`; `expires_at` in the past is 422.
#[utoipa::path(
    tag = "api_keys",
    request_body = ApiKeyRequest,
    responses(
        (status = 201, body = CreatedApiKeyDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api-keys")]
async fn create_key(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<ApiKeyRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

#[utoipa::path(
    tag = "api_keys",
    params(("id" = i64, Path, description = "API key id")),
    responses(
        (status = 200, body = ApiKeyDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api-keys/{id}")]
async fn get_key(caller: Caller, id: Path<i64>) -> AppResult<Json<ApiKeyDto>> {
    let id = id.into_inner();
    Ok(Json(
        caller.run(move |c, ctx| service::get(c, ctx, id)).await?,
    ))
}

/// Revoke a key at once (admin; audited): its next request is 401. Revoking a revoked key
/// is 204 again.
#[utoipa::path(
    tag = "api_keys",
    params(("id" = i64, Path, description = "API key id")),
    responses(
        (status = 204, description = "revoked"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api-keys/{id}")]
async fn revoke_key(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    caller
        .run(move |c, ctx| service::revoke(c, ctx, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
