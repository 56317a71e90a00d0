use actix_web::web::{self, Data, Json};
use actix_web::{HttpRequest, HttpResponse, get, post, put};
use salesops_domain::Problem;
use salesops_domain::auth::{
    ChangePasswordRequest, LoginRequest, MeDto, RefreshRequest, TokenResponse,
};

use crate::access::{Caller, password};
use crate::auth::service;
use crate::error::{AppError, AppResult};
use crate::http::extract::ValidatedJson;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password);
}

/// Sign in with username and password. Five failures for a username from one address (or thirty from one
/// address) within 15 minutes answer
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
    http: HttpRequest,
    ValidatedJson(req): ValidatedJson<LoginRequest>,
) -> AppResult<Json<TokenResponse>> {
    let addr = client_address(&http, state.settings.trust_proxy);
    let username = req.username.clone();
    let attempt = state
        .db
        .run(move |conn| service::begin_login(conn, &username, &addr))
        .await?;
    // argon2 on a blocking thread, holding no database connection.
    let stored = attempt.password_hash();
    let ok = web::block(move || service::password_ok(stored.as_deref(), &req.password))
        .await
        .map_err(|e| AppError::Internal(format!("password check: {e}")))?;
    let keys = state.tokens.clone();
    let res = state
        .db
        .run(move |conn| service::finish_login(conn, &keys, attempt, ok))
        .await?;
    Ok(Json(res))
}

/// The address sign-in failures are counted for: the peer, or with `SALESOPS_TRUST_PROXY`
/// the client a proxy in front names in `Forwarded`/`X-Forwarded-For`.
fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let info = req.connection_info();
    let addr = if trust_proxy {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    addr.unwrap_or("unknown").chars().take(64).collect()
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
async fn logout(caller: Caller) -> AppResult<HttpResponse> {
    caller.run(service::logout).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller: the signed-in user, with the capabilities this call holds. Called with an API
/// key (`Bearer sok_…`), also the key (`api_key`: id, name, prefix, scopes, expiry), and the
/// capabilities are the owner's intersected with what the key's scopes grant.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = MeDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
async fn me(caller: Caller) -> AppResult<Json<MeDto>> {
    Ok(Json(caller.run(service::me).await?))
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
    caller: Caller,
    ValidatedJson(req): ValidatedJson<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    let stored = caller.run(service::password_hash_of).await?;
    // argon2 twice (check the current password, hash the new one) on a blocking thread,
    // holding no database connection.
    let new_hash = web::block(move || {
        if req.new_password == req.current_password {
            return Err(AppError::validation(
                "new_password",
                "unchanged",
                "choose a password different from the current one",
            ));
        }
        if !password::verify(&req.current_password, &stored) {
            return Err(AppError::validation(
                "current_password",
                "incorrect",
                "the current password is not correct",
            ));
        }
        password::hash(&req.new_password)
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing: {e}")))??;
    caller
        .run(move |conn, ctx| service::set_password(conn, ctx, new_hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
