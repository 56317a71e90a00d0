use salesops_domain::changes::{ChangePage, ChangesQuery};

use crate::access::Ctx;
use crate::changes::queries::{FeedScope, read};
use crate::db::DbConn;
use crate::error::AppResult;

/// `GET /changes`: any signed-in caller or key; what they see is their scope's.
pub fn list(conn: &mut DbConn, ctx: &Ctx, query: &ChangesQuery) -> AppResult<ChangePage> {
    let key_scopes = ctx.api_key.as_ref().map(|k| k.scopes.as_slice());
    let wanted = query.type_list();
    let scope = FeedScope::of(conn, ctx, key_scopes, wanted.as_deref())?;
    let limit = query.limit();
    let (rows, next) = read(conn, &scope, query.cursor(), limit)?;
    Ok(ChangePage {
        has_more: rows.len() == limit as usize,
        items: rows.iter().map(|r| r.to_dto()).collect(),
        next_cursor: next.to_string(),
    })
}
