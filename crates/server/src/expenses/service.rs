//! Claim use cases: write (create, edit, preview), submit under the rules, the two approvals,
//! rejection, withdrawal. Paying is in `pay`.

use std::collections::BTreeSet;

use salesops_domain::Capability;
use salesops_domain::FieldError;
use salesops_domain::advances::AdvanceState;
use salesops_domain::expenses::{
    ApproveClaimRequest, ClaimAction, ClaimDto, ClaimPreviewDto, ClaimRequest, ClaimState,
    LineFlag, RejectRequest, SUBMIT_RULES, VersionRequest, approved_amount,
};
use salesops_domain::money::Fen;
use salesops_domain::problem::ProblemFacts;
use salesops_domain::workflow::HistoryEntry;

use crate::access::Ctx;
use crate::advances::queries as advances_q;
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::expenses::checks::{self, Checked, line_dto, standard_role};
use crate::expenses::dto;
use crate::expenses::queries::{self as q, ClaimChangeset, ClaimRow};
use crate::plans::queries as plans_q;
use crate::workflow::{self, Move};

fn threshold(ctx: &Ctx) -> i64 {
    ctx.settings.receipt_threshold_fen
}

fn load(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ClaimDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("expense claim"))?;
    dto::to_dto(conn, threshold(ctx), row)
}

/// 422 unless the plan is one of the owner's approved plans and the advance one of their
/// live advances.
fn check_links(conn: &mut DbConn, owner: i64, req: &ClaimRequest) -> AppResult<()> {
    if let Some(plan_id) = req.plan_id {
        let plan = plans_q::find(conn, plan_id)?.filter(|p| p.owner_id == owner);
        let approved = match plan {
            Some(p) => plans_q::approved_estimate(conn, &p)?.is_some(),
            None => false,
        };
        if !approved {
            return Err(AppError::validation(
                "plan_id",
                "not_approved_plan",
                "a claim belongs to one of your approved plans",
            ));
        }
    }
    if let Some(advance_id) = req.advance_id {
        let live = advances_q::find(conn, advance_id)?.is_some_and(|a| {
            a.owner_id == owner
                && !matches!(a.state, AdvanceState::Rejected | AdvanceState::Cancelled)
        });
        if !live {
            return Err(AppError::validation(
                "advance_id",
                "unknown_advance",
                "not one of your advances (rejected and cancelled ones settle nothing)",
            ));
        }
    }
    Ok(())
}

fn check_request(
    conn: &mut DbConn,
    ctx: &Ctx,
    claim_id: Option<i64>,
    req: &ClaimRequest,
) -> AppResult<Checked> {
    check_links(conn, ctx.user_id, req)?;
    checks::check(
        conn,
        ctx.user_id,
        standard_role(&ctx.roles),
        claim_id,
        checks::proposed(&req.lines),
    )
}

/// A draft claim of the caller's, its lines checked (standards, flags) as they are stored.
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &ClaimRequest) -> AppResult<ClaimDto> {
    ctx.require(Capability::ExpensesWrite)?;
    if req.version.is_some() {
        return Err(AppError::validation(
            "version",
            "unexpected",
            "a new claim has no version",
        ));
    }
    db::write(conn, |tx| {
        let checked = check_request(tx, ctx, None, req)?;
        audit::created(
            tx,
            &ctx.actor(),
            "expense_claim.create",
            "expense_claim",
            |tx| {
                let id = q::insert(
                    tx,
                    ctx.user_id,
                    req.plan_id,
                    req.advance_id,
                    checked.total_fen,
                    ctx.now,
                )?;
                q::replace_lines(tx, id, &checked.lines)?;
                Ok(id)
            },
            |c, id| load(c, ctx, id),
        )
    })
}

/// What the rules make of the lines, nothing stored: the standards and flags as the owner
/// types.
pub fn preview(conn: &mut DbConn, ctx: &Ctx, req: &ClaimRequest) -> AppResult<ClaimPreviewDto> {
    ctx.require(Capability::ExpensesWrite)?;
    let checked = check_request(conn, ctx, None, req)?;
    let lines = checked
        .lines
        .iter()
        .zip(&checked.false_visit)
        .map(|(l, fv)| line_dto(0, l, None, false, *fv, threshold(ctx)))
        .collect();
    Ok(ClaimPreviewDto {
        total_fen: checked.total_fen,
        lines,
        excess: checked.excess,
    })
}

