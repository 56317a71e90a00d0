//! User management use cases. Admin manages everything; HR may list, create and disable
//! users but never grants or touches the admin role.

use diesel::Connection;
use diesel::prelude::*;
use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto, UserListQuery};
use salesops_domain::{FieldError, Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::queries as auth_q;
use crate::auth::{Principal, password};
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::teams;
use crate::error::{AppError, AppResult};
use crate::users::queries::{self as q, NewUser, UserChangeset};

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &UserListQuery,
    page: PageQuery,
) -> AppResult<Page<UserDto>> {
    // Admin and HR list everyone; a manager lists their teams' members (to reassign, to pick
    // who to look at); anyone else manages nobody.
    let only = if principal.has(Role::Admin) || principal.has(Role::Hr) {
        None
    } else {
        principal.require_any(&[Role::Manager])?;
        principal.visible_owners(conn)?
    };
    let (items, total) = q::list(conn, only.as_deref(), filter, page)?;
    Ok(Page::new(items, total, page))
}

/// Admin and HR see everyone; a manager sees the members of their teams; anyone sees themself.
pub fn get(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<UserDto> {
    let visible = principal.has(Role::Admin)
        || principal.has(Role::Hr)
        || principal.may_access_owner(conn, id)?;
    if !visible {
        return Err(AppError::NotFound("user"));
    }
    q::dto(conn, id)?.ok_or(AppError::NotFound("user"))
}

fn ensure_team_exists(conn: &mut DbConn, team_id: Option<i64>) -> AppResult<()> {
    if let Some(id) = team_id {
        let exists: bool =
            diesel::select(diesel::dsl::exists(teams::table.find(id))).get_result(conn)?;
        if !exists {
            return Err(AppError::validation("team_id", "not_found", "no such team"));
        }
    }
    Ok(())
}

fn ensure_may_grant(principal: &Principal, roles: &[Role]) -> AppResult<()> {
    if roles.contains(&Role::Admin) && !principal.is_admin() {
        return Err(AppError::forbidden(
            "only an admin may grant the admin role",
        ));
    }
    Ok(())
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateUserRequest,
) -> AppResult<UserDto> {
    principal.require_any(&[Role::Admin, Role::Hr])?;
    ensure_may_grant(principal, &req.roles)?;
    let username = req.username.trim().to_lowercase();
    let hash = password::hash(&req.password)?;
    let now = clock::now();
    conn.transaction(|c| {
        ensure_team_exists(c, req.team_id)?;
        if q::username_taken(c, &username)? {
            return Err(AppError::Conflict {
                code: "duplicate",
                detail: format!("the username `{username}` is taken"),
                errors: vec![FieldError::new(
                    "username",
                    "taken",
                    "this username is taken",
                )],
            });
        }
        let phone = trimmed(&req.phone);
        let email = trimmed(&req.email);
        let id = q::insert(
            c,
            &NewUser {
                username: &username,
                display_name: req.display_name.trim(),
                password_hash: &hash,
                team_id: req.team_id,
                phone: phone.as_deref(),
                email: email.as_deref(),
                created_at: now,
                updated_at: now,
            },
        )?;
        q::set_roles(c, id, &req.roles)?;
        let dto = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "user.create",
            "user",
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
    req: &UpdateUserRequest,
) -> AppResult<UserDto> {
    principal.require_any(&[Role::Admin])?;
    conn.transaction(|c| {
        let before = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        if let Some(roles) = &req.roles {
            if id == principal.user_id && !roles.contains(&Role::Admin) {
                return Err(AppError::validation(
                    "roles",
                    "self_lockout",
                    "you cannot remove your own admin role",
                ));
            }
            q::set_roles(c, id, roles)?;
        }
        if let Some(team) = req.team_id {
            ensure_team_exists(c, team)?;
        }
        let changes = UserChangeset {
            display_name: req.display_name.as_deref().map(|s| s.trim().to_owned()),
            team_id: req.team_id,
            phone: req.phone.as_ref().map(trimmed),
            email: req.email.as_ref().map(trimmed),
            updated_at: Some(clock::now()),
            ..Default::default()
        };
        q::update(c, id, &changes)?;
        let after = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        audit::record(
            c,
            &Actor::from(principal),
            "user.update",
            "user",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// Disables an account: sign-in is refused and every session (so every token) ends at once.
pub fn disable(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<UserDto> {
    principal.require_any(&[Role::Admin, Role::Hr])?;
    if id == principal.user_id {
        return Err(AppError::conflict(
            "self_disable",
            "you cannot disable your own account",
        ));
    }
    conn.transaction(|c| {
        let before = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        if before.has_role(Role::Admin) && !principal.is_admin() {
            return Err(AppError::forbidden("only an admin may disable an admin"));
        }
        if before.disabled {
            return Ok(before);
        }
        let now = clock::now();
        q::update(
            c,
            id,
            &UserChangeset {
                disabled_at: Some(Some(now)),
                updated_at: Some(now),
                ..Default::default()
            },
        )?;
        auth_q::revoke_user_sessions(c, id, None, "user_disabled", now)?;
        let after = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        audit::record(
            c,
            &Actor::from(principal),
            "user.disable",
            "user",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn enable(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<UserDto> {
    principal.require_any(&[Role::Admin, Role::Hr])?;
    conn.transaction(|c| {
        let before = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        if before.has_role(Role::Admin) && !principal.is_admin() {
            return Err(AppError::forbidden("only an admin may enable an admin"));
        }
        if !before.disabled {
            return Ok(before);
        }
        q::update(
            c,
            id,
            &UserChangeset {
                disabled_at: Some(None),
                updated_at: Some(clock::now()),
                ..Default::default()
            },
        )?;
        let after = q::dto(c, id)?.ok_or(AppError::NotFound("user"))?;
        audit::record(
            c,
            &Actor::from(principal),
            "user.enable",
            "user",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}
