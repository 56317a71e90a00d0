//! Diesel queries for plans and their revisions.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::plans::{
    ExpenseEstimate, PlanDto, PlanKind, PlanListQuery, PlanRevisionDto, PlanSnapshot, PlanState,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{plan_budgets, plan_revisions, plans};
use crate::db::types::{Json, json_text};
use crate::db::{DbConn, Tx, on_inner};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plans)]
pub struct PlanRow {
    pub id: i64,
    pub owner_id: i64,
    pub kind: PlanKind,
    pub period: String,
    pub state: PlanState,
    pub version: i64,
    pub revision: i32,
    pub approved_revision: Option<i32>,
    pub calls_per_day: i32,
    pub visits_per_week: i32,
    pub new_clients: i32,
    pub sales_target: Option<i64>,
    pub other_tasks: Option<String>,
    pub est_travel: i64,
    pub est_per_diem: i64,
    pub est_entertainment: i64,
    pub est_communication: i64,
    pub est_business_development: i64,
    pub est_other: i64,
    pub submitted_at: Option<NaiveDateTime>,
    pub late: bool,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl PlanRow {
    pub fn estimate(&self) -> ExpenseEstimate {
        ExpenseEstimate {
            travel: self.est_travel,
            per_diem: self.est_per_diem,
            entertainment: self.est_entertainment,
            communication: self.est_communication,
            business_development: self.est_business_development,
            other: self.est_other,
        }
    }

    pub fn to_dto(&self) -> PlanDto {
        PlanDto {
            id: self.id,
            owner_id: self.owner_id,
            kind: self.kind,
            period: self.period.clone(),
            state: self.state,
            version: self.version,
            revision: self.revision,
            approved_revision: self.approved_revision,
            calls_per_day: self.calls_per_day,
            visits_per_week: self.visits_per_week,
            new_clients: self.new_clients,
            sales_target: self.sales_target,
            other_tasks: self.other_tasks.clone(),
            expense_estimate: self.estimate(),
            submitted_at: self.submitted_at.map(clock::utc),
            late: self.late,
            decided_by: self.decided_by,
            decided_at: self.decided_at.map(clock::utc),
            decision_comment: self.decision_comment.clone(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }

    /// The plan's content without its visits (added by the caller).
    pub fn snapshot(&self) -> PlanSnapshot {
        PlanSnapshot {
            calls_per_day: self.calls_per_day,
            visits_per_week: self.visits_per_week,
            new_clients: self.new_clients,
            sales_target: self.sales_target,
            other_tasks: self.other_tasks.clone(),
            expense_estimate: self.estimate(),
            visits: Vec::new(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = plans)]
pub struct NewPlan<'a> {
    pub owner_id: i64,
    pub kind: &'a str,
    pub period: &'a str,
    pub state: &'a str,
    pub calls_per_day: i32,
    pub visits_per_week: i32,
    pub new_clients: i32,
    pub sales_target: Option<i64>,
    pub other_tasks: Option<&'a str>,
    pub est_travel: i64,
    pub est_per_diem: i64,
    pub est_entertainment: i64,
    pub est_communication: i64,
    pub est_business_development: i64,
    pub est_other: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A change to a plan; `version` is bumped by [`update_if_version`].
#[derive(AsChangeset, Default)]
#[diesel(table_name = plans)]
pub struct PlanChangeset {
    pub state: Option<&'static str>,
    pub revision: Option<i32>,
    pub approved_revision: Option<Option<i32>>,
    pub calls_per_day: Option<i32>,
    pub visits_per_week: Option<i32>,
    pub new_clients: Option<i32>,
    pub sales_target: Option<Option<i64>>,
    pub other_tasks: Option<Option<String>>,
    pub est_travel: Option<i64>,
    pub est_per_diem: Option<i64>,
    pub est_entertainment: Option<i64>,
    pub est_communication: Option<i64>,
    pub est_business_development: Option<i64>,
    pub est_other: Option<i64>,
    pub submitted_at: Option<Option<NaiveDateTime>>,
    pub late: Option<bool>,
    pub decided_by: Option<Option<i64>>,
    pub decided_at: Option<Option<NaiveDateTime>>,
    pub decision_comment: Option<Option<String>>,
    pub owner_id: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

impl PlanChangeset {
    pub fn set_estimate(&mut self, e: &ExpenseEstimate) {
        self.est_travel = Some(e.travel);
        self.est_per_diem = Some(e.per_diem);
        self.est_entertainment = Some(e.entertainment);
        self.est_communication = Some(e.communication);
        self.est_business_development = Some(e.business_development);
        self.est_other = Some(e.other);
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<PlanRow>> {
    plans::table
        .find(id)
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_period(
    conn: &mut DbConn,
    owner_id: i64,
    kind: PlanKind,
    period: &str,
) -> QueryResult<Option<PlanRow>> {
    plans::table
        .filter(plans::owner_id.eq(owner_id))
        .filter(plans::kind.eq(kind.as_str()))
        .filter(plans::period.eq(period))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(tx: &mut Tx<'_>, new: &NewPlan<'_>) -> QueryResult<i64> {
    diesel::insert_into(plans::table)
        .values(new)
        .returning(plans::id)
        .get_result(tx.conn())
}

/// Applies `changes` only if the plan is still at `version`, bumping it. Returns whether it
/// applied: false means someone else changed the plan first (a stale version).
pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &PlanChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(plans::table.find(id).filter(plans::version.eq(version)))
        .set((changes, plans::version.eq(version + 1)))
        .execute(tx.conn())?;
    Ok(n == 1)
}

type Boxed = diesel::dsl::IntoBoxed<'static, plans::table, crate::db::MultiBackend>;

/// The plans a list shows: of `owners` (`None`: everyone), not `exclude_owner`'s, filtered.
fn filtered(owners: Option<&[i64]>, exclude_owner: Option<i64>, filter: &PlanListQuery) -> Boxed {
    let mut q = plans::table.into_boxed();
    if let Some(ids) = owners {
        q = q.filter(plans::owner_id.eq_any(ids.to_vec()));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(plans::owner_id.eq(o));
    }
    if let Some(me) = exclude_owner {
        q = q.filter(plans::owner_id.ne(me));
    }
    if let Some(k) = filter.kind {
        q = q.filter(plans::kind.eq(k.as_str()));
    }
    if let Some(p) = &filter.period {
        q = q.filter(plans::period.eq(p.clone()));
    }
    if let Some(s) = filter.state {
        q = q.filter(plans::state.eq(s.as_str()));
    }
    q
}

/// How many plans [`list`] would show and the earliest submission among them.
pub fn waiting(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &PlanListQuery,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered(owners, exclude_owner, filter),
        plans::submitted_at
    ))
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &PlanListQuery,
    page: &PageQuery,
) -> AppResult<Page<PlanDto>> {
    let build = || filtered(owners, exclude_owner, filter);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = plans::id,
        changed = plans::updated_at,
        order = (plans::period.desc(), plans::id.asc()),
        select = PlanRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.to_dto()))
}

pub fn insert_revision(
    tx: &mut Tx<'_>,
    plan_id: i64,
    revision: i32,
    snapshot: &PlanSnapshot,
    submitted_at: NaiveDateTime,
    late: bool,
) -> AppResult<()> {
    let json = json_text(snapshot)?;
    diesel::insert_into(plan_revisions::table)
        .values((
            plan_revisions::plan_id.eq(plan_id),
            plan_revisions::revision.eq(revision),
            plan_revisions::state.eq(PlanState::Submitted.as_str()),
            plan_revisions::snapshot_json.eq(json),
            plan_revisions::submitted_at.eq(submitted_at),
            plan_revisions::late.eq(late),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn decide_revision(
    tx: &mut Tx<'_>,
    plan_id: i64,
    revision: i32,
    state: PlanState,
    decided_by: i64,
    at: NaiveDateTime,
    comment: Option<&str>,
) -> QueryResult<()> {
    diesel::update(
        plan_revisions::table
            .filter(plan_revisions::plan_id.eq(plan_id))
            .filter(plan_revisions::revision.eq(revision)),
    )
    .set((
        plan_revisions::state.eq(state.as_str()),
        plan_revisions::decided_by.eq(Some(decided_by)),
        plan_revisions::decided_at.eq(Some(at)),
        plan_revisions::comment.eq(comment),
    ))
    .execute(tx.conn())?;
    Ok(())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = plan_revisions)]
struct RevisionRow {
    revision: i32,
    state: PlanState,
    snapshot_json: Json<PlanSnapshot>,
    submitted_at: NaiveDateTime,
    late: bool,
    decided_by: Option<i64>,
    decided_at: Option<NaiveDateTime>,
    comment: Option<String>,
}

pub fn revisions(conn: &mut DbConn, plan_id: i64) -> AppResult<Vec<PlanRevisionDto>> {
    let rows: Vec<RevisionRow> = plan_revisions::table
        .filter(plan_revisions::plan_id.eq(plan_id))
        .select(RevisionRow::as_select())
        .order(plan_revisions::revision.asc())
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(PlanRevisionDto {
                revision: r.revision,
                state: r.state,
                snapshot: r.snapshot_json.0,
                submitted_at: clock::utc(r.submitted_at),
                late: r.late,
                decided_by: r.decided_by,
                decided_at: r.decided_at.map(clock::utc),
                comment: r.comment,
            })
        })
        .collect()
}

/// Records an approved weekly plan's estimate as that week's budget (SPEC §8), replacing the
/// previous approved revision's.
pub fn set_budget(tx: &mut Tx<'_>, plan: &PlanRow) -> QueryResult<()> {
    diesel::delete(plan_budgets::table.filter(plan_budgets::plan_id.eq(plan.id)))
        .execute(tx.conn())?;
    if plan.kind != PlanKind::Weekly {
        return Ok(());
    }
    let estimate = plan.estimate();
    let rows: Vec<_> = salesops_domain::plans::ExpenseCategory::ALL
        .iter()
        .map(|c| {
            (
                plan_budgets::plan_id.eq(plan.id),
                plan_budgets::owner_id.eq(plan.owner_id),
                plan_budgets::week.eq(&plan.period),
                plan_budgets::category.eq(c.as_str()),
                plan_budgets::amount_fen.eq(estimate.get(*c)),
            )
        })
        .collect();
    let insert = diesel::insert_into(plan_budgets::table).values(&rows);
    on_inner!(tx.conn(), |c| insert.execute(c)?);
    Ok(())
}

/// The expense estimate in force for a plan: the plan's own when approved, its approved
/// revision's while a change is drafted or waits for a decision, `None` if never approved.
pub fn approved_estimate(conn: &mut DbConn, plan: &PlanRow) -> AppResult<Option<ExpenseEstimate>> {
    if plan.state == PlanState::Approved {
        return Ok(Some(plan.estimate()));
    }
    let Some(n) = plan.approved_revision else {
        return Ok(None);
    };
    let snap: Option<Json<PlanSnapshot>> = plan_revisions::table
        .filter(plan_revisions::plan_id.eq(plan.id))
        .filter(plan_revisions::revision.eq(n))
        .select(plan_revisions::snapshot_json)
        .first(conn)
        .optional()?;
    Ok(snap.map(|s| s.0.expense_estimate))
}
