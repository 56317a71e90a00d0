//! Payments received (回款) against signed contracts, allocated to the schedule lines in force
//! oldest first (salesops_domain::deals::allocate); and putting a signed revision's schedule
//! in force, which re-allocates what was received to its lines.

use diesel::prelude::*;
use salesops_domain::Capability;
use salesops_domain::deals::{
    AllocationDto, OpenLine, PaymentDto, PaymentMethod, PaymentRequest, allocate,
};
use salesops_domain::money::Fen;

use crate::access::Ctx;
use crate::audit;
use crate::clock;
use crate::contracts::queries::{self as q, Contract, LineRow};
use crate::db::schema::{contract_lines, contract_payments, contracts, payment_allocations};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::workflow;

type PaymentRow = (
    i64,
    i64,
    chrono::NaiveDate,
    i64,
    PaymentMethod,
    Option<String>,
    i64,
    chrono::NaiveDateTime,
);

fn payment_columns() -> (
    contract_payments::id,
    contract_payments::contract_id,
    contract_payments::received_on,
    contract_payments::amount_fen,
    contract_payments::method,
    contract_payments::reference,
    contract_payments::recorded_by,
    contract_payments::created_at,
) {
    (
        contract_payments::id,
        contract_payments::contract_id,
        contract_payments::received_on,
        contract_payments::amount_fen,
        contract_payments::method,
        contract_payments::reference,
        contract_payments::recorded_by,
        contract_payments::created_at,
    )
}

/// The payments of a contract with their allocations, in the order they were recorded (two
/// queries, whatever the number of payments).
fn payments_of(
    conn: &mut DbConn,
    contract_id: i64,
    only: Option<i64>,
) -> AppResult<Vec<PaymentDto>> {
    let mut query = contract_payments::table
        .filter(contract_payments::contract_id.eq(contract_id))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(contract_payments::id.eq(id));
    }
    let rows: Vec<PaymentRow> = query
        .order(contract_payments::id.asc())
        .select(payment_columns())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let allocations: Vec<(i64, i64, i64)> = payment_allocations::table
        .filter(payment_allocations::payment_id.eq_any(ids))
        .order(payment_allocations::id.asc())
        .select((
            payment_allocations::payment_id,
            payment_allocations::line_id,
            payment_allocations::amount_fen,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, contract_id, received_on, amount_fen, method, reference, recorded_by, at)| {
                PaymentDto {
                    id,
                    contract_id,
                    received_on,
                    amount_fen,
                    method,
                    reference,
                    recorded_by,
                    allocations: allocations
                        .iter()
                        .filter(|a| a.0 == id)
                        .map(|a| AllocationDto {
                            line_id: a.1,
                            amount_fen: a.2,
                        })
                        .collect(),
                    created_at: clock::utc(at),
                }
            },
        )
        .collect())
}

fn open_lines(lines: &[LineRow]) -> Vec<OpenLine> {
    lines
        .iter()
        .map(|l| OpenLine {
            line_id: l.id,
            outstanding_fen: l.outstanding(),
        })
        .collect()
}

