//! Diesel queries for advances and their repayments.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::advances::{
    AdvanceDto, AdvanceListQuery, AdvanceState, RepaymentDto, balance,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{advance_repayments, advances, users};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = advances)]
pub struct AdvanceRow {
    pub id: i64,
    pub owner_id: i64,
    pub plan_id: i64,
    pub amount_fen: i64,
    pub reason: String,
    pub state: AdvanceState,
    pub version: i64,
    pub manager_approved_by: Option<i64>,
    pub payment_ref: Option<String>,
    pub paid_at: Option<NaiveDateTime>,
    pub paid_fen: i64,
    pub offset_fen: i64,
    pub repaid_fen: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AdvanceRow {
    pub fn balance(&self) -> i64 {
        balance(self.paid_fen, self.offset_fen, self.repaid_fen)
    }

    pub fn to_dto(&self, owner_name: String) -> AdvanceDto {
        AdvanceDto {
            id: self.id,
            owner_id: self.owner_id,
            owner_name,
            plan_id: self.plan_id,
            amount_fen: self.amount_fen,
            reason: self.reason.clone(),
            state: self.state,
            version: self.version,
            payment_ref: self.payment_ref.clone(),
            paid_at: self.paid_at.map(clock::utc),
            offset_fen: self.offset_fen,
            repaid_fen: self.repaid_fen,
            balance_fen: self.balance(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// The columns a step or an edit sets besides the state and the version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = advances)]
pub struct AdvanceChangeset {
    pub state: Option<&'static str>,
    pub plan_id: Option<i64>,
    pub amount_fen: Option<i64>,
    pub reason: Option<String>,
    pub manager_approved_by: Option<Option<i64>>,
    pub payment_ref: Option<Option<String>>,
    pub paid_at: Option<Option<NaiveDateTime>>,
    pub paid_fen: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<AdvanceRow>> {
    advances::table
        .find(id)
        .select(AdvanceRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    tx: &mut Tx<'_>,
    owner: i64,
    plan_id: i64,
    amount_fen: i64,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(advances::table)
        .values((
            advances::owner_id.eq(owner),
            advances::plan_id.eq(plan_id),
            advances::amount_fen.eq(amount_fen),
            advances::reason.eq(reason),
            advances::state.eq(AdvanceState::Draft.as_str()),
            advances::created_at.eq(now),
            advances::updated_at.eq(now),
        ))
        .returning(advances::id)
        .get_result(tx.conn())
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &AdvanceChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        advances::table
            .find(id)
            .filter(advances::version.eq(version)),
    )
    .set((changes, advances::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

/// What the owner's other live advances on a plan ask for (not rejected or cancelled).
pub fn asked_on_plan(conn: &mut DbConn, plan_id: i64, except: Option<i64>) -> QueryResult<i64> {
    let amounts: Vec<i64> = advances::table
        .filter(advances::plan_id.eq(plan_id))
        .filter(advances::id.ne(except.unwrap_or(0)))
        .filter(advances::state.ne_all([
            AdvanceState::Rejected.as_str(),
            AdvanceState::Cancelled.as_str(),
        ]))
        .select(advances::amount_fen)
        .load(conn)?;
    Ok(amounts.iter().fold(0, |a, b| a.saturating_add(*b)))
}

/// Takes up to `wanted` from a paid advance's balance for a paid claim, in the claim's
/// transaction; returns what it took (0 if the advance is not paid or nothing is left). The
/// update is conditional on the balance, so two claims paid at once never take more than is
/// there.
pub fn offset(tx: &mut Tx<'_>, advance_id: i64, wanted: i64, now: NaiveDateTime) -> AppResult<i64> {
    let Some(advance) = find(tx, advance_id)? else {
        return Ok(0);
    };
    let take = advance.balance().min(wanted.max(0));
    if advance.state != AdvanceState::Paid || take == 0 {
        return Ok(0);
    }
    let n = diesel::update(
        advances::table
            .find(advance_id)
            .filter(advances::offset_fen.eq(advance.offset_fen))
            .filter(advances::repaid_fen.eq(advance.repaid_fen)),
    )
    .set((
        advances::offset_fen.eq(advance.offset_fen + take),
        advances::version.eq(advance.version + 1),
        advances::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if n == 1 {
        Ok(take)
    } else {
        Err(crate::error::AppError::stale("advance"))
    }
}

/// Adds a repayment if the balance covers it; whether it did.
pub fn repay(
    tx: &mut Tx<'_>,
    advance: &AdvanceRow,
    amount_fen: i64,
    note: Option<&str>,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        advances::table
            .find(advance.id)
            .filter(advances::offset_fen.eq(advance.offset_fen))
            .filter(advances::repaid_fen.eq(advance.repaid_fen)),
    )
    .set((
        advances::repaid_fen.eq(advance.repaid_fen + amount_fen),
        advances::version.eq(advance.version + 1),
        advances::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    if n != 1 {
        return Ok(false);
    }
    diesel::insert_into(advance_repayments::table)
        .values((
            advance_repayments::advance_id.eq(advance.id),
            advance_repayments::amount_fen.eq(amount_fen),
            advance_repayments::note.eq(note),
            advance_repayments::recorded_by.eq(by),
            advance_repayments::created_at.eq(now),
        ))
        .execute(tx.conn())?;
    Ok(true)
}

pub fn repayments(conn: &mut DbConn, advance_id: i64) -> QueryResult<Vec<RepaymentDto>> {
    let rows: Vec<(i64, i64, i64, Option<String>, i64, NaiveDateTime)> = advance_repayments::table
        .filter(advance_repayments::advance_id.eq(advance_id))
        .order(advance_repayments::id.asc())
        .select((
            advance_repayments::id,
            advance_repayments::advance_id,
            advance_repayments::amount_fen,
            advance_repayments::note,
            advance_repayments::recorded_by,
            advance_repayments::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, advance_id, amount_fen, note, recorded_by, at)| RepaymentDto {
                id,
                advance_id,
                amount_fen,
                note,
                recorded_by,
                created_at: clock::utc(at),
            },
        )
        .collect())
}

pub fn owner_name(conn: &mut DbConn, owner: i64) -> QueryResult<String> {
    users::table
        .find(owner)
        .select(users::display_name)
        .first(conn)
}

type Boxed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<advances::table, users::table>,
    crate::db::MultiBackend,
>;

/// The advances a list shows: of `owners` (`None`: everyone), in `states`, not
/// `exclude_owner`'s, filtered.
fn filtered(
    owners: Option<&[i64]>,
    filter: &AdvanceListQuery,
    states: Option<&[AdvanceState]>,
    exclude_owner: Option<i64>,
) -> Boxed {
    let mut q = advances::table.inner_join(users::table).into_boxed();
    if let Some(ids) = owners {
        q = q.filter(advances::owner_id.eq_any(ids.to_vec()));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(advances::owner_id.eq(o));
    }
    if let Some(s) = filter.state {
        q = q.filter(advances::state.eq(s.as_str()));
    }
    if let Some(states) = states {
        q = q.filter(advances::state.eq_any(states.iter().map(|s| s.as_str()).collect::<Vec<_>>()));
    }
    if let Some(me) = exclude_owner {
        q = q.filter(advances::owner_id.ne(me));
    }
    q
}

/// How many advances [`list`] would show and since when the oldest has waited: an advance
/// changes only by its steps, so its last change is when it reached its state.
pub fn waiting(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &AdvanceListQuery,
    states: Option<&[AdvanceState]>,
    exclude_owner: Option<i64>,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered(owners, filter, states, exclude_owner),
        advances::updated_at.nullable()
    ))
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &AdvanceListQuery,
    states: Option<&[AdvanceState]>,
    exclude_owner: Option<i64>,
    page: &PageQuery,
) -> AppResult<Page<AdvanceDto>> {
    let build = || filtered(owners, filter, states, exclude_owner);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = advances::id,
        changed = advances::updated_at,
        order = advances::id.desc(),
        select = (AdvanceRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (AdvanceRow, String)| Ok(r.to_dto(name)))
}
