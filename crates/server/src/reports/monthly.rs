//! Managers' monthly reports (月报): summary, next month's plan, proposals for the local
//! market; due by the 30th (the last day of February); reviewed by the manager's manager.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::reports::{
    CreateMonthlyReportRequest, MonthlyReportDto, ReportAction, ReviewMonthlyRequest,
    UpdateMonthlyReportRequest, monthly_report_due, monthly_report_late,
};
use salesops_domain::{FieldError, Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clock;
use crate::config::Settings;
use crate::db::DbConn;
use crate::db::schema::monthly_reports;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = monthly_reports)]
pub struct MonthlyReportRow {
    pub id: i64,
    pub owner_id: i64,
    pub month: String,
    pub state: String,
    pub version: i64,
    pub summary: Option<String>,
    pub next_month_plan: Option<String>,
    pub proposals: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub late: bool,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub review_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

fn month_of(text: &str) -> AppResult<Month> {
    text.parse()
        .map_err(|_| AppError::validation("month", "invalid", "a month like 2026-11"))
}

impl MonthlyReportRow {
    fn state(&self) -> AppResult<salesops_domain::reports::ReportState> {
        self.state
            .parse()
            .map_err(|_| AppError::Internal(format!("stored report state `{}`", self.state)))
    }

    fn to_dto(&self) -> AppResult<MonthlyReportDto> {
        Ok(MonthlyReportDto {
            id: self.id,
            owner_id: self.owner_id,
            month: self.month.clone(),
            state: self.state()?,
            version: self.version,
            summary: self.summary.clone(),
            next_month_plan: self.next_month_plan.clone(),
            proposals: self.proposals.clone(),
            due_date: monthly_report_due(month_of(&self.month)?),
            submitted_at: self.submitted_at.map(clock::utc),
            late: self.late,
            reviewed_by: self.reviewed_by,
            reviewed_at: self.reviewed_at.map(clock::utc),
            review_comment: self.review_comment.clone(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        })
    }
}

fn find(conn: &mut DbConn, id: i64) -> AppResult<MonthlyReportRow> {
    monthly_reports::table
        .find(id)
        .select(MonthlyReportRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound("monthly report"))
}

fn in_scope(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<MonthlyReportRow> {
    let row = find(conn, id)?;
    principal.ensure_owner_in_scope(conn, row.owner_id, "monthly report")?;
    Ok(row)
}

fn own(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<MonthlyReportRow> {
    let row = in_scope(conn, principal, id)?;
    if row.owner_id != principal.user_id {
        return Err(AppError::forbidden("only the report's author writes it"));
    }
    Ok(row)
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateMonthlyReportRequest,
) -> AppResult<MonthlyReportDto> {
    principal.require_any(&[Role::Manager])?;
    let month = month_of(&req.month)?;
    crate::db::transaction(conn, |c| {
        let exists: bool = diesel::select(diesel::dsl::exists(
            monthly_reports::table
                .filter(monthly_reports::owner_id.eq(principal.user_id))
                .filter(monthly_reports::month.eq(month.to_string())),
        ))
        .get_result(c)?;
        if exists {
            return Err(AppError::conflict(
                "duplicate_report",
                format!("there is already a monthly report for {month}"),
            ));
        }
        let now = clock::now();
        let id: i64 = diesel::insert_into(monthly_reports::table)
            .values((
                monthly_reports::owner_id.eq(principal.user_id),
                monthly_reports::month.eq(month.to_string()),
                monthly_reports::state.eq("draft"),
                monthly_reports::summary.eq(clean(&req.summary)),
                monthly_reports::next_month_plan.eq(clean(&req.next_month_plan)),
                monthly_reports::proposals.eq(clean(&req.proposals)),
                monthly_reports::created_at.eq(now),
                monthly_reports::updated_at.eq(now),
            ))
            .returning(monthly_reports::id)
            .get_result(c)?;
        let dto = find(c, id)?.to_dto()?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "monthly_report.create",
            "monthly_report",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}

pub fn get(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<MonthlyReportDto> {
    in_scope(conn, principal, id)?.to_dto()
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    page: PageQuery,
) -> AppResult<Page<MonthlyReportDto>> {
    principal.require_any(&[Role::Manager, Role::Admin])?;
    let owners = principal.visible_owners(conn)?;
    let build = || {
        let mut q = monthly_reports::table.into_boxed();
        if let Some(ids) = &owners {
            q = q.filter(monthly_reports::owner_id.eq_any(ids.clone()));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows: Vec<MonthlyReportRow> = build()
        .select(MonthlyReportRow::as_select())
        .order((monthly_reports::month.desc(), monthly_reports::id.asc()))
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    let items = rows
        .iter()
        .map(MonthlyReportRow::to_dto)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page::new(items, total, page))
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &UpdateMonthlyReportRequest,
) -> AppResult<MonthlyReportDto> {
    crate::db::transaction(conn, |c| {
        let row = own(c, principal, id)?;
        row.state()?
            .apply(ReportAction::Edit)
            .map_err(|e| AppError::invalid_state("report", e))?;
        if req.version.is_some_and(|v| v != row.version) {
            return Err(AppError::stale("report"));
        }
        let n = diesel::update(
            monthly_reports::table
                .find(id)
                .filter(monthly_reports::version.eq(row.version)),
        )
        .set((
            monthly_reports::summary.eq(if req.summary.is_some() {
                clean(&req.summary)
            } else {
                row.summary.clone()
            }),
            monthly_reports::next_month_plan.eq(if req.next_month_plan.is_some() {
                clean(&req.next_month_plan)
            } else {
                row.next_month_plan.clone()
            }),
            monthly_reports::proposals.eq(if req.proposals.is_some() {
                clean(&req.proposals)
            } else {
                row.proposals.clone()
            }),
            monthly_reports::updated_at.eq(clock::now()),
            monthly_reports::version.eq(row.version + 1),
        ))
        .execute(c)?;
        if n != 1 {
            return Err(AppError::stale("report"));
        }
        let after = find(c, id)?.to_dto()?;
        audit::record(
            c,
            &Actor::from(principal),
            "monthly_report.update",
            "monthly_report",
            id,
            Some(&row.to_dto()?),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn submit(
    conn: &mut DbConn,
    principal: &Principal,
    settings: &Settings,
    id: i64,
) -> AppResult<MonthlyReportDto> {
    crate::db::transaction(conn, |c| {
        let row = own(c, principal, id)?;
        let next = row
            .state()?
            .apply(ReportAction::Submit)
            .map_err(|e| AppError::invalid_state("report", e))?;
        let mut errors = Vec::new();
        for (field, value) in [
            ("summary", &row.summary),
            ("next_month_plan", &row.next_month_plan),
            ("proposals", &row.proposals),
        ] {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                errors.push(FieldError::new(
                    field,
                    "required",
                    "write this part before submitting",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let now = clock::now();
        let late = monthly_report_late(month_of(&row.month)?, now, settings.timezone);
        let n = diesel::update(
            monthly_reports::table
                .find(id)
                .filter(monthly_reports::version.eq(row.version)),
        )
        .set((
            monthly_reports::state.eq(next.as_str()),
            monthly_reports::submitted_at.eq(Some(now)),
            monthly_reports::late.eq(late),
            monthly_reports::updated_at.eq(now),
            monthly_reports::version.eq(row.version + 1),
        ))
        .execute(c)?;
        if n != 1 {
            return Err(AppError::stale("report"));
        }
        let after = find(c, id)?.to_dto()?;
        audit::record(
            c,
            &Actor::from(principal),
            "monthly_report.submit",
            "monthly_report",
            id,
            Some(&row.to_dto()?),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// The manager's manager (or an admin, never the author) reviews.
pub fn review(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &ReviewMonthlyRequest,
) -> AppResult<MonthlyReportDto> {
    crate::db::transaction(conn, |c| {
        let row = in_scope(c, principal, id)?;
        if row.owner_id == principal.user_id {
            return Err(AppError::forbidden("nobody reviews their own report"));
        }
        if !principal.is_admin() && !principal.manages(c, row.owner_id)? {
            return Err(AppError::forbidden(
                "only the author's manager reviews a report",
            ));
        }
        let next = row
            .state()?
            .apply(ReportAction::Review)
            .map_err(|e| AppError::invalid_state("report", e))?;
        if row.version != req.version {
            return Err(AppError::stale("report"));
        }
        let now = clock::now();
        let n = diesel::update(
            monthly_reports::table
                .find(id)
                .filter(monthly_reports::version.eq(row.version)),
        )
        .set((
            monthly_reports::state.eq(next.as_str()),
            monthly_reports::reviewed_by.eq(Some(principal.user_id)),
            monthly_reports::reviewed_at.eq(Some(now)),
            monthly_reports::review_comment.eq(clean(&req.comment)),
            monthly_reports::updated_at.eq(now),
            monthly_reports::version.eq(row.version + 1),
        ))
        .execute(c)?;
        if n != 1 {
            return Err(AppError::stale("report"));
        }
        let after = find(c, id)?.to_dto()?;
        audit::record(
            c,
            &Actor::from(principal),
            "monthly_report.review",
            "monthly_report",
            id,
            Some(&row.to_dto()?),
            Some(&after),
        )?;
        Ok(after)
    })
}
