//! Demo plans (`SALESOPS_DEMO=1`): the last 8 weeks of every demo salesperson in every state,
//! visits done and missed, daily logs, and spot-checks including one false report. Written
//! through the services, so every rule and audit event applies; only submission times are
//! back-dated to when a real person would have submitted.

use std::sync::Arc;

use chrono::{Duration, NaiveTime, Utc};
use diesel::prelude::*;
use salesops_domain::Role;
use salesops_domain::daily_logs::CreateDailyLogRequest;
use salesops_domain::period::{IsoWeek, local_to_utc};
use salesops_domain::plans::{
    ApprovePlanRequest, CreatePlanRequest, ExpenseEstimate, PlanKind, RejectPlanRequest,
    SubmitPlanRequest,
};
use salesops_domain::spot_checks::{CreateSpotCheckRequest, SpotCheckResult};
use salesops_domain::visits::{CompleteVisitRequest, MissVisitRequest, PlanVisitRequest};

use crate::access::Ctx;
use crate::config::Settings;
use crate::db::schema::{clients, plans, teams, user_roles, users};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::{daily_logs, spot_checks, visits};

/// The context of a demo user, as if they were signed in.
pub(crate) fn ctx(conn: &mut DbConn, user_id: i64, settings: &Arc<Settings>) -> AppResult<Ctx> {
    Ctx::as_user(conn, user_id, settings.clone())
}

/// The salespeople of one team, by id.
pub(crate) fn salespeople_of_team(conn: &mut DbConn, team_id: i64) -> AppResult<Vec<i64>> {
    Ok(users::table
        .filter(users::team_id.eq(team_id))
        .filter(
            users::id.eq_any(
                user_roles::table
                    .filter(user_roles::role.eq(Role::Salesperson.as_str()))
                    .select(user_roles::user_id),
            ),
        )
        .select(users::id)
        .order(users::id.asc())
        .load(conn)?)
}

/// Seeds the plans unless there are some already. Needs the demo organisation and clients.
pub fn seed(conn: &mut DbConn, settings: &Arc<Settings>) -> AppResult<bool> {
    let count: i64 = plans::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(false);
    }
    crate::db::write(conn, |tx| seed_all(tx, settings))?;
    Ok(true)
}

