//! The overdue notice job: when a payment line of a contract in force passes its due date
//! (business time zone) with something outstanding, the contract's owner — the client's
//! owner — is told once per line.

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::Fen;
use salesops_domain::notifications::NotificationKind;

use crate::db::schema::{clients, contract_lines, contracts, notifications};
use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::notifications::{Notice, notify};

/// The most lines one run tells about; the next run takes the rest.
const BATCH: i64 = 500;

/// The notifications' name for a payment line.
const LINE: &str = "contract_line";

/// Tells the owners of the lines overdue on `today` that nobody was told about yet; answers
/// how many, in one transaction.
pub fn notify_overdue(conn: &mut DbConn, today: NaiveDate) -> AppResult<usize> {
    type Line = (i64, i64, String, String, String, i64, i64, i64);
    db::write(conn, |tx| {
        let lines: Vec<Line> = contract_lines::table
            .inner_join(contracts::table.inner_join(clients::table))
            .filter(contract_lines::due_on.lt(today.to_string()))
            .filter(contract_lines::amount_fen.gt(contract_lines::received_fen))
            .filter(diesel::dsl::not(diesel::dsl::exists(
                notifications::table
                    .filter(notifications::entity_type.eq(LINE))
                    .filter(notifications::entity_id.eq(contract_lines::id.nullable()))
                    .filter(notifications::kind.eq(NotificationKind::ReceivableOverdue.as_str())),
            )))
            .order(contract_lines::id.asc())
            .limit(BATCH)
            .select((
                contract_lines::id,
                contract_lines::contract_id,
                contracts::number,
                contract_lines::label,
                contract_lines::due_on,
                contract_lines::amount_fen,
                contract_lines::received_fen,
                clients::owner_id,
            ))
            .load(tx.conn())?;
        let mut told = 0;
        for (id, contract_id, number, label, due_on, amount, received, owner) in lines {
            notify(
                tx,
                owner,
                NotificationKind::ReceivableOverdue,
                Notice {
                    title: format!("回款逾期：合同 {number}（{label}）"),
                    body: Some(format!(
                        "{due_on} 到期，应收 {} 元，已收 {} 元",
                        Fen(amount),
                        Fen(received)
                    )),
                    link: Some(format!("/contracts/{contract_id}")),
                    entity: Some((LINE, id)),
                },
            )?;
            told += 1;
        }
        Ok(told)
    })
}
