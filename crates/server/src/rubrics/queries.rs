//! Diesel queries for rubrics.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::scoring::rubric::{self, RubricDto, RubricItem, RubricRole, SHIPPED_FROM};

use crate::clock;
use crate::db::schema::rubrics;
use crate::db::types::{Json, json_text};
use crate::db::{self, DbConn, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rubrics)]
pub struct RubricRow {
    pub id: i64,
    pub role: RubricRole,
    pub version: i64,
    pub effective_from: String,
    pub items_json: Json<Vec<RubricItem>>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl RubricRow {
    pub fn to_dto(&self) -> RubricDto {
        RubricDto {
            id: self.id,
            role: self.role,
            version: self.version,
            effective_from: self.effective_from.clone(),
            items: self.items_json.0.clone(),
            created_by: self.created_by,
            created_at: clock::utc(self.created_at),
        }
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<RubricRow>> {
    rubrics::table
        .find(id)
        .select(RubricRow::as_select())
        .first(conn)
        .optional()
}

/// Every version of a role (or of both), newest first; a handful per role, never paged.
pub fn list(conn: &mut DbConn, role: Option<RubricRole>) -> QueryResult<Vec<RubricRow>> {
    let mut q = rubrics::table.into_boxed();
    if let Some(role) = role {
        q = q.filter(rubrics::role.eq(role.as_str()));
    }
    q.select(RubricRow::as_select())
        .order((rubrics::role.asc(), rubrics::version.desc()))
        .limit(500)
        .load(conn)
}

pub fn next_version(tx: &mut Tx<'_>, role: RubricRole) -> QueryResult<i64> {
    let max: Option<i64> = rubrics::table
        .filter(rubrics::role.eq(role.as_str()))
        .select(diesel::dsl::max(rubrics::version))
        .first(tx.conn())?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn insert(
    tx: &mut Tx<'_>,
    role: RubricRole,
    version: i64,
    effective_from: &str,
    items: &[RubricItem],
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<i64> {
    Ok(diesel::insert_into(rubrics::table)
        .values((
            rubrics::role.eq(role.as_str()),
            rubrics::version.eq(version),
            rubrics::effective_from.eq(effective_from),
            rubrics::items_json.eq(json_text(&items)?),
            rubrics::created_by.eq(created_by),
            rubrics::created_at.eq(now),
        ))
        .returning(rubrics::id)
        .get_result(tx.conn())?)
}

/// The rubric in force for `month`: the highest version whose `effective_from` is not after it.
pub fn in_force(conn: &mut DbConn, role: RubricRole, month: Month) -> AppResult<RubricRow> {
    let versions: Vec<(i64, String)> = rubrics::table
        .filter(rubrics::role.eq(role.as_str()))
        .select((rubrics::version, rubrics::effective_from))
        .load(conn)?;
    let parsed: Vec<(i64, Month)> = versions
        .iter()
        .filter_map(|(v, from)| from.parse().ok().map(|m| (*v, m)))
        .collect();
    let version = rubric::in_force(month, &parsed).ok_or_else(|| {
        AppError::validation(
            "month",
            "no_rubric",
            &format!("no {role} rubric is in force for {month}"),
        )
    })?;
    rubrics::table
        .filter(rubrics::role.eq(role.as_str()))
        .filter(rubrics::version.eq(version))
        .select(RubricRow::as_select())
        .first(conn)
        .map_err(AppError::from)
}

/// Writes version 1 of each role (seed 002) when the role has no rubric yet: at start-up, on
/// every instance (the unique (role, version) index keeps it once when two race).
pub fn ensure_shipped(conn: &mut DbConn) -> AppResult<()> {
    for role in RubricRole::ALL {
        let exists: bool = diesel::select(diesel::dsl::exists(
            rubrics::table.filter(rubrics::role.eq(role.as_str())),
        ))
        .get_result(conn)?;
        if !exists {
            db::write(conn, |tx| {
                insert(
                    tx,
                    *role,
                    1,
                    SHIPPED_FROM,
                    &rubric::shipped(*role),
                    None,
                    clock::now(),
                )
                .map(|_| ())
            })?;
        }
    }
    Ok(())
}
