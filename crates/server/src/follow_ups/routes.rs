use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, get, post};
use salesops_domain::client_changes::{DueClientDto, DueQuery};
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpDto, FollowUpListQuery};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::clients::csv;
use crate::error::AppResult;
use crate::follow_ups::{due, service};
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_follow_ups)
        .service(export_follow_ups)
        .service(due_follow_ups)
        .service(list_client_follow_ups)
        .service(create_follow_up);
}

/// Follow-ups across the clients in scope, newest first; filter by kind, owner, author, days.
///
/// `updated_since` compares `created_at`: a follow-up is never changed once recorded.
#[utoipa::path(tag = "follow_ups", params(FollowUpListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<FollowUpDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/follow-ups")]
async fn list_follow_ups(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<FollowUpListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<FollowUpDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| service::list(c, ctx, &filter, &page))
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
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<FollowUpListQuery>,
) -> AppResult<HttpResponse> {
    let name = match filter.kind {
        Some(k) => format!("follow-ups-{k}.csv"),
        None => "follow-ups.csv".to_owned(),
    };
    let doc = caller
        .run(move |c, ctx| service::export(c, ctx, &filter))
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
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<DueQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
) -> AppResult<Json<Page<DueClientDto>>> {
    let page = caller
        .run(move |c, ctx| due::due(c, ctx, &query, &page))
        .await?;
    Ok(Json(page))
}

/// The client's follow-ups, newest first (the timeline).
///
/// `updated_since` compares `created_at`: a follow-up is never changed once recorded.
#[utoipa::path(tag = "follow_ups", params(("id" = i64, Path, description = "client id"), FollowUpListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<FollowUpDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients/{id}/follow-ups")]
async fn list_client_follow_ups(
    caller: Caller,
    id: Path<i64>,
    ValidatedQuery(filter): ValidatedQuery<FollowUpListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<FollowUpDto>>> {
    let page = page.since(&since);
    let id = id.into_inner();
    let page = caller
        .run(move |c, ctx| service::list_for_client(c, ctx, id, &filter, &page))
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
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<CreateFollowUpRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, id, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}
