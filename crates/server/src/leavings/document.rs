//! Leavings as a workflow document (salesops_domain::leavings::LEAVING_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::Role;
use salesops_domain::leavings::{LEAVING_FLOW, LeavingAction, LeavingDto, LeavingState};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::leavings::queries::{self as q, LeavingChangeset, LeavingRow};
use crate::workflow::Document;

impl Document for LeavingRow {
    type State = LeavingState;
    type Action = LeavingAction;
    type Dto = LeavingDto;
    type Changes = LeavingChangeset;

    const FLOW: &'static Flow<LeavingState, LeavingAction> = &LEAVING_FLOW;

    /// HR works everyone's leavings; others see their own and their teams' (managers).
    fn scope(principal: &Principal) -> OwnerScope {
        if principal.has(Role::Hr) {
            OwnerScope::All
        } else {
            principal.owner_scope()
        }
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<LeavingRow>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.user_id
    }
    fn state(&self) -> LeavingState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, conn: &mut DbConn, _: &Ctx) -> AppResult<LeavingDto> {
        Ok(q::dto(conn, self)?)
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: LeavingState,
        mut changes: LeavingChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
