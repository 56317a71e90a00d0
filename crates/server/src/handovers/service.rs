//! Handover use cases (HR or admin).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::handovers::{CreateHandoverRequest, HandoverDto, HandoverPreviewDto};
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::Ctx;
use crate::access::api_key;
use crate::access::queries as access_q;
use crate::audit;
use crate::clock;
use crate::db::schema::handovers;
use crate::db::types::{Json, json_text};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::handovers::registry::OWNABLE_KINDS;
use crate::users::queries::{self as users_q, UserChangeset};

type Row = (
    i64,
    i64,
    i64,
    Option<i64>,
    Option<String>,
    Json<BTreeMap<String, i64>>,
    NaiveDateTime,
);

fn to_dto(r: Row) -> HandoverDto {
    HandoverDto {
        id: r.0,
        from_user_id: r.1,
        to_user_id: r.2,
        actor_id: r.3,
        note: r.4,
        counts: r.5.0,
        created_at: clock::utc(r.6),
    }
}

fn columns() -> (
    handovers::id,
    handovers::from_user_id,
    handovers::to_user_id,
    handovers::actor_id,
    handovers::note,
    handovers::counts_json,
    handovers::created_at,
) {
    (
        handovers::id,
        handovers::from_user_id,
        handovers::to_user_id,
        handovers::actor_id,
        handovers::note,
        handovers::counts_json,
        handovers::created_at,
    )
}

fn ensure_leaver(conn: &mut DbConn, ctx: &Ctx, from: i64) -> AppResult<()> {
    if users_q::find(conn, from)?.is_none() {
        return Err(AppError::validation(
            "from_user_id",
            "not_found",
            "no such user",
        ));
    }
    if from == ctx.user_id {
        return Err(AppError::validation(
            "from_user_id",
            "self",
            "you cannot hand over your own account",
        ));
    }
    if users_q::roles_of(conn, from)?.contains(&Role::Admin) && !ctx.is_admin() {
        return Err(AppError::forbidden("only an admin may hand over an admin"));
    }
    Ok(())
}

/// Serialises handovers of one leaver (PostgreSQL; SQLite's IMMEDIATE transaction already
/// serialises every writer): the second waits, then finds nothing left to move.
fn lock_leaver(tx: &mut Tx<'_>, from: i64) -> AppResult<()> {
    if let DbConn::Postgres(_) = tx.conn() {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7, $1::int4)")
            .bind::<diesel::sql_types::Integer, _>(i32::try_from(from).unwrap_or(i32::MAX))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// The successor takes over clients and plans: an enabled salesperson or manager (whatever
/// other roles the operator holds, never someone who does not sell).
fn ensure_successor(conn: &mut DbConn, to: i64) -> AppResult<()> {
    let enabled = users_q::find(conn, to)?.is_some_and(|u| u.disabled_at.is_none());
    let sells = users_q::roles_of(conn, to)?
        .iter()
        .any(|r| matches!(r, Role::Salesperson | Role::Manager));
    if enabled && sells {
        Ok(())
    } else {
        Err(AppError::validation(
            "to_user_id",
            "not_a_successor",
            "the successor must be an enabled salesperson or manager",
        ))
    }
}

pub fn preview(conn: &mut DbConn, ctx: &Ctx, from: i64) -> AppResult<HandoverPreviewDto> {
    ctx.require(Capability::HandoversManage)?;
    ensure_leaver(conn, ctx, from)?;
    let mut counts = BTreeMap::new();
    for kind in OWNABLE_KINDS {
        counts.insert(kind.kind.to_owned(), (kind.count)(conn, from)?);
    }
    Ok(HandoverPreviewDto {
        from_user_id: from,
        counts,
    })
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateHandoverRequest) -> AppResult<HandoverDto> {
    ctx.require(Capability::HandoversManage)?;
    if req.from_user_id == req.to_user_id {
        return Err(AppError::validation(
            "to_user_id",
            "same_user",
            "the successor must be someone else",
        ));
    }
    crate::db::write(conn, |c| {
        lock_leaver(c, req.from_user_id)?;
        ensure_leaver(c, ctx, req.from_user_id)?;
        ensure_successor(c, req.to_user_id)?;
        let actor = ctx.actor();
        let mut counts = BTreeMap::new();
        for kind in OWNABLE_KINDS {
            let n = (kind.move_all)(c, &actor, req.from_user_id, req.to_user_id)?;
            counts.insert(kind.kind.to_owned(), n);
        }
        let now = ctx.now;
        let before = users_q::dto(c, req.from_user_id)?;
        if before.as_ref().is_some_and(|u| !u.disabled) {
            users_q::update(
                c,
                req.from_user_id,
                &UserChangeset {
                    disabled_at: Some(Some(now)),
                    updated_at: Some(now),
                    ..Default::default()
                },
            )?;
            let after = users_q::dto(c, req.from_user_id)?;
            audit::record(
                c,
                &actor,
                "user.disable",
                "user",
                req.from_user_id,
                before.as_ref(),
                after.as_ref(),
            )?;
        }
        access_q::revoke_user_sessions(c, req.from_user_id, None, "handover", now)?;
        api_key::revoke_user_keys(c, req.from_user_id, Some(ctx.user_id), "handover", now)?;
        let counts_json = json_text(&counts)?;
        let note = salesops_domain::text::clean(req.note.as_deref());
        let id: i64 = diesel::insert_into(handovers::table)
            .values((
                handovers::from_user_id.eq(req.from_user_id),
                handovers::to_user_id.eq(req.to_user_id),
                handovers::actor_id.eq(ctx.user_id),
                handovers::note.eq(note),
                handovers::counts_json.eq(counts_json),
                handovers::created_at.eq(now),
            ))
            .returning(handovers::id)
            .get_result(c.conn())?;
        let row: Row = handovers::table
            .find(id)
            .select(columns())
            .first(c.conn())?;
        let dto = to_dto(row);
        audit::record::<(), _>(
            c,
            &actor,
            "handover.create",
            "handover",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}

pub fn list(conn: &mut DbConn, ctx: &Ctx, page: &PageQuery) -> AppResult<Page<HandoverDto>> {
    ctx.require(Capability::HandoversManage)?;
    let fetched = crate::db::list::fetch!(
        conn,
        page,
        || handovers::table.into_boxed(),
        id = handovers::id,
        changed = handovers::created_at,
        order = (handovers::created_at.desc(), handovers::id.desc()),
        select = columns(),
    );
    fetched.into_page(page, |r| Ok::<_, AppError>(to_dto(r)))
}
