//! Diesel queries for what admin sets up: pay grades, the pay settings row, commission rules.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::pay::{CommissionRuleDto, PayGradeDto, PaySettingsDto, ten_thousandths};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{commission_rules, pay_grades, pay_settings, users};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

/// The pay settings' one row.
pub const SETTINGS_ID: i64 = 1;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pay_grades)]
pub struct GradeRow {
    pub id: i64,
    pub user_id: i64,
    pub base_fen: i64,
    pub performance_fen: i64,
    pub effective_from: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

impl GradeRow {
    pub fn to_dto(&self, user_name: String) -> PayGradeDto {
        PayGradeDto {
            id: self.id,
            user_id: self.user_id,
            user_name,
            base_fen: self.base_fen,
            performance_fen: self.performance_fen,
            effective_from: self.effective_from.clone(),
            created_by: self.created_by,
            created_at: clock::utc(self.created_at),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = pay_grades)]
pub struct NewGrade<'a> {
    pub user_id: i64,
    pub base_fen: i64,
    pub performance_fen: i64,
    pub effective_from: &'a str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn find_grade(conn: &mut DbConn, id: i64) -> QueryResult<Option<(GradeRow, String)>> {
    pay_grades::table
        .inner_join(users::table)
        .filter(pay_grades::id.eq(id))
        .select((GradeRow::as_select(), users::display_name))
        .first(conn)
        .optional()
}

pub fn grade_taken(conn: &mut DbConn, user_id: i64, from: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        pay_grades::table
            .filter(pay_grades::user_id.eq(user_id))
            .filter(pay_grades::effective_from.eq(from)),
    ))
    .get_result(conn)
}

pub fn insert_grade(tx: &mut Tx<'_>, new: &NewGrade<'_>) -> QueryResult<i64> {
    diesel::insert_into(pay_grades::table)
        .values(new)
        .returning(pay_grades::id)
        .get_result(tx.conn())
}

/// Grades, one person's when asked; by person, then the latest month first.
pub fn list_grades(
    conn: &mut DbConn,
    user_id: Option<i64>,
    page: &PageQuery,
) -> AppResult<Page<PayGradeDto>> {
    let build = || {
        let mut q = pay_grades::table.inner_join(users::table).into_boxed();
        if let Some(u) = user_id {
            q = q.filter(pay_grades::user_id.eq(u));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = pay_grades::id,
        changed = pay_grades::created_at,
        order = (
            pay_grades::user_id.asc(),
            pay_grades::effective_from.desc(),
            pay_grades::id.desc()
        ),
        select = (GradeRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (GradeRow, String)| {
        Ok::<_, AppError>(r.to_dto(name))
    })
}

/// Every grade from `month` or before (the one in force for each person is picked from
/// them), or of `users` only.
pub fn grades_up_to(
    conn: &mut DbConn,
    month: &str,
    users_in: Option<&[i64]>,
) -> QueryResult<Vec<GradeRow>> {
    let mut q = pay_grades::table
        .filter(pay_grades::effective_from.le(month.to_owned()))
        .into_boxed();
    if let Some(ids) = users_in {
        q = q.filter(pay_grades::user_id.eq_any(ids.to_vec()));
    }
    q.select(GradeRow::as_select()).load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = commission_rules)]
pub struct RuleRow {
    pub id: i64,
    pub effective_from: String,
    pub within_target_permille: i64,
    pub above_target_permille: i64,
    pub settle_by_collection: bool,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

impl RuleRow {
    pub fn to_dto(&self) -> CommissionRuleDto {
        CommissionRuleDto {
            id: self.id,
            effective_from: self.effective_from.clone(),
            within_target_permille: self.within_target_permille,
            above_target_permille: self.above_target_permille,
            settle_by_collection: self.settle_by_collection,
            created_by: self.created_by,
            created_at: clock::utc(self.created_at),
        }
    }

    pub fn rule(&self) -> salesops_domain::scoring::CommissionRule {
        salesops_domain::scoring::CommissionRule {
            within_target_permille: self.within_target_permille,
            above_target_permille: self.above_target_permille,
            settle_by_collection: self.settle_by_collection,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = commission_rules)]
pub struct NewRule<'a> {
    pub effective_from: &'a str,
    pub within_target_permille: i64,
    pub above_target_permille: i64,
    pub settle_by_collection: bool,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn find_rule(conn: &mut DbConn, id: i64) -> QueryResult<Option<RuleRow>> {
    commission_rules::table
        .find(id)
        .select(RuleRow::as_select())
        .first(conn)
        .optional()
}

pub fn rule_taken(conn: &mut DbConn, from: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        commission_rules::table.filter(commission_rules::effective_from.eq(from)),
    ))
    .get_result(conn)
}

pub fn insert_rule(tx: &mut Tx<'_>, new: &NewRule<'_>) -> QueryResult<i64> {
    diesel::insert_into(commission_rules::table)
        .values(new)
        .returning(commission_rules::id)
        .get_result(tx.conn())
}

/// The rules, the latest month first.
pub fn list_rules(conn: &mut DbConn, page: &PageQuery) -> AppResult<Page<CommissionRuleDto>> {
    let build = || commission_rules::table.into_boxed();
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = commission_rules::id,
        changed = commission_rules::created_at,
        order = (
            commission_rules::effective_from.desc(),
            commission_rules::id.desc()
        ),
        select = RuleRow::as_select(),
    );
    fetched.into_page(page, |r: RuleRow| Ok::<_, AppError>(r.to_dto()))
}

