//! Diesel queries for spot-checks.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::spot_checks::{SpotCheckDto, SpotCheckResult};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{spot_checks, visits};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Queryable, Selectable)]
#[diesel(table_name = spot_checks)]
pub struct SpotCheckRow {
    id: i64,
    visit_id: i64,
    checker_id: i64,
    result: SpotCheckResult,
    note: Option<String>,
    created_at: NaiveDateTime,
}

impl SpotCheckRow {
    pub fn into_dto(self) -> SpotCheckDto {
        SpotCheckDto {
            id: self.id,
            visit_id: self.visit_id,
            checker_id: self.checker_id,
            result: self.result,
            note: self.note,
            created_at: clock::utc(self.created_at),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = spot_checks)]
pub struct NewSpotCheck<'a> {
    pub visit_id: i64,
    pub checker_id: i64,
    pub result: &'static str,
    pub note: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

pub fn insert(tx: &mut Tx<'_>, new: &NewSpotCheck<'_>) -> QueryResult<i64> {
    diesel::insert_into(spot_checks::table)
        .values(new)
        .returning(spot_checks::id)
        .get_result(tx.conn())
}

pub fn of_visit(conn: &mut DbConn, visit_id: i64) -> QueryResult<Option<SpotCheckDto>> {
    Ok(spot_checks::table
        .filter(spot_checks::visit_id.eq(visit_id))
        .select(SpotCheckRow::as_select())
        .first(conn)
        .optional()?
        .map(SpotCheckRow::into_dto))
}

/// Checks of the visits of `owners` (`None`: everyone's), newest first.
pub fn list(
    conn: &mut DbConn,
    owners: &Option<Vec<i64>>,
    page: &PageQuery,
) -> AppResult<Page<SpotCheckDto>> {
    let build = || {
        let mut q = spot_checks::table.into_boxed();
        if let Some(ids) = owners {
            q = q.filter(
                spot_checks::visit_id.eq_any(
                    visits::table
                        .filter(visits::owner_id.eq_any(ids.clone()))
                        .select(visits::id),
                ),
            );
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = spot_checks::id,
        changed = spot_checks::created_at,
        order = (spot_checks::created_at.desc(), spot_checks::id.desc()),
        select = SpotCheckRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.into_dto()))
}
