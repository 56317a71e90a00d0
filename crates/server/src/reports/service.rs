//! Weekly report use cases. The owner writes and submits; the owner's manager (or an admin,
//! never the owner) reviews with a mark per section. Figures come from [`figures`].

use diesel::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanKind;
use salesops_domain::reports::{
    CreateWeeklyReportRequest, Mark, ReportAction, ReportState, ReviewRequest, Section,
    SectionMark, UpdateWeeklyReportRequest, WeeklyReportDto, WeeklyReportListQuery,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, FieldError, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::db::DbConn;
use crate::db::list::Waiting;
use crate::db::schema::visits;
use crate::db::types::json_text;
use crate::error::{AppError, AppResult};
use crate::reports::figures::{self, FigureScope};
use crate::reports::queries::{self as q, ReportChangeset, WeeklyReportRow};
use crate::workflow::{self, Move};

pub fn parse_week(text: &str) -> AppResult<IsoWeek> {
    text.parse()
        .map_err(|_| AppError::validation("week", "invalid", "a week like 2026-W48"))
}

/// The report as the API shows it: live figures while a draft, the frozen ones after.
pub fn dto(
    conn: &mut DbConn,
    row: &WeeklyReportRow,
    tz: chrono_tz::Tz,
) -> AppResult<WeeklyReportDto> {
    let figures = if row.submitted_at.is_some() {
        row.stored_figures()
    } else {
        figures::compute_all(
            conn,
            &FigureScope {
                owner_id: row.owner_id,
                week: parse_week(&row.week)?,
                tz,
            },
        )?
    };
    Ok(row.to_dto(figures))
}

pub fn report_in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<WeeklyReportRow> {
    workflow::in_scope(conn, ctx, id)
}

/// Next week's plan must exist and be the author's weekly plan for the following week.
fn check_next_plan(conn: &mut DbConn, owner: i64, week: IsoWeek, plan_id: i64) -> AppResult<()> {
    let next = week.next().to_string();
    let ok = crate::plans::queries::find(conn, plan_id)?
        .is_some_and(|p| p.owner_id == owner && p.kind == PlanKind::Weekly && p.period == next);
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(
            "next_plan_id",
            "not_found",
            &format!("not your weekly plan for {next}"),
        ))
    }
}

pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &CreateWeeklyReportRequest,
) -> AppResult<WeeklyReportDto> {
    ctx.require(Capability::ReportsWrite)?;
    let week = parse_week(&req.week)?;
    let tz = ctx.tz();
    crate::db::write(conn, |c| {
        if q::exists_for(c, ctx.user_id, &week.to_string())? {
            return Err(AppError::conflict(
                "duplicate_report",
                format!("there is already a weekly report for {week}"),
            ));
        }
        if let Some(plan) = req.next_plan_id {
            check_next_plan(c, ctx.user_id, week, plan)?;
        }
        let load = |c: &mut DbConn, id| {
            let row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
            dto(c, &row, tz)
        };
        audit::created(
            c,
            &ctx.actor(),
            "weekly_report.create",
            "weekly_report",
            |c| {
                let id = q::insert(c, ctx.user_id, &week.to_string(), ctx.now)?;
                let mut changes = ReportChangeset {
                    next_plan_id: Some(req.next_plan_id),
                    ..Default::default()
                };
                if let Some(s) = &req.sections {
                    let mut sections = salesops_domain::reports::Sections::default();
                    sections.merge(s);
                    changes.set_sections(&sections);
                }
                let version = q::find(c, id)?
                    .ok_or(AppError::NotFound("weekly report"))?
                    .version;
                q::update_if_version(c, id, version, &changes)?;
                Ok(id)
            },
            load,
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<WeeklyReportDto> {
    let row = report_in_scope(conn, ctx, id)?;
    dto(conn, &row, ctx.tz())
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &WeeklyReportListQuery,
    page: &PageQuery,
) -> AppResult<Page<WeeklyReportDto>> {
    ctx.require(Capability::ReportsRead)?;
    let owners = ctx.visible_owners(conn)?;
    // The review queue (`to_review`): reports the caller may review, never their own.
    let exclude = (filter.to_review == Some(true)).then_some(ctx.user_id);
    // Live figures cost a handful of queries each; a list shows the frozen ones (submitted
    // reports) and leaves drafts' empty, so a page is a fixed number of queries.
    q::list(conn, owners.as_deref(), exclude, filter, page)?
        .into_page(page, |r| Ok(r.to_dto(r.stored_figures())))
}

/// The inbox's count: what `GET /weekly-reports?to_review=true&state=submitted` lists.
pub fn waiting_for_review(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    ctx.require(Capability::ReportsRead)?;
    let owners = ctx.visible_owners(conn)?;
    let filter = WeeklyReportListQuery {
        state: Some(ReportState::Submitted),
        to_review: Some(true),
        ..WeeklyReportListQuery::default()
    };
    Ok(q::waiting(
        conn,
        owners.as_deref(),
        Some(ctx.user_id),
        &filter,
    )?)
}

/// Saves sections (the browser app saves as the person types) and the next-plan link: the
/// author's `edit` step, while a draft.
pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateWeeklyReportRequest,
) -> AppResult<WeeklyReportDto> {
    let tz = ctx.tz();
    crate::db::write(conn, |c| {
        let row = report_in_scope(c, ctx, id)?;
        workflow::authorize(c, ctx, &row, ReportAction::Edit)?;
        if req.version.is_some_and(|v| v != row.version) {
            return Err(AppError::stale("weekly report"));
        }
        let mut changes = ReportChangeset {
            updated_at: Some(ctx.now),
            ..Default::default()
        };
        if let Some(plan) = req.next_plan_id {
            check_next_plan(c, row.owner_id, parse_week(&row.week)?, plan)?;
            changes.next_plan_id = Some(Some(plan));
        }
        let before = row.sections();
        if let Some(patch) = &req.sections {
            let mut sections = before.clone();
            sections.merge(patch);
            changes.set_sections(&sections);
        }
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("weekly report"));
        }
        let row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
        audit::record(
            c,
            &ctx.actor(),
            "weekly_report.update",
            "weekly_report",
            id,
            Some(&before),
            Some(&row.sections()),
        )?;
        dto(c, &row, tz)
    })
}

/// Submits: required sections written, next week's plan linked; the figures freeze as they
/// are now; late after the deadline (the shared crate's rule).
pub fn submit(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    version: Option<i64>,
) -> AppResult<WeeklyReportDto> {
    let mv = Move::new(ReportAction::Submit, version, None);
    crate::db::write(conn, |c| {
        workflow::transition::<WeeklyReportRow>(c, ctx, id, mv, |c, row, _| {
            let week = parse_week(&row.week)?;
            let mut errors: Vec<FieldError> = row
                .sections()
                .missing_required()
                .into_iter()
                .map(|s| {
                    FieldError::new(
                        format!("sections.{}", s.as_str()),
                        "required",
                        format!("write “{}”", s.label_zh()),
                    )
                })
                .collect();
            match row.next_plan_id {
                None => errors.push(FieldError::new(
                    "next_plan_id",
                    "required",
                    "link next week's plan",
                )),
                Some(plan) => {
                    if let Err(AppError::Validation(mut e)) =
                        check_next_plan(c, row.owner_id, week, plan)
                    {
                        errors.append(&mut e);
                    }
                }
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let figures = figures::compute_all(
                c,
                &FigureScope {
                    owner_id: row.owner_id,
                    week,
                    tz: ctx.tz(),
                },
            )?;
            Ok(ReportChangeset {
                figures_json: Some(Some(json_text(&figures)?)),
                submitted_at: Some(Some(ctx.now)),
                late: Some(
                    ctx.settings
                        .report_deadline
                        .is_late(week, ctx.now, ctx.tz()),
                ),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    workflow::history::<WeeklyReportRow>(conn, ctx, id)
}

/// Visits of the report's week that a spot-check found not confirmed.
fn false_reports(conn: &mut DbConn, owner: i64, week: IsoWeek) -> AppResult<Vec<i64>> {
    Ok(visits::table
        .filter(visits::owner_id.eq(owner))
        .filter(visits::false_report.eq(true))
        .filter(visits::planned_date.ge(week.monday().to_string()))
        .filter(visits::planned_date.le(week.sunday().to_string()))
        .select(visits::id)
        .order(visits::id.asc())
        .load(conn)?)
}

/// Reviews a submitted report: a comment and a mark per section. When a visit of that week
/// was spot-checked as not confirmed, the visits section is zero whatever the manager chose
/// (如发现与所填内容不符的该项不得分), and the review says why.
pub fn review(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ReviewRequest,
) -> AppResult<WeeklyReportDto> {
    let mv = Move::new(
        ReportAction::Review,
        Some(req.version),
        req.comment.as_deref(),
    );
    let comment = mv.comment.map(str::to_owned);
    crate::db::write(conn, |c| {
        workflow::transition::<WeeklyReportRow>(c, ctx, id, mv, |c, row, _| {
            let mut marks: Vec<SectionMark> = Vec::new();
            for m in &req.marks {
                if marks.iter().any(|x| x.section == m.section) {
                    return Err(AppError::validation(
                        "marks",
                        "duplicate",
                        &format!("{} is marked twice", m.section),
                    ));
                }
                marks.push(SectionMark {
                    forced: false,
                    ..m.clone()
                });
            }
            let untrue = false_reports(c, row.owner_id, parse_week(&row.week)?)?;
            if !untrue.is_empty() {
                let ids: Vec<String> = untrue.iter().map(|v| format!("#{v}")).collect();
                marks.retain(|m| m.section != Section::ClientVisits);
                marks.push(SectionMark {
                    section: Section::ClientVisits,
                    mark: Mark::Zero,
                    note: Some(format!(
                        "抽查发现拜访不属实 (spot-check: visit {} not confirmed)",
                        ids.join(", ")
                    )),
                    forced: true,
                });
            }
            marks.sort_by_key(|m| Section::ALL.iter().position(|s| *s == m.section));
            Ok(ReportChangeset {
                reviewed_by: Some(Some(ctx.user_id)),
                reviewed_at: Some(Some(ctx.now)),
                review_comment: Some(comment.clone()),
                marks_json: Some(Some(json_text(&marks)?)),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}
