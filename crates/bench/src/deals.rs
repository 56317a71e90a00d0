//! Seeding the deal tables for the receivables (aging, the collection rate): clients, signed
//! contracts with their schedule lines in force, the payments received and their allocations,
//! in one transaction, each table one `INSERT … SELECT` over a series (`generate_series` on
//! PostgreSQL, a recursive CTE on SQLite). Every value is a function of the contract's index,
//! so a run seeds the same data.
//!
//! Days are counted from [`DAY_ZERO`] (2025-01-01); the bench's "today" is [`TODAY`]
//! (2026-12-01), the `as_of` of the aging and the end of the payments. Contract `i` (0-based):
//! - belongs to client `i % P + P × ((i / P) % 20)` of the [`CLIENTS_PER_PERSON`] × P deal
//!   clients (P salespeople; client `j` is owned by salesperson `j % P`);
//! - was signed on day `(i × 37) % 700` (2025-01-01 … 2026-12-01);
//! - has `2 + i % 5` lines (4 on average, so `lines / 4` contracts, rounded up to 5, make the
//!   lines), due 7 days after signing and every 30 days after that (up to mid-2027), sharing
//!   the amount (50,000 – 1,000,000 yuan; the last line takes the remainder);
//! - is paid by one of four kinds of client (`(i × 13) % 10`): 0–5 on time (3 days before each
//!   line is due), 6–7 late (20–49 days after), 8 in part (each line when due, the latest due
//!   only half), 9 the first line only. Payments are those received by [`TODAY`].
//!
//! Each payment pays one line (its id is the line's, and so is its allocation's), and lines
//! are paid in order, so the allocations are the API's (oldest line first):
//! `contract_lines.received_fen` and `contracts.received_fen` are the sums of the
//! allocations, and `contracts.schedule` is the lines' JSON. One contract in twenty more is
//! drafted, in review or approved, with no lines in force (they are not receivables).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use salesops::db::schema::{
    clients, contract_lines, contract_payments, contracts, payment_allocations, users,
};
use salesops::db::{Backend, Db, DbConn};

use crate::money::{ensure_finance_user, stamp};

/// Day 0 of the seeded calendar.
pub const DAY_ZERO: &str = "2025-01-01";
/// The bench's today: day 699.
pub const TODAY_DAY: i64 = 699;
/// Deal clients per salesperson.
pub const CLIENTS_PER_PERSON: i64 = 20;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
}

