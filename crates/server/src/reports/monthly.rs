//! Managers' monthly reports (月报): summary, next month's plan, proposals for the local
//! market; due by the 30th (the last day of February); reviewed by the manager's manager.
//! The table's queries and the use cases; every state change goes through the workflow.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::reports::{
    CreateMonthlyReportRequest, MonthlyMark, MonthlyReportDto, MonthlyReportListQuery,
    ReportAction, ReportState, ReviewMonthlyRequest, UpdateMonthlyReportRequest,
    monthly_report_due, monthly_report_late,
};
use salesops_domain::text::cleaned;
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, FieldError, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::clock;
use crate::db::list::{self, Waiting};
use crate::db::schema::monthly_reports;
use crate::db::types::{Json, json_text};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::workflow::{self, Move};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = monthly_reports)]
pub struct MonthlyReportRow {
    pub id: i64,
    pub owner_id: i64,
    pub month: String,
    pub state: ReportState,
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
    /// The review's marks per section (none before the review).
    pub marks_json: Option<Json<Vec<MonthlyMark>>>,
}

/// A change to a monthly report; the version is bumped by [`update_if_version`].
#[derive(AsChangeset, Default)]
#[diesel(table_name = monthly_reports)]
pub struct MonthlyChanges {
    pub state: Option<&'static str>,
    pub summary: Option<Option<String>>,
    pub next_month_plan: Option<Option<String>>,
    pub proposals: Option<Option<String>>,
    pub submitted_at: Option<Option<NaiveDateTime>>,
    pub late: Option<bool>,
    pub reviewed_by: Option<Option<i64>>,
    pub reviewed_at: Option<Option<NaiveDateTime>>,
    pub review_comment: Option<Option<String>>,
    pub marks_json: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

fn month_of(text: &str) -> AppResult<Month> {
    text.parse()
        .map_err(|_| AppError::validation("month", "invalid", "a month like 2026-11"))
}

impl MonthlyReportRow {
    /// The review's marks (none before the review).
    pub fn marks(&self) -> Vec<MonthlyMark> {
        self.marks_json
            .as_ref()
            .map(|j| j.0.clone())
            .unwrap_or_default()
    }

