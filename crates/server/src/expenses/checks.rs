//! The claim rules over the database (SPEC §8): each line against the standard in force on
//! its date, the period budgets against the owner's other claims, the visits a spot-check
//! found false, the receipts. The rules themselves are the domain's (`expenses`, `budgets`);
//! this module gathers what they read, in a fixed number of queries per claim.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use diesel::prelude::*;
use salesops_domain::FieldError;
use salesops_domain::Role;
use salesops_domain::budgets::Spend;
use salesops_domain::expenses::{
    BudgetExcess, ClaimLineDto, ClaimLineInput, LineBasics, StandardRole, allowances, line_flags,
    over_standard,
};
use salesops_domain::period::Month;

use crate::budgets;
use crate::db::DbConn;
use crate::db::schema::visits;
use crate::error::{AppError, AppResult};
use crate::expenses::queries::{self as q, LineRow, NewLine};
use crate::expenses::standards;
use crate::receipts;

/// A claim's lines with what the rules found.
pub struct Checked {
    /// The lines as they are stored, with their standard and budget flag.
    pub lines: Vec<NewLine>,
    /// Per line: its visit was spot-checked as not confirmed.
    pub false_visit: Vec<bool>,
    pub excess: Vec<BudgetExcess>,
    pub total_fen: i64,
}

/// The role a standard is looked up for.
pub fn standard_role(roles: &[Role]) -> StandardRole {
    if roles.contains(&Role::Manager) {
        StandardRole::Manager
    } else {
        StandardRole::Salesperson
    }
}

/// The lines of a request, in order, as they would be stored (rules not yet applied).
pub fn proposed(lines: &[ClaimLineInput]) -> Vec<NewLine> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| NewLine {
            position: i32::try_from(i).unwrap_or(i32::MAX),
            date: l.date,
            place: salesops_domain::text::clean(l.place.as_deref()),
            reason: salesops_domain::text::trim(&l.reason).to_owned(),
            category: l.category,
            amount_fen: l.amount_fen,
            quantity: l.quantity.unwrap_or(1),
            city_tier: l.city_tier,
            visit_id: l.visit_id,
            standard_fen: None,
            over_budget: false,
            receipt_ids: l.receipt_ids.clone(),
        })
        .collect()
}

/// Stored lines back as lines to check again (at submission).
pub fn stored(lines: &[LineRow], receipts: &HashMap<i64, Vec<i64>>) -> Vec<NewLine> {
    lines
        .iter()
        .map(|l| NewLine {
            position: l.position,
            date: l.date,
            place: l.place.clone(),
            reason: l.reason.clone(),
            category: l.category,
            amount_fen: l.amount_fen,
            quantity: l.quantity,
            city_tier: l.city_tier,
            visit_id: l.visit_id,
            standard_fen: l.standard_fen,
            over_budget: l.over_budget,
            receipt_ids: receipts.get(&l.id).cloned().unwrap_or_default(),
        })
        .collect()
}

/// Ids of `visit_ids` whose spot-check found the visit false.
pub fn false_visits(conn: &mut DbConn, visit_ids: &[i64]) -> AppResult<BTreeSet<i64>> {
    if visit_ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let ids: Vec<i64> = visits::table
        .filter(visits::id.eq_any(visit_ids))
        .filter(visits::false_report.eq(true))
        .select(visits::id)
        .load(conn)?;
    Ok(ids.into_iter().collect())
}

