//! Diesel queries for improvement plans.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::scoring::improvement::{
    ImprovementKind, ImprovementOutcome, ImprovementPlanDto, ImprovementPlanListQuery,
    ImprovementState,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{improvement_plans, users};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = improvement_plans)]
pub struct PlanRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: ImprovementKind,
    pub goals: String,
    pub review_on: NaiveDate,
    pub state: ImprovementState,
    pub outcome: Option<ImprovementOutcome>,
    pub outcome_note: Option<String>,
    pub opened_by: i64,
    pub closed_by: Option<i64>,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
}

impl PlanRow {
    pub fn to_dto(&self, user_name: String) -> ImprovementPlanDto {
        ImprovementPlanDto {
            id: self.id,
            user_id: self.user_id,
            user_name,
            kind: self.kind,
            goals: self.goals.clone(),
            review_on: self.review_on,
            state: self.state,
            outcome: self.outcome,
            outcome_note: self.outcome_note.clone(),
            opened_by: self.opened_by,
            closed_by: self.closed_by,
            closed_at: self.closed_at.map(clock::utc),
            version: self.version,
            created_at: clock::utc(self.created_at),
        }
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<(PlanRow, String)>> {
    improvement_plans::table
        .inner_join(users::table)
        .filter(improvement_plans::id.eq(id))
        .select((PlanRow::as_select(), users::display_name))
        .first(conn)
        .optional()
}

pub fn insert(
    tx: &mut Tx<'_>,
    user_id: i64,
    kind: ImprovementKind,
    goals: &str,
    review_on: NaiveDate,
    opened_by: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(improvement_plans::table)
        .values((
            improvement_plans::user_id.eq(user_id),
            improvement_plans::kind.eq(kind.as_str()),
            improvement_plans::goals.eq(goals),
            improvement_plans::review_on.eq(review_on.to_string()),
            improvement_plans::state.eq(ImprovementState::Open.as_str()),
            improvement_plans::opened_by.eq(opened_by),
            improvement_plans::created_at.eq(now),
            improvement_plans::updated_at.eq(now),
        ))
        .returning(improvement_plans::id)
        .get_result(tx.conn())
}

/// Closes an open plan; false when it was no longer open (closed by someone else meanwhile).
pub fn close(
    tx: &mut Tx<'_>,
    id: i64,
    outcome: ImprovementOutcome,
    note: &str,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        improvement_plans::table
            .find(id)
            .filter(improvement_plans::state.eq(ImprovementState::Open.as_str())),
    )
    .set((
        improvement_plans::state.eq(ImprovementState::Closed.as_str()),
        improvement_plans::outcome.eq(outcome.as_str()),
        improvement_plans::outcome_note.eq(note),
        improvement_plans::closed_by.eq(by),
        improvement_plans::closed_at.eq(now),
        improvement_plans::updated_at.eq(now),
        improvement_plans::version.eq(improvement_plans::version + 1),
    ))
    .execute(tx.conn())?;
    Ok(n == 1)
}

pub fn has_open(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        improvement_plans::table
            .filter(improvement_plans::user_id.eq(user_id))
            .filter(improvement_plans::state.eq(ImprovementState::Open.as_str())),
    ))
    .get_result(conn)
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &ImprovementPlanListQuery,
    page: &PageQuery,
) -> AppResult<Page<ImprovementPlanDto>> {
    let build = || {
        let mut q = improvement_plans::table
            .inner_join(users::table)
            .into_boxed();
        if let Some(owners) = owners {
            q = q.filter(improvement_plans::user_id.eq_any(owners.to_vec()));
        }
        if let Some(user) = filter.user_id {
            q = q.filter(improvement_plans::user_id.eq(user));
        }
        if let Some(state) = filter.state {
            q = q.filter(improvement_plans::state.eq(state.as_str()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = improvement_plans::id,
        changed = improvement_plans::updated_at,
        order = improvement_plans::id.desc(),
        select = (PlanRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (PlanRow, String)| {
        Ok::<_, AppError>(r.to_dto(name))
    })
}
