//! Team use cases. Admin manages teams; admin, HR and finance read them all; a manager reads
//! the teams in their scope; anyone else reads their own team.

use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest, would_create_cycle};
use salesops_domain::text::{clean_ref, cleaned};
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::Ctx;
use crate::audit;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::teams::queries::{self as q, NewTeam, TeamChangeset};
use crate::users::queries as users_q;

fn reads_all(ctx: &Ctx) -> bool {
    ctx.has(Role::Admin) || ctx.has(Role::Hr) || ctx.has(Role::Finance)
}

fn visible_ids(ctx: &Ctx) -> Vec<i64> {
    let mut ids: Vec<i64> = ctx.managed_teams.iter().copied().collect();
    ids.extend(ctx.team_id);
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub fn list(conn: &mut DbConn, ctx: &Ctx, page: &PageQuery) -> AppResult<Page<TeamDto>> {
    let only = (!reads_all(ctx)).then(|| visible_ids(ctx));
    q::list(conn, only.as_deref(), page)
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<TeamDto> {
    if !reads_all(ctx) && !visible_ids(ctx).contains(&id) {
        return Err(AppError::NotFound("team"));
    }
    q::find(conn, id)?.ok_or(AppError::NotFound("team"))
}

/// A team's manager must be an existing user holding the manager role.
fn ensure_manager(conn: &mut DbConn, manager_id: Option<i64>) -> AppResult<()> {
    if let Some(id) = manager_id {
        let roles = match users_q::find(conn, id)? {
            Some(_) => users_q::roles_of(conn, id)?,
            None => {
                return Err(AppError::validation(
                    "manager_id",
                    "not_found",
                    "no such user",
                ));
            }
        };
        if !roles.contains(&Role::Manager) {
            return Err(AppError::validation(
                "manager_id",
                "not_manager",
                "the user does not hold the manager role",
            ));
        }
    }
    Ok(())
}

fn ensure_parent(conn: &mut DbConn, team_id: Option<i64>, parent_id: Option<i64>) -> AppResult<()> {
    let Some(parent) = parent_id else {
        return Ok(());
    };
    let tree = q::tree(conn)?;
    if !tree.iter().any(|(id, _)| *id == parent) {
        return Err(AppError::validation(
            "parent_id",
            "not_found",
            "no such team",
        ));
    }
    if team_id.is_some_and(|id| would_create_cycle(id, parent, &tree)) {
        return Err(AppError::validation(
            "parent_id",
            "cycle",
            "a team cannot sit below itself",
        ));
    }
    Ok(())
}

fn dto(conn: &mut DbConn, id: i64) -> AppResult<TeamDto> {
    q::find(conn, id)?.ok_or(AppError::NotFound("team"))
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateTeamRequest) -> AppResult<TeamDto> {
    ctx.require(Capability::TeamsManage)?;
    crate::db::write(conn, |tx| {
        ensure_manager(tx, req.manager_id)?;
        ensure_parent(tx, None, req.parent_id)?;
        audit::created(
            tx,
            &ctx.actor(),
            "team.create",
            "team",
            |tx| {
                Ok(q::insert(
                    tx,
                    &NewTeam {
                        name: req.name.trim(),
                        region: clean_ref(req.region.as_deref()),
                        manager_id: req.manager_id,
                        parent_id: req.parent_id,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?)
            },
            dto,
        )
    })
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateTeamRequest,
) -> AppResult<TeamDto> {
    ctx.require(Capability::TeamsManage)?;
    crate::db::write(conn, |tx| {
        audit::changed(tx, &ctx.actor(), "team.update", "team", id, dto, |tx, _| {
            if let Some(manager) = req.manager_id {
                ensure_manager(tx, manager)?;
            }
            if let Some(parent) = req.parent_id {
                ensure_parent(tx, Some(id), parent)?;
            }
            let changes = TeamChangeset {
                name: req.name.as_deref().map(|n| n.trim().to_owned()),
                region: req.region.as_ref().map(cleaned),
                manager_id: req.manager_id,
                parent_id: req.parent_id,
                updated_at: Some(ctx.now),
            };
            q::update(tx, id, &changes)?;
            Ok(())
        })
    })
}
