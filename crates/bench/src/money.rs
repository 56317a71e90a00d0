//! Seeding the money tables for the finance reports (issue 11): a finance user, weekly plans
//! with their estimates (`plan_budgets`), monthly budgets, approved supplements and expense
//! claims with their lines over the 12 months of [`YEAR`], in one transaction, each table in
//! one `INSERT … SELECT` over a series (`generate_series` on PostgreSQL, a recursive CTE on
//! SQLite). Every value is a function of the claim's index, so a run seeds the same data.
//!
//! Claim `i` (0-based) belongs to salesperson `i % P` (P salespeople) and to month
//! `(i / P) % 12`; it has `3 + (i + i / P) % 5` lines (5 on average, exactly 5 over every P
//! claims when P is a multiple of 5), so `lines / 5` claims, rounded to P, make the lines.

use std::time::{Duration, Instant};

use chrono::Utc;
use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use salesops::db::schema::{
    budget_supplements, budgets, expense_claim_lines, expense_claims, plan_budgets, users,
};
use salesops::db::{Backend, Db, DbConn};
use salesops_domain::period::Month;

/// The year whose twelve months hold the claims.
pub const YEAR: i32 = 2026;
/// The finance user the bench signs in as (password [`crate::seed::PASSWORD`]).
pub const FINANCE_USER: &str = "fin001";

