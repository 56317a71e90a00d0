//! Spot-check use cases: a reproducible sample of the week's done visits to phone, and
//! recording a result through the workflow (the owner's manager or an admin, never the
//! person who made the visit).

use diesel::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::spot_checks::{
    self as rules, Candidate, CreateSpotCheckRequest, SampleItem, SampleQuery, SpotCheckDto,
    SpotCheckSample,
};
use salesops_domain::text::clean;
use salesops_domain::visits::VisitStatus;
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::db::DbConn;
use crate::db::schema::clients;
use crate::error::{AppError, AppResult};
use crate::spot_checks::document::{Recorded, VisitCheck, visit_of};
use crate::spot_checks::queries as q;
use crate::visits::queries::{self as visits_q, VisitRow};
use crate::workflow::{self, Move};

/// The members (not the caller) whose visits the caller may check: an admin checks anyone but
/// themself, a manager the members of their teams.
fn checkable_owners(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Option<Vec<i64>>> {
    ctx.require(Capability::PlansSupervise)?;
    Ok(ctx.visible_owners(conn)?.map(|mut ids| {
        ids.retain(|id| *id != ctx.user_id);
        ids
    }))
}

/// Proposes a random sample of the week's done, unchecked visits; flagged ones come first.
pub fn sample(conn: &mut DbConn, ctx: &Ctx, query: &SampleQuery) -> AppResult<SpotCheckSample> {
    let week: IsoWeek = query
        .week
        .parse()
        .map_err(|_| AppError::validation("week", "invalid", "a week like 2026-W48"))?;
    let owners = checkable_owners(conn, ctx)?;
    let unchecked =
        visits_q::to_check(owners.as_deref(), ctx.user_id, week.monday(), week.sunday());
    let rows: Vec<VisitRow> = unchecked.select(VisitRow::as_select()).load(conn)?;
    let candidates: Vec<Candidate> = rows
        .iter()
        .map(|r| Candidate {
            visit_id: r.id,
            flagged: r.flagged(),
        })
        .collect();
    let seed = query.seed.unwrap_or_else(rand::random);
    let size = query.size.unwrap_or(5) as usize;
    let picked = rules::sample(&candidates, size, seed);
    let chosen: Vec<VisitRow> = picked
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id).cloned())
        .collect();
    let dtos = visits_q::to_dtos(conn, &chosen)?;
    let client_ids: Vec<i64> = chosen.iter().map(|r| r.client_id).collect();
    let phones: Vec<(i64, Option<String>)> = clients::table
        .filter(clients::id.eq_any(&client_ids))
        .select((clients::id, clients::phone))
        .load(conn)?;
    let items = dtos
        .into_iter()
        .map(|visit| {
            let client_phone = phones
                .iter()
                .find(|(id, _)| *id == visit.client_id)
                .and_then(|(_, p)| p.clone());
            SampleItem {
                visit,
                client_phone,
            }
        })
        .collect();
    Ok(SpotCheckSample {
        week: week.to_string(),
        seed,
        items,
    })
}

/// Records a check on a done visit of a team member: the workflow's step for the result.
/// `not_confirmed` marks the visit false.
pub fn record(
    conn: &mut DbConn,
    ctx: &Ctx,
    req: &CreateSpotCheckRequest,
) -> AppResult<SpotCheckDto> {
    ctx.require(Capability::PlansSupervise)?;
    let note = clean(req.note.as_deref());
    crate::db::write(conn, |tx| {
        // The visit is named in the body: a visit outside the caller's teams is a field that
        // does not fit, not a missing resource.
        let doc: VisitCheck = workflow::in_scope(tx, ctx, req.visit_id).map_err(|e| match e {
            AppError::NotFound(_) => {
                AppError::validation("visit_id", "not_found", "no such visit in your teams")
            }
            other => other,
        })?;
        match workflow::authorize(tx, ctx, &doc, req.result.action()) {
            Err(AppError::Conflict { .. }) if doc.check.is_some() => {
                return Err(AppError::conflict(
                    "duplicate_spot_check",
                    "this visit was already checked",
                ));
            }
            other => other?,
        };
        if doc.visit.status != VisitStatus::Done {
            return Err(AppError::conflict(
                "invalid_state",
                format!(
                    "the visit is `{}`; only done visits are checked",
                    doc.visit.status
                ),
            ));
        }
        let mv = Move::new(
            req.result.action(),
            Some(doc.visit.version),
            note.as_deref(),
        );
        let recorded = workflow::transition::<VisitCheck>(tx, ctx, req.visit_id, mv, |_, _, _| {
            Ok(Recorded {
                checker_id: ctx.user_id,
                result: req.result,
                note: note.clone(),
                now: ctx.now,
            })
        })?;
        recorded.ok_or_else(|| AppError::Internal("spot-check not recorded".to_owned()))
    })
}

/// The history of the check of a spot-check's visit.
pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    let visit = visit_of(conn, id)?.ok_or(AppError::NotFound("spot-check"))?;
    workflow::history::<VisitCheck>(conn, ctx, visit)
}

/// Checks on visits the caller may see, newest first.
pub fn list(conn: &mut DbConn, ctx: &Ctx, page: &PageQuery) -> AppResult<Page<SpotCheckDto>> {
    ctx.require(Capability::PlansRead)?;
    let owners = ctx.visible_owners(conn)?;
    q::list(conn, &owners, page)
}
