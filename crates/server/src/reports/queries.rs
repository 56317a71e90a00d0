//! Diesel queries for weekly reports.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::PageQuery;
use salesops_domain::reports::{
    Figure, ReportState, SectionMark, Sections, WeeklyReportDto, WeeklyReportListQuery,
};

use crate::clock;
use crate::db::list::{self, Fetched};
use crate::db::schema::weekly_reports;
use crate::db::types::Json;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = weekly_reports)]
pub struct WeeklyReportRow {
    pub id: i64,
    pub owner_id: i64,
    pub week: String,
    pub state: ReportState,
    pub version: i64,
    pub sales_volume: Option<String>,
    pub collections: Option<String>,
    pub client_visits: Option<String>,
    pub sales_expenses: Option<String>,
    pub promotion_effect: Option<String>,
    pub key_clients: Option<String>,
    pub new_clients: Option<String>,
    pub abnormal_clients: Option<String>,
    pub clients_to_develop: Option<String>,
    pub competitor_moves: Option<String>,
    pub policy_changes: Option<String>,
    pub next_plan_id: Option<i64>,
    pub figures_json: Option<Json<Vec<Figure>>>,
    pub submitted_at: Option<NaiveDateTime>,
    pub late: bool,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub review_comment: Option<String>,
    pub marks_json: Option<Json<Vec<SectionMark>>>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WeeklyReportRow {
    pub fn sections(&self) -> Sections {
        Sections {
            sales_volume: self.sales_volume.clone(),
            collections: self.collections.clone(),
            client_visits: self.client_visits.clone(),
            sales_expenses: self.sales_expenses.clone(),
            promotion_effect: self.promotion_effect.clone(),
            key_clients: self.key_clients.clone(),
            new_clients: self.new_clients.clone(),
            abnormal_clients: self.abnormal_clients.clone(),
            clients_to_develop: self.clients_to_develop.clone(),
            competitor_moves: self.competitor_moves.clone(),
            policy_changes: self.policy_changes.clone(),
        }
    }

    /// The figures frozen at submission (none before).
    pub fn stored_figures(&self) -> Vec<Figure> {
        self.figures_json
            .as_ref()
            .map(|j| j.0.clone())
            .unwrap_or_default()
    }

    /// The review's marks (none before the review).
    pub fn marks(&self) -> Vec<SectionMark> {
        self.marks_json
            .as_ref()
            .map(|j| j.0.clone())
            .unwrap_or_default()
    }

    /// The DTO with the given figures (live ones for a draft, stored ones after submission).
    pub fn to_dto(&self, figures: Vec<Figure>) -> WeeklyReportDto {
        WeeklyReportDto {
            id: self.id,
            owner_id: self.owner_id,
            week: self.week.clone(),
            state: self.state,
            version: self.version,
            sections: self.sections(),
            next_plan_id: self.next_plan_id,
            figures,
            submitted_at: self.submitted_at.map(clock::utc),
            late: self.late,
            reviewed_by: self.reviewed_by,
            reviewed_at: self.reviewed_at.map(clock::utc),
            review_comment: self.review_comment.clone(),
            marks: self.marks(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = weekly_reports)]
pub struct ReportChangeset {
    pub state: Option<&'static str>,
    pub sales_volume: Option<Option<String>>,
    pub collections: Option<Option<String>>,
    pub client_visits: Option<Option<String>>,
    pub sales_expenses: Option<Option<String>>,
    pub promotion_effect: Option<Option<String>>,
    pub key_clients: Option<Option<String>>,
    pub new_clients: Option<Option<String>>,
    pub abnormal_clients: Option<Option<String>>,
    pub clients_to_develop: Option<Option<String>>,
    pub competitor_moves: Option<Option<String>>,
    pub policy_changes: Option<Option<String>>,
    pub next_plan_id: Option<Option<i64>>,
    pub figures_json: Option<Option<String>>,
    pub submitted_at: Option<Option<NaiveDateTime>>,
    pub late: Option<bool>,
    pub reviewed_by: Option<Option<i64>>,
    pub reviewed_at: Option<Option<NaiveDateTime>>,
    pub review_comment: Option<Option<String>>,
    pub marks_json: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

impl ReportChangeset {
    /// Writes every section of `s` (the merged result of a PATCH).
    pub fn set_sections(&mut self, s: &Sections) {
        self.sales_volume = Some(s.sales_volume.clone());
        self.collections = Some(s.collections.clone());
        self.client_visits = Some(s.client_visits.clone());
        self.sales_expenses = Some(s.sales_expenses.clone());
        self.promotion_effect = Some(s.promotion_effect.clone());
        self.key_clients = Some(s.key_clients.clone());
        self.new_clients = Some(s.new_clients.clone());
        self.abnormal_clients = Some(s.abnormal_clients.clone());
        self.clients_to_develop = Some(s.clients_to_develop.clone());
        self.competitor_moves = Some(s.competitor_moves.clone());
        self.policy_changes = Some(s.policy_changes.clone());
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<WeeklyReportRow>> {
    weekly_reports::table
        .find(id)
        .select(WeeklyReportRow::as_select())
        .first(conn)
        .optional()
}

pub fn exists_for(conn: &mut DbConn, owner_id: i64, week: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        weekly_reports::table
            .filter(weekly_reports::owner_id.eq(owner_id))
            .filter(weekly_reports::week.eq(week)),
    ))
    .get_result(conn)
}

pub fn insert(tx: &mut Tx<'_>, owner_id: i64, week: &str, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(weekly_reports::table)
        .values((
            weekly_reports::owner_id.eq(owner_id),
            weekly_reports::week.eq(week),
            weekly_reports::state.eq(ReportState::Draft.as_str()),
            weekly_reports::created_at.eq(now),
            weekly_reports::updated_at.eq(now),
        ))
        .returning(weekly_reports::id)
        .get_result(tx.conn())
}

/// Applies `changes` if the report is still at `version`, bumping it.
pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &ReportChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        weekly_reports::table
            .find(id)
            .filter(weekly_reports::version.eq(version)),
    )
    .set((changes, weekly_reports::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

type Boxed = diesel::dsl::IntoBoxed<'static, weekly_reports::table, crate::db::MultiBackend>;

/// The reports a list shows: of `owners` (`None`: everyone), not `exclude_owner`'s, filtered.
fn filtered(
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &WeeklyReportListQuery,
) -> Boxed {
    let mut q = weekly_reports::table.into_boxed();
    if let Some(ids) = owners {
        q = q.filter(weekly_reports::owner_id.eq_any(ids.to_vec()));
    }
    if let Some(me) = exclude_owner {
        q = q.filter(weekly_reports::owner_id.ne(me));
    }
    if let Some(o) = filter.owner_id {
        q = q.filter(weekly_reports::owner_id.eq(o));
    }
    if let Some(w) = &filter.week {
        q = q.filter(weekly_reports::week.eq(w.clone()));
    }
    if let Some(s) = filter.state {
        q = q.filter(weekly_reports::state.eq(s.as_str()));
    }
    q
}

/// How many reports [`list`] would show and the earliest submission among them.
pub fn waiting(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &WeeklyReportListQuery,
) -> QueryResult<list::Waiting> {
    Ok(list::waiting!(
        conn,
        filtered(owners, exclude_owner, filter),
        weekly_reports::submitted_at
    ))
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    exclude_owner: Option<i64>,
    filter: &WeeklyReportListQuery,
    page: &PageQuery,
) -> AppResult<Fetched<WeeklyReportRow>> {
    let build = || filtered(owners, exclude_owner, filter);
    Ok(list::fetch!(
        conn,
        page,
        build,
        id = weekly_reports::id,
        changed = weekly_reports::updated_at,
        order = (weekly_reports::week.desc(), weekly_reports::id.asc()),
        select = WeeklyReportRow::as_select(),
    ))
}

/// Reports of many owners for one week (the status list).
pub fn for_week(
    conn: &mut DbConn,
    owners: &[i64],
    week: &str,
) -> QueryResult<Vec<WeeklyReportRow>> {
    let mut out = Vec::new();
    for chunk in owners.chunks(500) {
        let rows: Vec<WeeklyReportRow> = weekly_reports::table
            .filter(weekly_reports::owner_id.eq_any(chunk))
            .filter(weekly_reports::week.eq(week))
            .select(WeeklyReportRow::as_select())
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}
