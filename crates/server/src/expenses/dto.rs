//! Claims as the API shows them, built for a page of claims at once (five queries whatever
//! the page's size).

use std::collections::HashMap;

use diesel::prelude::*;
use salesops_domain::expenses::ClaimDto;

use crate::clock;
use crate::db::DbConn;
use crate::db::schema::users;
use crate::error::AppResult;
use crate::expenses::checks::{self, line_dto};
use crate::expenses::queries::{self as q, ClaimRow, LineRow};

/// Receipt ids by line id.
pub type ReceiptsByLine = HashMap<i64, Vec<i64>>;

/// The claims' lines and their receipts.
pub fn lines_with_receipts(
    conn: &mut DbConn,
    claim_ids: &[i64],
) -> AppResult<(Vec<LineRow>, ReceiptsByLine)> {
    let lines = q::lines_of(conn, claim_ids)?;
    let line_ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let mut receipts = ReceiptsByLine::new();
    for (line, receipt) in q::receipts_of(conn, &line_ids)? {
        receipts.entry(line).or_default().push(receipt);
    }
    Ok((lines, receipts))
}

pub fn to_dtos(conn: &mut DbConn, threshold: i64, rows: Vec<ClaimRow>) -> AppResult<Vec<ClaimDto>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let (lines, receipts) = lines_with_receipts(conn, &ids)?;
    let visit_ids: Vec<i64> = lines.iter().filter_map(|l| l.visit_id).collect();
    let false_ids = checks::false_visits(conn, &visit_ids)?;
    let owner_ids: Vec<i64> = rows.iter().map(|r| r.owner_id).collect();
    let names: HashMap<i64, String> = users::table
        .filter(users::id.eq_any(&owner_ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let mut by_claim: HashMap<i64, Vec<&LineRow>> = HashMap::new();
    for l in &lines {
        by_claim.entry(l.claim_id).or_default().push(l);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let own = by_claim.remove(&r.id).unwrap_or_default();
            let stored: Vec<LineRow> = own.iter().map(|l| (*l).clone()).collect();
            let news = checks::stored(&stored, &receipts);
            let line_dtos = stored
                .iter()
                .zip(&news)
                .map(|(row, new)| {
                    let false_visit = row.visit_id.is_some_and(|v| false_ids.contains(&v));
                    line_dto(
                        row.id,
                        new,
                        row.approved_fen,
                        row.allow_over_standard,
                        false_visit,
                        threshold,
                    )
                })
                .collect();
            ClaimDto {
                id: r.id,
                owner_id: r.owner_id,
                owner_name: names.get(&r.owner_id).cloned().unwrap_or_default(),
                plan_id: r.plan_id,
                advance_id: r.advance_id,
                state: r.state,
                version: r.version,
                total_fen: r.total_fen,
                approved_fen: r.approved_fen,
                offset_fen: r.offset_fen,
                payable_fen: r.payable_fen,
                payment_ref: r.payment_ref,
                submitted_at: r.submitted_at.map(clock::utc),
                manager_approved_by: r.manager_approved_by,
                finance_approved_by: r.finance_approved_by,
                paid_at: r.paid_at.map(clock::utc),
                lines: line_dtos,
                created_at: clock::utc(r.created_at),
                updated_at: clock::utc(r.updated_at),
            }
        })
        .collect())
}

pub fn to_dto(conn: &mut DbConn, threshold: i64, row: ClaimRow) -> AppResult<ClaimDto> {
    to_dtos(conn, threshold, vec![row])?
        .pop()
        .ok_or(crate::error::AppError::NotFound("expense claim"))
}
