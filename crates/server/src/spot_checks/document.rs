//! A visit's spot-check as a workflow document (salesops_domain::spot_checks::SPOT_CHECK_FLOW).
//!
//! The document is the visit, seen from its check: owned by the person who made the visit,
//! `unchecked` until one result is recorded. Recording it inserts the spot-check row and,
//! for `not_confirmed`, marks the visit false (which blocks its expenses and zeroes the
//! weekly report's visits section), compare-and-set on the visit's version.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::spot_checks::{
    CheckAction, CheckState, SPOT_CHECK_FLOW, SpotCheckDto, SpotCheckResult,
};
use salesops_domain::workflow::Flow;

use crate::access::Ctx;
use crate::db::schema::{spot_checks, visits};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::spot_checks::queries::{self as q, NewSpotCheck};
use crate::visits::queries::{self as visits_q, VisitRow};
use crate::workflow::Document;

/// A visit and its check, if any.
pub struct VisitCheck {
    pub visit: VisitRow,
    pub check: Option<SpotCheckDto>,
}

/// What recording a result writes besides the check's state.
pub struct Recorded {
    pub checker_id: i64,
    pub result: SpotCheckResult,
    pub note: Option<String>,
    pub now: chrono::NaiveDateTime,
}

impl Document for VisitCheck {
    type State = CheckState;
    type Action = CheckAction;
    type Dto = Option<SpotCheckDto>;
    type Changes = Recorded;

    const FLOW: &'static Flow<CheckState, CheckAction> = &SPOT_CHECK_FLOW;

    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<VisitCheck>> {
        let Some(visit) = visits_q::find(conn, id)? else {
            return Ok(None);
        };
        let check = q::of_visit(conn, id)?;
        Ok(Some(VisitCheck { visit, check }))
    }
    fn id(&self) -> i64 {
        self.visit.id
    }
    fn owner_id(&self) -> i64 {
        self.visit.owner_id
    }
    fn state(&self) -> CheckState {
        self.check
            .as_ref()
            .map_or(CheckState::Unchecked, |c| c.result.state())
    }
    fn version(&self) -> i64 {
        self.visit.version
    }
    fn to_dto(&self, _: &mut DbConn, _: &Ctx) -> AppResult<Option<SpotCheckDto>> {
        Ok(self.check.clone())
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        _to: CheckState,
        r: Recorded,
        _now: NaiveDateTime,
    ) -> AppResult<bool> {
        let n = diesel::update(visits::table.find(id).filter(visits::version.eq(version)))
            .set((
                visits::false_report.eq(r.result == SpotCheckResult::NotConfirmed),
                visits::updated_at.eq(r.now),
                visits::version.eq(version + 1),
            ))
            .execute(tx.conn())?;
        if n != 1 {
            return Ok(false);
        }
        q::insert(
            tx,
            &NewSpotCheck {
                visit_id: id,
                checker_id: r.checker_id,
                result: r.result.as_str(),
                note: r.note.as_deref(),
                created_at: r.now,
            },
        )?;
        Ok(true)
    }
}

/// The visit a spot-check belongs to.
pub fn visit_of(conn: &mut DbConn, spot_check_id: i64) -> AppResult<Option<i64>> {
    Ok(spot_checks::table
        .find(spot_check_id)
        .select(spot_checks::visit_id)
        .first(conn)
        .optional()?)
}
