//! Weekly report use cases. The owner writes and submits; the owner's manager (or an admin,
//! never the owner) reviews with a mark per section. Figures come from [`figures`].

use diesel::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanKind;
use salesops_domain::reports::{
    CreateWeeklyReportRequest, Mark, ReportAction, ReviewRequest, Section, SectionMark,
    UpdateWeeklyReportRequest, WeeklyReportDto, WeeklyReportListQuery,
};
use salesops_domain::{FieldError, Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clock;
use crate::config::Settings;
use crate::db::DbConn;
use crate::db::schema::visits;
use crate::error::{AppError, AppResult};
use crate::reports::figures::{self, FigureScope};
use crate::reports::queries::{self as q, ReportChangeset, WeeklyReportRow};

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
    row.to_dto(figures)
}

pub fn report_in_scope(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
) -> AppResult<WeeklyReportRow> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("weekly report"))?;
    principal.ensure_owner_in_scope(conn, row.owner_id, "weekly report")?;
    Ok(row)
}

fn own_report(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<WeeklyReportRow> {
    let row = report_in_scope(conn, principal, id)?;
    if row.owner_id != principal.user_id {
        return Err(AppError::forbidden("only the report's author writes it"));
    }
    Ok(row)
}

/// Next week's plan must exist and be the author's weekly plan for the following week.
fn check_next_plan(conn: &mut DbConn, owner: i64, week: IsoWeek, plan_id: i64) -> AppResult<()> {
    let next = week.next().to_string();
    let ok = crate::plans::queries::find(conn, plan_id)?.is_some_and(|p| {
        p.owner_id == owner && p.kind == PlanKind::Weekly.as_str() && p.period == next
    });
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
    principal: &Principal,
    settings: &Settings,
    req: &CreateWeeklyReportRequest,
) -> AppResult<WeeklyReportDto> {
    principal.require_any(&[Role::Salesperson, Role::Manager])?;
    let week = parse_week(&req.week)?;
    crate::db::transaction(conn, |c| {
        if q::exists_for(c, principal.user_id, &week.to_string())? {
            return Err(AppError::conflict(
                "duplicate_report",
                format!("there is already a weekly report for {week}"),
            ));
        }
        if let Some(plan) = req.next_plan_id {
            check_next_plan(c, principal.user_id, week, plan)?;
        }
        let now = clock::now();
        let id = q::insert(c, principal.user_id, &week.to_string(), now)?;
        let row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
        let mut changes = ReportChangeset {
            next_plan_id: Some(req.next_plan_id),
            ..Default::default()
        };
        if let Some(s) = &req.sections {
            let mut sections = row.sections();
            sections.merge(s);
            changes.set_sections(&sections);
        }
        q::update_if_version(c, id, row.version, &changes)?;
        let row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
        let report = dto(c, &row, settings.timezone)?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "weekly_report.create",
            "weekly_report",
            id,
            None,
            Some(&report),
        )?;
        Ok(report)
    })
}

pub fn get(
    conn: &mut DbConn,
    principal: &Principal,
    settings: &Settings,
    id: i64,
) -> AppResult<WeeklyReportDto> {
    let row = report_in_scope(conn, principal, id)?;
    dto(conn, &row, settings.timezone)
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &WeeklyReportListQuery,
    page: PageQuery,
) -> AppResult<Page<WeeklyReportDto>> {
    principal.require_any(&[Role::Salesperson, Role::Manager, Role::Admin])?;
    let owners = principal.visible_owners(conn)?;
    let (rows, total) = q::list(conn, owners.as_deref(), filter, page)?;
    // Live figures cost a handful of queries each; a list shows the frozen ones (submitted
    // reports) and leaves drafts' empty, so a page is a fixed number of queries.
    let items = rows
        .iter()
        .map(|r| r.to_dto(r.stored_figures()))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page::new(items, total, page))
}

/// Saves sections (the browser app saves as the person types) and the next-plan link.
pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    settings: &Settings,
    id: i64,
    req: &UpdateWeeklyReportRequest,
) -> AppResult<WeeklyReportDto> {
    crate::db::transaction(conn, |c| {
        let row = own_report(c, principal, id)?;
        let next = row
            .state()?
            .apply(ReportAction::Edit)
            .map_err(|e| AppError::invalid_state("report", e))?;
        if req.version.is_some_and(|v| v != row.version) {
            return Err(AppError::stale("report"));
        }
        let mut changes = ReportChangeset {
            state: Some(next.as_str().to_owned()),
            updated_at: Some(clock::now()),
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
            return Err(AppError::stale("report"));
        }
        let row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
        audit::record(
            c,
            &Actor::from(principal),
            "weekly_report.update",
            "weekly_report",
            id,
            Some(&before),
            Some(&row.sections()),
        )?;
        dto(c, &row, settings.timezone)
    })
}

/// Submits: required sections written, next week's plan linked; the figures freeze as they
/// are now; late after the deadline (the shared crate's rule).
pub fn submit(
    conn: &mut DbConn,
    principal: &Principal,
    settings: &Settings,
    id: i64,
    version: Option<i64>,
) -> AppResult<WeeklyReportDto> {
    crate::db::transaction(conn, |c| {
        let row = own_report(c, principal, id)?;
        let next = row
            .state()?
            .apply(ReportAction::Submit)
            .map_err(|e| AppError::invalid_state("report", e))?;
        if version.is_some_and(|v| v != row.version) {
            return Err(AppError::stale("report"));
        }
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
        let now = clock::now();
        let figures = figures::compute_all(
            c,
            &FigureScope {
                owner_id: row.owner_id,
                week,
                tz: settings.timezone,
            },
        )?;
        let json = serde_json::to_string(&figures)
            .map_err(|e| AppError::Internal(format!("figures: {e}")))?;
        let changes = ReportChangeset {
            state: Some(next.as_str().to_owned()),
            figures_json: Some(Some(json)),
            submitted_at: Some(Some(now)),
            late: Some(
                settings
                    .report_deadline
                    .is_late(week, now, settings.timezone),
            ),
            updated_at: Some(now),
            ..Default::default()
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("report"));
        }
        let after_row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
        let after = dto(c, &after_row, settings.timezone)?;
        audit::record(
            c,
            &Actor::from(principal),
            "weekly_report.submit",
            "weekly_report",
            id,
            Some(&row.to_dto(Vec::new())?),
            Some(&after),
        )?;
        Ok(after)
    })
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
    principal: &Principal,
    settings: &Settings,
    id: i64,
    req: &ReviewRequest,
) -> AppResult<WeeklyReportDto> {
    crate::db::transaction(conn, |c| {
        let row = report_in_scope(c, principal, id)?;
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
        let now = clock::now();
        let json =
            serde_json::to_string(&marks).map_err(|e| AppError::Internal(format!("marks: {e}")))?;
        let changes = ReportChangeset {
            state: Some(next.as_str().to_owned()),
            reviewed_by: Some(Some(principal.user_id)),
            reviewed_at: Some(Some(now)),
            review_comment: Some(
                req.comment
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            ),
            marks_json: Some(Some(json)),
            updated_at: Some(now),
            ..Default::default()
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("report"));
        }
        let after_row = q::find(c, id)?.ok_or(AppError::NotFound("weekly report"))?;
        let after = dto(c, &after_row, settings.timezone)?;
        audit::record(
            c,
            &Actor::from(principal),
            "weekly_report.review",
            "weekly_report",
            id,
            Some(&row.to_dto(Vec::new())?),
            Some(&after),
        )?;
        Ok(after)
    })
}
