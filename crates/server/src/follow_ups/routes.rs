use actix_web::web::{Data, Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::client_changes::{DueClientDto, DueQuery};
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpDto, FollowUpListQuery};
use salesops_domain::{Page, PageQuery, Problem};

use crate::auth::Principal;
use crate::clients::csv;
use crate::error::AppResult;
use crate::follow_ups::{due, service};
use crate::http::extract::{ValidatedJson, ValidatedQuery};
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_follow_ups)
        .service(export_follow_ups)
        .service(due_follow_ups)
        .service(list_client_follow_ups)
        .service(create_follow_up);
}

/// Follow-ups across the clients in scope, newest first; filter by kind, owner, author, days.
#[utoipa::path(tag = "follow_ups", params(FollowUpListQuery, PageQuery),
    responses((status = 200, body = Page<FollowUpDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/follow-ups")]
async fn list_follow_ups(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(filter): ValidatedQuery<FollowUpListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<FollowUpDto>>> {
    let page = state
        .db
        .run(move |c| service::list(c, &principal, &filter, page))
        .await?;
    Ok(Json(page))
}

/// The follow-ups as CSV: `kind=call` is the call register, `kind=letter` the letter register.
/// Audited. At most 50,000 rows: a larger export answers 422 `too_many_rows` (narrow the filter).
#[utoipa::path(tag = "follow_ups", params(FollowUpListQuery),
    responses((status = 200, body = String, content_type = "text/csv"),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/follow-ups/export")]
async fn export_follow_ups(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(filter): ValidatedQuery<FollowUpListQuery>,
) -> AppResult<HttpResponse> {
    let tz = state.settings.timezone;
    let name = match filter.kind {
        Some(k) => format!("follow-ups-{k}.csv"),
        None => "follow-ups.csv".to_owned(),
    };
    let doc = state
        .db
        .run(move |c| service::export(c, &principal, &filter, tz))
        .await?;
    Ok(csv::attachment(&name, doc))
}

/// Clients due for a follow-up on `date` (default today, business time zone) or overdue, per
/// the cadence; most overdue first.
#[utoipa::path(tag = "follow_ups", params(DueQuery, PageQuery),
    responses((status = 200, body = Page<DueClientDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/follow-ups/due")]
async fn due_follow_ups(
    state: Data<AppState>,
    principal: Principal,
    ValidatedQuery(query): ValidatedQuery<DueQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<DueClientDto>>> {
    let tz = state.settings.timezone;
    let page = state
        .db
        .run(move |c| due::due(c, &principal, &query, page, tz))
        .await?;
    Ok(Json(page))
}

/// The client's follow-ups, newest first (the timeline).
#[utoipa::path(tag = "follow_ups", params(("id" = i64, Path, description = "client id"), FollowUpListQuery, PageQuery),
    responses((status = 200, body = Page<FollowUpDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients/{id}/follow-ups")]
async fn list_client_follow_ups(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedQuery(filter): ValidatedQuery<FollowUpListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<FollowUpDto>>> {
    let id = id.into_inner();
    let page = state
        .db
        .run(move |c| service::list_for_client(c, &principal, id, &filter, page))
        .await?;
    Ok(Json(page))
}

/// Record a follow-up on a client; `open_case` also opens a complaint case from `complaint`.
#[utoipa::path(tag = "follow_ups", params(("id" = i64, Path, description = "client id")),
    request_body = CreateFollowUpRequest,
    responses((status = 201, body = FollowUpDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/clients/{id}/follow-ups")]
async fn create_follow_up(
    state: Data<AppState>,
    principal: Principal,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<CreateFollowUpRequest>,
) -> AppResult<HttpResponse> {
    let (id, tz) = (id.into_inner(), state.settings.timezone);
    let dto = state
        .db
        .run(move |c| service::create(c, &principal, id, &req, tz))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}
