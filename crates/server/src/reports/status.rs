//! Who in a manager's teams has submitted the week's report, who is late or missing, what
//! awaits review, and how long each review took.

use salesops_domain::Capability;
use salesops_domain::reports::{PersonReportStatus, ReportState, ReportStatus, WeekReportStatus};

use crate::access::Ctx;
use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::plans::progress::team_salespeople;
use crate::reports::queries as q;
use crate::reports::service::parse_week;

pub fn week_status(conn: &mut DbConn, ctx: &Ctx, week: &str) -> AppResult<WeekReportStatus> {
    ctx.require(Capability::ReportsSupervise)?;
    let week = parse_week(week)?;
    let people = team_salespeople(conn, ctx, None)?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let reports = q::for_week(conn, &ids, &week.to_string())?;
    let mut out = Vec::with_capacity(people.len());
    for (user_id, display_name, _) in people {
        let report = reports.iter().find(|r| r.owner_id == user_id);
        let state = report.map(|r| r.state);
        let status = match (report, state) {
            (Some(_), Some(ReportState::Reviewed)) => ReportStatus::Reviewed,
            (Some(r), Some(ReportState::Submitted)) if r.late => ReportStatus::Late,
            (Some(_), Some(ReportState::Submitted)) => ReportStatus::AwaitingReview,
            _ => ReportStatus::Missing,
        };
        let review_hours = report.and_then(|r| match (r.submitted_at, r.reviewed_at) {
            (Some(s), Some(v)) => Some(((v - s).num_minutes() as f64 / 60.0 * 10.0).round() / 10.0),
            _ => None,
        });
        out.push(PersonReportStatus {
            user_id,
            display_name,
            report_id: report.map(|r| r.id),
            status,
            late: report.is_some_and(|r| r.late),
            submitted_at: report.and_then(|r| r.submitted_at).map(clock::utc),
            reviewed_at: report.and_then(|r| r.reviewed_at).map(clock::utc),
            review_hours,
        });
    }
    Ok(WeekReportStatus {
        week: week.to_string(),
        deadline: clock::utc(ctx.settings.report_deadline.for_week(week, ctx.tz())),
        people: out,
    })
}
