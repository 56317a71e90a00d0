//! Diesel queries for projects. A project's owner is its client's (joined, never copied), so
//! a reassignment or handover of the client moves its projects too.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use salesops_domain::deals::{
    PipelineStage, ProjectDto, ProjectListQuery, ProjectStage, next_stages,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{clients, projects, users};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct ProjectRow {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
    pub stage: ProjectStage,
    pub expected_amount_fen: i64,
    pub bid_date: Option<NaiveDate>,
    pub expected_close: Option<NaiveDate>,
    pub notes: Option<String>,
    pub lost_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A project with what it is read with: its client's owner and the names shown.
#[derive(Debug, Clone)]
pub struct Project {
    pub row: ProjectRow,
    pub owner_id: i64,
    pub client_name: String,
    pub owner_name: String,
}

type Joined = (ProjectRow, i64, String, String);

impl From<Joined> for Project {
    fn from((row, owner_id, client_name, owner_name): Joined) -> Project {
        Project {
            row,
            owner_id,
            client_name,
            owner_name,
        }
    }
}

impl Project {
    pub fn to_dto(&self) -> ProjectDto {
        let r = &self.row;
        ProjectDto {
            id: r.id,
            client_id: r.client_id,
            client_name: self.client_name.clone(),
            name: r.name.clone(),
            stage: r.stage,
            expected_amount_fen: r.expected_amount_fen,
            bid_date: r.bid_date,
            expected_close: r.expected_close,
            owner_id: self.owner_id,
            owner_name: self.owner_name.clone(),
            notes: r.notes.clone(),
            lost_reason: r.lost_reason.clone(),
            next_stages: next_stages(r.stage),
            version: r.version,
            created_at: clock::utc(r.created_at),
            updated_at: clock::utc(r.updated_at),
        }
    }
}

/// The columns an edit or a stage move sets besides the stage and the version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = projects)]
pub struct ProjectChangeset {
    pub stage: Option<&'static str>,
    pub name: Option<String>,
    pub expected_amount_fen: Option<i64>,
    pub bid_date: Option<Option<String>>,
    pub expected_close: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub lost_reason: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = projects)]
pub struct NewProject {
    pub client_id: i64,
    pub name: String,
    pub stage: &'static str,
    pub expected_amount_fen: i64,
    pub bid_date: Option<String>,
    pub expected_close: Option<String>,
    pub notes: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

macro_rules! joined {
    () => {
        projects::table.inner_join(clients::table.inner_join(users::table))
    };
}

fn select() -> (
    diesel::dsl::AsSelect<ProjectRow, crate::db::MultiBackend>,
    clients::owner_id,
    clients::name,
    users::display_name,
) {
    (
        ProjectRow::as_select(),
        clients::owner_id,
        clients::name,
        users::display_name,
    )
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Project>> {
    joined!()
        .filter(projects::id.eq(id))
        .select(select())
        .first::<Joined>(conn)
        .optional()
        .map(|o| o.map(Project::from))
}

pub fn insert(tx: &mut Tx<'_>, new: &NewProject) -> QueryResult<i64> {
    diesel::insert_into(projects::table)
        .values(new)
        .returning(projects::id)
        .get_result(tx.conn())
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &ProjectChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(
        projects::table
            .find(id)
            .filter(projects::version.eq(version)),
    )
    .set((changes, projects::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &ProjectListQuery,
    page: &PageQuery,
) -> AppResult<Page<ProjectDto>> {
    let build = || {
        let mut q = joined!().into_boxed();
        if let Some(ids) = owners {
            q = q.filter(clients::owner_id.eq_any(ids.to_vec()));
        }
        if let Some(c) = filter.client_id {
            q = q.filter(projects::client_id.eq(c));
        }
        if let Some(o) = filter.owner_id {
            q = q.filter(clients::owner_id.eq(o));
        }
        if let Some(s) = filter.stage {
            q = q.filter(projects::stage.eq(s.as_str()));
        }
        let closed = [ProjectStage::Won.as_str(), ProjectStage::Lost.as_str()];
        match filter.open {
            Some(true) => q = q.filter(projects::stage.ne_all(closed)),
            Some(false) => q = q.filter(projects::stage.eq_any(closed)),
            None => {}
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = projects::id,
        changed = projects::updated_at,
        order = projects::id.desc(),
        select = select(),
    );
    fetched.into_page(page, |j: Joined| {
        Ok::<_, AppError>(Project::from(j).to_dto())
    })
}

#[derive(QueryableByName)]
struct StageSum {
    #[diesel(sql_type = Text)]
    stage: String,
    #[diesel(sql_type = BigInt)]
    count: i64,
    #[diesel(sql_type = BigInt)]
    amount: i64,
}

/// Count and expected amount per stage over the projects of `owners` (`None`: everyone's),
/// every stage listed in order, empty ones with zeros. One statement; ids are integers.
pub fn pipeline(conn: &mut DbConn, owners: Option<&[i64]>) -> AppResult<Vec<PipelineStage>> {
    let mut sql = "SELECT p.stage AS stage, COUNT(*) AS count, \
         CAST(COALESCE(SUM(p.expected_amount_fen), 0) AS BIGINT) AS amount \
         FROM projects p JOIN clients c ON c.id = p.client_id"
        .to_owned();
    if let Some(ids) = owners {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        let ids = if ids.is_empty() {
            "0".to_owned()
        } else {
            ids.join(", ")
        };
        sql.push_str(&format!(" WHERE c.owner_id IN ({ids})"));
    }
    sql.push_str(" GROUP BY p.stage");
    let sums: Vec<StageSum> = diesel::sql_query(sql).load(conn)?;
    Ok(ProjectStage::ALL
        .iter()
        .map(|stage| {
            let found = sums.iter().find(|s| s.stage == stage.as_str());
            PipelineStage {
                stage: *stage,
                count: found.map_or(0, |s| s.count),
                expected_amount_fen: found.map_or(0, |s| s.amount),
            }
        })
        .collect())
}
