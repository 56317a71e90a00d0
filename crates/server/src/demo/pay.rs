//! Demo pay (`SALESOPS_DEMO=1`, issue 13): a pay grade for every demo salesperson and manager
//! from the first month scored (王芳 with a raise three months later), the commission rule,
//! the coefficient cap, and in the second-latest month (the payroll month) an incentive and a
//! deduction. Written by admin (setup), finance and HR (items) through the services.

use salesops_domain::pay::{
    CommissionRuleRequest, PayGradeRequest, PayItemKind, PayItemRequest, PaySettingsRequest,
};
use salesops_domain::period::Month;

use super::scoring::Cast;
use crate::db::Tx;
use crate::error::AppResult;
use crate::pay::{items, setup};

/// Base and performance pay at coefficient 1.0 in 分: the salespeople in the demo's order.
const SALES_GRADES: [(i64, i64); 8] = [
    (450_000, 300_000),
    (420_000, 280_000),
    (420_000, 280_000),
    (380_000, 250_000),
    (460_000, 300_000),
    (400_000, 260_000),
    (400_000, 260_000),
    (380_000, 250_000),
];
const MANAGER_GRADE: (i64, i64) = (800_000, 500_000);

/// The month index of the payroll month (the latest month fully finalized).
pub(super) const PAYROLL_MONTH: usize = 4;

pub(super) fn seed(conn: &mut Tx<'_>, cast: &Cast, months: &[Month]) -> AppResult<()> {
    let (Some(first), Some(payroll)) = (months.first(), months.get(PAYROLL_MONTH)) else {
        return Ok(());
    };
    let grade = |user_id, (base_fen, performance_fen): (i64, i64), from: &Month| PayGradeRequest {
        user_id,
        base_fen,
        performance_fen,
        effective_from: from.to_string(),
    };
    for ((sp, _), pay) in cast.sales.iter().zip(SALES_GRADES) {
        setup::create_grade(conn, &cast.admin, &grade(sp.user_id, pay, first))?;
    }
    for manager in &cast.managers {
        setup::create_grade(
            conn,
            &cast.admin,
            &grade(manager.user_id, MANAGER_GRADE, first),
        )?;
    }
    // 王芳's raise from the fourth month.
    if let (Some((sp, _)), Some(from)) = (cast.sales.first(), months.get(3)) {
        setup::create_grade(
            conn,
            &cast.admin,
            &grade(sp.user_id, (480_000, 320_000), from),
        )?;
    }
    setup::create_rule(
        conn,
        &cast.admin,
        &CommissionRuleRequest {
            effective_from: first.to_string(),
            within_target_permille: 5,
            above_target_permille: 10,
            settle_by_collection: true,
        },
    )?;
    setup::save_settings(
        conn,
        &cast.admin,
        &PaySettingsRequest {
            coefficient_cap: Some(1.15),
        },
    )?;
    let cases = [
        (
            0,
            PayItemKind::Incentive,
            200_000,
            "签下华东重点项目合同，特别奖励",
            &cast.finance,
        ),
        (
            5,
            PayItemKind::Deduction,
            50_000,
            "差旅报销违规，按制度扣款",
            &cast.hr,
        ),
    ];
    for (n, kind, amount_fen, note, by) in cases {
        let Some((sp, _)) = cast.sales.get(n) else {
            continue;
        };
        items::create_item(
            conn,
            by,
            &PayItemRequest {
                user_id: sp.user_id,
                month: payroll.to_string(),
                kind,
                amount_fen,
                note: note.to_owned(),
            },
        )?;
    }
    Ok(())
}
