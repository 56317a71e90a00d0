//! Weekly reports: the person's own for `weekly_reports`, the team's for `weekly_reviews`.
//! One query each, over the month's weeks (their Thursday in the month).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::period::{IsoWeek, Month};
use salesops_domain::reports::{Mark, ReportState, SectionMark};
use salesops_domain::scoring::metrics::{TeamReport, WeekFacts, WeekReport, month_weeks};

use super::Subject;
use super::team::{Member, name_of};
use crate::db::DbConn;
use crate::db::schema::weekly_reports;
use crate::db::types::Json;
use crate::error::{AppError, AppResult};

fn week_texts(weeks: &[IsoWeek]) -> Vec<String> {
    weeks.iter().map(IsoWeek::to_string).collect()
}

fn week_of(text: &str) -> AppResult<IsoWeek> {
    text.parse()
        .map_err(|_| AppError::Internal(format!("stored week `{text}` is not a week")))
}

type OwnRow = (
    i64,
    String,
    ReportState,
    bool,
    Option<Json<Vec<SectionMark>>>,
);

/// Each of the month's weeks with the person's report for it, if any (one query).
pub fn own_weeks(conn: &mut DbConn, subject: &Subject) -> AppResult<Vec<WeekFacts>> {
    let weeks = month_weeks(subject.month);
    let rows: Vec<OwnRow> = weekly_reports::table
        .filter(weekly_reports::owner_id.eq(subject.user_id))
        .filter(weekly_reports::week.eq_any(week_texts(&weeks)))
        .select((
            weekly_reports::id,
            weekly_reports::week,
            weekly_reports::state,
            weekly_reports::late,
            weekly_reports::marks_json,
        ))
        .load(conn)?;
    let mut reports = Vec::with_capacity(rows.len());
    for (id, week, state, late, marks) in rows {
        let untrue = marks.is_some_and(|m| m.0.iter().any(|m| m.forced && m.mark == Mark::Zero));
        reports.push((
            week_of(&week)?,
            WeekReport {
                id,
                state,
                late,
                untrue,
            },
        ));
    }
    Ok(weeks
        .into_iter()
        .map(|week| WeekFacts {
            week,
            report: reports
                .iter()
                .find(|(w, _)| *w == week)
                .map(|(_, r)| r.clone()),
        })
        .collect())
}

type TeamRow = (
    i64,
    i64,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The team members' submitted reports of the month's weeks (one query).
pub fn team_reports(
    conn: &mut DbConn,
    month: Month,
    members: &[Member],
) -> AppResult<Vec<TeamReport>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let rows: Vec<TeamRow> = weekly_reports::table
        .filter(weekly_reports::owner_id.eq_any(ids))
        .filter(weekly_reports::week.eq_any(week_texts(&month_weeks(month))))
        .filter(weekly_reports::state.ne(ReportState::Draft.as_str()))
        .filter(weekly_reports::submitted_at.is_not_null())
        .order((weekly_reports::week.asc(), weekly_reports::id.asc()))
        .select((
            weekly_reports::id,
            weekly_reports::owner_id,
            weekly_reports::week,
            weekly_reports::submitted_at,
            weekly_reports::reviewed_at,
        ))
        .load(conn)?;
    let mut reports = Vec::with_capacity(rows.len());
    for (id, owner_id, week, submitted_at, reviewed_at) in rows {
        let Some(submitted_at) = submitted_at else {
            continue;
        };
        reports.push(TeamReport {
            id,
            owner: name_of(members, owner_id),
            week: week_of(&week)?,
            submitted_at,
            reviewed_at,
        });
    }
    Ok(reports)
}
