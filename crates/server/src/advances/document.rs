//! Advances as a workflow document (salesops_domain::advances::ADVANCE_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::advances::{ADVANCE_FLOW, AdvanceAction, AdvanceDto, AdvanceState};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::advances::queries::{self as q, AdvanceChangeset, AdvanceRow};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::workflow::Document;

impl Document for AdvanceRow {
    type State = AdvanceState;
    type Action = AdvanceAction;
    type Dto = AdvanceDto;
    type Changes = AdvanceChangeset;

    const FLOW: &'static Flow<AdvanceState, AdvanceAction> = &ADVANCE_FLOW;

    fn scope(principal: &Principal) -> OwnerScope {
        principal.money_scope()
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<AdvanceRow>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> AdvanceState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, conn: &mut DbConn, _: &Ctx) -> AppResult<AdvanceDto> {
        Ok(AdvanceRow::to_dto(
            self,
            q::owner_name(conn, self.owner_id)?,
        ))
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: AdvanceState,
        mut changes: AdvanceChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