/// The rule in force in `month`: the latest `effective_from` not after it.
pub fn rule_in_force(conn: &mut DbConn, month: &str) -> QueryResult<Option<RuleRow>> {
    commission_rules::table
        .filter(commission_rules::effective_from.le(month.to_owned()))
        .order((
            commission_rules::effective_from.desc(),
            commission_rules::id.desc(),
        ))
        .select(RuleRow::as_select())
        .first(conn)
        .optional()
}

/// The settings as the API shows them (no cap until admin sets one).
pub fn settings(conn: &mut DbConn) -> QueryResult<PaySettingsDto> {
    let row: Option<(Option<i64>, Option<i64>, NaiveDateTime)> = pay_settings::table
        .find(SETTINGS_ID)
        .select((
            pay_settings::coefficient_cap,
            pay_settings::updated_by,
            pay_settings::updated_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((cap, by, at)) => PaySettingsDto {
            coefficient_cap: cap.map(ten_thousandths),
            updated_by: by,
            updated_at: Some(clock::utc(at)),
        },
        None => PaySettingsDto {
            coefficient_cap: None,
            updated_by: None,
            updated_at: None,
        },
    })
}

/// The coefficient cap in ten-thousandths, if one is set.
pub fn cap(conn: &mut DbConn) -> QueryResult<Option<i64>> {
    Ok(pay_settings::table
        .find(SETTINGS_ID)
        .select(pay_settings::coefficient_cap)
        .first::<Option<i64>>(conn)
        .optional()?
        .flatten())
}

/// Writes the settings row, creating it the first time.
pub fn save_settings(
    tx: &mut Tx<'_>,
    cap: Option<i64>,
    by: i64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(pay_settings::table.find(SETTINGS_ID))
        .set((
            pay_settings::coefficient_cap.eq(cap),
            pay_settings::updated_by.eq(Some(by)),
            pay_settings::updated_at.eq(at),
        ))
        .execute(tx.conn())?;
    if updated == 0 {
        diesel::insert_into(pay_settings::table)
            .values((
                pay_settings::id.eq(SETTINGS_ID),
                pay_settings::coefficient_cap.eq(cap),
                pay_settings::updated_by.eq(Some(by)),
                pay_settings::updated_at.eq(at),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

pub fn user_exists(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.find(user_id))).get_result(conn)
}
