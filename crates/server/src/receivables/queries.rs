//! Runs the receivables' statements (`sql`) and reads their rows.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use crate::db::DbConn;
use crate::db::schema::{contract_lines, payment_allocations};
use crate::error::AppResult;

#[derive(QueryableByName)]
pub struct ReceivableRow {
    #[diesel(sql_type = BigInt)]
    pub line_id: i64,
    #[diesel(sql_type = BigInt)]
    pub contract_id: i64,
    #[diesel(sql_type = Text)]
    pub contract_number: String,
    #[diesel(sql_type = BigInt)]
    pub client_id: i64,
    #[diesel(sql_type = Text)]
    pub client_name: String,
    #[diesel(sql_type = BigInt)]
    pub owner_id: i64,
    #[diesel(sql_type = Text)]
    pub owner_name: String,
    #[diesel(sql_type = Text)]
    pub due_on: String,
    #[diesel(sql_type = Text)]
    pub label: String,
    #[diesel(sql_type = BigInt)]
    pub amount_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub received_fen: i64,
}

#[derive(QueryableByName)]
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

#[derive(QueryableByName)]
pub struct AgingRow {
    #[diesel(sql_type = BigInt)]
    pub owner_id: i64,
    #[diesel(sql_type = Text)]
    pub owner_name: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub team_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub team_name: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub current_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub d1_30_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub d31_60_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub d61_90_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub d90_plus_fen: i64,
}

#[derive(QueryableByName)]
pub struct CollectionSqlRow {
    #[diesel(sql_type = BigInt)]
    pub owner_id: i64,
    #[diesel(sql_type = Text)]
    pub owner_name: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub team_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub team_name: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub due_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub received_fen: i64,
}

#[derive(QueryableByName)]
pub struct AlertRow {
    #[diesel(sql_type = BigInt)]
    pub client_id: i64,
    #[diesel(sql_type = Text)]
    pub client_name: String,
    #[diesel(sql_type = BigInt)]
    pub owner_id: i64,
    #[diesel(sql_type = Text)]
    pub owner_name: String,
    #[diesel(sql_type = Text)]
    pub credit: String,
    #[diesel(sql_type = BigInt)]
    pub overdue_fen: i64,
    #[diesel(sql_type = Text)]
    pub oldest_due_on: String,
}

pub fn load<R: QueryableByName<crate::db::MultiBackend> + 'static>(
    conn: &mut DbConn,
    sql: String,
) -> AppResult<Vec<R>> {
    Ok(diesel::sql_query(sql).load(conn)?)
}

/// What each of `line_ids` had received on `as_of` (lines with nothing are absent).
pub fn received_as_of(
    conn: &mut DbConn,
    line_ids: &[i64],
    as_of: NaiveDate,
) -> AppResult<HashMap<i64, i64>> {
    let now: Vec<(i64, i64)> = contract_lines::table
        .filter(contract_lines::id.eq_any(line_ids.to_vec()))
        .select((contract_lines::id, contract_lines::received_fen))
        .load(conn)?;
    let later: Vec<(i64, i64)> = payment_allocations::table
        .filter(payment_allocations::line_id.eq_any(line_ids.to_vec()))
        .filter(payment_allocations::received_on.gt(as_of.to_string()))
        .select((
            payment_allocations::line_id,
            payment_allocations::amount_fen,
        ))
        .load(conn)?;
    let mut out: HashMap<i64, i64> = now.into_iter().collect();
    for (line, amount) in later {
        if let Some(r) = out.get_mut(&line) {
            *r -= amount;
        }
    }
    out.retain(|_, r| *r > 0);
    Ok(out)
}
