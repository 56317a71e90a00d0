//! Who may see which clients (SPEC §2, confidential): the owner, the owner's managers
//! (recursively) and admin. Finance and HR see no client details: lists answer 403, single
//! records 404. Follow-ups and cases inherit the scope of their client.

use chrono::{NaiveDate, Utc};
use diesel::dsl::{Eq, EqAny};
use diesel::prelude::*;
use diesel::query_dsl::methods;
use salesops_domain::Capability;

use crate::access::Ctx;
use crate::clients::queries::{self as q, ClientRow};
use crate::db::DbConn;
use crate::db::schema::{clients, users};
use crate::error::{AppError, AppResult};

pub fn works_with_clients(ctx: &Ctx) -> bool {
    Capability::ClientsRead.allows(&ctx.roles)
}

/// 403 for lists when the caller's roles have nothing to do with clients.
pub fn require_client_role(ctx: &Ctx) -> AppResult<()> {
    ctx.require(Capability::ClientsRead)
}

/// The owners whose clients the caller may see; `None` means everyone (admin).
pub fn owner_ids(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Option<Vec<i64>>> {
    ctx.visible_owners(conn)
}

/// `query` limited to the clients of `owners` (`None`: everyone's). A salesperson's scope is
/// one owner, filtered with `=` rather than `IN (…)`: diesel never caches a statement with a
/// bound list, so the most frequent lists would be compiled again on every request.
pub fn owned_by<Q>(query: Q, owners: Option<&[i64]>) -> Q
where
    Q: methods::FilterDsl<Eq<clients::owner_id, i64>, Output = Q>
        + methods::FilterDsl<EqAny<clients::owner_id, Vec<i64>>, Output = Q>,
{
    match owners {
        Some([one]) => methods::FilterDsl::filter(query, clients::owner_id.eq(*one)),
        Some(many) => methods::FilterDsl::filter(query, clients::owner_id.eq_any(many.to_vec())),
        None => query,
    }
}

/// The members of one team (the `team_id` filter).
pub fn team_members(conn: &mut DbConn, team_id: i64) -> AppResult<Vec<i64>> {
    Ok(users::table
        .filter(users::team_id.eq(team_id))
        .select(users::id)
        .load(conn)?)
}

/// The client, if it exists and the caller may see it; 404 otherwise (the two look the same).
pub fn client_in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ClientRow> {
    if !works_with_clients(ctx) {
        return Err(AppError::NotFound("client"));
    }
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("client"))?;
    ctx.ensure_owner_in_scope(conn, row.owner_id, "client")?;
    Ok(row)
}

/// Today in the business time zone.
pub fn today(tz: chrono_tz::Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

/// A stored UTC timestamp's calendar day in the business time zone.
pub fn local_day(t: chrono::NaiveDateTime, tz: chrono_tz::Tz) -> NaiveDate {
    t.and_utc().with_timezone(&tz).date_naive()
}
