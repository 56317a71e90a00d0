//! Demo weekly reports (`SALESOPS_DEMO=1`): the last 8 weeks of every demo salesperson — on
//! time, late, missing, reviewed with marks, and the week of the false visit zeroed by the
//! review. Written through the services; submission and review times are back-dated.

use std::sync::Arc;

use chrono::{Duration, NaiveTime, Utc};
use diesel::prelude::*;
use salesops_domain::period::{IsoWeek, local_to_utc};
use salesops_domain::reports::{
    CreateWeeklyReportRequest, Mark, ReviewRequest, Section, SectionMark, Sections,
};

use crate::config::Settings;
use crate::db::schema::{plans, teams, weekly_reports};
use crate::db::{DbConn, Tx};
use crate::demo::plans::{ctx, salespeople_of_team};
use crate::error::AppResult;
use crate::reports::service;

pub fn seed(conn: &mut DbConn, settings: &Arc<Settings>) -> AppResult<bool> {
    let count: i64 = weekly_reports::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(false);
    }
    crate::db::write(conn, |tx| seed_all(tx, settings))?;
    Ok(true)
}

fn sections(n: usize, back: i64) -> Sections {
    let t = |s: &str| Some(s.to_owned());
    Sections {
        sales_volume: t(&format!(
            "本周出货 {} 万元，完成周目标的 {}%",
            8 + n as i64 + back,
            85 + (n as i64 * 3 + back) % 20
        )),
        collections: t("回款 5 万元，逾期 1 笔已发催款函"),
        client_visits: t("按计划拜访 4 家客户，1 家改期"),
        sales_expenses: t("差旅 860 元，招待 300 元"),
        promotion_effect: t("新品试用装反馈良好"),
        key_clients: t("重点客户订单稳定，下月有追加意向"),
        new_clients: t("新增意向客户 1 家（展会）"),
        abnormal_clients: if back % 3 == 0 {
            t("1 家客户付款拖延，已提醒")
        } else {
            None
        },
        clients_to_develop: t("开发区两家工厂待拜访"),
        competitor_moves: t("竞争对手降价 5%"),
        policy_changes: if back % 4 == 0 {
            t("市区货车限行时间调整")
        } else {
            None
        },
    }
}

fn seed_all(conn: &mut Tx<'_>, settings: &Arc<Settings>) -> AppResult<()> {
    let tz = settings.timezone;
    let this_week = IsoWeek::of(Utc::now().with_timezone(&tz).date_naive());
    let team_rows: Vec<(i64, Option<i64>)> = teams::table
        .select((teams::id, teams::manager_id))
        .order(teams::id.asc())
        .load(conn.conn())?;
    for (team_id, manager_id) in team_rows {
        let Some(manager_id) = manager_id else {
            continue;
        };
        let manager = ctx(conn, manager_id, settings)?;
        let people = salespeople_of_team(conn, team_id)?;
        for (n, person) in people.into_iter().enumerate() {
            let me = ctx(conn, person, settings)?;
            for back in 1..=8i64 {
                let week = IsoWeek::of(this_week.monday() - Duration::weeks(back));
                // Someone forgets a week now and then.
                if (n as i64 + back) % 7 == 3 {
                    continue;
                }
                let next_plan: Option<i64> = plans::table
                    .filter(plans::owner_id.eq(person))
                    .filter(plans::kind.eq("weekly"))
                    .filter(plans::period.eq(week.next().to_string()))
                    .select(plans::id)
                    .first(conn.conn())
                    .optional()?;
                let report = service::create(
                    conn,
                    &me,
                    &CreateWeeklyReportRequest {
                        week: week.to_string(),
                        next_plan_id: next_plan,
                        sections: Some(sections(n, back)),
                    },
                )?;
                if next_plan.is_none() {
                    continue;
                }
                let submitted = service::submit(conn, &me, report.id, None)?;
                let late = (n as i64 + back) % 5 == 0;
                let at = local_to_utc(
                    week.next().monday(),
                    NaiveTime::from_hms_opt(if late { 15 } else { 10 }, 20, 0).unwrap_or_default(),
                    tz,
                );
                diesel::update(weekly_reports::table.find(report.id))
                    .set((
                        weekly_reports::submitted_at.eq(Some(at)),
                        weekly_reports::late.eq(late),
                    ))
                    .execute(conn.conn())?;
                // The latest week is still waiting for the manager.
                if back == 1 && n % 2 == 0 {
                    continue;
                }
                let marks = vec![
                    SectionMark {
                        section: Section::ClientVisits,
                        mark: Mark::Full,
                        note: None,
                        forced: false,
                    },
                    SectionMark {
                        section: Section::SalesVolume,
                        mark: if back % 3 == 0 {
                            Mark::Partial
                        } else {
                            Mark::Full
                        },
                        note: (back % 3 == 0).then(|| "请附出货明细".to_owned()),
                        forced: false,
                    },
                ];
                service::review(
                    conn,
                    &manager,
                    report.id,
                    &ReviewRequest {
                        version: submitted.version,
                        comment: Some("已阅，继续保持".to_owned()),
                        marks,
                    },
                )?;
                let reviewed_at = at + Duration::hours(20 + (n as i64 % 30));
                diesel::update(weekly_reports::table.find(report.id))
                    .set(weekly_reports::reviewed_at.eq(Some(reviewed_at)))
                    .execute(conn.conn())?;
            }
        }
    }
    Ok(())
}
