//! The payroll sheet (工资表, SPEC §7) for a month: one row per enabled salesperson and
//! manager, and anyone else with a grade in force, a pay item, a profit share or a final
//! settlement that month. Every figure comes from a fixed number of statements; the
//! formulas are `salesops_domain::scoring`'s.

use std::collections::{BTreeSet, HashMap};

use salesops_domain::Capability;
use salesops_domain::money::Fen;
use salesops_domain::pay::{
    PayItemKind, PayReportQuery, PayrollRow, PayrollSheet, PayrollTotals, in_force, ten_thousandths,
};
use salesops_domain::period::Month;
use salesops_domain::scoring::{coefficient, commission, performance_pay, score};

use crate::access::Ctx;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::export::{Cell, Table};
use crate::pay::payroll_queries as q;
use crate::pay::{items_queries, setup_queries};

pub fn month(text: &str) -> AppResult<Month> {
    text.parse()
        .map_err(|_| AppError::validation("month", "month", "a month like 2026-11"))
}

fn overflow() -> AppError {
    AppError::Internal("a payroll figure does not fit".to_owned())
}

fn add(to: &mut i64, amount: i64) -> AppResult<()> {
    *to = to.checked_add(amount).ok_or_else(overflow)?;
    Ok(())
}

/// The sheet of `query.month`.
pub fn sheet(conn: &mut DbConn, ctx: &Ctx, query: &PayReportQuery) -> AppResult<PayrollSheet> {
    ctx.require(Capability::PayRead)?;
    let m = month(&query.month)?;
    let key = m.to_string();
    let cap = setup_queries::cap(conn)?;

    // Grades in force: the latest effective_from ≤ the month, per person.
    let mut grades: HashMap<i64, Vec<setup_queries::GradeRow>> = HashMap::new();
    for g in setup_queries::grades_up_to(conn, &key, None)? {
        grades.entry(g.user_id).or_default().push(g);
    }
    let grades: HashMap<i64, (i64, i64)> = grades
        .into_iter()
        .filter_map(|(user, list)| {
            in_force(
                list.iter()
                    .map(|g| (g.effective_from.as_str(), (g.base_fen, g.performance_fen))),
                &key,
            )
            .map(|g| (user, g))
        })
        .collect();

    // Incentives and deductions.
    let mut incentives: HashMap<i64, i64> = HashMap::new();
    let mut deductions: HashMap<i64, i64> = HashMap::new();
    for item in items_queries::items_of(conn, &key)? {
        let to = match item.kind {
            PayItemKind::Incentive => incentives.entry(item.user_id).or_insert(0),
            PayItemKind::Deduction => deductions.entry(item.user_id).or_insert(0),
        };
        add(to, item.amount_fen)?;
    }

    // Profit shares: the team's manager, and the finance lead when there is one.
    let mut shares: HashMap<i64, i64> = HashMap::new();
    for (profit, manager) in items_queries::profits_of(conn, &key)? {
        let (to_manager, to_lead) = profit.shares()?;
        if let Some(m) = manager {
            add(shares.entry(m).or_insert(0), to_manager)?;
        }
        if let Some(lead) = profit.finance_lead_id {
            add(shares.entry(lead).or_insert(0), to_lead)?;
        }
    }

    let offsets = q::advance_offsets(conn, m)?;

    let mut ids: BTreeSet<i64> = q::enabled_sales_staff(conn)?;
    ids.extend(grades.keys());
    ids.extend(incentives.keys());
    ids.extend(deductions.keys());
    ids.extend(shares.keys());
    ids.extend(offsets.keys());

    let people = q::people(conn, &ids)?;
    let scores: HashMap<i64, q::ScoreLine> = q::scores_of(conn, m, None)?
        .into_iter()
        .map(|s| (s.user_id, s))
        .collect();
    let rule = setup_queries::rule_in_force(conn, &key)?.map(|r| r.rule());
    let signed =
        crate::contracts::queries::signed_per_owner_between(conn, m.first_day(), m.last_day())?;
    let targets = q::targets(conn, m)?;
    let collected = q::collected(conn, m)?;

    let mut rows = Vec::with_capacity(ids.len());
    let mut totals = PayrollTotals::default();
    for id in ids {
        let Some(person) = people.get(&id) else {
            continue;
        };
        let (base_fen, performance_fen) = grades.get(&id).copied().unwrap_or((0, 0));
        let s = scores.get(&id);
        let (coefficient_tt, performance_pay_fen) = match s {
            Some(s) => (
                coefficient(s.total, cap),
                performance_pay(performance_fen, s.total, cap).ok_or_else(overflow)?,
            ),
            None => (0, 0),
        };
        let commission_fen = match &rule {
            None => 0,
            Some(rule) => {
                let signed = signed.get(&id).copied().unwrap_or(0);
                // No monthly target: everything signed counts as within it.
                let target = targets.get(&id).copied().unwrap_or(signed);
                commission(rule, signed, target, collected.get(&id).copied())
                    .ok_or_else(overflow)?
            }
        };
        let profit_share_fen = shares.get(&id).copied().unwrap_or(0);
        let incentives_fen = incentives.get(&id).copied().unwrap_or(0);
        let deductions_fen = deductions.get(&id).copied().unwrap_or(0);
        let advance_offset_fen = offsets.get(&id).copied().unwrap_or(0);
        let total_fen = Fen::sum(
            [
                base_fen,
                performance_pay_fen,
                commission_fen,
                profit_share_fen,
                incentives_fen,
            ]
            .map(Fen),
        )
        .and_then(|t| t.checked_sub(Fen(deductions_fen)))
        .and_then(|t| t.checked_sub(Fen(advance_offset_fen)))
        .ok_or_else(overflow)?
        .0;
        let row = PayrollRow {
            user_id: id,
            name: person.name.clone(),
            team: person.team.clone(),
            score: s.map(|s| s.total as f64 / 10.0),
            score_state: s.map(|s| s.state),
            is_final: s.is_some_and(|s| score::counts(s.state)),
            coefficient: ten_thousandths(coefficient_tt),
            base_fen,
            performance_fen,
            performance_pay_fen,
            commission_fen,
            profit_share_fen,
            incentives_fen,
            deductions_fen,
            advance_offset_fen,
            total_fen,
        };
        add(&mut totals.base_fen, row.base_fen)?;
        add(&mut totals.performance_fen, row.performance_fen)?;
        add(&mut totals.performance_pay_fen, row.performance_pay_fen)?;
        add(&mut totals.commission_fen, row.commission_fen)?;
        add(&mut totals.profit_share_fen, row.profit_share_fen)?;
        add(&mut totals.incentives_fen, row.incentives_fen)?;
        add(&mut totals.deductions_fen, row.deductions_fen)?;
        add(&mut totals.advance_offset_fen, row.advance_offset_fen)?;
        add(&mut totals.total_fen, row.total_fen)?;
        rows.push(row);
    }
    rows.sort_by(|a, b| {
        a.team
            .cmp(&b.team)
            .then(a.name.cmp(&b.name))
            .then(a.user_id.cmp(&b.user_id))
    });
    Ok(PayrollSheet {
        month: key,
        coefficient_cap: cap.map(ten_thousandths),
        rows,
        totals,
    })
}

