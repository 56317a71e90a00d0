//! Demo scoring (`SALESOPS_DEMO=1`, issue 13): six months of monthly scores for every demo
//! salesperson and manager in every state — acknowledged, finalized, one disputed and
//! resolved, one dispute still open, the latest month partly in draft —, one month below 60,
//! one three-month run below 70 with HR's improvement plan, trainings with a failed and a
//! passed assessment (in `trainings`), and pay grades with a payroll month (in `pay`).
//! Written through the services, so every rule, history entry and audit event applies.

use std::sync::Arc;

use chrono::Duration;
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::scoring::improvement::{ImprovementKind, ImprovementPlanRequest};
use salesops_domain::scoring::rubric::Source;
use salesops_domain::scoring::score::{
    AdjustScoreRequest, CreateScoreRequest, DisputeOutcome, DisputeScoreRequest,
    FinalizeScoreRequest, ItemAdjustment, ResolveScoreRequest, ScoreDto, ScoreStepRequest,
};

use super::plans::ctx;
use crate::access::Ctx;
use crate::config::Settings;
use crate::db::schema::{scores, users};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::{improvement_plans, scores as score_svc};

/// Who scores whom in the demo.
pub(super) struct Cast {
    pub admin: Ctx,
    pub hr: Ctx,
    pub finance: Ctx,
    /// The two managers, in the demo's order.
    pub managers: Vec<Ctx>,
    /// Each salesperson with the index of their manager in `managers`.
    pub sales: Vec<(Ctx, usize)>,
}

/// The months scored, oldest first: the six before the current one.
pub(super) fn months(today: chrono::NaiveDate) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = Month::of(today);
    for _ in 0..6 {
        m = Month::of(m.first_day() - Duration::days(1));
        out.insert(0, m);
    }
    out
}

/// Seeds scores, trainings and pay unless there are scores already. Needs the demo
/// organisation (its plans and reports feed the computed items).
pub fn seed(conn: &mut DbConn, settings: &Arc<Settings>) -> AppResult<bool> {
    let count: i64 = scores::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(false);
    }
    let present: bool = diesel::select(diesel::dsl::exists(
        users::table.filter(users::username.eq(super::MANAGERS[0].0)),
    ))
    .get_result(conn)?;
    if !present {
        return Ok(false);
    }
    crate::db::write(conn, |tx| {
        let cast = cast(tx, settings)?;
        let months = months(cast.admin.today());
        super::trainings::seed(tx, &cast, &months)?;
        scores_all(tx, &cast, &months)?;
        super::pay::seed(tx, &cast, &months)?;
        Ok(())
    })?;
    Ok(true)
}

fn user_id(conn: &mut Tx<'_>, username: &'static str) -> AppResult<i64> {
    users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn.conn())
        .optional()?
        .ok_or(AppError::NotFound(username))
}

fn cast(conn: &mut Tx<'_>, settings: &Arc<Settings>) -> AppResult<Cast> {
    let as_ctx = |conn: &mut Tx<'_>, name| -> AppResult<Ctx> {
        let id = user_id(conn, name)?;
        ctx(conn, id, settings)
    };
    let admin = as_ctx(conn, "admin")?;
    let hr = as_ctx(conn, "ma.jun")?;
    let finance = as_ctx(conn, "sun.li")?;
    let mut managers = Vec::new();
    for (username, ..) in super::MANAGERS {
        managers.push(as_ctx(conn, username)?);
    }
    let mut sales = Vec::new();
    for (i, (username, _)) in super::SALESPEOPLE.iter().enumerate() {
        sales.push((as_ctx(conn, username)?, (i / 4).min(1)));
    }
    Ok(Cast {
        admin,
        hr,
        finance,
        managers,
        sales,
    })
}

/// Monthly totals (oldest month first) of the salespeople, in the demo's order, then of the
/// two managers. 杨磊 (3) runs below 70 for months 3–5; 黄强 (5) falls below 60 in month 5.
const TOTALS: [[f64; 6]; 10] = [
    [88.5, 90.2, 86.0, 84.5, 91.3, 89.0],
    [82.0, 79.5, 83.4, 80.1, 76.8, 81.5],
    [85.6, 87.2, 88.9, 84.0, 86.3, 90.1],
    [78.2, 74.6, 66.4, 64.8, 67.5, 72.3],
    [92.4, 90.8, 93.1, 89.7, 91.5, 94.0],
    [80.3, 77.9, 76.2, 75.0, 56.8, 71.0],
    [83.1, 81.7, 85.2, 79.4, 82.6, 78.9],
    [86.7, 84.3, 82.5, 87.8, 85.0, 83.6],
    [85.0, 87.5, 83.2, 86.1, 88.4, 84.7],
    [82.6, 84.9, 86.3, 81.8, 83.5, 85.2],
];

/// Whom the run below 70 and the month below 60 concern, and in which months (indexes).
const RUN_PERSON: usize = 3;
const RUN_MONTHS: [usize; 3] = [2, 3, 4];
const LOW_PERSON: usize = 5;
const LOW_MONTH: usize = 4;
/// 王芳's dispute in month 4, resolved by HR; 刘洋's in the latest month, still open.
const RESOLVED: (usize, usize) = (0, 3);
const OPEN_DISPUTE: (usize, usize) = (1, 5);

/// What happens to a score after it is computed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Draft,
    Finalized,
    Acknowledged,
    Disputed,
    Resolved,
}

