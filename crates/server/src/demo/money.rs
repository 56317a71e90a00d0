//! Demo money (`SALESOPS_DEMO=1`, issue 11): the expense standards of the six categories,
//! monthly budgets, supplements in each state, advances paid, partly offset and repaid, and
//! (in `claims`) claims in every state. Written through the services, like the plans, so
//! every rule, history entry and audit event applies.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use salesops_domain::advances::{AdvanceRequest, RepaymentRequest};
use salesops_domain::budgets::{CreateBudgetRequest, CreateSupplementRequest, DecideRequest};
use salesops_domain::expenses::{
    CreateExpenseStandardRequest, PayRequest, RejectRequest, StandardRole, StandardUnit,
    VersionRequest,
};
use salesops_domain::period::{IsoWeek, Month};
use salesops_domain::plans::ExpenseCategory;

use super::plans::ctx;
use crate::access::Ctx;
use crate::config::Settings;
use crate::db::schema::{expense_standards, users};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::{advances, budgets, expenses};

/// Who the demo's money moves between.
pub(super) struct People {
    pub admin: Ctx,
    pub finance: Ctx,
    /// Each salesperson with their manager, in the demo's order.
    pub sales: Vec<(Ctx, Ctx)>,
}

/// Seeds the money unless there are standards already. Needs the demo plans.
pub fn seed(conn: &mut DbConn, settings: &Arc<Settings>) -> AppResult<bool> {
    let count: i64 = expense_standards::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(false);
    }
    crate::db::write(conn, |tx| {
        let people = people(tx, settings)?;
        let today = Utc::now().with_timezone(&settings.timezone).date_naive();
        standards(tx, &people.admin, today)?;
        monthly_budgets(tx, &people, today)?;
        supplements(tx, &people, today)?;
        super::claims::seed(tx, &people, today)?;
        advances_paid(tx, &people)?;
        Ok(())
    })?;
    Ok(true)
}

fn user_id(conn: &mut Tx<'_>, username: &str) -> AppResult<Option<i64>> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(users::id)
        .first(conn.conn())
        .optional()?)
}

pub(super) fn people(conn: &mut Tx<'_>, settings: &Arc<Settings>) -> AppResult<People> {
    let admin = user_id(conn, "admin")?.ok_or(crate::error::AppError::NotFound("admin"))?;
    let finance = user_id(conn, "sun.li")?.ok_or(crate::error::AppError::NotFound("sun.li"))?;
    let mut sales = Vec::new();
    for (i, (username, _)) in super::SALESPEOPLE.iter().enumerate() {
        let manager = super::MANAGERS[(i / 4).min(1)].0;
        if let (Some(sp), Some(boss)) = (user_id(conn, username)?, user_id(conn, manager)?) {
            sales.push((ctx(conn, sp, settings)?, ctx(conn, boss, settings)?));
        }
    }
    Ok(People {
        admin: ctx(conn, admin, settings)?,
        finance: ctx(conn, finance, settings)?,
        sales,
    })
}

/// A standard: category, amount, unit, city tier, role.
type StandardRow = (
    ExpenseCategory,
    i64,
    StandardUnit,
    Option<i32>,
    Option<StandardRole>,
);

/// SPEC §8's categories, with a tier-1 city and a manager's entertainment above the base.
fn standards(conn: &mut Tx<'_>, admin: &Ctx, today: NaiveDate) -> AppResult<()> {
    use ExpenseCategory::*;
    use StandardUnit::*;
    let from = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    let rows: [StandardRow; 9] = [
        (Travel, 150_000, PerItem, None, None),
        (PerDiem, 10_000, PerDay, None, None),
        (PerDiem, 15_000, PerDay, Some(1), None),
        (PerDiem, 12_000, PerDay, Some(2), None),
        (Entertainment, 30_000, PerItem, None, None),
        (
            Entertainment,
            60_000,
            PerItem,
            None,
            Some(StandardRole::Manager),
        ),
        (Communication, 20_000, PerMonth, None, None),
        (BusinessDevelopment, 100_000, PerItem, None, None),
        (Other, 30_000, PerItem, None, None),
    ];
    for (category, amount_fen, unit, city_tier, role) in rows {
        expenses::standards::create(
            conn,
            admin,
            &CreateExpenseStandardRequest {
                category,
                amount_fen,
                unit,
                city_tier,
                role,
                effective_from: from,
            },
        )?;
    }
    Ok(())
}