/// Writes a payment's allocations and adds them to the lines.
fn write_allocations(
    tx: &mut Tx<'_>,
    payment_id: i64,
    received_on: &str,
    parts: &[(i64, i64)],
) -> AppResult<()> {
    for (line_id, amount) in parts {
        diesel::insert_into(payment_allocations::table)
            .values((
                payment_allocations::payment_id.eq(payment_id),
                payment_allocations::line_id.eq(line_id),
                payment_allocations::amount_fen.eq(amount),
                payment_allocations::received_on.eq(received_on),
            ))
            .execute(tx.conn())?;
        diesel::update(contract_lines::table.find(line_id))
            .set(contract_lines::received_fen.eq(contract_lines::received_fen + amount))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// Record a payment (finance) against a signed contract: allocated oldest line first; more
/// than is outstanding is refused (422 `over_payment`).
pub fn record(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &PaymentRequest,
) -> AppResult<PaymentDto> {
    ctx.require(Capability::PaymentsWrite)?;
    let reference = salesops_domain::text::clean(req.reference.as_deref());
    crate::db::write(conn, |tx| {
        let contract = workflow::in_scope::<Contract>(tx, ctx, id)?;
        if contract.row.signed_revision.is_none() {
            return Err(AppError::conflict(
                "not_signed",
                format!(
                    "the contract is `{}` and has never been signed; payments are recorded against signed contracts",
                    contract.row.state
                ),
            ));
        }
        let lines = q::lines(tx, id)?;
        let parts = allocate(&open_lines(&lines), req.amount_fen).map_err(|outstanding| {
            AppError::validation(
                "amount_fen",
                "over_payment",
                &format!("only {} is outstanding on this contract", Fen(outstanding)),
            )
        })?;
        // Compare-and-set on what was received: of two payments recorded at once, the second
        // is answered 409 instead of both filling the same lines.
        let n = diesel::update(
            contracts::table
                .find(id)
                .filter(contracts::received_fen.eq(contract.row.received_fen)),
        )
        .set((
            contracts::received_fen.eq(contract.row.received_fen + req.amount_fen),
            contracts::updated_at.eq(ctx.now),
        ))
        .execute(tx.conn())?;
        if n != 1 {
            return Err(AppError::stale("contract"));
        }
        let received_on = req.received_on.to_string();
        audit::created(
            tx,
            &ctx.actor(),
            "contract_payment.create",
            "contract_payment",
            |tx| {
                let payment_id: i64 = diesel::insert_into(contract_payments::table)
                    .values((
                        contract_payments::contract_id.eq(id),
                        contract_payments::received_on.eq(&received_on),
                        contract_payments::amount_fen.eq(req.amount_fen),
                        contract_payments::method.eq(req.method.as_str()),
                        contract_payments::reference.eq(reference.as_deref()),
                        contract_payments::recorded_by.eq(ctx.user_id),
                        contract_payments::created_at.eq(ctx.now),
                    ))
                    .returning(contract_payments::id)
                    .get_result(tx.conn())?;
                write_allocations(tx, payment_id, &received_on, &parts)?;
                Ok(payment_id)
            },
            |conn, payment_id| {
                payments_of(conn, id, Some(payment_id))?
                    .pop()
                    .ok_or(AppError::NotFound("payment"))
            },
        )
    })
}

pub fn list(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<PaymentDto>> {
    ctx.require(Capability::DealsRead)?;
    workflow::in_scope::<Contract>(conn, ctx, id)?;
    payments_of(conn, id, None)
}

/// Puts the contract's working schedule in force as it is signed: its lines replace the old
/// ones and every payment so far is allocated again, in the order recorded, oldest line first.
pub fn put_in_force(tx: &mut Tx<'_>, contract: &Contract) -> AppResult<()> {
    let id = contract.row.id;
    let old: Vec<i64> = contract_lines::table
        .filter(contract_lines::contract_id.eq(id))
        .select(contract_lines::id)
        .load(tx.conn())?;
    diesel::delete(payment_allocations::table.filter(payment_allocations::line_id.eq_any(&old)))
        .execute(tx.conn())?;
    diesel::delete(contract_lines::table.filter(contract_lines::contract_id.eq(id)))
        .execute(tx.conn())?;
    for (i, item) in contract.row.schedule.0.iter().enumerate() {
        diesel::insert_into(contract_lines::table)
            .values((
                contract_lines::contract_id.eq(id),
                contract_lines::position.eq(i32::try_from(i).unwrap_or(i32::MAX)),
                contract_lines::due_on.eq(item.due_on.to_string()),
                contract_lines::amount_fen.eq(item.amount_fen),
                contract_lines::label.eq(&item.label),
            ))
            .execute(tx.conn())?;
    }
    let payments: Vec<(i64, String, i64)> = contract_payments::table
        .filter(contract_payments::contract_id.eq(id))
        .order(contract_payments::id.asc())
        .select((
            contract_payments::id,
            contract_payments::received_on,
            contract_payments::amount_fen,
        ))
        .load(tx.conn())?;
    for (payment_id, received_on, amount) in payments {
        let lines = q::lines(tx, id)?;
        let parts = allocate(&open_lines(&lines), amount).map_err(|_| {
            AppError::validation(
                "amount_fen",
                "below_received",
                "the new schedule holds less than has been received",
            )
        })?;
        write_allocations(tx, payment_id, &received_on, &parts)?;
    }
    Ok(())
}
