//! First start: the admin account, and demo data when asked for.

use diesel::Connection;
use diesel::prelude::*;
use rand::Rng as _;
use salesops_domain::Role;

use crate::audit::{self, Actor};
use crate::auth::password;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::users;
use crate::error::AppResult;
use crate::users::queries::{self as users_q, NewUser};

/// Creates user `admin` when the database has no users. Returns the generated password when
/// none was configured, so it can be printed once.
pub fn ensure_admin(conn: &mut DbConn, configured: Option<&str>) -> AppResult<Option<String>> {
    let count: i64 = users::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(None);
    }
    let (pw, generated) = match configured {
        Some(p) => (p.to_owned(), false),
        None => (random_password(), true),
    };
    create_user(conn, "admin", "系统管理员", &pw, &[Role::Admin], None)?;
    Ok(generated.then_some(pw))
}

pub fn random_password() -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// Inserts a user with roles and an audit event, as the system.
pub fn create_user(
    conn: &mut DbConn,
    username: &str,
    display_name: &str,
    pw: &str,
    roles: &[Role],
    team_id: Option<i64>,
) -> AppResult<i64> {
    let hash = password::hash(pw)?;
    let now = clock::now();
    conn.transaction(|c| {
        let id = users_q::insert(
            c,
            &NewUser {
                username,
                display_name,
                password_hash: &hash,
                team_id,
                phone: None,
                email: None,
                created_at: now,
                updated_at: now,
            },
        )?;
        users_q::set_roles(c, id, roles)?;
        let dto = users_q::dto(c, id)?;
        audit::record::<(), _>(
            c,
            &Actor::SYSTEM,
            "user.create",
            "user",
            id,
            None,
            dto.as_ref(),
        )?;
        Ok(id)
    })
}
