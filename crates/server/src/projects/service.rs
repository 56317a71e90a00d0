//! Project use cases: open one on a client in scope, edit it, move it through its stages
//! (the client's cadence follows: a project in design makes a key client), the pipeline.

use salesops_domain::deals::{
    PROJECT_FLOW, PipelineQuery, PipelineStage, ProjectDto, ProjectListQuery, ProjectMove,
    ProjectRequest, ProjectStage, StageRequest, next_stages,
};
use salesops_domain::text::clean;
use salesops_domain::workflow::{HistoryEntry, Refusal};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::clients::{cadence, scope};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::projects::queries::{self as q, NewProject, Project, ProjectChangeset};
use crate::workflow::{self, Move};

fn load(conn: &mut DbConn, id: i64) -> AppResult<ProjectDto> {
    Ok(q::find(conn, id)?
        .ok_or(AppError::NotFound("project"))?
        .to_dto())
}

/// The owners whose deals the caller sees (finance and admin: everyone; `None`), narrowed to
/// one person or one team's members when asked; a person outside the scope narrows to
/// nobody rather than widening it.
pub fn deal_owners(
    conn: &mut DbConn,
    ctx: &Ctx,
    owner_id: Option<i64>,
    team_id: Option<i64>,
) -> AppResult<Option<Vec<i64>>> {
    let mut owners = Principal::owners_in(conn, ctx.money_scope())?;
    let mut narrow = |wanted: Vec<i64>| {
        owners = Some(match owners.take() {
            None => wanted,
            Some(visible) => visible.into_iter().filter(|o| wanted.contains(o)).collect(),
        });
    };
    if let Some(o) = owner_id {
        narrow(vec![o]);
    }
    if let Some(t) = team_id {
        narrow(scope::team_members(conn, t)?);
    }
    Ok(owners)
}

fn dates(req: &ProjectRequest) -> (Option<String>, Option<String>) {
    (
        req.bid_date.map(|d| d.to_string()),
        req.expected_close.map(|d| d.to_string()),
    )
}

/// A project on a client the caller may see, in `design`; the client becomes a key client
/// for the cadence while it is there.
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &ProjectRequest) -> AppResult<ProjectDto> {
    ctx.require(Capability::DealsWrite)?;
    let (bid_date, expected_close) = dates(req);
    db::write(conn, |tx| {
        scope::client_in_scope(tx, ctx, req.client_id)
            .map_err(|_| AppError::validation("client_id", "not_found", "no such client"))?;
        let dto = audit::created(
            tx,
            &ctx.actor(),
            "project.create",
            "project",
            |tx| {
                Ok(q::insert(
                    tx,
                    &NewProject {
                        client_id: req.client_id,
                        name: salesops_domain::text::trim(&req.name).to_owned(),
                        stage: ProjectStage::Design.as_str(),
                        expected_amount_fen: req.expected_amount_fen,
                        bid_date,
                        expected_close,
                        notes: clean(req.notes.as_deref()),
                        created_by: ctx.user_id,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?)
            },
            load,
        )?;
        cadence::refresh(tx, req.client_id, ctx.tz(), ctx.now)?;
        Ok(dto)
    })
}

/// Change an open project's details (the owner, their manager or an admin), sending
/// `version`; its client stays and its stage moves only with `stage`.
pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ProjectRequest,
) -> AppResult<ProjectDto> {
    ctx.require(Capability::DealsWrite)?;
    let (bid_date, expected_close) = dates(req);
    db::write(conn, |tx| {
        let project = workflow::in_scope::<Project>(tx, ctx, id)?;
        let standing = ctx.standing(tx, project.owner_id)?;
        if !(standing.is_owner || standing.manages_owner || ctx.is_admin()) {
            return Err(AppError::forbidden(
                "only the client's owner, their manager or an admin changes a project",
            ));
        }
        if req.client_id != project.row.client_id {
            return Err(AppError::validation(
                "client_id",
                "fixed",
                "a project stays with its client",
            ));
        }
        if req.version.is_some_and(|v| v != project.row.version) {
            return Err(AppError::stale("project"));
        }
        if !project.row.stage.is_open() {
            return Err(AppError::conflict(
                "invalid_state",
                format!(
                    "the project is `{}`; a closed project is not changed",
                    project.row.stage
                ),
            ));
        }
        audit::changed(
            tx,
            &ctx.actor(),
            "project.update",
            "project",
            id,
            load,
            |tx, _| {
                let changes = ProjectChangeset {
                    name: Some(salesops_domain::text::trim(&req.name).to_owned()),
                    expected_amount_fen: Some(req.expected_amount_fen),
                    bid_date: Some(bid_date),
                    expected_close: Some(expected_close),
                    notes: Some(clean(req.notes.as_deref())),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                };
                if q::update_if_version(tx, id, project.row.version, &changes)? {
                    Ok(())
                } else {
                    Err(AppError::stale("project"))
                }
            },
        )
    })
}

fn stage_names(stages: &[ProjectStage]) -> String {
    stages
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Move the project one stage forward, or to `won` or `lost` (with the reason in `note`).
pub fn move_stage(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &StageRequest,
) -> AppResult<ProjectDto> {
    ctx.require(Capability::DealsWrite)?;
    let note = clean(req.note.as_deref());
    if req.stage == ProjectStage::Lost && note.is_none() {
        return Err(AppError::validation(
            "note",
            "required",
            "say why the project was lost",
        ));
    }
    db::write(conn, |tx| {
        let project = workflow::in_scope::<Project>(tx, ctx, id)?;
        let from = project.row.stage;
        let not_next = || {
            AppError::conflict(
                "invalid_stage",
                format!(
                    "a project in `{from}` moves to {}; not to `{}`",
                    match next_stages(from).as_slice() {
                        [] => "no other stage (it is closed)".to_owned(),
                        next => stage_names(next),
                    },
                    req.stage
                ),
            )
        };
        let action = ProjectMove::to(req.stage).ok_or_else(not_next)?;
        let standing = ctx.standing(tx, project.owner_id)?;
        if let Err(Refusal::InvalidState { .. }) = PROJECT_FLOW.decide(from, action, &standing) {
            return Err(not_next());
        }
        let mv = Move::new(action, Some(req.version), note.as_deref());
        let dto = workflow::transition::<Project>(tx, ctx, id, mv, |_, _, to| {
            Ok(ProjectChangeset {
                lost_reason: (to == ProjectStage::Lost).then(|| note.clone()),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })?;
        if from == ProjectStage::Design {
            cadence::refresh(tx, project.row.client_id, ctx.tz(), ctx.now)?;
        }
        Ok(dto)
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ProjectDto> {
    ctx.require(Capability::DealsRead)?;
    Ok(workflow::in_scope::<Project>(conn, ctx, id)?.to_dto())
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ProjectListQuery,
    page: &PageQuery,
) -> AppResult<Page<ProjectDto>> {
    ctx.require(Capability::DealsRead)?;
    let owners = deal_owners(conn, ctx, None, None)?;
    q::list(conn, owners.as_deref(), filter, page)
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::DealsRead)?;
    workflow::history::<Project>(conn, ctx, id)
}

pub fn pipeline(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &PipelineQuery,
) -> AppResult<Vec<PipelineStage>> {
    ctx.require(Capability::DealsRead)?;
    let owners = deal_owners(conn, ctx, query.owner_id, query.team_id)?;
    q::pipeline(conn, owners.as_deref())
}
