//! Archive and restore, the history, and satisfaction surveys of a client.

use salesops_domain::client_changes::{ClientHistoryDto, SatisfactionDto, SatisfactionRequest};
use salesops_domain::clients::ClientDto;

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clients::queries::{self as q, ClientChangeset};
use crate::clients::service::{clean, dto};
use crate::clients::{cadence, scope};
use crate::clock;
use crate::db::DbConn;
use crate::error::AppResult;

/// Archives (or, with `archived = false`, restores) a client. Nothing is deleted.
pub fn set_archived(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    archived: bool,
    tz: chrono_tz::Tz,
) -> AppResult<ClientDto> {
    crate::db::transaction(conn, |c| {
        let row = scope::client_in_scope(c, principal, id)?;
        if row.archived_at.is_some() == archived {
            return dto(c, id, tz);
        }
        let before = dto(c, id, tz)?;
        let now = clock::now();
        q::update(
            c,
            id,
            &ClientChangeset {
                archived_at: Some(archived.then_some(now)),
                updated_at: Some(now),
                version: Some(row.version + 1),
                ..Default::default()
            },
        )?;
        cadence::refresh(c, id, tz)?;
        let after = dto(c, id, tz)?;
        let action = if archived {
            "client.archive"
        } else {
            "client.restore"
        };
        audit::record(
            c,
            &Actor::from(principal),
            action,
            "client",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn history(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
) -> AppResult<Vec<ClientHistoryDto>> {
    scope::client_in_scope(conn, principal, id)?;
    Ok(q::history(conn, id)?)
}

pub fn add_satisfaction(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &SatisfactionRequest,
) -> AppResult<SatisfactionDto> {
    crate::db::transaction(conn, |c| {
        scope::client_in_scope(c, principal, id)?;
        let comment = clean(req.comment.as_deref());
        let dto = q::insert_satisfaction(
            c,
            id,
            principal.user_id,
            req.score,
            comment.as_deref(),
            clock::now(),
        )?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "client.satisfaction",
            "client",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}
