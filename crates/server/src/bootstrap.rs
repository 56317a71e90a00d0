//! Start-up: migrations, the search backfill, the admin account, the shared token secret and
//! demo data, in that order, once per database however many instances start together.
//!
//! On PostgreSQL the whole sequence runs under a session advisory lock: a second instance
//! starting at the same moment waits, then finds everything done. (SQLite serves one
//! process; its IMMEDIATE transactions serialise the writes anyway.)

use std::sync::Arc;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rand::Rng as _;
use salesops_domain::Role;

use crate::access::password;
use crate::clock;
use crate::config::{Settings, random_secret};
use crate::db::schema::{instance_secrets, users};
use crate::db::{Db, DbConn};
use crate::error::AppResult;
use crate::users::create_system_user;

/// The advisory lock of start-up: this class (any constant) and the schema's name. Advisory
/// locks are per database, and start-up concerns one schema's tables: servers of other
/// schemas of the same database (the test suite's, or two deployments side by side) do not
/// wait for each other.
const START_UP_LOCK: i32 = 0x7361_6c65;
const START_UP_KEY: &str = "hashtext(current_schema())";

/// What start-up settled that the running server needs.
pub struct StartUp {
    /// The key that signs access tokens: from the settings, or the database's.
    pub jwt_secret: Vec<u8>,
    /// The generated admin password, on the very first start without a configured one.
    pub generated_admin_password: Option<String>,
}

/// Prepares the database for serving; see the module's documentation.
pub fn start_up(db: &Db, settings: &Arc<Settings>) -> Result<StartUp, String> {
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let locked = matches!(&*conn, DbConn::Postgres(_));
    if locked {
        // No statement timeout while start-up waits for the lock and migrates: the instance
        // holding the lock may take longer than a request may (a migration or the search
        // backfill over a large table, a slow machine), and a second instance timing out
        // while it waits would not start at all (seen with two instances starting together
        // on a loaded machine). The requests' timeout is set back before the connection
        // returns to the pool.
        conn.batch_execute(&format!(
            "SET statement_timeout = 0; SELECT pg_advisory_lock({START_UP_LOCK}, {START_UP_KEY})"
        ))
        .map_err(|e| format!("start-up lock: {e}"))?;
    }
    let result = prepare(&mut conn, settings);
    if locked {
        // Released in any case; a crashed process releases it with its session.
        let _ = conn.batch_execute(&format!(
            "SELECT pg_advisory_unlock({START_UP_LOCK}, {START_UP_KEY})"
        ));
        conn.batch_execute(&format!(
            "SET statement_timeout = {}",
            settings.statement_timeout_ms
        ))
        .map_err(|e| format!("start-up: {e}"))?;
    }
    result
}

fn prepare(conn: &mut DbConn, settings: &Arc<Settings>) -> Result<StartUp, String> {
    crate::db::migrate(conn)?;
    let renormalized = crate::clients::renormalize_phones(conn).map_err(|e| e.to_string())?;
    if renormalized > 0 {
        tracing::info!(
            renormalized,
            "client phones recomputed in their new normal form"
        );
    }
    crate::rubrics::ensure_shipped(conn).map_err(|e| e.to_string())?;
    let indexed = crate::clients::backfill_search(conn).map_err(|e| e.to_string())?;
    if indexed > 0 {
        tracing::info!(indexed, "clients indexed for search");
    }
    let generated_admin_password =
        ensure_admin(conn, settings.admin_password.as_deref()).map_err(|e| e.to_string())?;
    let jwt_secret = match &settings.jwt_secret {
        Some(s) => s.clone(),
        None => shared_secret(conn, "jwt").map_err(|e| e.to_string())?,
    };
    if settings.demo {
        let password = settings
            .demo_password
            .clone()
            .unwrap_or_else(|| crate::demo::DEFAULT_PASSWORD.to_owned());
        if crate::demo::seed_all(conn, &password, settings).map_err(|e| e.to_string())?
            && settings.demo_password.is_none()
        {
            tracing::warn!(
                "demo data seeded; every demo user's password is `{password}` (set SALESOPS_DEMO_PASSWORD to choose)"
            );
        }
    }
    Ok(StartUp {
        jwt_secret,
        generated_admin_password,
    })
}

/// The named secret every instance shares, created on first use.
pub fn shared_secret(conn: &mut DbConn, name: &str) -> AppResult<Vec<u8>> {
    crate::db::write(conn, |tx| {
        let existing: Option<String> = instance_secrets::table
            .find(name)
            .select(instance_secrets::value)
            .first(tx.conn())
            .optional()?;
        if let Some(v) = existing {
            return Ok(v.into_bytes());
        }
        let value = random_secret();
        diesel::insert_into(instance_secrets::table)
            .values((
                instance_secrets::name.eq(name),
                instance_secrets::value.eq(&value),
                instance_secrets::created_at.eq(clock::now()),
            ))
            .execute(tx.conn())?;
        Ok(value.into_bytes())
    })
}

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
    let hash = password::hash(&pw)?;
    crate::db::write(conn, |tx| {
        create_system_user(tx, "admin", "系统管理员", &hash, &[Role::Admin], None)
    })?;
    Ok(generated.then_some(pw))
}

pub fn random_password() -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}
