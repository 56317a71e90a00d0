//! Supplements as a workflow document (salesops_domain::budgets::SUPPLEMENT_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::budgets::{SUPPLEMENT_FLOW, SupplementAction, SupplementDto, SupplementState};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::budgets::queries::{self as q, SupplementChangeset, SupplementRow};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::workflow::Document;

impl Document for SupplementRow {
    type State = SupplementState;
    type Action = SupplementAction;
    type Dto = SupplementDto;
    type Changes = SupplementChangeset;

    const FLOW: &'static Flow<SupplementState, SupplementAction> = &SUPPLEMENT_FLOW;

    fn scope(principal: &Principal) -> OwnerScope {
        principal.money_scope()
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<SupplementRow>> {
        Ok(q::find_supplement(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> SupplementState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, _: &mut DbConn, _: &Ctx) -> AppResult<SupplementDto> {
        Ok(SupplementRow::to_dto(self))
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: SupplementState,
        mut changes: SupplementChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_supplement_if_version(tx, id, version, &changes)?)
    }
}
