//! What each kind of job does. Every job's effect is idempotent on its own (a case moves on
//! once, a draft is made when none exists, a notice is sent when none was), so a job tried
//! again — after a crash between its work and its `done` — changes nothing twice.

use std::sync::Arc;

use chrono::NaiveDateTime;
use salesops_domain::jobs::JobKind;
use salesops_domain::period::{IsoWeek, Month, local_date};

use crate::config::Settings;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::jobs::queries::JobRow;
use crate::jobs::reminders::{self, Due};

fn payload_text(job: &JobRow, field: &str) -> AppResult<String> {
    let payload: serde_json::Value = serde_json::from_str(&job.payload_json)
        .map_err(|e| AppError::Internal(format!("job {}: payload is not JSON: {e}", job.id)))?;
    payload[field]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| AppError::Internal(format!("job {}: payload needs `{field}`", job.id)))
}

fn week(job: &JobRow) -> AppResult<IsoWeek> {
    payload_text(job, "week")?
        .parse()
        .map_err(|_| AppError::Internal(format!("job {}: `week` is not a week", job.id)))
}

/// Runs the job; answers a line for the log (what it did).
pub fn run(
    conn: &mut DbConn,
    settings: &Arc<Settings>,
    job: &JobRow,
    now: NaiveDateTime,
) -> AppResult<String> {
    let kind: JobKind = job
        .kind
        .parse()
        .map_err(|_| AppError::Internal(format!("unknown job kind `{}`", job.kind)))?;
    Ok(match kind {
        JobKind::EscalateCases => {
            let n = crate::cases::escalation::escalate_overdue(conn, now)?;
            format!("{n} cases escalated")
        }
        JobKind::ScoreDrafts => {
            let month: Month = payload_text(job, "month")?.parse().map_err(|_| {
                AppError::Internal(format!("job {}: `month` is not a month", job.id))
            })?;
            let n = crate::scores::drafts::draft_month(conn, settings, month, now)?;
            format!("{n} drafts for {month}")
        }
        JobKind::PlanReminders => {
            let n = reminders::remind(conn, Due::Plan, week(job)?)?;
            format!("{n} plan reminders")
        }
        JobKind::ReportReminders => {
            let n = reminders::remind(conn, Due::Report, week(job)?)?;
            format!("{n} report reminders")
        }
        JobKind::OverdueReceivables => {
            let today = local_date(now, settings.timezone);
            let n = crate::receivables::overdue::notify_overdue(conn, today)?;
            format!("{n} overdue lines notified")
        }
    })
}