pub struct DealsSeeded {
    pub elapsed: Duration,
    pub clients: i64,
    pub contracts: i64,
    pub lines: i64,
    pub payments: i64,
    pub allocations: i64,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Seeds about `lines` schedule lines over the salespeople the client seed made.
pub fn seed(db: &Db, lines: usize) -> Result<DealsSeeded, String> {
    let started = Instant::now();
    let mut conn = db.get().map_err(err)?;
    let conn: &mut DbConn = &mut conn;
    let backend = db.backend();
    let pg = backend == Backend::Postgres;
    if pg {
        conn.batch_execute("SET statement_timeout = 0")
            .map_err(err)?;
    }
    conn.batch_execute("BEGIN").map_err(err)?;
    let outcome = match seed_in(conn, backend, lines) {
        Ok(s) => conn.batch_execute("COMMIT").map_err(err).map(|()| s),
        Err(e) => {
            let _ = conn.batch_execute("ROLLBACK");
            Err(e)
        }
    };
    if pg {
        conn.batch_execute(&format!(
            "SET statement_timeout = {}",
            salesops::db::DEFAULT_STATEMENT_TIMEOUT_MS
        ))
        .map_err(err)?;
    }
    let mut s = outcome?;
    // The deal clients' search keys, as the server builds them at start-up.
    salesops::clients::search::backfill(conn).map_err(err)?;
    // As the other seeds: statistics and a checkpoint on PostgreSQL, a checkpoint on SQLite.
    crate::harness::settle(
        conn,
        backend,
        &[
            "users",
            "user_roles",
            "teams",
            "clients",
            "client_search_keys",
            "contracts",
            "contract_lines",
            "contract_payments",
            "payment_allocations",
        ],
    )?;
    s.elapsed = started.elapsed();
    Ok(s)
}

/// A `YYYY-MM-DD` text from an integer day expression.
fn day(backend: Backend, expr: &str) -> String {
    match backend {
        Backend::Sqlite => format!("date('{DAY_ZERO}', ({expr}) || ' days')"),
        Backend::Postgres => {
            format!("to_char(DATE '{DAY_ZERO}' + CAST({expr} AS INTEGER), 'YYYY-MM-DD')")
        }
    }
}

/// The `WITH` clause (the contract indexes `s(i)` on SQLite, the line positions `k(p)`) and
/// the FROM item of the indexes `0..n`.
fn series(backend: Backend, n: i64) -> (String, String) {
    let k = "k(p) AS (VALUES (0), (1), (2), (3), (4), (5))";
    match backend {
        Backend::Sqlite => (
            format!(
                "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}), {k} ",
                n - 1
            ),
            "s".to_owned(),
        ),
        Backend::Postgres => (
            format!("WITH {k} "),
            format!("generate_series(CAST(0 AS BIGINT), {}) AS s(i)", n - 1),
        ),
    }
}

/// Every schedule line of the `n` signed contracts: `id, contract_id, position, due (day),
/// amount, paid_day (day or NULL), paid_fen`, contract ids from `k0`, line ids from `l0`.
fn line_rows(backend: Backend, n: i64, k0: i64, l0: i64) -> String {
    let (with, from) = series(backend, n);
    format!(
        "{with}SELECT z.id, z.contract_id, z.position, z.due, z.amount, \
           CASE WHEN z.pay_day <= {TODAY_DAY} THEN z.pay_day END AS paid_day, \
           CASE WHEN z.pay_day IS NULL OR z.pay_day > {TODAY_DAY} THEN 0 \
                WHEN z.cls = 8 AND (z.position = z.n - 1 OR z.due + 30 > {TODAY_DAY}) THEN z.amount / 2 \
                ELSE z.amount END AS paid_fen \
         FROM (SELECT y.*, CASE WHEN y.cls < 6 THEN y.due - 3 \
                                WHEN y.cls < 8 THEN y.due + 20 + y.i % 30 \
                                WHEN y.cls = 8 OR y.position = 0 THEN y.due END AS pay_day \
               FROM (SELECT x.i, x.n, x.cls, {l0} + x.i * 6 + x.p AS id, {k0} + x.i AS contract_id, \
                       x.p AS position, x.sd + 7 + 30 * x.p AS due, \
                       CASE WHEN x.p = x.n - 1 THEN x.total - (x.n - 1) * (x.total / x.n) \
                            ELSE x.total / x.n END AS amount \
                     FROM (SELECT s.i AS i, k.p AS p, 2 + s.i % 5 AS n, (s.i * 37) % 700 AS sd, \
                             (5 + (s.i * 7919) % 96) * 1000000 AS total, (s.i * 13) % 10 AS cls \
                           FROM {from} CROSS JOIN k WHERE k.p < 2 + s.i % 5) x) y) z"
    )
}

fn seed_in(conn: &mut DbConn, backend: Backend, lines: usize) -> Result<DealsSeeded, String> {
    let now_text = Utc::now()
        .naive_utc()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let now = stamp(backend, &format!("'{now_text}'"));
    let finance = ensure_finance_user(conn, &now)?;
    let sales: Vec<i64> = users::table
        .filter(users::username.like("sales%"))
        .order(users::id.asc())
        .select(users::id)
        .load(conn)
        .map_err(err)?;
    let (first, p) = (*sales.first().ok_or("no salespeople")?, sales.len() as i64);
    if sales.last() != Some(&(first + p - 1)) {
        return Err("the salespeople's ids are not consecutive".to_owned());
    }
    let next_id = |max: Option<i64>| max.unwrap_or(0) + 1;
    let c0 = next_id(
        clients::table
            .select(diesel::dsl::max(clients::id))
            .first(conn)
            .map_err(err)?,
    );
    let k0 = next_id(
        contracts::table
            .select(diesel::dsl::max(contracts::id))
            .first(conn)
            .map_err(err)?,
    );
    let l0 = next_id(
        contract_lines::table
            .select(diesel::dsl::max(contract_lines::id))
            .first(conn)
            .map_err(err)?,
    );
    // Payments and allocations take their line's id.
    let l0 = l0
        .max(next_id(
            contract_payments::table
                .select(diesel::dsl::max(contract_payments::id))
                .first(conn)
                .map_err(err)?,
        ))
        .max(next_id(
            payment_allocations::table
                .select(diesel::dsl::max(payment_allocations::id))
                .first(conn)
                .map_err(err)?,
        ));

    // The deal clients, 20 a salesperson, customers with normal credit.
    let n_clients = CLIENTS_PER_PERSON * p;
    let (with, from) = series(backend, n_clients);
    conn.batch_execute(&format!(
        "INSERT INTO clients (id, name, company, region, industry, source, tier, stage, credit, owner_id, \
         created_at, updated_at) \
         {with}SELECT {c0} + s.i, '客户' || s.i, '华东建材' || s.i || '有限公司', '华东', '建材', 'trade_fair', \
         CASE WHEN s.i % 5 = 0 THEN 'key' ELSE 'general' END, 'customer', 'normal', {first} + s.i % {p}, \
         {now}, {now} FROM {from} ORDER BY s.i"
    ))
    .map_err(err)?;

    // Signed contracts: lines / 4, rounded up to a multiple of 5 (4 lines each on average).
    let n = ((lines as i64 / 4).max(1) + 4) / 5 * 5;
    let (with, from) = series(backend, n);
    let signed_on = day(backend, "(s.i * 37) % 700");
    let created = stamp(
        backend,
        &format!("{} || ' 09:00:00'", day(backend, "(s.i * 37) % 700 - 14")),
    );
    conn.batch_execute(&format!(
        "INSERT INTO contracts (id, client_id, number, title, amount_fen, schedule, state, version, revision, \
         signed_revision, signed_on, signed_amount_fen, received_fen, reviewed_by, created_by, created_at, updated_at) \
         {with}SELECT {k0} + s.i, {c0} + s.i % {p} + {p} * ((s.i / {p}) % {CLIENTS_PER_PERSON}), \
         'BENCH-' || s.i, '建材供货合同', (5 + (s.i * 7919) % 96) * 1000000, '[]', 'signed', 4, 1, 1, \
         {signed_on}, (5 + (s.i * 7919) % 96) * 1000000, 0, \
         CASE WHEN s.i % 3 = 0 THEN {finance} END, {first} + s.i % {p}, {created}, {created} \
         FROM {from} ORDER BY s.i"
    ))
    .map_err(err)?;
    // One in twenty more, not signed: no lines in force.
    let extra = (n / 20).max(1);
    let (with, from) = series(backend, extra);
    let due = day(backend, &format!("{TODAY_DAY} + 30 + s.i % 60"));
    conn.batch_execute(&format!(
        "INSERT INTO contracts (id, client_id, number, title, amount_fen, schedule, state, version, revision, \
         received_fen, created_by, created_at, updated_at) \
         {with}SELECT {k0} + {n} + s.i, {c0} + s.i % {n_clients}, 'BENCH-D' || s.i, '建材供货合同（待签）', 5000000, \
         '[{{\"due_on\":\"' || {due} || '\",\"amount_fen\":5000000,\"label\":\"全款\"}}]', \
         CASE s.i % 3 WHEN 0 THEN 'drafted' WHEN 1 THEN 'in_review' ELSE 'approved' END, 1, 1, 0, \
         {first} + s.i % {p}, {now}, {now} FROM {from} ORDER BY s.i"
    ))
    .map_err(err)?;

    // The lines in force with what they received, then one payment per paid line and its
    // allocation (same id as the line).
    let rows = line_rows(backend, n, k0, l0);
    conn.batch_execute(&format!(
        "INSERT INTO contract_lines (id, contract_id, position, due_on, amount_fen, label, received_fen) \
         SELECT r.id, r.contract_id, r.position, {}, r.amount, '第' || (r.position + 1) || '期', r.paid_fen \
         FROM ({rows}) r ORDER BY r.id",
        day(backend, "r.due")
    ))
    .map_err(err)?;
    let received_on = day(backend, "r.paid_day");
    let paid_at = stamp(backend, &format!("{received_on} || ' 06:00:00'"));
    conn.batch_execute(&format!(
        "INSERT INTO contract_payments (id, contract_id, received_on, amount_fen, method, reference, recorded_by, created_at) \
         SELECT r.id, r.contract_id, {received_on}, r.paid_fen, \
         CASE WHEN r.id % 5 = 0 THEN 'acceptance_bill' ELSE 'bank_transfer' END, 'HD' || r.id, {finance}, {paid_at} \
         FROM ({rows}) r WHERE r.paid_fen > 0 ORDER BY r.id"
    ))
    .map_err(err)?;
    conn.batch_execute(&format!(
        "INSERT INTO payment_allocations (id, payment_id, line_id, amount_fen, received_on) \
         SELECT r.id, r.id, r.id, r.paid_fen, {received_on} FROM ({rows}) r WHERE r.paid_fen > 0 ORDER BY r.id"
    ))
    .map_err(err)?;
    // The contracts' received amounts and schedules from their lines.
    let item = "'{\"due_on\":\"' || due_on || '\",\"amount_fen\":' || amount_fen || ',\"label\":\"' || label || '\"}'";
    let agg = match backend {
        Backend::Sqlite => format!("group_concat({item}, ',' ORDER BY position)"),
        Backend::Postgres => format!("string_agg({item}, ',' ORDER BY position)"),
    };
    conn.batch_execute(&format!(
        "UPDATE contracts SET received_fen = s.r, schedule = '[' || s.j || ']' \
         FROM (SELECT contract_id, CAST(SUM(received_fen) AS BIGINT) AS r, {agg} AS j \
               FROM contract_lines GROUP BY contract_id) s \
         WHERE contracts.id = s.contract_id"
    ))
    .map_err(err)?;
    if backend == Backend::Postgres {
        // The ids were given; the sequences continue after them.
        for table in [
            "clients",
            "contracts",
            "contract_lines",
            "contract_payments",
            "payment_allocations",
        ] {
            conn.batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .map_err(err)?;
        }
    }
    let count = |r: QueryResult<i64>| r.map_err(err);
    Ok(DealsSeeded {
        elapsed: Duration::ZERO,
        clients: n_clients,
        contracts: count(contracts::table.count().get_result(conn))?,
        lines: count(contract_lines::table.count().get_result(conn))?,
        payments: count(contract_payments::table.count().get_result(conn))?,
        allocations: count(payment_allocations::table.count().get_result(conn))?,
    })
}
