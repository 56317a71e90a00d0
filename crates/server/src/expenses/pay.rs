//! Paying claims (finance): one, or many in one transaction. A claim that settles an advance
//! takes from the advance's balance first (`offset_fen`); `payable_fen` is what is paid out.

use std::collections::BTreeSet;

use salesops_domain::expenses::{BulkPayRequest, ClaimAction, ClaimDto, PayRequest};

use crate::access::Ctx;
use crate::advances;
use crate::db::{self, DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::expenses::queries::{ClaimChangeset, ClaimRow};
use crate::workflow::{self, Move};

fn pay_one(
    tx: &mut Tx<'_>,
    ctx: &Ctx,
    id: i64,
    version: i64,
    payment_ref: &str,
) -> AppResult<ClaimDto> {
    let mv = Move::new(ClaimAction::Pay, Some(version), None);
    workflow::transition::<ClaimRow>(tx, ctx, id, mv, |tx, claim, _| {
        let approved = claim.approved_fen.unwrap_or(claim.total_fen);
        let offset = match claim.advance_id {
            Some(advance) => advances::offset(tx, advance, approved, ctx.now)?,
            None => 0,
        };
        let payable = approved - offset;
        crate::notifications::notify(
            tx,
            claim.owner_id,
            salesops_domain::notifications::NotificationKind::ClaimPaid,
            crate::notifications::Notice {
                title: format!("你的报销单 #{} 已付款", claim.id),
                body: Some(format!(
                    "实付 {} 元（付款单号 {payment_ref}）",
                    salesops_domain::Fen(payable)
                )),
                link: Some(format!("/claims/{}", claim.id)),
                entity: Some(("expense_claim", claim.id)),
            },
        )?;
        Ok(ClaimChangeset {
            offset_fen: Some(offset),
            payable_fen: Some(Some(payable)),
            payment_ref: Some(Some(payment_ref.to_owned())),
            paid_at: Some(Some(ctx.now)),
            updated_at: Some(ctx.now),
            ..Default::default()
        })
    })
}

pub fn pay(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &PayRequest) -> AppResult<ClaimDto> {
    let payment_ref = salesops_domain::text::trim(&req.payment_ref);
    db::write(conn, |tx| pay_one(tx, ctx, id, req.version, payment_ref))
}

/// Pays every claim of `ids` with one payment reference, all or none: the first claim that
/// cannot be paid (its id named in the error) rolls the whole batch back.
pub fn bulk_pay(conn: &mut DbConn, ctx: &Ctx, req: &BulkPayRequest) -> AppResult<Vec<ClaimDto>> {
    let mut seen = BTreeSet::new();
    for (i, id) in req.ids.iter().enumerate() {
        if !seen.insert(*id) {
            return Err(AppError::validation(
                &format!("ids[{i}]"),
                "duplicate",
                "each claim once",
            ));
        }
        if !req.version_by_id.contains_key(&id.to_string()) {
            return Err(AppError::validation(
                &format!("version_by_id.{id}"),
                "required",
                "the version seen of every claim paid",
            ));
        }
    }
    if let Some(extra) = req
        .version_by_id
        .keys()
        .find(|k| !k.parse::<i64>().is_ok_and(|id| seen.contains(&id)))
    {
        return Err(AppError::validation(
            &format!("version_by_id.{extra}"),
            "unknown",
            "a version for a claim that is not in `ids`",
        ));
    }
    let payment_ref = salesops_domain::text::trim(&req.payment_ref);
    db::write(conn, |tx| {
        let mut paid = Vec::with_capacity(req.ids.len());
        for (i, id) in req.ids.iter().enumerate() {
            let version = req.version_by_id.get(&id.to_string()).copied().unwrap_or(0);
            let one = pay_one(tx, ctx, *id, version, payment_ref)
                .map_err(|e| e.for_item(format!("ids[{i}]"), &format!("claim {id}")))?;
            paid.push(one);
        }
        Ok(paid)
    })
}