/// Replace a draft or rejected claim's lines (the owner, with `version`); a rejected claim
/// becomes a draft again.
pub fn update(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &ClaimRequest) -> AppResult<ClaimDto> {
    ctx.require(Capability::ExpensesWrite)?;
    let mv = Move::new(ClaimAction::Edit, req.version, None);
    db::write(conn, |tx| {
        workflow::transition::<ClaimRow>(tx, ctx, id, mv, |tx, _, _| {
            let checked = check_request(tx, ctx, Some(id), req)?;
            q::replace_lines(tx, id, &checked.lines)?;
            Ok(ClaimChangeset {
                plan_id: Some(req.plan_id),
                advance_id: Some(req.advance_id),
                total_fen: Some(checked.total_fen),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ClaimDto> {
    ctx.require(Capability::ExpensesRead)?;
    let row = workflow::in_scope::<ClaimRow>(conn, ctx, id)?;
    dto::to_dto(conn, threshold(ctx), row)
}

/// The first rule of [`SUBMIT_RULES`] the checked lines break, as the refusal to send.
fn refusal(checked: &Checked, line_ids: &[i64], threshold: i64) -> Option<AppError> {
    for rule in SUBMIT_RULES {
        let hits: Vec<usize> = checked
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| match rule {
                LineFlag::FalseVisit => checked.false_visit[*i],
                LineFlag::NoReceipt => l.receipt_ids.is_empty() && l.amount_fen > threshold,
                LineFlag::OverBudget => l.over_budget,
                LineFlag::OverStandard => false,
            })
            .map(|(i, _)| i)
            .collect();
        if hits.is_empty() {
            continue;
        }
        let (detail, message) = match rule {
            LineFlag::FalseVisit => (
                "expenses of a visit a spot-check found false are not reimbursed".to_owned(),
                "its visit was spot-checked as not confirmed".to_owned(),
            ),
            LineFlag::NoReceipt => (
                format!("a line above {} needs a receipt", Fen(threshold)),
                "attach its receipt".to_owned(),
            ),
            _ => (
                "the claim passes the budget; ask for a supplement first".to_owned(),
                "its period and category are over budget".to_owned(),
            ),
        };
        let ids: Vec<i64> = hits
            .iter()
            .filter_map(|i| line_ids.get(*i).copied())
            .collect();
        return Some(AppError::Refused {
            code: rule.as_str(),
            detail,
            errors: hits
                .iter()
                .zip(&ids)
                .map(|(i, id)| {
                    FieldError::new(
                        format!("lines[{i}]"),
                        rule.as_str(),
                        format!("line {id}: {message}"),
                    )
                })
                .collect(),
            facts: Box::new(ProblemFacts {
                line_ids: ids,
                excess: if rule == LineFlag::OverBudget {
                    checked.excess.clone()
                } else {
                    Vec::new()
                },
                ..ProblemFacts::default()
            }),
        });
    }
    None
}

/// Submit to the owner's manager. Refused (409, naming the rule and the lines) when a line's
/// visit was found false, a line above the threshold has no receipt, or a period's category
/// would pass its budget.
pub fn submit(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &VersionRequest) -> AppResult<ClaimDto> {
    let mv = Move::new(ClaimAction::Submit, Some(req.version), None);
    db::write(conn, |tx| {
        workflow::transition::<ClaimRow>(tx, ctx, id, mv, |tx, claim, _| {
            let (lines, receipts) = dto::lines_with_receipts(tx, &[claim.id])?;
            let line_ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
            let checked = checks::check(
                tx,
                claim.owner_id,
                standard_role(&ctx.roles),
                Some(claim.id),
                checks::stored(&lines, &receipts),
            )?;
            if let Some(refused) = refusal(&checked, &line_ids, threshold(ctx)) {
                return Err(refused);
            }
            let refreshed: Vec<_> = line_ids
                .iter()
                .zip(&checked.lines)
                .map(|(id, l)| (*id, l.standard_fen, l.over_budget))
                .collect();
            q::set_line_checks(tx, &refreshed)?;
            Ok(ClaimChangeset {
                submitted_at: Some(Some(ctx.now)),
                total_fen: Some(checked.total_fen),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

/// The manager's approval (per line: an amount to cut to, or allowed above the standard;
/// otherwise cut to the standard), then finance's (the claim as the manager left it, by
/// someone else).
pub fn approve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ApproveClaimRequest,
) -> AppResult<ClaimDto> {
    let mv = Move::new(
        ClaimAction::Approve,
        Some(req.version),
        req.comment.as_deref(),
    );
    db::write(conn, |tx| {
        workflow::transition::<ClaimRow>(tx, ctx, id, mv, |tx, claim, to| {
            if to == ClaimState::FinanceApproved {
                workflow::ensure_second_approver(ctx, claim.manager_approved_by, "claim")?;
                if !req.lines.is_empty() {
                    return Err(AppError::validation(
                        "lines",
                        "not_allowed",
                        "finance approves the claim as the manager left it (reject it otherwise)",
                    ));
                }
                return Ok(ClaimChangeset {
                    finance_approved_by: Some(Some(ctx.user_id)),
                    finance_approved_at: Some(Some(ctx.now)),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                });
            }
            let lines = q::lines_of(tx, &[claim.id])?;
            let mut seen = BTreeSet::new();
            for (i, a) in req.lines.iter().enumerate() {
                if !lines.iter().any(|l| l.id == a.id) {
                    return Err(AppError::validation(
                        &format!("lines[{i}].id"),
                        "unknown_line",
                        "not a line of this claim",
                    ));
                }
                if !seen.insert(a.id) {
                    return Err(AppError::validation(
                        &format!("lines[{i}].id"),
                        "duplicate",
                        "each line is decided once",
                    ));
                }
            }
            let mut decided = Vec::with_capacity(lines.len());
            let mut total = 0i64;
            for l in &lines {
                let given = req.lines.iter().find(|a| a.id == l.id);
                let allow = given.and_then(|a| a.allow_over_standard).unwrap_or(false);
                let amount = approved_amount(
                    l.amount_fen,
                    l.standard_fen,
                    given.and_then(|a| a.approved_fen),
                    allow,
                )
                .map_err(|m| {
                    let i = req.lines.iter().position(|a| a.id == l.id).unwrap_or(0);
                    AppError::validation(&format!("lines[{i}].approved_fen"), "range", m)
                })?;
                total = total.saturating_add(amount);
                decided.push((l.id, Some(amount), allow));
            }
            q::set_line_approvals(tx, claim.id, &decided)?;
            Ok(ClaimChangeset {
                approved_fen: Some(Some(total)),
                manager_approved_by: Some(Some(ctx.user_id)),
                manager_approved_at: Some(Some(ctx.now)),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

/// Return the claim to its owner with a reason (at either approval); the approvals so far
/// are undone.
pub fn reject(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &RejectRequest) -> AppResult<ClaimDto> {
    let mv = Move::new(ClaimAction::Reject, Some(req.version), Some(&req.reason));
    db::write(conn, |tx| {
        workflow::transition::<ClaimRow>(tx, ctx, id, mv, |tx, claim, _| {
            let lines = q::lines_of(tx, &[claim.id])?;
            let cleared: Vec<_> = lines.iter().map(|l| (l.id, None, false)).collect();
            q::set_line_approvals(tx, claim.id, &cleared)?;
            Ok(ClaimChangeset {
                approved_fen: Some(None),
                manager_approved_by: Some(None),
                manager_approved_at: Some(None),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

/// Withdraw the claim (the owner), before any approval.
pub fn cancel(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &VersionRequest) -> AppResult<ClaimDto> {
    let mv = Move::new(ClaimAction::Cancel, Some(req.version), None);
    db::write(conn, |tx| {
        workflow::transition::<ClaimRow>(tx, ctx, id, mv, |_, _, _| {
            Ok(ClaimChangeset {
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::ExpensesRead)?;
    workflow::history::<ClaimRow>(conn, ctx, id)
}
