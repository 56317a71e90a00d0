//! Sign-in use cases: login with throttling, refresh-token rotation with reuse detection,
//! logout and password change.
//!
//! Password hashing (argon2, slow on purpose) never runs while a database connection is
//! held: sign-in and password change read what they need, check the password on a blocking
//! thread outside the pool, then write. A sign-in attempt is recorded as a failure before the
//! password is checked and forgiven once it proves right, so parallel guesses all count.

use chrono::{Duration, NaiveDateTime};
use salesops_domain::Capability;
use salesops_domain::api_keys::key_capabilities;
use salesops_domain::auth::{
    ACCESS_TOKEN_TTL_SECS, LOGIN_WINDOW_SECS, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS,
    MeDto, REFRESH_TOKEN_TTL_SECS, TokenResponse,
};
use sha2::{Digest, Sha256};

use crate::access::api_key;
use crate::access::queries as access_q;
use crate::access::{Ctx, password};
use crate::audit;
use crate::auth::queries as q;
use crate::clock;
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::tokens::TokenKeys;
use crate::users::queries as users_q;

fn invalid_credentials() -> AppError {
    AppError::Unauthorized {
        code: "invalid_credentials",
        detail: "wrong username or password".to_owned(),
    }
}

fn invalid_refresh() -> AppError {
    AppError::Unauthorized {
        code: "invalid_refresh_token",
        detail: "the refresh token is not valid; sign in again".to_owned(),
    }
}

/// A sign-in attempt, recorded and not yet decided.
pub struct Attempt {
    username: String,
    addr: String,
    user: Option<(i64, String)>,
    pub now: NaiveDateTime,
}

impl Attempt {
    /// The stored hash to check the password against (`None`: unknown or disabled user).
    pub fn password_hash(&self) -> Option<String> {
        self.user.as_ref().map(|(_, h)| h.clone())
    }
}

fn lock_key(parts: &[&str]) -> i64 {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    i64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// 429 once `limit` attempts are in the window, with the seconds until the oldest one that
/// counts leaves it.
fn throttle(attempts: &[NaiveDateTime], limit: i64, now: NaiveDateTime) -> AppResult<()> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if attempts.len() < limit {
        return Ok(());
    }
    let pivot = attempts[attempts.len() - limit];
    let retry_at = pivot + Duration::seconds(LOGIN_WINDOW_SECS);
    Err(AppError::TooManyRequests {
        retry_after_secs: (retry_at - now).num_seconds() + 1,
    })
}

/// First step of a sign-in: refuses when this username from this address, or this address
/// for any username, has failed too often; otherwise records the attempt.
pub fn begin_login(conn: &mut DbConn, username: &str, addr: &str) -> AppResult<Attempt> {
    let now = clock::now();
    let username = username.trim().to_lowercase();
    crate::db::write(conn, |tx| {
        let mut keys = [
            lock_key(&["login-address", addr]),
            lock_key(&["login-user", &username, addr]),
        ];
        q::lock_attempt_keys(tx, &mut keys)?;
        let since = now - Duration::seconds(LOGIN_WINDOW_SECS);
        let (for_user, from_addr) = q::attempts_since(tx, &username, addr, since)?;
        throttle(&for_user, MAX_FAILED_LOGINS, now)?;
        throttle(&from_addr, MAX_FAILED_LOGINS_PER_ADDRESS, now)?;
        q::record_attempt(tx, &username, addr, now)?;
        let user = users_q::find_by_username(tx, &username)?
            .filter(|u| u.disabled_at.is_none())
            .map(|u| (u.id, u.password_hash));
        Ok(Attempt {
            username: username.clone(),
            addr: addr.to_owned(),
            user,
            now,
        })
    })
}

/// The password check, for a blocking thread: as slow for an unknown user as for a known one.
pub fn password_ok(stored_hash: Option<&str>, given: &str) -> bool {
    match stored_hash {
        Some(h) => password::verify(given, h),
        None => {
            password::verify_dummy(given);
            false
        }
    }
}

/// Last step: a right password forgives the attempt and opens a session.
pub fn finish_login(
    conn: &mut DbConn,
    keys: &TokenKeys,
    attempt: Attempt,
    password_ok: bool,
) -> AppResult<TokenResponse> {
    let Some((user_id, _)) = attempt.user.filter(|_| password_ok) else {
        crate::db::write(conn, |tx| {
            q::prune_failures(tx, attempt.now - Duration::seconds(LOGIN_WINDOW_SECS))?;
            Ok(())
        })?;
        return Err(invalid_credentials());
    };
    let (session_id, refresh_token) = crate::db::write(conn, |tx| {
        q::clear_failures(tx, &attempt.username, &attempt.addr)?;
        let session_id = q::create_session(tx, user_id, attempt.now)?;
        let token = issue_refresh(tx, session_id, attempt.now)?;
        Ok((session_id, token))
    })?;
    token_response(conn, keys, user_id, session_id, refresh_token)
}

fn issue_refresh(tx: &mut Tx<'_>, session_id: i64, now: NaiveDateTime) -> AppResult<String> {
    let token = password::new_refresh_token();
    q::insert_refresh_token(
        tx,
        session_id,
        &password::token_hash(&token),
        now,
        now + Duration::seconds(REFRESH_TOKEN_TTL_SECS),
    )?;
    Ok(token)
}

