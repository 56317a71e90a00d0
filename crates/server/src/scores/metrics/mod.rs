//! The computed items of a score (`computed:<metric>`): each reads the month's records in a
//! fixed number of queries and says how many occurrences it found, the points, and the
//! records behind every deduction (SPEC §6; the readings are pinned in the domain crate's
//! `scoring::metrics` and written down in docs/DECISIONS.md, "Score metrics (issue 13)").
//!
//! Facts are gathered once per metric and shared by the items that read them (the three
//! monthly report mark items and the on-time item read one query), so a score costs a fixed
//! number of queries whatever the team's size or the month's weeks.

mod manager;
mod plan;
mod team;
mod weekly;

use salesops_domain::period::Month;
use salesops_domain::reports::MonthlySection;
use salesops_domain::scoring::metrics as rules;
use salesops_domain::scoring::rubric::{Metric, RubricItem, RubricRole, Source};
use salesops_domain::scoring::score::Computed;

use crate::access::Ctx;
use crate::db::DbConn;
use crate::error::AppResult;

/// Whose month is scored, with which rubric.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub user_id: i64,
    pub role: RubricRole,
    pub month: Month,
}

/// The facts read so far, each at most once per score.
#[derive(Default)]
struct Facts {
    members: Option<Vec<team::Member>>,
    monthly: Option<manager::MonthlyFacts>,
}

impl Facts {
    fn members(&mut self, conn: &mut DbConn, subject: &Subject) -> AppResult<&[team::Member]> {
        let members = match self.members.take() {
            Some(m) => m,
            None => team::members(conn, subject.user_id)?,
        };
        Ok(self.members.insert(members))
    }

    fn monthly(
        &mut self,
        conn: &mut DbConn,
        subject: &Subject,
    ) -> AppResult<&manager::MonthlyFacts> {
        let monthly = match self.monthly.take() {
            Some(m) => m,
            None => manager::monthly_reports(conn, subject)?,
        };
        Ok(self.monthly.insert(monthly))
    }
}

/// What the records give each item of the rubric, in the rubric's order. A `manual` item has
/// no occurrences and full points until the manager enters them.
pub fn compute(
    conn: &mut DbConn,
    ctx: &Ctx,
    subject: &Subject,
    items: &[RubricItem],
) -> AppResult<Vec<Computed>> {
    let mut facts = Facts::default();
    let month = subject.month;
    items
        .iter()
        .map(|item| {
            let max = item.max_points;
            let per = item.deduction_per_occurrence;
            Ok(match item.source {
                Source::Manual => Computed {
                    occurrences: 0,
                    points: max * 10,
                    evidence: Vec::new(),
                },
                Source::Computed(Metric::WeeklyReports) => {
                    rules::weekly_reports(max, &weekly::own_weeks(conn, subject)?)
                }
                Source::Computed(Metric::PlanExecution) => {
                    rules::plan_execution(max, per, &plan::facts(conn, subject)?)
                }
                Source::Computed(Metric::MonthlyReportMarks) => {
                    let m = facts.monthly(conn, subject)?;
                    match item.code.parse::<MonthlySection>() {
                        Ok(section) => {
                            rules::monthly_report_mark(max, section, month, m.this.as_ref())
                        }
                        // A rubric's mark items are coded by section (checked when saved).
                        Err(_) => Computed::default(),
                    }
                }
                Source::Computed(Metric::MonthlyReportOnTime) => {
                    let m = facts.monthly(conn, subject)?;
                    rules::monthly_report_on_time(
                        max,
                        month,
                        m.this.as_ref(),
                        m.previous.as_ref(),
                        manager::previous(month),
                    )
                }
                Source::Computed(Metric::WeeklyReviews) => {
                    let members = facts.members(conn, subject)?.to_vec();
                    let reports = weekly::team_reports(conn, month, &members)?;
                    rules::weekly_reviews(max, per, &reports, ctx.now)
                }
                Source::Computed(Metric::Trainings) => {
                    let members = facts.members(conn, subject)?.to_vec();
                    let held = manager::trainings(conn, subject, &members)?;
                    rules::trainings(max, month, &held)
                }
                Source::Computed(Metric::TeamDiscipline) => {
                    let members = facts.members(conn, subject)?.to_vec();
                    rules::team_discipline(max, &team::scores(conn, month, &members)?)
                }
            })
        })
        .collect()
}
