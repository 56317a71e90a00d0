use actix_web::web::{Json, Path, Payload};
use actix_web::{HttpRequest, HttpResponse, get, patch, post};
use salesops_domain::client_changes::{
    ClientHistoryDto, ClientListQuery, ImportQuery, ImportReport, SatisfactionDto,
    SatisfactionRequest, UpdateClientRequest,
};
use salesops_domain::clients::{ClientDto, CreateClientRequest};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::clients::csv as csv_body;
use crate::clients::{export, import, lifecycle, list, service};
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The fixed paths come before `/clients/{id}`.
    cfg.service(list_clients)
        .service(create_client)
        .service(export_clients)
        .service(import_clients)
        .service(get_client)
        .service(update_client)
        .service(archive_client)
        .service(restore_client)
        .service(client_history)
        .service(add_satisfaction);
}

/// Clients in the caller's scope, filtered, sorted and paginated (salesperson, manager, admin).
#[utoipa::path(tag = "clients", params(ClientListQuery, PageQuery, SinceQuery),
    responses((status = 200, body = Page<ClientDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients")]
async fn list_clients(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ClientListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<ClientDto>>> {
    let page = page.since(&since);
    let page = caller
        .run(move |c, ctx| list::list(c, ctx, &filter, &page))
        .await?;
    Ok(Json(page))
}

/// Create a client, owned by the caller (or, for a manager or admin, by `owner_id` in scope).
/// A duplicate phone or company + name answers 409 `duplicate_client`.
#[utoipa::path(tag = "clients", request_body = CreateClientRequest,
    responses((status = 201, body = ClientDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/clients")]
async fn create_client(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<CreateClientRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// The clients the caller may see (same filters as the list) as CSV (UTF-8 with BOM). Audited.
/// At most 50,000 rows: a larger export answers 422 `too_many_rows` (narrow the filter).
#[utoipa::path(tag = "clients", params(ClientListQuery),
    responses((status = 200, body = String, content_type = "text/csv"),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients/export")]
async fn export_clients(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<ClientListQuery>,
) -> AppResult<HttpResponse> {
    let doc = caller
        .run(move |c, ctx| export::export(c, ctx, &filter))
        .await?;
    Ok(csv_body::attachment("clients.csv", doc))
}

/// An Excel workbook's bytes, as uploaded.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
struct XlsxWorkbook(Vec<u8>);

/// Import clients from a CSV file or an Excel workbook (.xlsx).
///
/// A CSV in UTF-8 or GBK, or an .xlsx (its first sheet), with a header row in English or
/// Chinese; at most 4 MiB and 20,000 data rows (more answers 422 `too_many_rows`). The format
/// is told from the bytes: a zip (`PK\x03\x04`) is an .xlsx whatever the media type says,
/// anything else is CSV. Accepted media types: `text/csv`, `text/plain`,
/// `application/octet-stream`, `application/vnd.ms-excel` (what browsers often send for a
/// .csv) and `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`; the old
/// binary .xls is refused (422). `dry_run=true` (the default) only checks, with reads only;
/// `dry_run=false` imports the valid, non-duplicate rows in one transaction.
#[utoipa::path(tag = "clients", params(ImportQuery),
    request_body(content(
        (String = "text/csv"),
        (XlsxWorkbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses((status = 200, body = ImportReport),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/clients/import")]
async fn import_clients(
    caller: Caller,
    req: HttpRequest,
    ValidatedQuery(query): ValidatedQuery<ImportQuery>,
    payload: Payload,
) -> AppResult<Json<ImportReport>> {
    let (body, content_type) = csv_body::read(&req, payload).await?;
    let dry_run = query.dry_run.unwrap_or(true);
    let report = caller
        .run(move |c, ctx| import::import(c, ctx, &body, &content_type, dry_run))
        .await?;
    Ok(Json(report))
}

/// One client (404 when unknown or out of scope).
#[utoipa::path(tag = "clients", params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients/{id}")]
async fn get_client(caller: Caller, id: Path<i64>) -> AppResult<Json<ClientDto>> {
    let id = id.into_inner();
    let dto = caller.run(move |c, ctx| service::get(c, ctx, id)).await?;
    Ok(Json(dto))
}

/// Change a client. Stage follows the stage rules (409 `invalid_state`); `owner_id` reassigns
/// (manager within scope, admin); `version` guards against a stale edit (409 `stale_version`).
#[utoipa::path(tag = "clients", params(("id" = i64, Path, description = "client id")),
    request_body = UpdateClientRequest,
    responses((status = 200, body = ClientDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[patch("/clients/{id}")]
async fn update_client(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<UpdateClientRequest>,
) -> AppResult<Json<ClientDto>> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| service::update(c, ctx, id, &req))
        .await?;
    Ok(Json(dto))
}

/// Archive a client (there is no delete): it leaves the lists and the due list.
#[utoipa::path(tag = "clients", params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/clients/{id}/archive")]
async fn archive_client(caller: Caller, id: Path<i64>) -> AppResult<Json<ClientDto>> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| lifecycle::set_archived(c, ctx, id, true))
        .await?;
    Ok(Json(dto))
}

/// Bring an archived client back.
#[utoipa::path(tag = "clients", params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/clients/{id}/restore")]
async fn restore_client(caller: Caller, id: Path<i64>) -> AppResult<Json<ClientDto>> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| lifecycle::set_archived(c, ctx, id, false))
        .await?;
    Ok(Json(dto))
}

/// The client's stage, credit and owner changes, oldest first.
#[utoipa::path(tag = "clients", params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = Vec<ClientHistoryDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients/{id}/history")]
async fn client_history(caller: Caller, id: Path<i64>) -> AppResult<Json<Vec<ClientHistoryDto>>> {
    let id = id.into_inner();
    let rows = caller
        .run(move |c, ctx| lifecycle::history(c, ctx, id))
        .await?;
    Ok(Json(rows))
}

/// Record a satisfaction survey answer (1–5 with a comment).
#[utoipa::path(tag = "clients", params(("id" = i64, Path, description = "client id")),
    request_body = SatisfactionRequest,
    responses((status = 201, body = SatisfactionDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[post("/clients/{id}/satisfaction")]
async fn add_satisfaction(
    caller: Caller,
    id: Path<i64>,
    ValidatedJson(req): ValidatedJson<SatisfactionRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let dto = caller
        .run(move |c, ctx| lifecycle::add_satisfaction(c, ctx, id, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}