    pub fn to_dto(&self) -> AppResult<MonthlyReportDto> {
        Ok(MonthlyReportDto {
            id: self.id,
            owner_id: self.owner_id,
            month: self.month.clone(),
            state: self.state,
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
            marks: self.marks(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        })
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<MonthlyReportRow>> {
    Ok(monthly_reports::table
        .find(id)
        .select(MonthlyReportRow::as_select())
        .first(conn)
        .optional()?)
}

/// Applies `changes` if the report is still at `version`, bumping it.
pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &MonthlyChanges,
) -> AppResult<bool> {
    let n = diesel::update(
        monthly_reports::table
            .find(id)
            .filter(monthly_reports::version.eq(version)),
    )
    .set((changes, monthly_reports::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

fn dto(conn: &mut DbConn, id: i64) -> AppResult<MonthlyReportDto> {
    find(conn, id)?
        .ok_or(AppError::NotFound("monthly report"))?
        .to_dto()
}

pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &CreateMonthlyReportRequest,
) -> AppResult<MonthlyReportDto> {
    ctx.require(Capability::MonthlyReportsWrite)?;
    let month = month_of(&req.month)?;
    crate::db::write(conn, |tx| {
        let exists: bool = diesel::select(diesel::dsl::exists(
            monthly_reports::table
                .filter(monthly_reports::owner_id.eq(ctx.user_id))
                .filter(monthly_reports::month.eq(month.to_string())),
        ))
        .get_result(tx.conn())?;
        if exists {
            return Err(AppError::conflict(
                "duplicate_report",
                format!("there is already a monthly report for {month}"),
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "monthly_report.create",
            "monthly_report",
            |tx| {
                Ok(diesel::insert_into(monthly_reports::table)
                    .values((
                        monthly_reports::owner_id.eq(ctx.user_id),
                        monthly_reports::month.eq(month.to_string()),
                        monthly_reports::state.eq(ReportState::Draft.as_str()),
                        monthly_reports::summary.eq(cleaned(&req.summary)),
                        monthly_reports::next_month_plan.eq(cleaned(&req.next_month_plan)),
                        monthly_reports::proposals.eq(cleaned(&req.proposals)),
                        monthly_reports::created_at.eq(ctx.now),
                        monthly_reports::updated_at.eq(ctx.now),
                    ))
                    .returning(monthly_reports::id)
                    .get_result(tx.conn())?)
            },
            dto,
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<MonthlyReportDto> {
    workflow::in_scope::<MonthlyReportRow>(conn, ctx, id)?.to_dto()
}

type Boxed = diesel::dsl::IntoBoxed<'static, monthly_reports::table, crate::db::MultiBackend>;

/// The reports a list shows: of `owners` (`None`: everyone), filtered; with `to_review`,
/// never the caller's own (`me`).
fn filtered(owners: Option<&[i64]>, me: i64, filter: &MonthlyReportListQuery) -> Boxed {
    let mut q = monthly_reports::table.into_boxed();
    if let Some(ids) = owners {
        q = q.filter(monthly_reports::owner_id.eq_any(ids.to_vec()));
    }
    if filter.to_review == Some(true) {
        q = q.filter(monthly_reports::owner_id.ne(me));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(monthly_reports::owner_id.eq(o));
    }
    if let Some(s) = filter.state {
        q = q.filter(monthly_reports::state.eq(s.as_str()));
    }
    q
}

/// Monthly reports of the caller and the managers below them (`to_review=true&state=
/// submitted`: those waiting for the caller's review).
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &MonthlyReportListQuery,
    page: &PageQuery,
) -> AppResult<Page<MonthlyReportDto>> {
    ctx.require(Capability::ReportsSupervise)?;
    let owners = ctx.visible_owners(conn)?;
    let build = || filtered(owners.as_deref(), ctx.user_id, filter);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = monthly_reports::id,
        changed = monthly_reports::updated_at,
        order = (monthly_reports::month.desc(), monthly_reports::id.asc()),
        select = MonthlyReportRow::as_select(),
    );
    fetched.into_page(page, |r| r.to_dto())
}

/// The inbox's count: what `GET /monthly-reports?to_review=true&state=submitted` lists, and
/// the earliest submission among them.
pub fn waiting_for_review(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    ctx.require(Capability::ReportsSupervise)?;
    let owners = ctx.visible_owners(conn)?;
    let filter = MonthlyReportListQuery {
        state: Some(ReportState::Submitted),
        to_review: Some(true),
        ..MonthlyReportListQuery::default()
    };
    Ok(list::waiting!(
        conn,
        filtered(owners.as_deref(), ctx.user_id, &filter),
        monthly_reports::submitted_at
    ))
}

/// Saves the text (the author, while a draft).
pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateMonthlyReportRequest,
) -> AppResult<MonthlyReportDto> {
    crate::db::write(conn, |tx| {
        let row: MonthlyReportRow = workflow::in_scope(tx, ctx, id)?;
        workflow::authorize(tx, ctx, &row, ReportAction::Edit)?;
        if req.version.is_some_and(|v| v != row.version) {
            return Err(AppError::stale("monthly report"));
        }
        let set = |new: &Option<String>| new.is_some().then(|| cleaned(new));
        let changes = MonthlyChanges {
            summary: set(&req.summary),
            next_month_plan: set(&req.next_month_plan),
            proposals: set(&req.proposals),
            updated_at: Some(ctx.now),
            ..Default::default()
        };
        let action = "monthly_report.update";
        audit::changed(
            tx,
            &ctx.actor(),
            action,
            "monthly_report",
            id,
            dto,
            |tx, _| {
                if update_if_version(tx, id, row.version, &changes)? {
                    Ok(())
                } else {
                    Err(AppError::stale("monthly report"))
                }
            },
        )
    })
}

/// Submits: every part written; late after the 30th (the shared crate's rule).
pub fn submit(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<MonthlyReportDto> {
    let mv = Move::new(ReportAction::Submit, None, None);
    crate::db::write(conn, |tx| {
        workflow::transition::<MonthlyReportRow>(tx, ctx, id, mv, |_, row, _| {
            let missing: Vec<FieldError> = [
                ("summary", &row.summary),
                ("next_month_plan", &row.next_month_plan),
                ("proposals", &row.proposals),
            ]
            .into_iter()
            .filter(|(_, value)| value.as_deref().is_none_or(|v| v.trim().is_empty()))
            .map(|(field, _)| {
                FieldError::new(field, "required", "write this part before submitting")
            })
            .collect();
            if !missing.is_empty() {
                return Err(AppError::Validation(missing));
            }
            Ok(MonthlyChanges {
                submitted_at: Some(Some(ctx.now)),
                late: Some(monthly_report_late(
                    month_of(&row.month)?,
                    ctx.now,
                    ctx.tz(),
                )),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

/// The manager's manager (or an admin, never the author) reviews, marking each section out of
/// 20 (`marks`, each section at most once; a section left unmarked scores 0).
pub fn review(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ReviewMonthlyRequest,
) -> AppResult<MonthlyReportDto> {
    let mv = Move::new(
        ReportAction::Review,
        Some(req.version),
        req.comment.as_deref(),
    );
    let comment = mv.comment.map(str::to_owned);
    let marks: Vec<MonthlyMark> = req
        .marks
        .iter()
        .map(|m| MonthlyMark {
            note: cleaned(&m.note),
            ..m.clone()
        })
        .collect();
    let marks = json_text(&marks)?;
    crate::db::write(conn, |tx| {
        workflow::transition::<MonthlyReportRow>(tx, ctx, id, mv, |_, _, _| {
            Ok(MonthlyChanges {
                reviewed_by: Some(Some(ctx.user_id)),
                reviewed_at: Some(Some(ctx.now)),
                review_comment: Some(comment.clone()),
                marks_json: Some(Some(marks.clone())),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    workflow::history::<MonthlyReportRow>(conn, ctx, id)
}
