//! The computed items of a score (`computed:<metric>`, SPEC §6, issue 13): each rule takes the
//! plain facts the server gathered and says how many occurrences it found, the points (integer
//! tenths, rounded half up once) and the records behind them. The readings are written down in
//! docs/DECISIONS.md, "Score metrics (issue 13)".

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::score::{Computed, Evidence};
use super::{Tenths, div_round, show};
use crate::period::{IsoWeek, Month};
use crate::reports::{MONTHLY_MARK_MAX, MonthlyMark, MonthlySection, ReportState};

fn evidence(entity_type: &str, entity_id: i64, label: impl Into<String>) -> Evidence {
    Evidence {
        entity_type: entity_type.into(),
        entity_id,
        label: label.into(),
    }
}

/// `max_points` as tenths × `num ÷ den`, rounded half up (`den` ≤ 0 reads as full).
fn share(max_points: i64, num: i128, den: i128) -> Tenths {
    if den <= 0 {
        return max_points * 10;
    }
    div_round(i128::from(max_points) * 10 * num, den).unwrap_or(0)
}

/// The ISO weeks a month is scored on: those whose Thursday falls in it (4 or 5), in order.
pub fn month_weeks(month: Month) -> Vec<IsoWeek> {
    let mut weeks = Vec::new();
    let mut week = IsoWeek::of(month.first_day());
    loop {
        let thursday = week.monday() + Duration::days(3);
        if thursday > month.last_day() {
            break;
        }
        if month.contains(thursday) {
            weeks.push(week);
        }
        week = week.next();
    }
    weeks
}

/// Every ISO week with at least one day in the month, in order (the calls target).
pub fn weeks_touching(month: Month) -> Vec<IsoWeek> {
    let mut weeks = Vec::new();
    let mut week = IsoWeek::of(month.first_day());
    while week.monday() <= month.last_day() {
        weeks.push(week);
        week = week.next();
    }
    weeks
}

/// Monday–Friday days of `week` inside `month`.
pub fn working_days_in(week: IsoWeek, month: Month) -> i64 {
    (0..5)
        .map(|d| week.monday() + Duration::days(d))
        .filter(|d| {
            month.contains(*d) && d.weekday() != Weekday::Sat && d.weekday() != Weekday::Sun
        })
        .count() as i64
}

// ---------------------------------------------------------------------------------------
// weekly_reports

/// A person's weekly report as the metric reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekReport {
    pub id: i64,
    pub state: ReportState,
    pub late: bool,
    /// A review mark forced to zero: a spot-check found a false visit.
    pub untrue: bool,
}

/// One scored week and its report, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekFacts {
    pub week: IsoWeek,
    pub report: Option<WeekReport>,
}

/// Weekly reports (周报, 40): each of the month's weeks carries an equal share; a week scores 0
/// when its report is missing (none, or still a draft), late, or untrue (a forced zero mark).
/// A missing week right after another missing week costs twice its share. Points = max ×
/// (weeks − shares lost) ÷ weeks, rounded half up once, never below 0.
pub fn weekly_reports(max_points: i64, weeks: &[WeekFacts]) -> Computed {
    let mut lost: i64 = 0;
    let mut occurrences = 0;
    let mut evidence_list = Vec::new();
    let mut previous_missing = false;
    for w in weeks {
        let missing = w
            .report
            .as_ref()
            .is_none_or(|r| r.state == ReportState::Draft);
        if missing {
            occurrences += 1;
            let cost = if previous_missing { 2 } else { 1 };
            lost += cost;
            let label = if previous_missing {
                format!("{} missing again (double deduction)", w.week)
            } else {
                format!("{} missing", w.week)
            };
            let id = w.report.as_ref().map_or(0, |r| r.id);
            let kind = if id == 0 { "week" } else { "weekly_report" };
            evidence_list.push(evidence(kind, id, label));
        } else if let Some(r) = &w.report {
            let mut reasons = Vec::new();
            if r.late {
                reasons.push("late");
            }
            if r.untrue {
                reasons.push("untrue content (spot-check)");
            }
            if !reasons.is_empty() {
                occurrences += 1;
                lost += 1;
                evidence_list.push(evidence(
                    "weekly_report",
                    r.id,
                    format!("{} {}", w.week, reasons.join(", ")),
                ));
            }
        }
        previous_missing = missing;
    }
    let n = weeks.len() as i64;
    let good = (n - lost).max(0);
    Computed {
        occurrences,
        points: share(max_points, i128::from(good), i128::from(n)),
        evidence: evidence_list,
    }
}

