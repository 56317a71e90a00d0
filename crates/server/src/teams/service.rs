//! Team use cases. Admin manages teams; admin, HR and finance read them all; a manager reads
//! the teams in their scope; anyone else reads their own team.

use diesel::Connection;
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest, would_create_cycle};
use salesops_domain::{Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clock;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::teams::queries::{self as q, NewTeam, TeamChangeset};
use crate::users::queries as users_q;

fn reads_all(principal: &Principal) -> bool {
    principal.has(Role::Admin) || principal.has(Role::Hr) || principal.has(Role::Finance)
}

fn visible_ids(principal: &Principal) -> Vec<i64> {
    let mut ids: Vec<i64> = principal.managed_teams.iter().copied().collect();
    ids.extend(principal.team_id);
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub fn list(conn: &mut DbConn, principal: &Principal, page: PageQuery) -> AppResult<Page<TeamDto>> {
    let only = (!reads_all(principal)).then(|| visible_ids(principal));
    let (items, total) = q::list(conn, only.as_deref(), page)?;
    Ok(Page::new(items, total, page))
}

pub fn get(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<TeamDto> {
    if !reads_all(principal) && !visible_ids(principal).contains(&id) {
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

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateTeamRequest,
) -> AppResult<TeamDto> {
    principal.require_any(&[Role::Admin])?;
    conn.transaction(|c| {
        ensure_manager(c, req.manager_id)?;
        ensure_parent(c, None, req.parent_id)?;
        let now = clock::now();
        let region = req
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let id = q::insert(
            c,
            &NewTeam {
                name: req.name.trim(),
                region,
                manager_id: req.manager_id,
                parent_id: req.parent_id,
                created_at: now,
                updated_at: now,
            },
        )?;
        let dto = q::find(c, id)?.ok_or(AppError::NotFound("team"))?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "team.create",
            "team",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &UpdateTeamRequest,
) -> AppResult<TeamDto> {
    principal.require_any(&[Role::Admin])?;
    conn.transaction(|c| {
        let before = q::find(c, id)?.ok_or(AppError::NotFound("team"))?;
        if let Some(manager) = req.manager_id {
            ensure_manager(c, manager)?;
        }
        if let Some(parent) = req.parent_id {
            ensure_parent(c, Some(id), parent)?;
        }
        let changes = TeamChangeset {
            name: req.name.as_deref().map(|n| n.trim().to_owned()),
            region: req.region.as_ref().map(|r| {
                r.as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
            }),
            manager_id: req.manager_id,
            parent_id: req.parent_id,
            updated_at: Some(clock::now()),
        };
        q::update(c, id, &changes)?;
        let after = q::find(c, id)?.ok_or(AppError::NotFound("team"))?;
        audit::record(
            c,
            &Actor::from(principal),
            "team.update",
            "team",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}
