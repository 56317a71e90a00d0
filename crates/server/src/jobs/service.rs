//! Job use cases for administrators: see the jobs that exhausted their tries, put one back.

use salesops_domain::jobs::{JobDto, JobListQuery};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::jobs::queries as q;

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &JobListQuery,
    page: &PageQuery,
) -> AppResult<Page<JobDto>> {
    ctx.require(Capability::JobsManage)?;
    q::list(conn, filter, page)
}

/// A failed job back to pending, due now, its tries counted afresh (409 `invalid_state`
/// unless it is failed). Audited: it makes the work happen again.
pub fn retry(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<JobDto> {
    ctx.require(Capability::JobsManage)?;
    db::write(conn, |tx| {
        let before = q::find(tx, id)?.ok_or(AppError::NotFound("job"))?;
        if !q::retry(tx, id, ctx.now)? {
            return Err(AppError::conflict(
                "invalid_state",
                format!(
                    "the job is `{}`; only a failed job is retried",
                    before.state
                ),
            ));
        }
        let after = q::find(tx, id)?.ok_or(AppError::NotFound("job"))?.to_dto();
        audit::record(
            tx,
            &ctx.actor(),
            "job.retry",
            "job",
            id,
            Some(&before.to_dto()),
            Some(&after),
        )?;
        Ok(after)
    })
}
