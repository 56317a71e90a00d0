//! Diesel queries for expense claims and their lines.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::PageQuery;
use salesops_domain::expenses::ClaimState;
use salesops_domain::plans::ExpenseCategory;

use crate::db::list::{self, Fetched, Waiting};
use crate::db::schema::{claim_line_receipts, expense_claim_lines, expense_claims};
use crate::db::{DbConn, Tx, on_inner};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = expense_claims)]
pub struct ClaimRow {
    pub id: i64,
    pub owner_id: i64,
    pub plan_id: Option<i64>,
    pub advance_id: Option<i64>,
    pub state: ClaimState,
    pub version: i64,
    pub total_fen: i64,
    pub approved_fen: Option<i64>,
    pub offset_fen: i64,
    pub payable_fen: Option<i64>,
    pub payment_ref: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub manager_approved_by: Option<i64>,
    pub manager_approved_at: Option<NaiveDateTime>,
    pub finance_approved_by: Option<i64>,
    pub finance_approved_at: Option<NaiveDateTime>,
    pub paid_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns a step or an edit sets besides the state and the version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = expense_claims)]
pub struct ClaimChangeset {
    pub state: Option<&'static str>,
    pub plan_id: Option<Option<i64>>,
    pub advance_id: Option<Option<i64>>,
    pub total_fen: Option<i64>,
    pub approved_fen: Option<Option<i64>>,
    pub offset_fen: Option<i64>,
    pub payable_fen: Option<Option<i64>>,
    pub payment_ref: Option<Option<String>>,
    pub submitted_at: Option<Option<NaiveDateTime>>,
    pub manager_approved_by: Option<Option<i64>>,
    pub manager_approved_at: Option<Option<NaiveDateTime>>,
    pub finance_approved_by: Option<Option<i64>>,
    pub finance_approved_at: Option<Option<NaiveDateTime>>,
    pub paid_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = expense_claim_lines)]
pub struct LineRow {
    pub id: i64,
    pub claim_id: i64,
    pub position: i32,
    pub date: NaiveDate,
    pub place: Option<String>,
    pub reason: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub quantity: i32,
    pub city_tier: Option<i32>,
    pub visit_id: Option<i64>,
    pub standard_fen: Option<i64>,
    pub approved_fen: Option<i64>,
    pub allow_over_standard: bool,
    pub over_budget: bool,
}

