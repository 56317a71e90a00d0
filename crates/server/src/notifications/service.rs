//! Notification use cases: everybody reads and marks only their own.

use salesops_domain::notifications::{
    MarkReadRequest, NotificationDto, NotificationListQuery, UnreadCount,
};
use salesops_domain::{Page, PageQuery};

use crate::access::Ctx;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::notifications::queries as q;

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &NotificationListQuery,
    page: &PageQuery,
) -> AppResult<Page<NotificationDto>> {
    q::list(conn, ctx.user_id, filter, page)
}

pub fn unread(conn: &mut DbConn, ctx: &Ctx) -> AppResult<UnreadCount> {
    Ok(UnreadCount {
        unread: q::unread_count(conn, ctx.user_id)?,
    })
}

/// Marks notifications read: exactly one of `ids` or `all: true` (422 naming the field
/// otherwise). Ids that are not the caller's are ignored, as unknown ones are: answering 404
/// for them would tell which ids exist. Answers the unread count after.
pub fn mark_read(conn: &mut DbConn, ctx: &Ctx, req: &MarkReadRequest) -> AppResult<UnreadCount> {
    if let Some(field) = req.problem_field() {
        return Err(AppError::validation(
            field,
            "one_of",
            "send exactly one of `ids` (a list) or `all: true`",
        ));
    }
    db::write(conn, |tx| {
        q::mark_read(tx, ctx.user_id, req.ids.as_deref(), ctx.now)?;
        Ok(UnreadCount {
            unread: q::unread_count(tx, ctx.user_id)?,
        })
    })
}
