//! The jobs table: enqueue once per run key, claim with a lease, finish or fail.
//!
//! The claim is the one place the backends differ: PostgreSQL picks the row with
//! `FOR UPDATE SKIP LOCKED` (instances claiming at once each get another row, none waits);
//! SQLite has one writer at a time, and `db::write` takes the lock first (`BEGIN IMMEDIATE`),
//! so the plain select-then-update is already exclusive.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::jobs::{JobDto, JobListQuery, JobState};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::schema::jobs;
use crate::db::{self, DbConn, Tx, list};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub run_key: String,
    pub payload_json: String,
    pub state: JobState,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: NaiveDateTime,
    pub locked_by: Option<String>,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

impl JobRow {
    pub fn to_dto(&self) -> JobDto {
        JobDto {
            id: self.id,
            kind: self.kind.clone(),
            run_key: self.run_key.clone(),
            // A payload the code wrote is JSON; anything else shows as the text it is.
            payload: serde_json::from_str(&self.payload_json)
                .unwrap_or_else(|_| serde_json::Value::String(self.payload_json.clone())),
            state: self.state,
            attempts: self.attempts,
            max_attempts: self.max_attempts,
            run_at: clock::utc(self.run_at),
            locked_by: self.locked_by.clone(),
            locked_until: self.locked_until.map(clock::utc),
            last_error: self.last_error.clone(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
            done_at: self.done_at.map(clock::utc),
        }
    }
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub run_key: &'a str,
    pub payload: &'a serde_json::Value,
    pub run_at: NaiveDateTime,
    pub max_attempts: i32,
}

/// Inserts the job unless one with its run key exists (`ON CONFLICT DO NOTHING`): whoever
/// enqueues a run first wins, the others insert nothing. True when this call inserted it.
pub fn enqueue(tx: &mut Tx<'_>, job: &NewJob<'_>) -> AppResult<bool> {
    let now = clock::now();
    let payload = job.payload.to_string();
    let pending = JobState::Pending.as_str();
    macro_rules! insert {
        ($c:expr) => {
            diesel::insert_into(jobs::table)
                .values((
                    jobs::kind.eq(job.kind),
                    jobs::run_key.eq(job.run_key),
                    jobs::payload_json.eq(&payload),
                    jobs::state.eq(pending),
                    jobs::max_attempts.eq(job.max_attempts),
                    jobs::run_at.eq(job.run_at),
                    jobs::created_at.eq(now),
                    jobs::updated_at.eq(now),
                ))
                .on_conflict(jobs::run_key)
                .do_nothing()
                .execute($c)
        };
    }
    let n = match tx.conn() {
        DbConn::Postgres(c) => insert!(c)?,
        DbConn::Sqlite(c) => insert!(c)?,
    };
    Ok(n == 1)
}

/// What a claim found.
#[derive(Debug)]
pub enum Claim {
    /// Nothing due.
    Nothing,
    /// A job, now running under this worker's lease.
    Job(JobRow),
    /// A job whose lease ran out on its last try: now failed; claim again.
    Exhausted(i64),
}

/// Claims the next due job: a pending one whose time came, or a running one whose lease
/// expired (its instance stopped without finishing), oldest due first.
pub fn claim(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease: Duration,
) -> AppResult<Claim> {
    db::write(conn, |tx| {
        let pending = JobState::Pending.as_str();
        let running = JobState::Running.as_str();
        macro_rules! due {
            () => {
                jobs::table
                    .filter(
                        jobs::state
                            .eq(pending)
                            .and(jobs::run_at.le(now))
                            .or(jobs::state.eq(running).and(jobs::locked_until.lt(now))),
                    )
                    .order((jobs::run_at.asc(), jobs::id.asc()))
                    .select(jobs::id)
            };
        }
        let id: Option<i64> = match tx.conn() {
            DbConn::Postgres(c) => due!().for_update().skip_locked().first(c).optional()?,
            DbConn::Sqlite(c) => due!().first(c).optional()?,
        };
        let Some(id) = id else {
            return Ok(Claim::Nothing);
        };
        let row = find(tx, id)?.ok_or(AppError::NotFound("job"))?;
        if row.state == JobState::Running && row.attempts >= row.max_attempts {
            diesel::update(jobs::table.find(id))
                .set((
                    jobs::state.eq(JobState::Failed.as_str()),
                    jobs::locked_by.eq(None::<String>),
                    jobs::locked_until.eq(None::<NaiveDateTime>),
                    jobs::last_error.eq(Some(format!(
                        "the lease of `{}` ran out on the last try",
                        row.locked_by.as_deref().unwrap_or("?")
                    ))),
                    jobs::updated_at.eq(now),
                ))
                .execute(tx.conn())?;
            return Ok(Claim::Exhausted(id));
        }
        diesel::update(jobs::table.find(id))
            .set((
                jobs::state.eq(running),
                jobs::attempts.eq(row.attempts + 1),
                jobs::locked_by.eq(Some(worker)),
                jobs::locked_until.eq(Some(now + lease)),
                jobs::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        Ok(Claim::Job(find(tx, id)?.ok_or(AppError::NotFound("job"))?))
    })
}

/// The claimed job of `worker`, not someone else's that reclaimed it meanwhile.
macro_rules! mine {
    ($id:expr, $worker:expr) => {
        jobs::table
            .find($id)
            .filter(jobs::state.eq(JobState::Running.as_str()))
            .filter(jobs::locked_by.eq($worker))
    };
}

/// Marks the worker's job done. False when the job is no longer this worker's.
pub fn finish(conn: &mut DbConn, id: i64, worker: &str, now: NaiveDateTime) -> AppResult<bool> {
    db::write(conn, |tx| {
        let n = diesel::update(mine!(id, worker))
            .set((
                jobs::state.eq(JobState::Done.as_str()),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::done_at.eq(Some(now)),
                jobs::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        Ok(n == 1)
    })
}

/// Records a failed try: pending again after `backoff`, or failed when it was the last.
pub fn fail(
    conn: &mut DbConn,
    job: &JobRow,
    worker: &str,
    error: &str,
    now: NaiveDateTime,
    backoff: Duration,
) -> AppResult<bool> {
    let error: String = error.chars().take(2000).collect();
    let last = job.attempts >= job.max_attempts;
    db::write(conn, |tx| {
        let n = diesel::update(mine!(job.id, worker))
            .set((
                jobs::state.eq(if last {
                    JobState::Failed.as_str()
                } else {
                    JobState::Pending.as_str()
                }),
                jobs::run_at.eq(if last { job.run_at } else { now + backoff }),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(Some(&error)),
                jobs::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        Ok(n == 1)
    })
}

/// Gives a claimed job back untried (the instance is stopping before it started it): the
/// try does not count.
pub fn release(conn: &mut DbConn, job: &JobRow, worker: &str, now: NaiveDateTime) -> AppResult<()> {
    db::write(conn, |tx| {
        diesel::update(mine!(job.id, worker))
            .set((
                jobs::state.eq(JobState::Pending.as_str()),
                jobs::attempts.eq(job.attempts - 1),
                jobs::locked_by.eq(None::<String>),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
        Ok(())
    })
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<JobRow>> {
    jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

/// Jobs by state (default: failed) and kind, most recently changed first.
pub fn list(conn: &mut DbConn, filter: &JobListQuery, page: &PageQuery) -> AppResult<Page<JobDto>> {
    let state = filter.state.unwrap_or(JobState::Failed);
    let build = || {
        let mut q = jobs::table
            .filter(jobs::state.eq(state.as_str()))
            .into_boxed();
        if let Some(kind) = filter.kind {
            q = q.filter(jobs::kind.eq(kind.as_str()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = jobs::id,
        changed = jobs::updated_at,
        order = (jobs::updated_at.desc(), jobs::id.desc()),
        select = JobRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.to_dto()))
}

/// Puts a failed job back: pending now, its tries counted afresh. False unless it was failed.
pub fn retry(tx: &mut Tx<'_>, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::state.eq(JobState::Failed.as_str())),
    )
    .set((
        jobs::state.eq(JobState::Pending.as_str()),
        jobs::attempts.eq(0),
        jobs::run_at.eq(now),
        jobs::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    Ok(n == 1)
}