// ---------------------------------------------------------------------------------------
// plan_execution

/// The targets of one week's approved plan (the revision in force).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekPlan {
    pub week: IsoWeek,
    pub calls_per_day: i64,
    pub visits_per_week: i64,
}

/// A `not_confirmed` spot-check of one of the person's visits planned in the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FalseVisit {
    pub spot_check_id: i64,
    pub client: String,
    pub date: NaiveDate,
}

/// What plan execution reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFacts {
    pub month: Month,
    /// Planned (not unplanned) visits whose planned date is in the month.
    pub planned: i64,
    /// Of those, the ones done.
    pub planned_done: i64,
    /// Every visit done in the month, planned or not (read when nothing was planned).
    pub done: i64,
    /// Calls logged in the month's daily logs.
    pub calls: i64,
    /// The approved weekly plans of the weeks touching the month.
    pub plans: Vec<WeekPlan>,
    pub false_visits: Vec<FalseVisit>,
}

/// Calls a day when a week has no approved plan (SPEC §4's default).
pub const DEFAULT_CALLS_PER_DAY: i64 = 30;

/// Plan execution (计划执行与抽查, 30): half the max from visit completion, half from calls,
/// less `per_occurrence` for each `not_confirmed` spot-check, never below 0.
///
/// - completion = planned visits done ÷ planned visits (capped at 1). With nothing planned in
///   the month: the visits done ÷ the approved plans' `visits_per_week`, each prorated to the
///   working days of its week inside the month (capped at 1); full when there is no plan.
/// - calls = calls logged ÷ Σ over the weeks touching the month of (that week's approved
///   `calls_per_day`, or 30) × its working days (Mon–Fri) inside the month (capped at 1).
pub fn plan_execution(max_points: i64, per_occurrence: i64, facts: &PlanFacts) -> Computed {
    let mut evidence_list = Vec::new();
    // Visit completion as num ÷ den (den 0: full).
    let (v_num, v_den) = if facts.planned > 0 {
        evidence_list.push(evidence(
            "visits",
            0,
            format!("visit completion {}/{}", facts.planned_done, facts.planned),
        ));
        (facts.planned_done, facts.planned)
    } else {
        let target5: i64 = facts
            .plans
            .iter()
            .map(|p| p.visits_per_week * working_days_in(p.week, facts.month))
            .sum();
        if target5 > 0 {
            evidence_list.push(evidence(
                "visits",
                0,
                format!(
                    "no visit planned; {} done against the plans' {} visits",
                    facts.done,
                    show(div_round(i128::from(target5) * 10, 5).unwrap_or(0))
                ),
            ));
            (facts.done * 5, target5)
        } else {
            evidence_list.push(evidence(
                "visits",
                0,
                "no visit planned and no approved plan: completion counts as full",
            ));
            (1, 1)
        }
    };
    let calls_target: i64 = weeks_touching(facts.month)
        .into_iter()
        .map(|w| {
            let per_day = facts
                .plans
                .iter()
                .find(|p| p.week == w)
                .map_or(DEFAULT_CALLS_PER_DAY, |p| p.calls_per_day);
            per_day * working_days_in(w, facts.month)
        })
        .sum();
    evidence_list.push(evidence(
        "daily_logs",
        0,
        format!("calls {}/{}", facts.calls, calls_target),
    ));
    let (c_num, c_den) = if calls_target > 0 {
        (facts.calls.min(calls_target), calls_target)
    } else {
        (1, 1)
    };
    let (v_num, v_den) = (i128::from(v_num.min(v_den).max(0)), i128::from(v_den));
    let (c_num, c_den) = (i128::from(c_num.max(0)), i128::from(c_den));
    // max × (v/2 + c/2), rounded once.
    let earned = share(max_points, v_num * c_den + c_num * v_den, 2 * v_den * c_den);
    let occurrences = facts.false_visits.len() as i64;
    for f in &facts.false_visits {
        evidence_list.push(evidence(
            "spot_check",
            f.spot_check_id,
            format!("not confirmed: {} {}", f.client, f.date),
        ));
    }
    Computed {
        occurrences,
        points: (earned - occurrences * per_occurrence * 10).max(0),
        evidence: evidence_list,
    }
}

