//! Contracts as a workflow document (salesops_domain::deals::CONTRACT_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::deals::{CONTRACT_FLOW, ContractAction, ContractDto, ContractState};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::contracts::queries::{self as q, Contract, ContractChangeset};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::workflow::Document;

impl Document for Contract {
    type State = ContractState;
    type Action = ContractAction;
    type Dto = ContractDto;
    type Changes = ContractChangeset;

    const FLOW: &'static Flow<ContractState, ContractAction> = &CONTRACT_FLOW;

    /// Finance reviews contracts and records their payments, whoever owns them.
    fn scope(principal: &Principal) -> OwnerScope {
        principal.money_scope()
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Contract>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.row.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> ContractState {
        self.row.state
    }
    fn version(&self) -> i64 {
        self.row.version
    }
    fn to_dto(&self, conn: &mut DbConn, _: &Ctx) -> AppResult<ContractDto> {
        let lines = q::lines(conn, self.row.id)?;
        Ok(Contract::to_dto(self, &lines))
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: ContractState,
        mut changes: ContractChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