pub struct MoneySeeded {
    pub elapsed: Duration,
    pub claims: i64,
    pub lines: i64,
    pub budgets: i64,
    pub plan_budgets: i64,
    pub supplements: i64,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub fn months() -> Vec<Month> {
    (1..=12).map(|month| Month { year: YEAR, month }).collect()
}

/// Seeds about `lines` claim lines over the salespeople the client seed made.
pub fn seed(db: &Db, lines: usize) -> Result<MoneySeeded, String> {
    let started = Instant::now();
    let mut conn = db.get().map_err(err)?;
    let conn: &mut DbConn = &mut conn;
    // The pool's connections stop a statement after 15 s on PostgreSQL; the bulk load takes
    // longer (the setting is restored below, before the server gets the connection).
    let pg = db.backend() == Backend::Postgres;
    if pg {
        conn.batch_execute("SET statement_timeout = 0")
            .map_err(err)?;
    }
    conn.batch_execute("BEGIN").map_err(err)?;
    let outcome = seed_and_analyse(conn, db.backend(), lines);
    if pg {
        conn.batch_execute(&format!(
            "SET statement_timeout = {}",
            salesops::db::DEFAULT_STATEMENT_TIMEOUT_MS
        ))
        .map_err(err)?;
    }
    let mut s = outcome?;
    s.elapsed = started.elapsed();
    Ok(s)
}

fn seed_and_analyse(
    conn: &mut DbConn,
    backend: Backend,
    lines: usize,
) -> Result<MoneySeeded, String> {
    match seed_in(conn, backend, lines) {
        Ok(s) => {
            conn.batch_execute("COMMIT").map_err(err)?;
            // As the client seed: statistics and a checkpoint on PostgreSQL (autovacuum would
            // analyse these tables soon after the load), a checkpoint on SQLite.
            crate::harness::settle(
                conn,
                backend,
                &[
                    "users",
                    "user_roles",
                    "teams",
                    "budgets",
                    "plans",
                    "plan_budgets",
                    "budget_supplements",
                    "expense_claims",
                    "expense_claim_lines",
                ],
            )?;
            Ok(s)
        }
        Err(e) => {
            let _ = conn.batch_execute("ROLLBACK");
            Err(e)
        }
    }
}

/// The finance user [`FINANCE_USER`] (role `finance`, a real password hash), made unless it
/// is there already (the money and the deal seeds both need it). `now`: a TIMESTAMP literal.
pub fn ensure_finance_user(conn: &mut DbConn, now: &str) -> Result<i64, String> {
    let find = |conn: &mut DbConn| {
        users::table
            .filter(users::username.eq(FINANCE_USER))
            .select(users::id)
            .first::<i64>(conn)
            .optional()
            .map_err(err)
    };
    if let Some(id) = find(conn)? {
        return Ok(id);
    }
    let hash = salesops::access::password::hash(crate::seed::PASSWORD).map_err(err)?;
    conn.batch_execute(&format!(
        "INSERT INTO users (username, display_name, password_hash, created_at, updated_at) \
         VALUES ('{FINANCE_USER}', '财务钱敏', '{}', {now}, {now}); \
         INSERT INTO user_roles (user_id, role) SELECT id, 'finance' FROM users WHERE username = '{FINANCE_USER}'",
        hash.replace('\'', "''")
    ))
    .map_err(err)?;
    find(conn)?.ok_or_else(|| format!("{FINANCE_USER} was not inserted"))
}

/// `YEAR-mm-dd` from integer expressions for the month and the day.
fn ymd(backend: Backend, month: &str, day: &str) -> String {
    match backend {
        Backend::Sqlite => format!("printf('{YEAR}-%02d-%02d', {month}, {day})"),
        Backend::Postgres => format!(
            "format('{YEAR}-%s-%s', lpad(CAST({month} AS TEXT), 2, '0'), lpad(CAST({day} AS TEXT), 2, '0'))"
        ),
    }
}

/// A TIMESTAMP from a text expression.
pub fn stamp(backend: Backend, text: &str) -> String {
    match backend {
        Backend::Sqlite => text.to_owned(),
        Backend::Postgres => format!("CAST({text} AS TIMESTAMP)"),
    }
}

/// `(with, from)`: what goes before the SELECT and its FROM item for the integers `0..n` as `s(i)`.
fn series(backend: Backend, n: i64) -> (String, String) {
    match backend {
        Backend::Sqlite => (
            format!(
                "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}) ",
                n - 1
            ),
            "s".to_owned(),
        ),
        Backend::Postgres => (
            String::new(),
            format!("generate_series(CAST(0 AS BIGINT), {}) AS s(i)", n - 1),
        ),
    }
}

const CATEGORIES: &str = "c(cat, weight) AS (VALUES ('travel', 3), ('per_diem', 2), ('entertainment', 2), \
     ('communication', 1), ('business_development', 1), ('other', 1))";

fn seed_in(conn: &mut DbConn, backend: Backend, lines: usize) -> Result<MoneySeeded, String> {
    let now = Utc::now()
        .naive_utc()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let now = stamp(backend, &format!("'{now}'"));

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

    let month_rows: Vec<String> = months()
        .iter()
        .enumerate()
        .map(|(i, m)| format!("('{m}', {i})"))
        .collect();
    let month_cte = format!("m(month, idx) AS (VALUES {})", month_rows.join(", "));
    let mut weeks: Vec<String> = months()
        .into_iter()
        .flat_map(salesops::finance::sql::weeks_of)
        .map(|w| format!("('{w}')"))
        .collect();
    weeks.dedup();
    let week_cte = format!("w(week) AS (VALUES {})", weeks.join(", "));
    let sales_filter = "u.username LIKE 'sales%'";

    // Monthly budgets: every salesperson, month and category (about the month's spend).
    conn.batch_execute(&format!(
        "INSERT INTO budgets (owner_id, month, category, amount_fen, version, created_at, updated_at) \
         WITH {month_cte}, {CATEGORIES} \
         SELECT u.id, m.month, c.cat, c.weight * 900000 + (u.id * 7919 + m.idx * 104729) % 300000, 1, {now}, {now} \
         FROM users u CROSS JOIN m CROSS JOIN c WHERE {sales_filter}"
    ))
    .map_err(err)?;
    // Approved weekly plans for every week of the year, with their estimates as plan budgets
    // (the statement the money migration uses to fill plan_budgets).
    conn.batch_execute(&format!(
        "INSERT INTO plans (owner_id, kind, period, state, version, revision, approved_revision, calls_per_day, \
         visits_per_week, new_clients, est_travel, est_per_diem, est_entertainment, est_communication, \
         est_business_development, est_other, submitted_at, late, decided_by, decided_at, created_at, updated_at) \
         WITH {week_cte} \
         SELECT u.id, 'weekly', w.week, 'approved', 1, 1, 1, 10, 5, 2, 60000 + u.id % 7 * 5000, 40000, 30000, 5000, \
         20000, 3000, {now}, FALSE, t.manager_id, {now}, {now}, {now} \
         FROM users u JOIN teams t ON t.id = u.team_id CROSS JOIN w WHERE {sales_filter}; \
         INSERT INTO plan_budgets (plan_id, owner_id, week, category, amount_fen) \
         SELECT id, owner_id, period, 'travel', est_travel FROM plans WHERE kind = 'weekly' AND state = 'approved' \
         UNION ALL SELECT id, owner_id, period, 'per_diem', est_per_diem FROM plans WHERE kind = 'weekly' AND state = 'approved' \
         UNION ALL SELECT id, owner_id, period, 'entertainment', est_entertainment FROM plans WHERE kind = 'weekly' AND state = 'approved' \
         UNION ALL SELECT id, owner_id, period, 'communication', est_communication FROM plans WHERE kind = 'weekly' AND state = 'approved' \
         UNION ALL SELECT id, owner_id, period, 'business_development', est_business_development FROM plans WHERE kind = 'weekly' AND state = 'approved' \
         UNION ALL SELECT id, owner_id, period, 'other', est_other FROM plans WHERE kind = 'weekly' AND state = 'approved'"
    ))
    .map_err(err)?;
    // Supplements: a third of the person-months get an approved travel supplement, a tenth
    // one still submitted (which the report leaves out).
    conn.batch_execute(&format!(
        "INSERT INTO budget_supplements (owner_id, period, category, amount_fen, reason, state, version, \
         decided_by, decided_at, created_at, updated_at) \
         WITH {month_cte} \
         SELECT u.id, m.month, 'travel', 500000, '客户集中拜访', \
         CASE WHEN (u.id + m.idx) % 3 = 0 THEN 'approved' ELSE 'submitted' END, 1, \
         CASE WHEN (u.id + m.idx) % 3 = 0 THEN t.manager_id END, CASE WHEN (u.id + m.idx) % 3 = 0 THEN {now} END, {now}, {now} \
         FROM users u JOIN teams t ON t.id = u.team_id CROSS JOIN m \
         WHERE {sales_filter} AND ((u.id + m.idx) % 3 = 0 OR (u.id * 7 + m.idx) % 10 = 0)"
    ))
    .map_err(err)?;

    // Claims: lines / 5, rounded to whole blocks of P (one block per month in turn).
    let n_claims = ((lines as i64 / 5 + p - 1) / p).max(1) * p;
    let (with, from) = series(backend, n_claims);
    let day = ymd(
        backend,
        "x.b % 12 + 1",
        &format!("(x.i / {}) % 28 + 1", p * 12),
    );
    let at = stamp(backend, &format!("{day} || ' 09:00:00'"));
    conn.batch_execute(&format!(
        "INSERT INTO expense_claims (owner_id, state, version, total_fen, offset_fen, submitted_at, \
         manager_approved_by, manager_approved_at, finance_approved_by, finance_approved_at, paid_at, payment_ref, \
         created_at, updated_at) \
         {with}SELECT x.owner, x.state, 1, 0, 0, \
         CASE WHEN x.state = 'draft' THEN NULL ELSE {at} END, \
         CASE WHEN x.state IN ('manager_approved', 'finance_approved', 'paid') THEN t.manager_id END, \
         CASE WHEN x.state IN ('manager_approved', 'finance_approved', 'paid') THEN {at} END, \
         CASE WHEN x.state IN ('finance_approved', 'paid') THEN {finance} END, \
         CASE WHEN x.state IN ('finance_approved', 'paid') THEN {at} END, \
         CASE WHEN x.state = 'paid' THEN {at} END, \
         CASE WHEN x.state = 'paid' THEN 'BANK-' || x.i END, {at}, {at} \
         FROM (SELECT s.i AS i, s.i / {p} AS b, {first} + s.i % {p} AS owner, \
           CASE WHEN (s.i * 37 + s.i / {p} * 11) % 100 < 55 THEN 'paid' \
                WHEN (s.i * 37 + s.i / {p} * 11) % 100 < 75 THEN 'finance_approved' \
                WHEN (s.i * 37 + s.i / {p} * 11) % 100 < 82 THEN 'manager_approved' \
                WHEN (s.i * 37 + s.i / {p} * 11) % 100 < 90 THEN 'submitted' \
                WHEN (s.i * 37 + s.i / {p} * 11) % 100 < 95 THEN 'draft' \
                WHEN (s.i * 37 + s.i / {p} * 11) % 100 < 99 THEN 'rejected' ELSE 'cancelled' END AS state \
           FROM {from}) x \
         JOIN users u ON u.id = x.owner JOIN teams t ON t.id = u.team_id ORDER BY x.i"
    ))
    .map_err(err)?;
    let c0: i64 = expense_claims::table
        .select(diesel::dsl::min(expense_claims::id))
        .first::<Option<i64>>(conn)
        .map_err(err)?
        .ok_or("no claims inserted")?;
    // Lines: in the claim's month, three days apart; categories weighted towards travel;
    // 10–500 yuan; decided lines (manager-approved or later) approved in full, every tenth cut
    // to 80%.
    let line_day = ymd(
        backend,
        "x.b % 12 + 1",
        &format!("(x.i / {} + x.n * 3) % 28 + 1", p * 12),
    );
    conn.batch_execute(&format!(
        "INSERT INTO expense_claim_lines (claim_id, position, date, place, reason, category, amount_fen, quantity, \
         approved_fen, allow_over_standard, over_budget) \
         WITH k(n) AS (VALUES (0), (1), (2), (3), (4), (5), (6)) \
         SELECT x.claim_id, x.n + 1, {line_day}, \
           CASE x.i % 4 WHEN 0 THEN '上海' WHEN 1 THEN '杭州' WHEN 2 THEN '南京' ELSE '苏州' END, \
           CASE x.cx % 3 WHEN 0 THEN '拜访客户' WHEN 1 THEN '项目洽谈' ELSE '展会' END, \
           CASE WHEN x.cx < 3 THEN 'travel' WHEN x.cx < 5 THEN 'per_diem' WHEN x.cx < 7 THEN 'entertainment' \
                WHEN x.cx = 7 THEN 'communication' WHEN x.cx = 8 THEN 'business_development' ELSE 'other' END, \
           x.amount, 1, \
           CASE WHEN x.state IN ('manager_approved', 'finance_approved', 'paid') \
                THEN CASE WHEN (x.i + x.n) % 10 = 0 THEN x.amount * 8 / 10 ELSE x.amount END END, \
           FALSE, FALSE \
         FROM (SELECT c.id AS claim_id, c.state AS state, k.n AS n, c.id - {c0} AS i, (c.id - {c0}) / {p} AS b, \
                 ((c.id - {c0}) * 3 + k.n * 7 + (c.id - {c0}) / {p}) % 10 AS cx, \
                 1000 + ((c.id - {c0}) * 7919 + k.n * 104729) % 49000 AS amount \
               FROM expense_claims c CROSS JOIN k WHERE k.n < 3 + ((c.id - {c0}) + (c.id - {c0}) / {p}) % 5) x \
         ORDER BY x.claim_id, x.n"
    ))
    .map_err(err)?;
    // The claims' totals from their lines.
    conn.batch_execute(
        "UPDATE expense_claims SET total_fen = s.t, approved_fen = s.a, \
         payable_fen = CASE WHEN expense_claims.state IN ('finance_approved', 'paid') THEN s.a END \
         FROM (SELECT claim_id, CAST(SUM(amount_fen) AS BIGINT) AS t, CAST(SUM(approved_fen) AS BIGINT) AS a \
               FROM expense_claim_lines GROUP BY claim_id) s \
         WHERE expense_claims.id = s.claim_id",
    )
    .map_err(err)?;
    let count = |r: QueryResult<i64>| r.map_err(err);
    Ok(MoneySeeded {
        elapsed: Duration::ZERO,
        claims: count(expense_claims::table.count().get_result(conn))?,
        lines: count(expense_claim_lines::table.count().get_result(conn))?,
        budgets: count(budgets::table.count().get_result(conn))?,
        plan_budgets: count(plan_budgets::table.count().get_result(conn))?,
        supplements: count(budget_supplements::table.count().get_result(conn))?,
    })
}