// ---------------------------------------------------------------------------------------
// monthly_report_marks and monthly_report_on_time

/// The manager's monthly report of a month as the metrics read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyReportFacts {
    pub id: i64,
    pub state: ReportState,
    pub late: bool,
    pub marks: Vec<MonthlyMark>,
}

impl MonthlyReportFacts {
    fn submitted(&self) -> bool {
        self.state != ReportState::Draft
    }
}

/// A monthly report mark item (summary, plan, proposals; 20 each): the review's points for
/// the section, × max ÷ 20 when the rubric gives another maximum. No report, not reviewed or
/// the section unmarked → 0, one occurrence, the evidence saying which.
pub fn monthly_report_mark(
    max_points: i64,
    section: MonthlySection,
    month: Month,
    report: Option<&MonthlyReportFacts>,
) -> Computed {
    let zero = |kind: &str, id: i64, label: String| Computed {
        occurrences: 1,
        points: 0,
        evidence: vec![evidence(kind, id, label)],
    };
    let Some(r) = report.filter(|r| r.submitted()) else {
        return zero(
            "month",
            0,
            format!("no monthly report submitted for {month}"),
        );
    };
    if r.state != ReportState::Reviewed {
        return zero(
            "monthly_report",
            r.id,
            format!("monthly report {month} not reviewed yet"),
        );
    }
    let Some(mark) = r.marks.iter().find(|m| m.section == section) else {
        return zero(
            "monthly_report",
            r.id,
            format!(
                "monthly report {month}: {section} not marked",
                section = section.as_str()
            ),
        );
    };
    let points = share(
        max_points,
        i128::from(mark.points.clamp(0, MONTHLY_MARK_MAX)),
        i128::from(MONTHLY_MARK_MAX),
    );
    let mut label = format!(
        "monthly report {month}: {} marked {}/{}",
        section.as_str(),
        mark.points,
        MONTHLY_MARK_MAX
    );
    if let Some(note) = mark.note.as_deref().filter(|n| !n.trim().is_empty()) {
        label.push_str(&format!(" ({note})"));
    }
    Computed {
        occurrences: 0,
        points,
        evidence: vec![evidence("monthly_report", r.id, label)],
    }
}

