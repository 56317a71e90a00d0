//! Diesel queries for receipts and the claims they are attached to.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::receipts::{ReceiptDto, ReceiptType};

use crate::clock;
use crate::db::schema::{claim_line_receipts, expense_claim_lines, expense_claims, receipts};
use crate::db::{DbConn, Tx};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = receipts)]
pub struct ReceiptRow {
    pub id: i64,
    pub sha256: String,
    pub invoice_number: Option<String>,
    pub content_type: ReceiptType,
    pub size: i64,
    pub storage_key: String,
    pub uploaded_by: i64,
    pub created_at: NaiveDateTime,
}

impl ReceiptRow {
    pub fn to_dto(&self) -> ReceiptDto {
        ReceiptDto {
            id: self.id,
            sha256: self.sha256.clone(),
            content_type: self.content_type,
            size: self.size,
            invoice_number: self.invoice_number.clone(),
            uploaded_by: self.uploaded_by,
            created_at: clock::utc(self.created_at),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = receipts)]
pub struct NewReceipt<'a> {
    pub sha256: &'a str,
    pub invoice_number: Option<&'a str>,
    pub content_type: &'a str,
    pub size: i64,
    pub storage_key: &'a str,
    pub uploaded_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<ReceiptRow>> {
    receipts::table
        .find(id)
        .select(ReceiptRow::as_select())
        .first(conn)
        .optional()
}

/// A receipt with the same file or the same invoice number, if one is on file.
pub fn find_duplicate(
    conn: &mut DbConn,
    sha256: &str,
    invoice_number: Option<&str>,
) -> QueryResult<Option<ReceiptRow>> {
    let by_file = receipts::table
        .filter(receipts::sha256.eq(sha256))
        .select(ReceiptRow::as_select())
        .first(conn)
        .optional()?;
    match (by_file, invoice_number) {
        (Some(found), _) => Ok(Some(found)),
        (None, Some(number)) => receipts::table
            .filter(receipts::invoice_number.eq(number))
            .select(ReceiptRow::as_select())
            .first(conn)
            .optional(),
        (None, None) => Ok(None),
    }
}

pub fn insert(tx: &mut Tx<'_>, new: &NewReceipt<'_>) -> QueryResult<i64> {
    diesel::insert_into(receipts::table)
        .values(new)
        .returning(receipts::id)
        .get_result(tx.conn())
}

/// The claim a receipt is attached to, and its owner.
pub fn claim_of(conn: &mut DbConn, receipt_id: i64) -> QueryResult<Option<(i64, i64)>> {
    claim_line_receipts::table
        .inner_join(expense_claim_lines::table.inner_join(expense_claims::table))
        .filter(claim_line_receipts::receipt_id.eq(receipt_id))
        .select((expense_claims::id, expense_claims::owner_id))
        .first(conn)
        .optional()
}

/// Of `ids`, those uploaded by `owner` and attached to no line other than those of
/// `claim_id` (which a claim's edit replaces): the receipts a claim of theirs may take.
pub fn unattached_of(
    conn: &mut DbConn,
    owner: i64,
    ids: &[i64],
    claim_id: Option<i64>,
) -> QueryResult<Vec<i64>> {
    let mine: Vec<i64> = receipts::table
        .filter(receipts::id.eq_any(ids))
        .filter(receipts::uploaded_by.eq(owner))
        .select(receipts::id)
        .load(conn)?;
    let taken: Vec<(i64, i64)> = claim_line_receipts::table
        .inner_join(expense_claim_lines::table)
        .filter(claim_line_receipts::receipt_id.eq_any(&mine))
        .select((
            claim_line_receipts::receipt_id,
            expense_claim_lines::claim_id,
        ))
        .load(conn)?;
    Ok(mine
        .into_iter()
        .filter(|id| taken.iter().all(|(r, c)| r != id || Some(*c) == claim_id))
        .collect())
}