fn token_response(
    conn: &mut DbConn,
    keys: &TokenKeys,
    user_id: i64,
    session_id: i64,
    refresh_token: String,
) -> AppResult<TokenResponse> {
    let user = users_q::dto(conn, user_id)?.ok_or_else(invalid_credentials)?;
    Ok(TokenResponse {
        access_token: keys.issue(user.id, &user.roles, session_id)?,
        token_type: "Bearer".to_owned(),
        expires_in: ACCESS_TOKEN_TTL_SECS,
        refresh_token,
        user,
    })
}

enum RefreshOutcome {
    Rotated {
        user_id: i64,
        session_id: i64,
        token: String,
    },
    Reused,
    Invalid,
}

/// Exchanges a refresh token for a new pair. A token presented twice means it was stolen or
/// replayed: the whole session (every token descended from the sign-in) is revoked.
pub fn refresh(conn: &mut DbConn, keys: &TokenKeys, token: &str) -> AppResult<TokenResponse> {
    let now = clock::now();
    let Some(row) = q::find_refresh_token(conn, &password::token_hash(token))? else {
        return Err(invalid_refresh());
    };
    let outcome = crate::db::write(conn, |tx| {
        if row.used_at.is_some() || !q::mark_used(tx, row.id, now)? {
            access_q::revoke_session(tx, row.session_id, "refresh_token_reuse", now)?;
            return Ok(RefreshOutcome::Reused);
        }
        let Some((user_id, revoked_at)) = q::session_owner(tx, row.session_id)? else {
            return Ok(RefreshOutcome::Invalid);
        };
        let enabled = users_q::find(tx, user_id)?.is_some_and(|u| u.disabled_at.is_none());
        if revoked_at.is_some() || row.expires_at <= now || !enabled {
            return Ok(RefreshOutcome::Invalid);
        }
        let token = issue_refresh(tx, row.session_id, now)?;
        Ok(RefreshOutcome::Rotated {
            user_id,
            session_id: row.session_id,
            token,
        })
    })?;
    match outcome {
        RefreshOutcome::Rotated {
            user_id,
            session_id,
            token,
        } => token_response(conn, keys, user_id, session_id, token),
        RefreshOutcome::Reused => {
            tracing::warn!(
                session_id = row.session_id,
                "refresh token reused; session revoked"
            );
            Err(AppError::Unauthorized {
                code: "refresh_token_reused",
                detail: "this refresh token was already used; the session is revoked".to_owned(),
            })
        }
        RefreshOutcome::Invalid => Err(invalid_refresh()),
    }
}

pub fn logout(conn: &mut DbConn, ctx: &Ctx) -> AppResult<()> {
    crate::db::write(conn, |tx| {
        access_q::revoke_session(tx, ctx.session_id, "logout", ctx.now)?;
        Ok(())
    })
}

/// The caller's stored password hash, for checking the current password off the pool.
/// The caller's account and what this call may do: through an API key, the key and its
/// owner's capabilities intersected with its scopes (the ones every `require` checks).
pub fn me(conn: &mut DbConn, ctx: &Ctx) -> AppResult<MeDto> {
    // The roles were read by the admission in this same database task (sorted, as the user
    // list shows them): one statement, not two, for the call every screen starts with.
    let user = users_q::find(conn, ctx.user_id)?
        .ok_or(AppError::NotFound("user"))?
        .into_dto(ctx.roles.clone());
    let (capabilities, api_key) = match &ctx.api_key {
        Some(grant) => (
            key_capabilities(&ctx.roles, &grant.scopes),
            Some(api_key::shown(conn, grant.key_id)?.ok_or(AppError::NotFound("API key"))?),
        ),
        None => (Capability::of(&ctx.roles), None),
    };
    Ok(MeDto {
        user,
        capabilities: capabilities.iter().map(|c| c.as_str().to_owned()).collect(),
        api_key,
    })
}

pub fn password_hash_of(conn: &mut DbConn, ctx: &Ctx) -> AppResult<String> {
    Ok(users_q::find(conn, ctx.user_id)?
        .ok_or(AppError::NotFound("user"))?
        .password_hash)
}

/// Stores the new password (already hashed) and ends the caller's other sessions. The
/// password is then the user's own: a pending change is done.
pub fn set_password(conn: &mut DbConn, ctx: &Ctx, new_hash: String) -> AppResult<()> {
    crate::db::write(conn, |tx| {
        users_q::update(
            tx,
            ctx.user_id,
            &users_q::UserChangeset {
                password_hash: Some(new_hash),
                must_change_password: Some(false),
                updated_at: Some(ctx.now),
                ..Default::default()
            },
        )?;
        access_q::revoke_user_sessions(
            tx,
            ctx.user_id,
            Some(ctx.session_id),
            "password_change",
            ctx.now,
        )?;
        audit::record::<(), _>(
            tx,
            &ctx.actor(),
            "user.password_change",
            "user",
            ctx.user_id,
            None,
            Some(&serde_json::json!({ "password": "changed" })),
        )
    })
}
