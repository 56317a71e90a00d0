use actix_web::web::{Json, Path};
use actix_web::{HttpResponse, delete, get, post};
use salesops_domain::attendance::{
    AttendanceDto, AttendanceListQuery, AttendanceRequest, AttendanceSummary,
    AttendanceSummaryQuery,
};
use salesops_domain::{Page, PageQuery, Problem, SinceQuery};

use crate::access::Caller;
use crate::attendance::service;
use crate::error::AppResult;
use crate::http::extract::{ValidatedJson, ValidatedQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // The summary before `{id}`.
    cfg.service(attendance_summary)
        .service(list_attendance)
        .service(create_attendance)
        .service(delete_attendance);
}

/// A person's attendance (出勤) in a month: days absent, half days, and the score
/// max(0, 100 − 4 × (absent days + half days)), a half day counting as a day. `user_id`
/// defaults to the caller; someone outside the caller's scope is 404.
#[utoipa::path(
    tag = "attendance",
    params(AttendanceSummaryQuery),
    responses(
        (status = 200, body = AttendanceSummary),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/attendance/summary")]
async fn attendance_summary(
    caller: Caller,
    ValidatedQuery(query): ValidatedQuery<AttendanceSummaryQuery>,
) -> AppResult<Json<AttendanceSummary>> {
    Ok(Json(
        caller
            .run(move |c, ctx| service::summary(c, ctx, &query))
            .await?,
    ))
}

/// Attendance records the caller may see (their own; a manager's teams'; HR and admin
/// everyone's), the newest day first.
///
/// `updated_since` compares `created_at`: a record is never changed once made (it may be
/// deleted, which a pull by change cannot show).
#[utoipa::path(
    tag = "attendance",
    params(AttendanceListQuery, PageQuery, SinceQuery),
    responses(
        (status = 200, body = Page<AttendanceDto>),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/attendance")]
async fn list_attendance(
    caller: Caller,
    ValidatedQuery(filter): ValidatedQuery<AttendanceListQuery>,
    ValidatedQuery(page): ValidatedQuery<PageQuery>,
    ValidatedQuery(since): ValidatedQuery<SinceQuery>,
) -> AppResult<Json<Page<AttendanceDto>>> {
    let page = page.since(&since);
    Ok(Json(
        caller
            .run(move |c, ctx| service::list(c, ctx, &filter, &page))
            .await?,
    ))
}

/// Record a day someone was absent or away half a day (HR and admin: anyone; a manager: the
/// members of their teams; nobody their own, 403). One record per person and day: a second
/// is 422 naming `date`.
#[utoipa::path(
    tag = "attendance",
    request_body = AttendanceRequest,
    responses(
        (status = 201, body = AttendanceDto),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/attendance")]
async fn create_attendance(
    caller: Caller,
    ValidatedJson(req): ValidatedJson<AttendanceRequest>,
) -> AppResult<HttpResponse> {
    let dto = caller
        .run(move |c, ctx| service::create(c, ctx, &req))
        .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Remove a record entered by mistake (whoever may record the person's attendance; audited).
#[utoipa::path(
    tag = "attendance",
    params(("id" = i64, Path, description = "attendance record id")),
    responses(
        (status = 204, description = "removed"),
        (status = "4XX", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/attendance/{id}")]
async fn delete_attendance(caller: Caller, id: Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    caller
        .run(move |c, ctx| service::remove(c, ctx, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
