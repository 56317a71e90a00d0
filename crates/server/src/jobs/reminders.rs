//! The reminder jobs: in the hours before the weekly plan's and the weekly report's
//! deadlines (`salesops_domain::jobs::due_runs`), every enabled salesperson who has not
//! submitted the week's plan (report) is told, once per week.

use diesel::prelude::*;
use salesops_domain::Role;
use salesops_domain::notifications::NotificationKind;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanKind;

use crate::db::schema::{notifications, plans, user_roles, users, weekly_reports};
use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::notifications::{self as notify, Notice};

/// Which weekly document a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Plan,
    Report,
}

/// The week as a number (`2026-W49` → 202649): the reminders' record id, so a week is
/// reminded once per person.
fn week_id(week: IsoWeek) -> i64 {
    i64::from(week.year) * 100 + i64::from(week.week)
}

/// Sends the week's reminders of `due`; answers how many, in one transaction.
pub fn remind(conn: &mut DbConn, due: Due, week: IsoWeek) -> AppResult<usize> {
    let period = week.to_string();
    let (kind, entity, title, link) = match due {
        Due::Plan => (
            NotificationKind::PlanReminder,
            "plan_week",
            format!("请提交周计划 {period}"),
            "/plans/week",
        ),
        Due::Report => (
            NotificationKind::ReportReminder,
            "report_week",
            format!("请提交周报 {period}"),
            "/reports/week",
        ),
    };
    db::write(conn, |tx| {
        let people: Vec<i64> = users::table
            .inner_join(user_roles::table)
            .filter(users::disabled_at.is_null())
            .filter(user_roles::role.eq(Role::Salesperson.as_str()))
            .order(users::id.asc())
            .select(users::id)
            .load(tx.conn())?;
        let submitted: Vec<i64> = match due {
            Due::Plan => plans::table
                .filter(plans::kind.eq(PlanKind::Weekly.as_str()))
                .filter(plans::period.eq(&period))
                .filter(plans::submitted_at.is_not_null())
                .select(plans::owner_id)
                .load(tx.conn())?,
            Due::Report => weekly_reports::table
                .filter(weekly_reports::week.eq(&period))
                .filter(weekly_reports::submitted_at.is_not_null())
                .select(weekly_reports::owner_id)
                .load(tx.conn())?,
        };
        let reminded: Vec<i64> = notifications::table
            .filter(notifications::kind.eq(kind.as_str()))
            .filter(notifications::entity_type.eq(entity))
            .filter(notifications::entity_id.eq(week_id(week)))
            .select(notifications::user_id)
            .load(tx.conn())?;
        let mut sent = 0;
        for user in people {
            if submitted.contains(&user) || reminded.contains(&user) {
                continue;
            }
            notify::notify(
                tx,
                user,
                kind,
                Notice {
                    title: title.clone(),
                    body: None,
                    link: Some(link.to_owned()),
                    entity: Some((entity, week_id(week))),
                },
            )?;
            sent += 1;
        }
        Ok(sent)
    })
}
