//! Every workflow document's history: one table, one reader for `GET …/{id}/history`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::workflow::HistoryEntry;

use crate::access::Ctx;
use crate::clock;
use crate::db::schema::{document_history, users};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::workflow::{Document, in_scope};

/// Records one step; called by `transition` (and by documents created already decided, such
/// as a spot-check result).
#[expect(clippy::too_many_arguments, reason = "one column each")]
pub fn record(
    tx: &mut Tx<'_>,
    ctx: &Ctx,
    document: &str,
    id: i64,
    action: &str,
    from: &str,
    to: &str,
    comment: Option<&str>,
) -> AppResult<()> {
    diesel::insert_into(document_history::table)
        .values((
            document_history::document_type.eq(document),
            document_history::document_id.eq(id),
            document_history::action.eq(action),
            document_history::from_state.eq(from),
            document_history::to_state.eq(to),
            document_history::actor_id.eq(Some(ctx.user_id)),
            document_history::comment.eq(comment),
            document_history::created_at.eq(ctx.now),
        ))
        .execute(tx.conn())?;
    Ok(())
}

type Row = (
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    NaiveDateTime,
);

/// The document's steps, oldest first, if the caller may see the document (404 otherwise).
/// A document has a handful of steps; the list is bounded at 1,000.
pub fn history<D: Document>(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    let _doc: D = in_scope(conn, ctx, id)?;
    let rows: Vec<Row> = document_history::table
        .left_join(users::table)
        .filter(document_history::document_type.eq(D::FLOW.document))
        .filter(document_history::document_id.eq(id))
        .select((
            document_history::action,
            document_history::from_state,
            document_history::to_state,
            document_history::actor_id,
            users::display_name.nullable(),
            document_history::comment,
            document_history::created_at,
        ))
        .order(document_history::id.asc())
        .limit(1000)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(action, from_state, to_state, actor_id, actor_name, comment, at)| HistoryEntry {
                action,
                from_state,
                to_state,
                actor_id,
                actor_name,
                comment,
                at: clock::utc(at),
            },
        )
        .collect())
}
