//! Diesel queries for budgets and supplements.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::budgets::{
    BudgetDto, BudgetListQuery, SupplementDto, SupplementListQuery, SupplementState,
};
use salesops_domain::plans::ExpenseCategory;
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{budget_supplements, budgets};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = budgets)]
pub struct BudgetRow {
    pub id: i64,
    pub owner_id: i64,
    pub month: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl BudgetRow {
    pub fn to_dto(&self) -> BudgetDto {
        BudgetDto {
            id: self.id,
            owner_id: self.owner_id,
            month: self.month.clone(),
            category: self.category,
            amount_fen: self.amount_fen,
            version: self.version,
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

pub fn find_budget(conn: &mut DbConn, id: i64) -> QueryResult<Option<BudgetRow>> {
    budgets::table
        .find(id)
        .select(BudgetRow::as_select())
        .first(conn)
        .optional()
}

pub fn budget_exists(
    conn: &mut DbConn,
    owner: i64,
    month: &str,
    category: ExpenseCategory,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        budgets::table
            .filter(budgets::owner_id.eq(owner))
            .filter(budgets::month.eq(month))
            .filter(budgets::category.eq(category.as_str())),
    ))
    .get_result(conn)
}

pub fn insert_budget(
    tx: &mut Tx<'_>,
    owner: i64,
    month: &str,
    category: ExpenseCategory,
    amount_fen: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(budgets::table)
        .values((
            budgets::owner_id.eq(owner),
            budgets::month.eq(month),
            budgets::category.eq(category.as_str()),
            budgets::amount_fen.eq(amount_fen),
            budgets::created_at.eq(now),
            budgets::updated_at.eq(now),
        ))
        .returning(budgets::id)
        .get_result(tx.conn())
}

/// Sets the amount only if the budget is still at `version`; whether it did.
pub fn update_budget_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    amount_fen: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(budgets::table.find(id).filter(budgets::version.eq(version)))
        .set((
            budgets::amount_fen.eq(amount_fen),
            budgets::version.eq(version + 1),
            budgets::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    Ok(n == 1)
}

pub fn list_budgets(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &BudgetListQuery,
    page: &PageQuery,
) -> AppResult<Page<BudgetDto>> {
    let build = || {
        let mut q = budgets::table.into_boxed();
        if let Some(ids) = owners {
            q = q.filter(budgets::owner_id.eq_any(ids.to_vec()));
        }
        if let Some(o) = filter.owner_id {
            q = q.filter(budgets::owner_id.eq(o));
        }
        if let Some(m) = &filter.month {
            q = q.filter(budgets::month.eq(m.clone()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = budgets::id,
        changed = budgets::updated_at,
        order = (
            budgets::month.desc(),
            budgets::owner_id.asc(),
            budgets::id.asc()
        ),
        select = BudgetRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.to_dto()))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = budget_supplements)]
pub struct SupplementRow {
    pub id: i64,
    pub owner_id: i64,
    pub period: String,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub reason: String,
    pub state: SupplementState,
    pub version: i64,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SupplementRow {
    pub fn to_dto(&self) -> SupplementDto {
        SupplementDto {
            id: self.id,
            owner_id: self.owner_id,
            period: self.period.clone(),
            category: self.category,
            amount_fen: self.amount_fen,
            reason: self.reason.clone(),
            state: self.state,
            version: self.version,
            decided_by: self.decided_by,
            decided_at: self.decided_at.map(clock::utc),
            decision_comment: self.decision_comment.clone(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// The columns a supplement's step sets besides its state and version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = budget_supplements)]
pub struct SupplementChangeset {
    pub state: Option<&'static str>,
    pub decided_by: Option<Option<i64>>,
    pub decided_at: Option<Option<NaiveDateTime>>,
    pub decision_comment: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find_supplement(conn: &mut DbConn, id: i64) -> QueryResult<Option<SupplementRow>> {
    budget_supplements::table
        .find(id)
        .select(SupplementRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_supplement(
    tx: &mut Tx<'_>,
    owner: i64,
    period: &str,
    category: ExpenseCategory,
    amount_fen: i64,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(budget_supplements::table)
        .values((
            budget_supplements::owner_id.eq(owner),
            budget_supplements::period.eq(period),
            budget_supplements::category.eq(category.as_str()),
            budget_supplements::amount_fen.eq(amount_fen),
            budget_supplements::reason.eq(reason),
            budget_supplements::state.eq(SupplementState::Draft.as_str()),
            budget_supplements::created_at.eq(now),
            budget_supplements::updated_at.eq(now),
        ))
        .returning(budget_supplements::id)
        .get_result(tx.conn())
}

pub fn update_supplement_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &SupplementChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        budget_supplements::table
            .find(id)
            .filter(budget_supplements::version.eq(version)),
    )
    .set((changes, budget_supplements::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

type BoxedSupplements =
    diesel::dsl::IntoBoxed<'static, budget_supplements::table, crate::db::MultiBackend>;

/// The supplements a list shows: of `owners` (`None`: everyone), not `exclude_owner`'s,
/// filtered.
fn filtered_supplements(
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &SupplementListQuery,
) -> BoxedSupplements {
    let mut q = budget_supplements::table.into_boxed();
    if let Some(ids) = owners {
        q = q.filter(budget_supplements::owner_id.eq_any(ids.to_vec()));
    }
    if let Some(me) = exclude_owner {
        q = q.filter(budget_supplements::owner_id.ne(me));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(budget_supplements::owner_id.eq(o));
    }
    if let Some(s) = filter.state {
        q = q.filter(budget_supplements::state.eq(s.as_str()));
    }
    q
}

/// How many supplements [`list_supplements`] would show and since when the oldest has
/// waited (its last change: a supplement changes only by its steps).
pub fn waiting_supplements(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &SupplementListQuery,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered_supplements(owners, exclude_owner, filter),
        budget_supplements::updated_at.nullable()
    ))
}

pub fn list_supplements(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &SupplementListQuery,
    page: &PageQuery,
) -> AppResult<Page<SupplementDto>> {
    let build = || filtered_supplements(owners, exclude_owner, filter);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = budget_supplements::id,
        changed = budget_supplements::updated_at,
        order = budget_supplements::id.desc(),
        select = SupplementRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.to_dto()))
}
