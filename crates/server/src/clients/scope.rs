//! Who may see which clients (SPEC §2, confidential): the owner, the owner's managers
//! (recursively) and admin. Finance and HR see no client details: lists answer 403, single
//! records 404. Follow-ups and cases inherit the scope of their client.

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use salesops_domain::Role;

use crate::auth::Principal;
use crate::clients::queries::{self as q, ClientRow};
use crate::db::DbConn;
use crate::db::schema::users;
use crate::error::{AppError, AppResult};

/// The roles that work with client records.
pub const CLIENT_ROLES: [Role; 3] = [Role::Salesperson, Role::Manager, Role::Admin];

pub fn works_with_clients(principal: &Principal) -> bool {
    CLIENT_ROLES.iter().any(|r| principal.has(*r))
}

/// 403 for lists when the caller's roles have nothing to do with clients.
pub fn require_client_role(principal: &Principal) -> AppResult<()> {
    principal.require_any(&CLIENT_ROLES)
}

/// The owners whose clients the caller may see; `None` means everyone (admin).
pub fn owner_ids(conn: &mut DbConn, principal: &Principal) -> AppResult<Option<Vec<i64>>> {
    principal.visible_owners(conn)
}

/// The members of one team (the `team_id` filter).
pub fn team_members(conn: &mut DbConn, team_id: i64) -> AppResult<Vec<i64>> {
    Ok(users::table
        .filter(users::team_id.eq(team_id))
        .select(users::id)
        .load(conn)?)
}

/// The client, if it exists and the caller may see it; 404 otherwise (the two look the same).
pub fn client_in_scope(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<ClientRow> {
    if !works_with_clients(principal) {
        return Err(AppError::NotFound("client"));
    }
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("client"))?;
    principal.ensure_owner_in_scope(conn, row.owner_id, "client")?;
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
