use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, patch, post};
use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto, UserListQuery};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::users::service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user)
        .service(disable_user)
        .service(enable_user);
}

/// List users, filtered (admin and HR: everyone; a manager: the members of their teams).
#[utoipa::path(
    tag = "users",
    params(UserListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<UserDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users")]
async fn list_users(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<UserListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<UserDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |conn, ctx| service::list(conn, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Create a user (admin; HR creates salespeople and managers). The password given must be
/// changed by the user at their first sign-in.
#[utoipa::path(
    tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = UserDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
async fn create_user(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateUserRequest>,
) -> AppResult<HttpResponse> {
    let user = caller
        .run(move |conn, ctx| service::create(conn, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(user))
}

/// One user: admin and HR see anyone, a manager their team members, everyone themself.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses(
        (status = 200, body = UserDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
async fn get_user(caller: Caller, id: Path<i64>) -> AppResult<Json<UserDto>> {
    let id = id.into_inner();
    let user = caller
        .run(move |conn, ctx| service::get(conn, ctx, id))
        .await?;
    Ok(Json(user))
}

/// Change a user's display name, roles, team or contact details (admin).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, body = UserDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
async fn update_user(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateUserRequest>,
) -> AppResult<Json<UserDto>> {
    let id = id.into_inner();
    let user = caller
        .run(move |conn, ctx| service::update(conn, ctx, id, &req))
        .await?;
    Ok(Json(user))
}

/// Disable an account: sign-in stops and existing tokens stop working at once (admin, HR).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses(
        (status = 200, body = UserDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/disable")]
async fn disable_user(caller: Caller, id: Path<i64>) -> AppResult<Json<UserDto>> {
    let id = id.into_inner();
    let user = caller
        .run(move |conn, ctx| service::disable(conn, ctx, id))
        .await?;
    Ok(Json(user))
}

/// Enable a disabled account again (admin, HR).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "user id")),
    responses(
        (status = 200, body = UserDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/enable")]
async fn enable_user(caller: Caller, id: Path<i64>) -> AppResult<Json<UserDto>> {
    let id = id.into_inner();
    let user = caller
        .run(move |conn, ctx| service::enable(conn, ctx, id))
        .await?;
    Ok(Json(user))
}
