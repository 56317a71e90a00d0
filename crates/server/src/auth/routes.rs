use actix_web::web::{Data, Json};
use actix_web::{HttpResponse, get, post, put};
use salesops_domain::Problem;
use salesops_domain::auth::{ChangePasswordRequest, LoginRequest, RefreshRequest, TokenResponse};
use salesops_domain::users::UserDto;

use crate::auth::{Principal, service};
use crate::error::{AppError, AppResult};
use crate::http::extract::ValidatedJson;
use crate::state::AppState;
use crate::users::queries as users_q;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password);
}

/// Sign in with username and password. Five failures for a username within 15 minutes answer
/// 429 with `Retry-After`; a wrong password and an unknown user get the same answer.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "too many failed attempts", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
async fn login(
    state: Data<AppState>,
    ValidatedJson(req): ValidatedJson<LoginRequest>,
) -> AppResult<Json<TokenResponse>> {
    let keys = state.tokens.clone();
    let res = state
        .db
        .run(move |conn| service::login(conn, &keys, &req))
        .await?;
    Ok(Json(res))
}

/// Exchange a refresh token for a new access token and a new refresh token. Each refresh
/// token works once; presenting a used one revokes the whole session.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
    state: Data<AppState>,
    ValidatedJson(req): ValidatedJson<RefreshRequest>,
) -> AppResult<Json<TokenResponse>> {
    let keys = state.tokens.clone();
    let res = state
        .db
        .run(move |conn| service::refresh(conn, &keys, &req.refresh_token))
        .await?;
    Ok(Json(res))
}

/// Sign out: revokes the session, its refresh token and its access tokens at once.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "signed out"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/auth/logout")]
async fn logout(state: Data<AppState>, principal: Principal) -> AppResult<HttpResponse> {
    state
        .db
        .run(move |conn| service::logout(conn, &principal))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = UserDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
async fn me(state: Data<AppState>, principal: Principal) -> AppResult<Json<UserDto>> {
    let user = state
        .db
        .run(move |conn| users_q::dto(conn, principal.user_id)?.ok_or(AppError::NotFound("user")))
        .await?;
    Ok(Json(user))
}

/// Change the caller's password (the current one is required). Other sessions end.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "password changed"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/password")]
async fn change_password(
    state: Data<AppState>,
    principal: Principal,
    ValidatedJson(req): ValidatedJson<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    state
        .db
        .run(move |conn| service::change_password(conn, &principal, &req))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
