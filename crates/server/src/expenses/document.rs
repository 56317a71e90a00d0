//! Claims as a workflow document (salesops_domain::expenses::CLAIM_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::expenses::{CLAIM_FLOW, ClaimAction, ClaimDto, ClaimState};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::expenses::dto;
use crate::expenses::queries::{self as q, ClaimChangeset, ClaimRow};
use crate::workflow::Document;

impl Document for ClaimRow {
    type State = ClaimState;
    type Action = ClaimAction;
    type Dto = ClaimDto;
    type Changes = ClaimChangeset;

    const FLOW: &'static Flow<ClaimState, ClaimAction> = &CLAIM_FLOW;

    fn scope(principal: &Principal) -> OwnerScope {
        principal.money_scope()
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<ClaimRow>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> ClaimState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, conn: &mut DbConn, ctx: &Ctx) -> AppResult<ClaimDto> {
        dto::to_dto(conn, ctx.settings.receipt_threshold_fen, self.clone())
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: ClaimState,
        mut changes: ClaimChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
