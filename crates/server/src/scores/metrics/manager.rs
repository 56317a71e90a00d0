//! A manager's own records: the monthly report (this month's and last month's, one query) and
//! the trainings they gave or recorded for their teams (two queries).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::reports::{MonthlyMark, ReportState};
use salesops_domain::scoring::metrics::{MonthlyReportFacts, TrainingHeld};

use super::Subject;
use super::team::Member;
use crate::db::DbConn;
use crate::db::schema::{monthly_reports, training_attendees, trainings};
use crate::db::types::Json;
use crate::error::AppResult;

/// The month's report and the previous month's, each if written.
pub struct MonthlyFacts {
    pub this: Option<MonthlyReportFacts>,
    pub previous: Option<MonthlyReportFacts>,
}

/// The month before `month`.
pub fn previous(month: Month) -> Month {
    Month::of(month.first_day() - chrono::Duration::days(1))
}

type MonthlyRow = (
    i64,
    String,
    ReportState,
    bool,
    Option<Json<Vec<MonthlyMark>>>,
);

pub fn monthly_reports(conn: &mut DbConn, subject: &Subject) -> AppResult<MonthlyFacts> {
    let this = subject.month.to_string();
    let prev = previous(subject.month).to_string();
    let rows: Vec<MonthlyRow> = monthly_reports::table
        .filter(monthly_reports::owner_id.eq(subject.user_id))
        .filter(monthly_reports::month.eq_any([this.clone(), prev]))
        .select((
            monthly_reports::id,
            monthly_reports::month,
            monthly_reports::state,
            monthly_reports::late,
            monthly_reports::marks_json,
        ))
        .load(conn)?;
    let mut facts = MonthlyFacts {
        this: None,
        previous: None,
    };
    for (id, month, state, late, marks) in rows {
        let report = MonthlyReportFacts {
            id,
            state,
            late,
            marks: marks.map(|m| m.0).unwrap_or_default(),
        };
        if month == this {
            facts.this = Some(report);
        } else {
            facts.previous = Some(report);
        }
    }
    Ok(facts)
}

/// The trainings dated in the month that the manager gave or recorded, with the number of
/// attendees from their teams; those without such an attendee are left out.
pub fn trainings(
    conn: &mut DbConn,
    subject: &Subject,
    members: &[Member],
) -> AppResult<Vec<TrainingHeld>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let month = subject.month;
    let rows: Vec<(i64, NaiveDate, String)> = trainings::table
        .filter(trainings::date.ge(month.first_day().to_string()))
        .filter(trainings::date.le(month.last_day().to_string()))
        .filter(
            trainings::trainer_id
                .eq(subject.user_id)
                .or(trainings::created_by.eq(subject.user_id)),
        )
        .order((trainings::date.asc(), trainings::id.asc()))
        .select((trainings::id, trainings::date, trainings::topic))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|(id, _, _)| *id).collect();
    let member_ids: Vec<i64> = members.iter().map(|m| m.id).collect();
    let attended: Vec<i64> = training_attendees::table
        .filter(training_attendees::training_id.eq_any(ids))
        .filter(training_attendees::user_id.eq_any(member_ids))
        .select(training_attendees::training_id)
        .load(conn)?;
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    for id in attended {
        *counts.entry(id).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .filter_map(|(id, date, topic)| {
            counts.get(&id).map(|&attendees| TrainingHeld {
                id,
                date,
                topic,
                attendees,
            })
        })
        .collect())
}