fn end_of(person: usize, month: usize) -> End {
    let last = month == 5;
    match (person, month) {
        p if p == RESOLVED => End::Resolved,
        p if p == OPEN_DISPUTE => End::Disputed,
        // The second team and its manager are still being scored in the latest month.
        (4..=7 | 9, _) if last => End::Draft,
        (2 | 8, _) if last => End::Finalized,
        (p, m) if p == RUN_PERSON && m == 2 => End::Finalized,
        (p, m) if p == LOW_PERSON && m == LOW_MONTH => End::Finalized,
        _ => End::Acknowledged,
    }
}

fn scores_all(conn: &mut Tx<'_>, cast: &Cast, months: &[Month]) -> AppResult<()> {
    for (mi, month) in months.iter().enumerate() {
        for (person, totals) in TOTALS.iter().enumerate() {
            let (subject, scorer) = match cast.sales.get(person) {
                Some((sp, boss)) => (sp, cast.managers.get(*boss)),
                // A top-level manager is scored by admin.
                None => (
                    cast.managers
                        .get(person - cast.sales.len())
                        .ok_or(AppError::NotFound("manager"))?,
                    Some(&cast.admin),
                ),
            };
            let scorer = scorer.ok_or(AppError::NotFound("manager"))?;
            let low = (person == RUN_PERSON && RUN_MONTHS.contains(&mi))
                || (person == LOW_PERSON && mi == LOW_MONTH);
            let target = (totals[mi] * 10.0).round() as i64;
            score_one(
                conn,
                cast,
                (subject, scorer),
                *month,
                target,
                low,
                end_of(person, mi),
                person + mi,
            )?;
        }
        if mi == RUN_MONTHS[2] {
            improvement_plan(conn, cast)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn score_one(
    conn: &mut Tx<'_>,
    cast: &Cast,
    (subject, scorer): (&Ctx, &Ctx),
    month: Month,
    target: i64,
    low: bool,
    end: End,
    turn: usize,
) -> AppResult<()> {
    let s = score_svc::service::create(
        conn,
        scorer,
        &CreateScoreRequest {
            user_id: subject.user_id,
            month: month.to_string(),
        },
    )?;
    let items = super::scoring_aim::aim(&s, target, low, turn);
    let s = if items.is_empty() {
        s
    } else {
        score_svc::service::adjust(
            conn,
            scorer,
            s.id,
            &AdjustScoreRequest {
                version: s.version,
                items,
            },
        )?
    };
    if end == End::Draft {
        return Ok(());
    }
    let s = score_svc::service::finalize(
        conn,
        scorer,
        s.id,
        &FinalizeScoreRequest {
            version: s.version,
            discussion_note: discussion(s.total_tenths).to_owned(),
        },
    )?;
    let step = |s: &ScoreDto| ScoreStepRequest {
        version: s.version,
        reason: None,
    };
    match end {
        End::Acknowledged => {
            score_svc::service::acknowledge(conn, subject, s.id, &step(&s))?;
        }
        End::Disputed | End::Resolved => {
            let d = score_svc::service::dispute(
                conn,
                subject,
                s.id,
                &DisputeScoreRequest {
                    version: s.version,
                    reason: "终端用户问题已在当月处理完毕，有客户回执为证，不应扣分".to_owned(),
                },
            )?;
            if end == End::Resolved {
                let r = resolve(conn, &cast.hr, &d)?;
                score_svc::service::acknowledge(conn, subject, r.id, &step(&r))?;
            }
        }
        End::Draft | End::Finalized => {}
    }
    Ok(())
}

/// HR decides the dispute: the manual item deducted is restored, or the score upheld.
fn resolve(conn: &mut Tx<'_>, hr: &Ctx, s: &ScoreDto) -> AppResult<ScoreDto> {
    let restore = s
        .items
        .iter()
        .find(|i| i.source == Source::Manual && i.points < i.max_points);
    let (outcome, items, note) = match restore {
        Some(i) => (
            DisputeOutcome::Changed,
            vec![ItemAdjustment {
                code: i.code.clone(),
                occurrences: Some(0),
                points: None,
                note: "经人事核实客户回执，该项不扣分".to_owned(),
            }],
            "核实属实，恢复该项分数",
        ),
        None => (DisputeOutcome::Upheld, Vec::new(), "经核实，维持原评分"),
    };
    score_svc::service::resolve(
        conn,
        hr,
        s.id,
        &ResolveScoreRequest {
            version: s.version,
            outcome,
            note: note.to_owned(),
            items,
        },
    )
}

/// HR opens coaching for the three-month run below 70.
fn improvement_plan(conn: &mut Tx<'_>, cast: &Cast) -> AppResult<()> {
    let Some((person, _)) = cast.sales.get(RUN_PERSON) else {
        return Ok(());
    };
    improvement_plans::service::create(
        conn,
        &cast.hr,
        &ImprovementPlanRequest {
            user_id: person.user_id,
            goals: "连续三个月低于70分。改进目标：每周完成计划内拜访并按时提交周报，\
                    主管每周一对一辅导一次，下次评审时月度总分回到75分以上。"
                .to_owned(),
            review_on: cast.hr.today() + Duration::days(45),
            kind: ImprovementKind::Coaching,
        },
    )?;
    Ok(())
}

/// 讲评 by how the month went.
fn discussion(total_tenths: i64) -> &'static str {
    match total_tenths {
        900.. => "讲评：本月表现突出，客户回访及时、周报质量高，继续保持。",
        800..=899 => "讲评：整体完成较好，周报内容可以再具体些，下月加强重点客户跟进。",
        700..=799 => "讲评：基本达标，计划执行有欠缺，下月按计划完成拜访并及时上报问题。",
        600..=699 => "讲评：本月低于70分，已当面约谈，明确拜访执行和周报的改进要求。",
        _ => "讲评：本月低于60分，已约谈并报人事，下月须按周提交计划并接受抽查。",
    }
}
