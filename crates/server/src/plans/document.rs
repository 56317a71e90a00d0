//! Plans as a workflow document (salesops_domain::plans::PLAN_FLOW).

use chrono::NaiveDateTime;
use salesops_domain::plans::{PLAN_FLOW, PlanAction, PlanDto, PlanState};
use salesops_domain::workflow::Flow;

use crate::access::Ctx;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::plans::queries::{self as q, PlanChangeset, PlanRow};
use crate::workflow::Document;

impl Document for PlanRow {
    type State = PlanState;
    type Action = PlanAction;
    type Dto = PlanDto;
    type Changes = PlanChangeset;

    const FLOW: &'static Flow<PlanState, PlanAction> = &PLAN_FLOW;

    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<PlanRow>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> PlanState {
        self.state
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn to_dto(&self, _: &mut DbConn, _: &Ctx) -> AppResult<PlanDto> {
        Ok(PlanRow::to_dto(self))
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: PlanState,
        mut changes: PlanChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.state = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
