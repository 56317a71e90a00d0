//! Handover use cases (HR or admin).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::handovers::{CreateHandoverRequest, HandoverDto, HandoverPreviewDto};
use salesops_domain::{Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::auth::queries as auth_q;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::handovers;
use crate::error::{AppError, AppResult};
use crate::handovers::registry::OWNABLE_KINDS;
use crate::users::queries::{self as users_q, UserChangeset};

type Row = (
    i64,
    i64,
    i64,
    Option<i64>,
    Option<String>,
    String,
    NaiveDateTime,
);

fn to_dto(r: Row) -> HandoverDto {
    HandoverDto {
        id: r.0,
        from_user_id: r.1,
        to_user_id: r.2,
        actor_id: r.3,
        note: r.4,
        counts: serde_json::from_str(&r.5).unwrap_or_default(),
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

fn ensure_leaver(conn: &mut DbConn, principal: &Principal, from: i64) -> AppResult<()> {
    if users_q::find(conn, from)?.is_none() {
        return Err(AppError::validation(
            "from_user_id",
            "not_found",
            "no such user",
        ));
    }
    if from == principal.user_id {
        return Err(AppError::validation(
            "from_user_id",
            "self",
            "you cannot hand over your own account",
        ));
    }
    if users_q::roles_of(conn, from)?.contains(&Role::Admin) && !principal.is_admin() {
        return Err(AppError::forbidden("only an admin may hand over an admin"));
    }
    Ok(())
}

pub fn preview(
    conn: &mut DbConn,
    principal: &Principal,
    from: i64,
) -> AppResult<HandoverPreviewDto> {
    principal.require_any(&[Role::Admin, Role::Hr])?;
    ensure_leaver(conn, principal, from)?;
    let mut counts = BTreeMap::new();
    for kind in OWNABLE_KINDS {
        counts.insert(kind.kind.to_owned(), (kind.count)(conn, from)?);
    }
    Ok(HandoverPreviewDto {
        from_user_id: from,
        counts,
    })
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreateHandoverRequest,
) -> AppResult<HandoverDto> {
    principal.require_any(&[Role::Admin, Role::Hr])?;
    if req.from_user_id == req.to_user_id {
        return Err(AppError::validation(
            "to_user_id",
            "same_user",
            "the successor must be someone else",
        ));
    }
    crate::db::transaction(conn, |c| {
        ensure_leaver(c, principal, req.from_user_id)?;
        match users_q::find(c, req.to_user_id)? {
            Some(u) if u.disabled_at.is_none() => {}
            _ => {
                return Err(AppError::validation(
                    "to_user_id",
                    "not_found",
                    "no enabled user with this id",
                ));
            }
        }
        let actor = Actor::from(principal);
        let mut counts = BTreeMap::new();
        for kind in OWNABLE_KINDS {
            let n = (kind.move_all)(c, &actor, req.from_user_id, req.to_user_id)?;
            counts.insert(kind.kind.to_owned(), n);
        }
        let now = clock::now();
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
        auth_q::revoke_user_sessions(c, req.from_user_id, None, "handover", now)?;
        let counts_json =
            serde_json::to_string(&counts).map_err(|e| AppError::Internal(e.to_string()))?;
        let note = crate::clients::service::clean(req.note.as_deref());
        let id: i64 = diesel::insert_into(handovers::table)
            .values((
                handovers::from_user_id.eq(req.from_user_id),
                handovers::to_user_id.eq(req.to_user_id),
                handovers::actor_id.eq(principal.user_id),
                handovers::note.eq(note),
                handovers::counts_json.eq(counts_json),
                handovers::created_at.eq(now),
            ))
            .returning(handovers::id)
            .get_result(c)?;
        let row: Row = handovers::table.find(id).select(columns()).first(c)?;
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

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    page: PageQuery,
) -> AppResult<Page<HandoverDto>> {
    principal.require_any(&[Role::Admin, Role::Hr])?;
    let total: i64 = handovers::table.count().get_result(conn)?;
    let rows: Vec<Row> = handovers::table
        .select(columns())
        .order((handovers::created_at.desc(), handovers::id.desc()))
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    Ok(Page::new(
        rows.into_iter().map(to_dto).collect(),
        total,
        page,
    ))
}