/// Phone bills and sundries have no weekly estimate: a monthly budget per person for this
/// month and the two before.
fn monthly_budgets(conn: &mut Tx<'_>, people: &People, today: NaiveDate) -> AppResult<()> {
    for (sp, boss) in &people.sales {
        let mut month = Month::of(today);
        for _ in 0..3 {
            // The first day of a month, less one day, is in the month before.
            let earlier = Month::of(month.first_day() - Duration::days(1));
            for (category, amount_fen) in [
                (ExpenseCategory::Communication, 20_000),
                (ExpenseCategory::Other, 30_000),
            ] {
                budgets::service::create(
                    conn,
                    boss,
                    &CreateBudgetRequest {
                        owner_id: sp.user_id,
                        month: month.to_string(),
                        category,
                        amount_fen,
                    },
                )?;
            }
            month = earlier;
        }
    }
    Ok(())
}

/// Supplements: one approved (it lets the second salesperson's entertainment two weeks ago
/// through), one waiting for the manager, one rejected.
fn supplements(conn: &mut Tx<'_>, people: &People, today: NaiveDate) -> AppResult<()> {
    let week = IsoWeek::of(today - Duration::weeks(2)).to_string();
    let month = Month::of(today).to_string();
    let cases = [
        (
            1,
            week,
            ExpenseCategory::Entertainment,
            40_000,
            "宴请重点客户，超出周预算",
            Some(true),
        ),
        (
            5,
            month.clone(),
            ExpenseCategory::Other,
            20_000,
            "参加行业展会，需布展物料",
            None,
        ),
        (
            6,
            month,
            ExpenseCategory::Other,
            50_000,
            "购买样品",
            Some(false),
        ),
    ];
    for (n, period, category, amount_fen, reason, decision) in cases {
        let Some((sp, boss)) = people.sales.get(n) else {
            continue;
        };
        let s = budgets::supplements::create(
            conn,
            sp,
            &CreateSupplementRequest {
                period,
                category,
                amount_fen,
                reason: reason.to_owned(),
            },
        )?;
        let s =
            budgets::supplements::submit(conn, sp, s.id, &VersionRequest { version: s.version })?;
        match decision {
            Some(true) => {
                budgets::supplements::approve(
                    conn,
                    boss,
                    s.id,
                    &DecideRequest {
                        version: s.version,
                        comment: Some("同意，注意控制".to_owned()),
                    },
                )?;
            }
            Some(false) => {
                budgets::supplements::reject(
                    conn,
                    boss,
                    s.id,
                    &RejectRequest {
                        version: s.version,
                        reason: "样品走市场部预算".to_owned(),
                    },
                )?;
            }
            None => {}
        }
    }
    Ok(())
}

/// An advance through both approvals and paid, for `plan_id` of `n`'s.
pub(super) fn paid_advance(
    conn: &mut Tx<'_>,
    people: &People,
    n: usize,
    plan_id: i64,
    amount_fen: i64,
) -> AppResult<Option<i64>> {
    let Some((sp, boss)) = people.sales.get(n) else {
        return Ok(None);
    };
    let a = advances::service::create(
        conn,
        sp,
        &AdvanceRequest {
            plan_id,
            amount_fen,
            reason: "外地出差借支差旅费".to_owned(),
            version: None,
        },
    )?;
    let a = advances::service::submit(conn, sp, a.id, &VersionRequest { version: a.version })?;
    let decide = |version| DecideRequest {
        version,
        comment: None,
    };
    let a = advances::service::approve(conn, boss, a.id, &decide(a.version))?;
    let a = advances::service::approve(conn, &people.finance, a.id, &decide(a.version))?;
    advances::service::pay(
        conn,
        &people.finance,
        a.id,
        &PayRequest {
            version: a.version,
            payment_ref: format!("DEMO-ADV-{:04}", a.id),
        },
    )?;
    Ok(Some(a.id))
}

/// The advances not tied to a claim: one paid and partly repaid, one waiting for the
/// manager. (The one a claim offsets is seeded with the claims.)
fn advances_paid(conn: &mut Tx<'_>, people: &People) -> AppResult<()> {
    let plans = super::claims::approved_plans(conn, people, 3)?;
    if let Some(plan) = plans.first()
        && let Some(id) = paid_advance(conn, people, 3, plan.id, 30_000)?
    {
        advances::service::repay(
            conn,
            &people.finance,
            id,
            &RepaymentRequest {
                amount_fen: 10_000,
                note: Some("出差取消，退回部分现金".to_owned()),
            },
        )?;
    }
    let plans = super::claims::approved_plans(conn, people, 4)?;
    if let (Some(plan), Some((sp, _))) = (plans.first(), people.sales.get(4)) {
        let a = advances::service::create(
            conn,
            sp,
            &AdvanceRequest {
                plan_id: plan.id,
                amount_fen: 20_000,
                reason: "下周去苏州拜访客户".to_owned(),
                version: None,
            },
        )?;
        advances::service::submit(conn, sp, a.id, &VersionRequest { version: a.version })?;
    }
    Ok(())
}
