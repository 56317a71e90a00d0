//! Scores as a workflow document (salesops_domain::scoring::score::SCORE_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::Role;
use salesops_domain::scoring::score::{SCORE_FLOW, ScoreAction, ScoreDto, ScoreState};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::scores::queries::{self as q, ScoreChangeset, ScoreRow};
use crate::workflow::Document;

/// Whose scores the caller reads: HR and admin everyone's; anyone else their own and, for a
/// manager, the members of their teams.
pub fn read_scope(principal: &Principal) -> OwnerScope {
    if principal.has(Role::Hr) {
        OwnerScope::All
    } else {
        principal.owner_scope()
    }
}

impl Document for ScoreRow {
    type State = ScoreState;
    type Action = ScoreAction;
    type Dto = ScoreDto;
    type Changes = ScoreChangeset;

    const FLOW: &'static Flow<ScoreState, ScoreAction> = &SCORE_FLOW;

    fn scope(principal: &Principal) -> OwnerScope {
        read_scope(principal)
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<ScoreRow>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.user_id
    }
    fn state(&self) -> ScoreState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, conn: &mut DbConn, _: &Ctx) -> AppResult<ScoreDto> {
        Ok(ScoreRow::to_dto(self, q::user_name(conn, self.user_id)?))
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: ScoreState,
        mut changes: ScoreChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
