//! Projects as a workflow document (salesops_domain::deals::PROJECT_FLOW): each stage move is
//! a step, so its history and audit come from the engine.

use chrono::NaiveDateTime;
use salesops_domain::deals::{PROJECT_FLOW, ProjectDto, ProjectMove, ProjectStage};
use salesops_domain::workflow::Flow;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::projects::queries::{self as q, Project, ProjectChangeset};
use crate::workflow::Document;

impl Document for Project {
    type State = ProjectStage;
    type Action = ProjectMove;
    type Dto = ProjectDto;
    type Changes = ProjectChangeset;

    const FLOW: &'static Flow<ProjectStage, ProjectMove> = &PROJECT_FLOW;

    /// Deals are seen by finance whoever owns them, as money is.
    fn scope(principal: &Principal) -> OwnerScope {
        principal.money_scope()
    }
    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Project>> {
        Ok(q::find(conn, id)?)
    }
    fn id(&self) -> i64 {
        self.row.id
    }
    fn owner_id(&self) -> i64 {
        self.owner_id
    }
    fn state(&self) -> ProjectStage {
        self.row.stage
    }
    fn version(&self) -> i64 {
        self.row.version
    }
    fn to_dto(&self, _: &mut DbConn, _: &Ctx) -> AppResult<ProjectDto> {
        Ok(Project::to_dto(self))
    }
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: ProjectStage,
        mut changes: ProjectChangeset,
        now: NaiveDateTime,
    ) -> AppResult<bool> {
        changes.stage = Some(to.as_str());
        changes.updated_at = Some(now);
        Ok(q::update_if_version(tx, id, version, &changes)?)
    }
}
