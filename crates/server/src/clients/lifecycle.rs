//! Archive and restore, the history, and satisfaction surveys of a client.

use salesops_domain::client_changes::{ClientHistoryDto, SatisfactionDto, SatisfactionRequest};
use salesops_domain::clients::ClientDto;

use salesops_domain::text::clean;

use crate::access::Ctx;
use crate::audit;
use crate::clients::queries::{self as q, ClientChangeset};
use crate::clients::service::dto;
use crate::clients::{cadence, scope};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// Archives (or, with `archived = false`, restores) a client. Nothing is deleted.
pub fn set_archived(conn: &mut DbConn, ctx: &Ctx, id: i64, archived: bool) -> AppResult<ClientDto> {
    let tz = ctx.tz();
    crate::db::write(conn, |c| {
        let row = scope::client_in_scope(c, ctx, id)?;
        if row.archived_at.is_some() == archived {
            return dto(c, id, tz);
        }
        let action = if archived {
            "client.archive"
        } else {
            "client.restore"
        };
        let load = |c: &mut DbConn, id| dto(c, id, tz);
        audit::changed(c, &ctx.actor(), action, "client", id, load, |c, _| {
            let changes = ClientChangeset {
                archived_at: Some(archived.then_some(ctx.now)),
                updated_at: Some(ctx.now),
                ..Default::default()
            };
            if !q::update_if_version(c, id, row.version, &changes)? {
                return Err(AppError::stale("client"));
            }
            cadence::refresh(c, id, tz, ctx.now)?;
            Ok(())
        })
    })
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<ClientHistoryDto>> {
    scope::client_in_scope(conn, ctx, id)?;
    Ok(q::history(conn, id)?)
}

pub fn add_satisfaction(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &SatisfactionRequest,
) -> AppResult<SatisfactionDto> {
    crate::db::write(conn, |c| {
        scope::client_in_scope(c, ctx, id)?;
        let comment = clean(req.comment.as_deref());
        let dto =
            q::insert_satisfaction(c, id, ctx.user_id, req.score, comment.as_deref(), ctx.now)?;
        audit::record::<(), _>(
            c,
            &ctx.actor(),
            "client.satisfaction",
            "client",
            id,
            None,
            Some(&dto),
        )?;
        Ok(dto)
    })
}