fn seed_all(conn: &mut Tx<'_>, settings: &Arc<Settings>) -> AppResult<()> {
    let tz = settings.timezone;
    let team_rows: Vec<(i64, Option<i64>)> = teams::table
        .select((teams::id, teams::manager_id))
        .order(teams::id.asc())
        .load(conn.conn())?;
    let this_week = IsoWeek::of(Utc::now().with_timezone(&tz).date_naive());
    let mut false_report_done = false;
    for (team_id, manager_id) in team_rows {
        let Some(manager_id) = manager_id else {
            continue;
        };
        let manager = ctx(conn, manager_id, settings)?;
        let people = salespeople_of_team(conn, team_id)?;
        for (n, person) in people.into_iter().enumerate() {
            let clients_of: Vec<i64> = clients::table
                .filter(clients::owner_id.eq(person))
                .filter(clients::archived_at.is_null())
                .select(clients::id)
                .order(clients::id.asc())
                .limit(12)
                .load(conn.conn())?;
            if clients_of.is_empty() {
                continue;
            }
            let me = ctx(conn, person, settings)?;
            for back in (0..=8i64).rev() {
                let week = IsoWeek::of(this_week.monday() - Duration::weeks(back));
                seed_week(
                    conn,
                    &me,
                    &manager,
                    week,
                    back,
                    n,
                    &clients_of,
                    &mut false_report_done,
                )?;
            }
        }
    }
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one seeding step")]
fn seed_week(
    conn: &mut Tx<'_>,
    me: &Ctx,
    manager: &Ctx,
    week: IsoWeek,
    weeks_back: i64,
    n: usize,
    client_ids: &[i64],
    false_report_done: &mut bool,
) -> AppResult<()> {
    let tz = me.tz();
    let plan = crate::plans::service::create(
        conn,
        me,
        &CreatePlanRequest {
            kind: PlanKind::Weekly,
            period: week.to_string(),
            owner_id: None,
            calls_per_day: Some(30),
            visits_per_week: Some(5),
            new_clients: Some(1),
            sales_target: None,
            other_tasks: Some("整理客户档案；参加周例会".to_owned()),
            expense_estimate: Some(ExpenseEstimate {
                travel: 80_000 + (n as i64) * 5_000,
                per_diem: 30_000,
                entertainment: 20_000,
                communication: 5_000,
                business_development: 0,
                other: 0,
            }),
        },
    )?;
    let mut visit_ids = Vec::new();
    for k in 0..5usize {
        let day = week.monday() + Duration::days((k % 5) as i64);
        let v = crate::plans::visits::plan_visit(
            conn,
            me,
            plan.id,
            &PlanVisitRequest {
                client_id: client_ids[(k + n + weeks_back as usize) % client_ids.len()],
                planned_date: day,
                time_from: Some("09:30".to_owned()),
                time_to: Some("11:00".to_owned()),
                purpose: Some(
                    ["介绍新品", "催收货款", "商务洽谈", "售后回访", "了解需求"][k].to_owned(),
                ),
                place: None,
            },
        )?;
        visit_ids.push((v.id, day));
    }
    // This week and next: some drafts, one rejected, the rest waiting for the manager.
    if weeks_back == 0 && n % 4 == 3 {
        return Ok(());
    }
    let submitted =
        crate::plans::service::submit(conn, me, plan.id, &SubmitPlanRequest { version: None })?;
    // Back-date the submission: Monday 08:30, or 10:15 (late) for every third.
    let late = (n + weeks_back as usize).is_multiple_of(3);
    let at = local_to_utc(
        week.monday(),
        NaiveTime::from_hms_opt(if late { 10 } else { 8 }, if late { 15 } else { 30 }, 0)
            .unwrap_or_default(),
        tz,
    );
    diesel::update(plans::table.find(plan.id))
        .set((plans::submitted_at.eq(Some(at)), plans::late.eq(late)))
        .execute(conn.conn())?;
    if weeks_back == 0 {
        if n % 4 == 2 {
            crate::plans::service::reject(
                conn,
                manager,
                plan.id,
                &RejectPlanRequest {
                    version: submitted.version,
                    comment: "拜访安排太集中，请分散到周三、周四".to_owned(),
                },
            )?;
        }
        return Ok(());
    }
    crate::plans::service::approve(
        conn,
        manager,
        plan.id,
        &ApprovePlanRequest {
            version: submitted.version,
            comment: None,
        },
    )?;
    for (k, (visit_id, day)) in visit_ids.iter().enumerate() {
        if (k + n) % 5 == 4 {
            visits::service::miss(
                conn,
                me,
                *visit_id,
                &MissVisitRequest {
                    reason: "客户临时出差".to_owned(),
                },
            )?;
            continue;
        }
        let occurred = local_to_utc(
            *day,
            NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
            tz,
        );
        let done = visits::service::complete(
            conn,
            me,
            *visit_id,
            &CompleteVisitRequest {
                summary: "拜访客户，沟通了需求和报价".to_owned(),
                needs: Some("希望下月供货".to_owned()),
                next_step: Some("发送报价单".to_owned()),
                next_follow_up_date: None,
                occurred_at: Some(occurred.and_utc()),
                latitude: None,
                longitude: None,
            },
        )?;
        if weeks_back <= 3 && k == 0 {
            let result = if !*false_report_done && weeks_back == 2 {
                *false_report_done = true;
                SpotCheckResult::NotConfirmed
            } else {
                SpotCheckResult::Confirmed
            };
            spot_checks::service::record(
                conn,
                manager,
                &CreateSpotCheckRequest {
                    visit_id: done.id,
                    result,
                    note: Some("电话回访客户".to_owned()),
                },
            )?;
        }
    }
    if weeks_back <= 2 {
        for d in 0..5 {
            daily_logs::service::create(
                conn,
                me,
                &CreateDailyLogRequest {
                    log_date: week.monday() + Duration::days(d),
                    calls_made: 22 + ((n as i32 + d as i32) % 12),
                    visits: 1,
                    notes: None,
                },
            )?;
        }
    }
    Ok(())
}