/// Monthly report on time (10): full when submitted and not late, 0 when late or missing.
/// A missing report when the previous month's was missing too counts two occurrences (the
/// doubled deduction); the item cannot go below 0, so the points stay 0 and nothing else is
/// touched.
pub fn monthly_report_on_time(
    max_points: i64,
    month: Month,
    report: Option<&MonthlyReportFacts>,
    previous: Option<&MonthlyReportFacts>,
    previous_month: Month,
) -> Computed {
    match report.filter(|r| r.submitted()) {
        Some(r) if !r.late => Computed {
            occurrences: 0,
            points: max_points * 10,
            evidence: vec![evidence(
                "monthly_report",
                r.id,
                format!("monthly report {month} on time"),
            )],
        },
        Some(r) => Computed {
            occurrences: 1,
            points: 0,
            evidence: vec![evidence(
                "monthly_report",
                r.id,
                format!("monthly report {month} late"),
            )],
        },
        None => {
            let again = previous.is_none_or(|p| !p.submitted());
            let label = if again {
                format!(
                    "monthly report {month} missing, as was {previous_month}'s (double deduction)"
                )
            } else {
                format!("monthly report {month} missing")
            };
            Computed {
                occurrences: if again { 2 } else { 1 },
                points: 0,
                evidence: vec![evidence("month", report.map_or(0, |r| r.id), label)],
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// weekly_reviews

/// A team member's submitted weekly report of one of the month's weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamReport {
    pub id: i64,
    pub owner: String,
    pub week: IsoWeek,
    pub submitted_at: NaiveDateTime,
    pub reviewed_at: Option<NaiveDateTime>,
}

/// How long a manager has to review a weekly report.
pub const REVIEW_WITHIN_HOURS: i64 = 48;

/// Reviewing the team's weekly reports (10, −2 each): every submitted report reviewed more
/// than 48 h after submission, or still unreviewed more than 48 h after it at `now`, is an
/// occurrence. Never below 0.
pub fn weekly_reviews(
    max_points: i64,
    per_occurrence: i64,
    reports: &[TeamReport],
    now: NaiveDateTime,
) -> Computed {
    let limit = Duration::hours(REVIEW_WITHIN_HOURS);
    let mut evidence_list = Vec::new();
    for r in reports {
        let label = match r.reviewed_at {
            Some(at) if at - r.submitted_at > limit => format!(
                "{} {} reviewed {} h after submission",
                r.owner,
                r.week,
                (at - r.submitted_at).num_hours()
            ),
            None if now - r.submitted_at > limit => format!(
                "{} {} not reviewed {} h after submission",
                r.owner,
                r.week,
                (now - r.submitted_at).num_hours()
            ),
            _ => continue,
        };
        evidence_list.push(evidence("weekly_report", r.id, label));
    }
    let occurrences = evidence_list.len() as i64;
    Computed {
        occurrences,
        points: (max_points * 10 - occurrences * per_occurrence * 10).max(0),
        evidence: evidence_list,
    }
}

// ---------------------------------------------------------------------------------------
// trainings

/// A training of the month the manager gave or recorded, with an attendee from their teams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingHeld {
    pub id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub attendees: i64,
}

/// Training the team (10): full with at least one such training in the month, else 0.
pub fn trainings(max_points: i64, month: Month, held: &[TrainingHeld]) -> Computed {
    if held.is_empty() {
        return Computed {
            occurrences: 1,
            points: 0,
            evidence: vec![evidence(
                "month",
                0,
                format!("no training recorded in {month}"),
            )],
        };
    }
    Computed {
        occurrences: 0,
        points: max_points * 10,
        evidence: held
            .iter()
            .map(|t| {
                evidence(
                    "training",
                    t.id,
                    format!("{} {} ({} from the team)", t.date, t.topic, t.attendees),
                )
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// team_discipline

/// A team member's score of the month (any state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberScore {
    pub score_id: i64,
    pub name: String,
    pub daily_work: Tenths,
}

/// Team discipline (10): max × the members' average daily-work score ÷ 100, rounded half up
/// once; full when no member is scored yet. No occurrences: it is a proportion.
pub fn team_discipline(max_points: i64, members: &[MemberScore]) -> Computed {
    if members.is_empty() {
        return Computed {
            occurrences: 0,
            points: max_points * 10,
            evidence: vec![evidence("score", 0, "no member scored yet")],
        };
    }
    let sum: i128 = members
        .iter()
        .map(|m| i128::from(m.daily_work.clamp(0, super::FULL)))
        .sum();
    let n = members.len() as i128;
    Computed {
        occurrences: 0,
        points: share(max_points, sum, n * i128::from(super::FULL)),
        evidence: members
            .iter()
            .map(|m| {
                evidence(
                    "score",
                    m.score_id,
                    format!("{} {}", m.name, show(m.daily_work)),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
