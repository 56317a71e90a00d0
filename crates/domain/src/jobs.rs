//! Background jobs (后台任务) as the API shows them, and the runner's pure rules: the back-off
//! between tries and which periodic runs are due at an instant.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::period::{IsoWeek, Month, WeeklyDeadline, local_date};

crate::text_enum! {
    /// pending → running → done, or back to pending (a retry) and finally failed.
    pub enum JobState {
        Pending = "pending",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

crate::text_enum! {
    /// The work a job does.
    pub enum JobKind {
        /// Complaints open 2 days after filing go to the owner's manager.
        EscalateCases = "escalate_cases",
        /// Last month's draft score for everyone scored who has none (on the 1st).
        ScoreDrafts = "score_drafts",
        /// Reminders to those who have not submitted the week's plan.
        PlanReminders = "plan_reminders",
        /// Reminders to those who have not submitted the week's report.
        ReportReminders = "report_reminders",
        /// The owners of payment lines that fell overdue, once per line.
        OverdueReceivables = "overdue_receivables",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobDto {
    pub id: i64,
    /// The job's kind (text: a kind this version does not know still lists).
    pub kind: String,
    pub run_key: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
    pub state: JobState,
    pub attempts: i32,
    pub max_attempts: i32,
    /// When it is due (again, after a failed try).
    pub run_at: DateTime<Utc>,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// Filters for `GET /jobs` (default: the failed ones).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct JobListQuery {
    pub state: Option<JobState>,
    pub kind: Option<JobKind>,
}

/// How long after failed try number `attempt` (1-based) the job is tried again: `base`
/// doubled per earlier failure, at most an hour.
pub fn backoff(base: Duration, attempt: i32) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    let ms = base.num_milliseconds().saturating_mul(1_i64 << doublings);
    Duration::milliseconds(ms.min(Duration::hours(1).num_milliseconds()))
}

/// A periodic run due at some instant: its kind, its unique key and its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct DueRun {
    pub kind: JobKind,
    pub run_key: String,
    pub payload: serde_json::Value,
}

/// How long before a weekly deadline the reminders go out.
pub const REMIND_BEFORE_HOURS: i64 = 18;

/// The periodic runs due at `now` (UTC): escalation every 5 minutes, overdue receivables every
/// hour, score drafts on the 1st (business time zone) for the month before, and the plan and
/// report reminders in the [`REMIND_BEFORE_HOURS`] before their deadlines. Each key names one
/// run, so enqueueing the same run from every instance, every tick, inserts it once.
pub fn due_runs(
    now: NaiveDateTime,
    tz: chrono_tz::Tz,
    plan: WeeklyDeadline,
    report: WeeklyDeadline,
) -> Vec<DueRun> {
    let five = now.minute() - now.minute() % 5;
    let mut runs = vec![
        DueRun {
            kind: JobKind::EscalateCases,
            run_key: format!("escalate_cases:{}T{:02}:{five:02}", now.date(), now.hour()),
            payload: serde_json::json!({}),
        },
        DueRun {
            kind: JobKind::OverdueReceivables,
            run_key: format!("overdue_receivables:{}T{:02}", now.date(), now.hour()),
            payload: serde_json::json!({}),
        },
    ];
    let today = local_date(now, tz);
    if today.day() == 1 {
        let month = Month::of(today - Duration::days(1));
        runs.push(DueRun {
            kind: JobKind::ScoreDrafts,
            run_key: format!("score_drafts:{month}"),
            payload: serde_json::json!({ "month": month.to_string() }),
        });
    }
    // The deadline of this week's plan and of last week's report both fall in this week or
    // the next; look at the weeks around today.
    let this = IsoWeek::of(today);
    for week in [this.prev(), this, this.next()] {
        for (deadline, kind, name) in [
            (plan, JobKind::PlanReminders, "plan_reminders"),
            (report, JobKind::ReportReminders, "report_reminders"),
        ] {
            let at = deadline.for_week(week, tz);
            if now < at && now >= at - Duration::hours(REMIND_BEFORE_HOURS) {
                runs.push(DueRun {
                    kind,
                    run_key: format!("{name}:{week}"),
                    payload: serde_json::json!({ "week": week.to_string() }),
                });
            }
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap_or_default()
    }

    fn keys(now: NaiveDateTime) -> Vec<String> {
        due_runs(
            now,
            chrono_tz::Asia::Shanghai,
            WeeklyDeadline::PLAN,
            WeeklyDeadline::REPORT,
        )
        .into_iter()
        .map(|r| r.run_key)
        .collect()
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::seconds(30);
        assert_eq!(backoff(base, 1), Duration::seconds(30));
        assert_eq!(backoff(base, 2), Duration::seconds(60));
        assert_eq!(backoff(base, 4), Duration::seconds(240));
        assert_eq!(backoff(base, 30), Duration::hours(1));
        assert_eq!(backoff(base, 0), Duration::seconds(30));
    }

    #[test]
    fn escalation_every_five_minutes_receivables_every_hour() {
        // Wednesday 2026-12-02 10:07 UTC (18:07 in Shanghai): no reminder, not the 1st.
        assert_eq!(
            keys(at(2026, 12, 2, 10, 7)),
            vec![
                "escalate_cases:2026-12-02T10:05",
                "overdue_receivables:2026-12-02T10"
            ]
        );
    }

    #[test]
    fn score_drafts_on_the_first_in_the_business_time_zone() {
        // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Shanghai: November's drafts.
        assert!(keys(at(2026, 11, 30, 16, 30)).contains(&"score_drafts:2026-11".to_owned()));
        assert!(
            !keys(at(2026, 11, 30, 15, 30))
                .iter()
                .any(|k| k.starts_with("score_drafts"))
        );
        // January's 1st scores December of the year before.
        assert!(keys(at(2027, 1, 1, 3, 0)).contains(&"score_drafts:2026-12".to_owned()));
    }

    #[test]
    fn reminders_in_the_hours_before_the_deadlines() {
        // The W50 plan is due Monday 2026-12-07 09:00 Shanghai = 01:00 UTC; the W49 report
        // Monday 12:00 = 04:00 UTC.
        let sunday_evening = keys(at(2026, 12, 6, 12, 0)); // 20:00 Shanghai
        assert!(sunday_evening.contains(&"plan_reminders:2026-W50".to_owned()));
        assert!(sunday_evening.contains(&"report_reminders:2026-W49".to_owned()));
        let after_plan = keys(at(2026, 12, 7, 2, 0)); // 10:00 Monday: plan due passed
        assert!(!after_plan.iter().any(|k| k.starts_with("plan_reminders")));
        assert!(after_plan.contains(&"report_reminders:2026-W49".to_owned()));
        assert!(
            !keys(at(2026, 12, 5, 0, 0))
                .iter()
                .any(|k| k.contains("reminders"))
        );
    }
}