/// 422 unless every line's visit is one of the owner's and every receipt is the owner's,
/// on no other claim, and on one line only.
fn check_references(
    conn: &mut DbConn,
    owner: i64,
    claim_id: Option<i64>,
    lines: &[NewLine],
) -> AppResult<()> {
    let mut errors = Vec::new();
    let visit_ids: Vec<i64> = lines.iter().filter_map(|l| l.visit_id).collect();
    let own_visits: BTreeSet<i64> = if visit_ids.is_empty() {
        BTreeSet::new()
    } else {
        visits::table
            .filter(visits::id.eq_any(&visit_ids))
            .filter(visits::owner_id.eq(owner))
            .select(visits::id)
            .load::<i64>(conn)?
            .into_iter()
            .collect()
    };
    let receipt_ids: Vec<i64> = lines.iter().flat_map(|l| l.receipt_ids.clone()).collect();
    let usable: BTreeSet<i64> = receipts::unattached_of(conn, owner, &receipt_ids, claim_id)?
        .into_iter()
        .collect();
    let mut seen = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        if l.visit_id.is_some_and(|v| !own_visits.contains(&v)) {
            errors.push(FieldError::new(
                format!("lines[{i}].visit_id"),
                "unknown_visit",
                "not one of your visits",
            ));
        }
        for r in &l.receipt_ids {
            if !seen.insert(*r) {
                errors.push(FieldError::new(
                    format!("lines[{i}].receipt_ids"),
                    "duplicate",
                    "a receipt belongs to one line",
                ));
            } else if !usable.contains(r) {
                errors.push(FieldError::new(
                    format!("lines[{i}].receipt_ids"),
                    "unknown_receipt",
                    format!("receipt {r} is not one of yours, or is on another claim"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Applies the rules to `lines` of `owner`'s claim (`claim_id` when stored: its own lines
/// never count against it).
pub fn check(
    conn: &mut DbConn,
    owner: i64,
    role: StandardRole,
    claim_id: Option<i64>,
    mut lines: Vec<NewLine>,
) -> AppResult<Checked> {
    check_references(conn, owner, claim_id, &lines)?;
    let total_fen = lines
        .iter()
        .try_fold(0i64, |t, l| t.checked_add(l.amount_fen))
        .ok_or_else(|| AppError::validation("lines", "range", "the claim's total is too large"))?;
    let Some((from, to)) = budgets::span_of(lines.iter().map(|l| l.date)) else {
        return Err(AppError::validation(
            "lines",
            "length",
            "a claim has at least one line",
        ));
    };
    let used = q::counted_lines(conn, owner, claim_id, from, to)?;
    let mut month_used: BTreeMap<(Month, _), i64> = BTreeMap::new();
    let used_spends: Vec<Spend> = used
        .iter()
        .map(|u| {
            let amount = u.approved_fen.unwrap_or(u.amount_fen);
            let slot = month_used
                .entry((Month::of(u.date), u.category))
                .or_default();
            *slot = slot.saturating_add(amount);
            Spend {
                date: u.date,
                category: u.category,
                amount_fen: amount,
            }
        })
        .collect();
    let standards = standards::in_force(conn, to)?;
    let basics: Vec<LineBasics> = lines
        .iter()
        .map(|l| LineBasics {
            date: l.date,
            category: l.category,
            amount_fen: l.amount_fen,
            quantity: l.quantity,
            city_tier: l.city_tier,
        })
        .collect();
    let allowed = allowances(&standards, &basics, role, &month_used);
    let book = budgets::book(conn, owner, from, to)?;
    let spends: Vec<Spend> = basics
        .iter()
        .map(|b| Spend {
            date: b.date,
            category: b.category,
            amount_fen: b.amount_fen,
        })
        .collect();
    let budget = book.check(&used_spends, &spends);
    for ((line, standard), over) in lines.iter_mut().zip(allowed).zip(&budget.over) {
        line.standard_fen = standard;
        line.over_budget = *over;
    }
    let visit_ids: Vec<i64> = lines.iter().filter_map(|l| l.visit_id).collect();
    let false_ids = false_visits(conn, &visit_ids)?;
    let false_visit = lines
        .iter()
        .map(|l| l.visit_id.is_some_and(|v| false_ids.contains(&v)))
        .collect();
    Ok(Checked {
        lines,
        false_visit,
        excess: budget.excess,
        total_fen,
    })
}

/// A line as the API shows it; `id` 0 for a line not stored (a preview).
#[allow(clippy::too_many_arguments)]
pub fn line_dto(
    id: i64,
    line: &NewLine,
    approved_fen: Option<i64>,
    allow_over_standard: bool,
    false_visit: bool,
    receipt_threshold_fen: i64,
) -> ClaimLineDto {
    ClaimLineDto {
        id,
        date: line.date,
        place: line.place.clone(),
        reason: line.reason.clone(),
        category: line.category,
        amount_fen: line.amount_fen,
        quantity: line.quantity,
        city_tier: line.city_tier,
        visit_id: line.visit_id,
        receipt_ids: line.receipt_ids.clone(),
        standard_fen: line.standard_fen,
        over_standard_fen: over_standard(line.amount_fen, line.standard_fen),
        flags: line_flags(
            line.amount_fen,
            line.standard_fen,
            line.over_budget,
            false_visit,
            line.receipt_ids.len(),
            receipt_threshold_fen,
        ),
        approved_fen,
        allow_over_standard,
    }
}
