//! Diesel queries for incentives and deductions (pay items) and branch profits.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::pay::{BranchProfitDto, PayItemDto, PayItemKind};
use salesops_domain::scoring::profit_share;
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{branch_profits, pay_items, teams, user_roles, users};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pay_items)]
pub struct ItemRow {
    pub id: i64,
    pub user_id: i64,
    pub month: String,
    pub kind: PayItemKind,
    pub amount_fen: i64,
    pub note: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

impl ItemRow {
    pub fn to_dto(&self, user_name: String) -> PayItemDto {
        PayItemDto {
            id: self.id,
            user_id: self.user_id,
            user_name,
            month: self.month.clone(),
            kind: self.kind,
            amount_fen: self.amount_fen,
            note: self.note.clone(),
            created_by: self.created_by,
            created_at: clock::utc(self.created_at),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = pay_items)]
pub struct NewItem<'a> {
    pub user_id: i64,
    pub month: &'a str,
    pub kind: &'static str,
    pub amount_fen: i64,
    pub note: &'a str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn find_item(conn: &mut DbConn, id: i64) -> QueryResult<Option<(ItemRow, String)>> {
    pay_items::table
        .inner_join(users::table)
        .filter(pay_items::id.eq(id))
        .select((ItemRow::as_select(), users::display_name))
        .first(conn)
        .optional()
}

pub fn insert_item(tx: &mut Tx<'_>, new: &NewItem<'_>) -> QueryResult<i64> {
    diesel::insert_into(pay_items::table)
        .values(new)
        .returning(pay_items::id)
        .get_result(tx.conn())
}

pub fn delete_item(tx: &mut Tx<'_>, id: i64) -> QueryResult<usize> {
    diesel::delete(pay_items::table.find(id)).execute(tx.conn())
}

/// Pay items, optionally one person's and one month's; the latest month first.
pub fn list_items(
    conn: &mut DbConn,
    user_id: Option<i64>,
    month: Option<&str>,
    page: &PageQuery,
) -> AppResult<Page<PayItemDto>> {
    let build = || {
        let mut q = pay_items::table.inner_join(users::table).into_boxed();
        if let Some(u) = user_id {
            q = q.filter(pay_items::user_id.eq(u));
        }
        if let Some(m) = month {
            q = q.filter(pay_items::month.eq(m.to_owned()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = pay_items::id,
        changed = pay_items::created_at,
        order = (pay_items::month.desc(), pay_items::id.desc()),
        select = (ItemRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (ItemRow, String)| {
        Ok::<_, AppError>(r.to_dto(name))
    })
}

/// Every pay item of `month`.
pub fn items_of(conn: &mut DbConn, month: &str) -> QueryResult<Vec<ItemRow>> {
    pay_items::table
        .filter(pay_items::month.eq(month.to_owned()))
        .select(ItemRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = branch_profits)]
pub struct ProfitRow {
    pub id: i64,
    pub team_id: i64,
    pub month: String,
    pub profit_fen: i64,
    pub manager_permille: i64,
    pub finance_lead_id: Option<i64>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

impl ProfitRow {
    /// (the manager's share, the finance lead's share): the pool's rest goes to the finance
    /// lead only when there is one.
    pub fn shares(&self) -> AppResult<(i64, i64)> {
        let (manager, lead) = profit_share(self.profit_fen, self.manager_permille)
            .ok_or_else(|| AppError::Internal("profit share out of range".to_owned()))?;
        Ok(match self.finance_lead_id {
            Some(_) => (manager, lead),
            None => (manager, 0),
        })
    }

    pub fn to_dto(&self, team_name: String, manager_id: Option<i64>) -> AppResult<BranchProfitDto> {
        let (manager_share_fen, finance_lead_share_fen) = self.shares()?;
        Ok(BranchProfitDto {
            id: self.id,
            team_id: self.team_id,
            team_name,
            manager_id,
            month: self.month.clone(),
            profit_fen: self.profit_fen,
            manager_permille: self.manager_permille,
            finance_lead_id: self.finance_lead_id,
            manager_share_fen,
            finance_lead_share_fen,
            created_by: self.created_by,
            created_at: clock::utc(self.created_at),
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = branch_profits)]
pub struct NewProfit<'a> {
    pub team_id: i64,
    pub month: &'a str,
    pub profit_fen: i64,
    pub manager_permille: i64,
    pub finance_lead_id: Option<i64>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

type ProfitJoined = (ProfitRow, String, Option<i64>);

pub fn find_profit(conn: &mut DbConn, id: i64) -> QueryResult<Option<ProfitJoined>> {
    branch_profits::table
        .inner_join(teams::table)
        .filter(branch_profits::id.eq(id))
        .select((ProfitRow::as_select(), teams::name, teams::manager_id))
        .first(conn)
        .optional()
}

pub fn profit_taken(conn: &mut DbConn, team_id: i64, month: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        branch_profits::table
            .filter(branch_profits::team_id.eq(team_id))
            .filter(branch_profits::month.eq(month)),
    ))
    .get_result(conn)
}

pub fn insert_profit(tx: &mut Tx<'_>, new: &NewProfit<'_>) -> QueryResult<i64> {
    diesel::insert_into(branch_profits::table)
        .values(new)
        .returning(branch_profits::id)
        .get_result(tx.conn())
}

pub fn delete_profit(tx: &mut Tx<'_>, id: i64) -> QueryResult<usize> {
    diesel::delete(branch_profits::table.find(id)).execute(tx.conn())
}

pub fn list_profits(
    conn: &mut DbConn,
    team_id: Option<i64>,
    month: Option<&str>,
    page: &PageQuery,
) -> AppResult<Page<BranchProfitDto>> {
    let build = || {
        let mut q = branch_profits::table.inner_join(teams::table).into_boxed();
        if let Some(t) = team_id {
            q = q.filter(branch_profits::team_id.eq(t));
        }
        if let Some(m) = month {
            q = q.filter(branch_profits::month.eq(m.to_owned()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = branch_profits::id,
        changed = branch_profits::created_at,
        order = (branch_profits::month.desc(), branch_profits::id.desc()),
        select = (ProfitRow::as_select(), teams::name, teams::manager_id),
    );
    fetched.into_page(page, |(r, name, manager): ProfitJoined| {
        r.to_dto(name, manager)
    })
}

/// The branch profits of `month` with their team's manager.
pub fn profits_of(conn: &mut DbConn, month: &str) -> QueryResult<Vec<(ProfitRow, Option<i64>)>> {
    branch_profits::table
        .inner_join(teams::table)
        .filter(branch_profits::month.eq(month.to_owned()))
        .select((ProfitRow::as_select(), teams::manager_id))
        .load(conn)
}

pub fn team_exists(conn: &mut DbConn, team_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(teams::table.find(team_id))).get_result(conn)
}

/// Whether `user_id` holds the finance role.
pub fn is_finance(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        user_roles::table
            .filter(user_roles::user_id.eq(user_id))
            .filter(user_roles::role.eq(salesops_domain::Role::Finance.as_str())),
    ))
    .get_result(conn)
}
