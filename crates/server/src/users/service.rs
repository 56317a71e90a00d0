//! User management use cases. Least privilege: only an admin creates or grants the finance
//! and admin roles; HR creates salespeople and managers, lists and disables users. A password
//! set by someone else must be changed at its first use.

use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto, UserListQuery};
use salesops_domain::{Capability, FieldError, Page, PageQuery, Role};

use crate::access::api_key;
use crate::access::queries as access_q;
use crate::access::{Actor, Ctx, password};
use crate::audit;
use crate::clock;
use crate::db::schema::teams;
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::users::queries::{self as q, NewUser, UserChangeset};

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &UserListQuery,
    page: &PageQuery,
) -> AppResult<Page<UserDto>> {
    ctx.require(Capability::UsersRead)?;
    // Admin and HR list everyone; a manager lists their teams' members (to reassign, to pick
    // who to look at).
    let only = if ctx.has(Role::Admin) || ctx.has(Role::Hr) {
        None
    } else {
        ctx.visible_owners(conn)?
    };
    q::list(conn, only.as_deref(), filter, page)
}

/// Admin and HR see everyone; a manager sees the members of their teams; anyone sees themself.
pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<UserDto> {
    let visible = ctx.has(Role::Admin) || ctx.has(Role::Hr) || ctx.may_access_owner(conn, id)?;
    if !visible {
        return Err(AppError::NotFound("user"));
    }
    q::dto(conn, id)?.ok_or(AppError::NotFound("user"))
}

fn ensure_team_exists(conn: &mut DbConn, team_id: Option<i64>) -> AppResult<()> {
    use diesel::prelude::*;
    if let Some(id) = team_id {
        let exists: bool =
            diesel::select(diesel::dsl::exists(teams::table.find(id))).get_result(conn)?;
        if !exists {
            return Err(AppError::validation("team_id", "not_found", "no such team"));
        }
    }
    Ok(())
}

/// The roles only an admin may grant: money and the system itself.
const ADMIN_GRANTED: [Role; 2] = [Role::Finance, Role::Admin];

fn ensure_may_grant(ctx: &Ctx, roles: &[Role]) -> AppResult<()> {
    if !ctx.is_admin() && roles.iter().any(|r| ADMIN_GRANTED.contains(r)) {
        return Err(AppError::forbidden(
            "only an admin may grant the finance or admin role",
        ));
    }
    Ok(())
}

/// HR changes only salespeople and managers; an admin changes anyone.
fn ensure_may_manage(ctx: &Ctx, user: &UserDto) -> AppResult<()> {
    if !ctx.is_admin() && user.roles.iter().any(|r| ADMIN_GRANTED.contains(r)) {
        return Err(AppError::forbidden(
            "only an admin may change a finance or admin account",
        ));
    }
    Ok(())
}

fn trimmed(s: &Option<String>) -> Option<String> {
    salesops_domain::text::cleaned(s)
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateUserRequest) -> AppResult<UserDto> {
    ctx.require(Capability::UsersManage)?;
    ensure_may_grant(ctx, &req.roles)?;
    let username = req.username.trim().to_lowercase();
    // Hashing is slow on purpose; it runs before the transaction takes the write lock.
    let hash = password::hash(&req.password)?;
    crate::db::write(conn, |tx| {
        ensure_team_exists(tx, req.team_id)?;
        if q::username_taken(tx, &username)? {
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
        audit::created(
            tx,
            &ctx.actor(),
            "user.create",
            "user",
            |tx| {
                let id = q::insert(
                    tx,
                    &NewUser {
                        username: &username,
                        display_name: req.display_name.trim(),
                        password_hash: &hash,
                        team_id: req.team_id,
                        phone: phone.as_deref(),
                        email: email.as_deref(),
                        must_change_password: true,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?;
                q::set_roles(tx, id, &req.roles)?;
                Ok(id)
            },
            dto,
        )
    })
}

fn dto(conn: &mut DbConn, id: i64) -> AppResult<UserDto> {
    q::dto(conn, id)?.ok_or(AppError::NotFound("user"))
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdateUserRequest,
) -> AppResult<UserDto> {
    ctx.require(Capability::UsersEdit)?;
    crate::db::write(conn, |tx| {
        audit::changed(
            tx,
            &ctx.actor(),
            "user.update",
            "user",
            id,
            dto,
            |tx, before| {
                ensure_may_manage(ctx, before)?;
                if let Some(roles) = &req.roles {
                    if id == ctx.user_id && !roles.contains(&Role::Admin) {
                        return Err(AppError::validation(
                            "roles",
                            "self_lockout",
                            "you cannot remove your own admin role",
                        ));
                    }
                    q::set_roles(tx, id, roles)?;
                }
                if let Some(team) = req.team_id {
                    ensure_team_exists(tx, team)?;
                }
                let changes = UserChangeset {
                    display_name: req.display_name.as_deref().map(|s| s.trim().to_owned()),
                    team_id: req.team_id,
                    phone: req.phone.as_ref().map(trimmed),
                    email: req.email.as_ref().map(trimmed),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                };
                q::update(tx, id, &changes)?;
                Ok(())
            },
        )
    })
}

/// Disables an account: sign-in is refused and every session (so every token) ends at once.
pub fn disable(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<UserDto> {
    ctx.require(Capability::UsersManage)?;
    if id == ctx.user_id {
        return Err(AppError::conflict(
            "self_disable",
            "you cannot disable your own account",
        ));
    }
    set_disabled(conn, ctx, id, true)
}

pub fn enable(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<UserDto> {
    ctx.require(Capability::UsersManage)?;
    set_disabled(conn, ctx, id, false)
}

fn set_disabled(conn: &mut DbConn, ctx: &Ctx, id: i64, disabled: bool) -> AppResult<UserDto> {
    crate::db::write(conn, |tx| {
        let current = dto(tx, id)?;
        ensure_may_manage(ctx, &current)?;
        if current.disabled == disabled {
            return Ok(current);
        }
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        audit::changed(tx, &ctx.actor(), action, "user", id, dto, |tx, _| {
            q::update(
                tx,
                id,
                &UserChangeset {
                    disabled_at: Some(disabled.then_some(ctx.now)),
                    updated_at: Some(ctx.now),
                    ..Default::default()
                },
            )?;
            if disabled {
                access_q::revoke_user_sessions(tx, id, None, "user_disabled", ctx.now)?;
                // SPEC §1: a disabled person's keys stop with them, and stay stopped if
                // the account is enabled again (the admin issues new ones).
                api_key::revoke_user_keys(tx, id, Some(ctx.user_id), "user_disabled", ctx.now)?;
            }
            Ok(())
        })
    })
}

/// Inserts a user with roles and an audit event, as the system; `password_hash` is already
/// hashed (hash once for many users).
pub fn create_system_user(
    tx: &mut Tx<'_>,
    username: &str,
    display_name: &str,
    password_hash: &str,
    roles: &[Role],
    team_id: Option<i64>,
) -> AppResult<i64> {
    let now = clock::now();
    let dto = audit::created(
        tx,
        &Actor::SYSTEM,
        "user.create",
        "user",
        |tx| {
            let id = q::insert(
                tx,
                &NewUser {
                    username,
                    display_name,
                    password_hash,
                    team_id,
                    phone: None,
                    email: None,
                    must_change_password: false,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            q::set_roles(tx, id, roles)?;
            Ok(id)
        },
        dto,
    )?;
    Ok(dto.id)
}
