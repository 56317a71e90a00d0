//! Expense standards (费用标准): set by admin, read by everyone who claims or approves; the
//! claim rules read the standards in force on each line's date.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::expenses::{
    CreateExpenseStandardRequest, ExpenseStandardDto, Standard, StandardListQuery, StandardRole,
    StandardUnit, UpdateExpenseStandardRequest,
};
use salesops_domain::plans::ExpenseCategory;
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::clock;
use crate::db::schema::expense_standards as s;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// Standards are a short table kept by hand; reading more than this at once means a mistake.
const MAX_STANDARDS: i64 = 5_000;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct StandardRow {
    pub id: i64,
    pub category: ExpenseCategory,
    pub amount_fen: i64,
    pub unit: StandardUnit,
    pub city_tier: Option<i32>,
    pub role: Option<StandardRole>,
    pub effective_from: NaiveDate,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl StandardRow {
    pub fn rule(&self) -> Standard {
        Standard {
            id: self.id,
            category: self.category,
            amount_fen: self.amount_fen,
            unit: self.unit,
            city_tier: self.city_tier,
            role: self.role,
            effective_from: self.effective_from,
        }
    }

    fn to_dto(&self) -> ExpenseStandardDto {
        ExpenseStandardDto {
            id: self.id,
            category: self.category,
            amount_fen: self.amount_fen,
            unit: self.unit,
            city_tier: self.city_tier,
            role: self.role,
            effective_from: self.effective_from,
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// Every standard that takes effect on or before `until` (for the claim rules).
pub fn in_force(conn: &mut DbConn, until: NaiveDate) -> AppResult<Vec<Standard>> {
    let rows: Vec<StandardRow> = s::table
        .filter(s::effective_from.le(until.to_string()))
        .order(s::id.asc())
        .limit(MAX_STANDARDS)
        .select(StandardRow::as_select())
        .load(conn)?;
    Ok(rows.iter().map(StandardRow::rule).collect())
}

fn find(conn: &mut DbConn, id: i64) -> AppResult<ExpenseStandardDto> {
    s::table
        .find(id)
        .select(StandardRow::as_select())
        .first(conn)
        .optional()?
        .map(|r| r.to_dto())
        .ok_or(AppError::NotFound("expense standard"))
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ExpenseStandardDto> {
    ctx.require(Capability::StandardsRead)?;
    find(conn, id)
}

/// The standards, by category, tier, role and date; with `in_force_on`, only those in force
/// that day (of each category, tier and role, the latest to take effect).
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &StandardListQuery,
    page: &PageQuery,
) -> AppResult<Page<ExpenseStandardDto>> {
    ctx.require(Capability::StandardsRead)?;
    let mut q = s::table.into_boxed();
    if let Some(c) = filter.category {
        q = q.filter(s::category.eq(c.as_str()));
    }
    if let Some(day) = filter.in_force_on {
        q = q.filter(s::effective_from.le(day.to_string()));
    }
    let mut rows: Vec<StandardRow> = q
        .order((s::category.asc(), s::effective_from.desc(), s::id.asc()))
        .limit(MAX_STANDARDS)
        .select(StandardRow::as_select())
        .load(conn)?;
    if filter.in_force_on.is_some() {
        // Rows come latest first within a category: keep the first of each tier and role.
        let mut seen = std::collections::BTreeSet::new();
        rows.retain(|r| seen.insert((r.category, r.city_tier, r.role)));
    }
    let total = rows.len() as i64;
    let items = rows
        .iter()
        .skip(usize::try_from(page.offset()).unwrap_or(0))
        .take(usize::try_from(page.limit()).unwrap_or(0))
        .map(StandardRow::to_dto)
        .collect();
    Ok(Page::new(items, total, page))
}

fn ensure_unique(
    conn: &mut DbConn,
    category: ExpenseCategory,
    tier: Option<i32>,
    role: Option<StandardRole>,
    from: NaiveDate,
    except: i64,
) -> AppResult<()> {
    let same: Vec<StandardRow> = s::table
        .filter(s::category.eq(category.as_str()))
        .filter(s::effective_from.eq(from.to_string()))
        .filter(s::id.ne(except))
        .select(StandardRow::as_select())
        .load(conn)?;
    if same.iter().any(|r| r.city_tier == tier && r.role == role) {
        return Err(AppError::conflict(
            "duplicate",
            format!("a {category} standard for this tier and role takes effect on {from} already"),
        ));
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &CreateExpenseStandardRequest,
) -> AppResult<ExpenseStandardDto> {
    ctx.require(Capability::StandardsManage)?;
    db::write(conn, |tx| {
        ensure_unique(
            tx,
            req.category,
            req.city_tier,
            req.role,
            req.effective_from,
            0,
        )?;
        audit::created(
            tx,
            &ctx.actor(),
            "expense_standard.create",
            "expense_standard",
            |tx| {
                Ok(diesel::insert_into(s::table)
                    .values((
                        s::category.eq(req.category.as_str()),
                        s::amount_fen.eq(req.amount_fen),
                        s::unit.eq(req.unit.as_str()),
                        s::city_tier.eq(req.city_tier),
                        s::role.eq(req.role.map(|r| r.as_str())),
                        s::effective_from.eq(req.effective_from.to_string()),
                        s::created_at.eq(ctx.now),
                        s::updated_at.eq(ctx.now),
                    ))
                    .returning(s::id)
                    .get_result(tx.conn())?)
            },
            find,
        )
    })
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateExpenseStandardRequest,
) -> AppResult<ExpenseStandardDto> {
    ctx.require(Capability::StandardsManage)?;
    db::write(conn, |tx| {
        audit::changed(
            tx,
            &ctx.actor(),
            "expense_standard.update",
            "expense_standard",
            id,
            find,
            |tx, before| {
                let from = req.effective_from.unwrap_or(before.effective_from);
                ensure_unique(tx, before.category, before.city_tier, before.role, from, id)?;
                diesel::update(s::table.find(id))
                    .set((
                        s::amount_fen.eq(req.amount_fen.unwrap_or(before.amount_fen)),
                        s::unit.eq(req.unit.unwrap_or(before.unit).as_str()),
                        s::effective_from.eq(from.to_string()),
                        s::updated_at.eq(ctx.now),
                    ))
                    .execute(tx.conn())?;
                Ok(())
            },
        )
    })
}