/// A line as it is written.
#[derive(Debug, Clone)]
pub struct NewLine {
    pub position: i32,
    pub date: NaiveDate,
    pub place: Option<String>,
    pub reason: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub quantity: i32,
    pub city_tier: Option<i32>,
    pub visit_id: Option<i64>,
    pub standard_fen: Option<i64>,
    pub over_budget: bool,
    pub receipt_ids: Vec<i64>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<ClaimRow>> {
    expense_claims::table
        .find(id)
        .select(ClaimRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    tx: &mut Tx<'_>,
    owner: i64,
    plan_id: Option<i64>,
    advance_id: Option<i64>,
    total_fen: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(expense_claims::table)
        .values((
            expense_claims::owner_id.eq(owner),
            expense_claims::plan_id.eq(plan_id),
            expense_claims::advance_id.eq(advance_id),
            expense_claims::state.eq(ClaimState::Draft.as_str()),
            expense_claims::total_fen.eq(total_fen),
            expense_claims::created_at.eq(now),
            expense_claims::updated_at.eq(now),
        ))
        .returning(expense_claims::id)
        .get_result(tx.conn())
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &ClaimChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        expense_claims::table
            .find(id)
            .filter(expense_claims::version.eq(version)),
    )
    .set((changes, expense_claims::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

/// Replaces a claim's lines (and their receipts) with `lines`: two multi-row INSERTs.
pub fn replace_lines(tx: &mut Tx<'_>, claim_id: i64, lines: &[NewLine]) -> QueryResult<()> {
    let old = expense_claim_lines::table
        .filter(expense_claim_lines::claim_id.eq(claim_id))
        .select(expense_claim_lines::id);
    diesel::delete(claim_line_receipts::table.filter(claim_line_receipts::line_id.eq_any(old)))
        .execute(tx.conn())?;
    diesel::delete(expense_claim_lines::table.filter(expense_claim_lines::claim_id.eq(claim_id)))
        .execute(tx.conn())?;
    let rows: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                expense_claim_lines::claim_id.eq(claim_id),
                expense_claim_lines::position.eq(l.position),
                expense_claim_lines::date.eq(l.date.to_string()),
                expense_claim_lines::place.eq(l.place.clone()),
                expense_claim_lines::reason.eq(l.reason.clone()),
                expense_claim_lines::category.eq(l.category.as_str()),
                expense_claim_lines::amount_fen.eq(l.amount_fen),
                expense_claim_lines::quantity.eq(l.quantity),
                expense_claim_lines::city_tier.eq(l.city_tier),
                expense_claim_lines::visit_id.eq(l.visit_id),
                expense_claim_lines::standard_fen.eq(l.standard_fen),
                expense_claim_lines::over_budget.eq(l.over_budget),
            )
        })
        .collect();
    let insert = diesel::insert_into(expense_claim_lines::table).values(&rows);
    on_inner!(tx.conn(), |c| insert.execute(c)?);
    // Ids by position: neither backend promises RETURNING's row order for a multi-row insert.
    let ids: Vec<(i32, i64)> = expense_claim_lines::table
        .filter(expense_claim_lines::claim_id.eq(claim_id))
        .select((expense_claim_lines::position, expense_claim_lines::id))
        .load(tx.conn())?;
    let links: Vec<_> = lines
        .iter()
        .flat_map(|l| {
            let line_id = ids
                .iter()
                .find(|(p, _)| *p == l.position)
                .map_or(0, |(_, id)| *id);
            l.receipt_ids.iter().map(move |r| {
                (
                    claim_line_receipts::line_id.eq(line_id),
                    claim_line_receipts::receipt_id.eq(*r),
                )
            })
        })
        .collect();
    if !links.is_empty() {
        let insert = diesel::insert_into(claim_line_receipts::table).values(&links);
        on_inner!(tx.conn(), |c| insert.execute(c)?);
    }
    Ok(())
}

/// Refreshes the rule columns of stored lines (standard, budget) by id.
pub fn set_line_checks(tx: &mut Tx<'_>, checks: &[(i64, Option<i64>, bool)]) -> QueryResult<()> {
    for (id, standard, over_budget) in checks {
        diesel::update(expense_claim_lines::table.find(*id))
            .set((
                expense_claim_lines::standard_fen.eq(*standard),
                expense_claim_lines::over_budget.eq(*over_budget),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// Sets (or, with `None`, clears) the manager's decision on lines.
pub fn set_line_approvals(
    tx: &mut Tx<'_>,
    claim_id: i64,
    approvals: &[(i64, Option<i64>, bool)],
) -> QueryResult<()> {
    for (id, approved, allow) in approvals {
        diesel::update(
            expense_claim_lines::table
                .find(*id)
                .filter(expense_claim_lines::claim_id.eq(claim_id)),
        )
        .set((
            expense_claim_lines::approved_fen.eq(*approved),
            expense_claim_lines::allow_over_standard.eq(*allow),
        ))
        .execute(tx.conn())?;
    }
    Ok(())
}

pub fn lines_of(conn: &mut DbConn, claim_ids: &[i64]) -> QueryResult<Vec<LineRow>> {
    expense_claim_lines::table
        .filter(expense_claim_lines::claim_id.eq_any(claim_ids))
        .order((
            expense_claim_lines::claim_id.asc(),
            expense_claim_lines::position.asc(),
        ))
        .select(LineRow::as_select())
        .load(conn)
}

/// `(line id, receipt id)` of the lines.
pub fn receipts_of(conn: &mut DbConn, line_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    claim_line_receipts::table
        .filter(claim_line_receipts::line_id.eq_any(line_ids))
        .order(claim_line_receipts::receipt_id.asc())
        .select((
            claim_line_receipts::line_id,
            claim_line_receipts::receipt_id,
        ))
        .load(conn)
}

/// One of the owner's lines on claims that count against budgets (submitted or later).
#[derive(Debug, Clone, Queryable)]
pub struct CountedLine {
    pub date: NaiveDate,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub approved_fen: Option<i64>,
}

/// The owner's lines dated in `from..=to` on their other claims that count (not `except`).
pub fn counted_lines(
    conn: &mut DbConn,
    owner: i64,
    except: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<CountedLine>> {
    let counting: Vec<&str> = ClaimState::ALL
        .iter()
        .filter(|s| s.counts())
        .map(|s| s.as_str())
        .collect();
    expense_claim_lines::table
        .inner_join(expense_claims::table)
        .filter(expense_claims::owner_id.eq(owner))
        .filter(expense_claims::state.eq_any(counting))
        .filter(expense_claims::id.ne(except.unwrap_or(0)))
        .filter(expense_claim_lines::date.ge(from.to_string()))
        .filter(expense_claim_lines::date.le(to.to_string()))
        .select((
            expense_claim_lines::date,
            expense_claim_lines::category,
            expense_claim_lines::amount_fen,
            expense_claim_lines::approved_fen,
        ))
        .load(conn)
}

/// Filters of a claim list, resolved by the service from the query and the caller.
#[derive(Debug, Default)]
pub struct ClaimFilter {
    pub owners: Option<Vec<i64>>,
    pub owner_id: Option<i64>,
    pub states: Option<Vec<ClaimState>>,
    pub exclude_owner: Option<i64>,
    /// Leave out the claims this user approved as manager (finance's queue).
    pub not_approved_by: Option<i64>,
}

type Boxed = diesel::dsl::IntoBoxed<'static, expense_claims::table, crate::db::MultiBackend>;

/// The claims a list shows under `f`.
fn filtered(f: &ClaimFilter) -> Boxed {
    let mut q = expense_claims::table.into_boxed();
    if let Some(ids) = &f.owners {
        q = q.filter(expense_claims::owner_id.eq_any(ids.clone()));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(expense_claims::owner_id.eq(o));
    }
    if let Some(states) = &f.states {
        let names: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
        q = q.filter(expense_claims::state.eq_any(names));
    }
    if let Some(me) = f.exclude_owner {
        q = q.filter(expense_claims::owner_id.ne(me));
    }
    if let Some(me) = f.not_approved_by {
        q = q.filter(
            expense_claims::manager_approved_by
                .is_null()
                .or(expense_claims::manager_approved_by.ne(me)),
        );
    }
    q
}

/// How many claims [`list`] would show under `f`, and since when the oldest has waited in
/// `state` (the time it reached it).
pub fn waiting(conn: &mut DbConn, f: &ClaimFilter, state: ClaimState) -> QueryResult<Waiting> {
    let q = filtered(f);
    Ok(match state {
        ClaimState::ManagerApproved => {
            list::waiting!(conn, q, expense_claims::manager_approved_at)
        }
        ClaimState::FinanceApproved => {
            list::waiting!(conn, q, expense_claims::finance_approved_at)
        }
        _ => list::waiting!(conn, q, expense_claims::submitted_at),
    })
}

pub fn list(conn: &mut DbConn, f: &ClaimFilter, page: &PageQuery) -> AppResult<Fetched<ClaimRow>> {
    let build = || filtered(f);
    Ok(list::fetch!(
        conn,
        page,
        build,
        id = expense_claims::id,
        changed = expense_claims::updated_at,
        order = expense_claims::id.desc(),
        select = ClaimRow::as_select(),
    ))
}