/// Points in tenths back from their one-decimal display.
fn tenths(points: f64) -> i64 {
    (points * 10.0).round() as i64
}

/// A coefficient's ten-thousandths back from its four-decimal display.
pub fn tt(value: f64) -> i64 {
    (value * 10_000.0).round() as i64
}

/// The sheet as a table: the rows, then the totals.
pub fn table(sheet: &PayrollSheet) -> Table {
    let header = [
        "user_id",
        "name",
        "team",
        "score",
        "score_state",
        "final",
        "coefficient",
        "base_yuan",
        "performance_yuan",
        "performance_pay_yuan",
        "commission_yuan",
        "profit_share_yuan",
        "incentives_yuan",
        "deductions_yuan",
        "advance_offset_yuan",
        "total_yuan",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows: Vec<Vec<Cell>> = sheet
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Int(r.user_id),
                Cell::text(r.name.clone()),
                Cell::opt_text(r.team.clone()),
                r.score.map_or(Cell::Empty, |s| Cell::Decimal(tenths(s), 1)),
                Cell::opt_text(r.score_state.map(|s| s.as_str())),
                Cell::text(if r.is_final { "true" } else { "false" }),
                Cell::Decimal(tt(r.coefficient), 4),
                Cell::Fen(r.base_fen),
                Cell::Fen(r.performance_fen),
                Cell::Fen(r.performance_pay_fen),
                Cell::Fen(r.commission_fen),
                Cell::Fen(r.profit_share_fen),
                Cell::Fen(r.incentives_fen),
                Cell::Fen(r.deductions_fen),
                Cell::Fen(r.advance_offset_fen),
                Cell::Fen(r.total_fen),
            ]
        })
        .collect();
    let t = &sheet.totals;
    let mut total = vec![Cell::Empty, Cell::text("total")];
    total.extend(std::iter::repeat_n(Cell::Empty, 5));
    total.extend(
        [
            t.base_fen,
            t.performance_fen,
            t.performance_pay_fen,
            t.commission_fen,
            t.profit_share_fen,
            t.incentives_fen,
            t.deductions_fen,
            t.advance_offset_fen,
            t.total_fen,
        ]
        .map(Cell::Fen),
    );
    rows.push(total);
    Table {
        sheet: format!("payroll {}", sheet.month),
        header,
        rows,
    }
}
