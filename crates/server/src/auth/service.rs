//! Sign-in use cases: login with throttling, refresh-token rotation with reuse detection,
//! logout and password change.

use chrono::{Duration, NaiveDateTime};
use diesel::Connection;
use salesops_domain::auth::{
    ACCESS_TOKEN_TTL_SECS, ChangePasswordRequest, LOGIN_WINDOW_SECS, LoginRequest,
    MAX_FAILED_LOGINS, REFRESH_TOKEN_TTL_SECS, TokenResponse,
};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::auth::jwt::TokenKeys;
use crate::auth::password;
use crate::auth::queries as q;
use crate::clock;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
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

pub fn login(conn: &mut DbConn, keys: &TokenKeys, req: &LoginRequest) -> AppResult<TokenResponse> {
    let now = clock::now();
    let username = req.username.trim().to_lowercase();
    let failures = q::failures_since(conn, &username, now - Duration::seconds(LOGIN_WINDOW_SECS))?;
    if failures.len() as i64 >= MAX_FAILED_LOGINS {
        // Allowed again once enough of the failures have left the window.
        let pivot = failures[failures.len() - MAX_FAILED_LOGINS as usize];
        let retry_at = pivot + Duration::seconds(LOGIN_WINDOW_SECS);
        return Err(AppError::TooManyRequests {
            retry_after_secs: (retry_at - now).num_seconds() + 1,
        });
    }
    let user = users_q::find_by_username(conn, &username)?;
    let accepted = match &user {
        Some(u) => password::verify(&req.password, &u.password_hash) && u.disabled_at.is_none(),
        None => {
            password::verify_dummy(&req.password);
            false
        }
    };
    let Some(user) = user.filter(|_| accepted) else {
        q::record_failure(conn, &username, now)?;
        return Err(invalid_credentials());
    };
    let (session_id, refresh_token) = conn.transaction(|c| {
        q::clear_failures(c, &username)?;
        let session_id = q::create_session(c, user.id, now)?;
        let token = issue_refresh(c, session_id, now)?;
        Ok::<_, AppError>((session_id, token))
    })?;
    token_response(conn, keys, user.id, session_id, refresh_token)
}

fn issue_refresh(conn: &mut DbConn, session_id: i64, now: NaiveDateTime) -> AppResult<String> {
    let token = password::new_refresh_token();
    q::insert_refresh_token(
        conn,
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
    let outcome = conn.transaction(|c| {
        if row.used_at.is_some() || !q::mark_used(c, row.id, now)? {
            q::revoke_session(c, row.session_id, "refresh_token_reuse", now)?;
            return Ok::<_, AppError>(RefreshOutcome::Reused);
        }
        let Some((user_id, revoked_at)) = q::session_owner(c, row.session_id)? else {
            return Ok(RefreshOutcome::Invalid);
        };
        let enabled = users_q::find(c, user_id)?.is_some_and(|u| u.disabled_at.is_none());
        if revoked_at.is_some() || row.expires_at <= now || !enabled {
            return Ok(RefreshOutcome::Invalid);
        }
        let token = issue_refresh(c, row.session_id, now)?;
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

pub fn logout(conn: &mut DbConn, principal: &Principal) -> AppResult<()> {
    q::revoke_session(conn, principal.session_id, "logout", clock::now())?;
    Ok(())
}

/// Changes the caller's password and ends their other sessions.
pub fn change_password(
    conn: &mut DbConn,
    principal: &Principal,
    req: &ChangePasswordRequest,
) -> AppResult<()> {
    let user = users_q::find(conn, principal.user_id)?.ok_or(AppError::NotFound("user"))?;
    if !password::verify(&req.current_password, &user.password_hash) {
        return Err(AppError::validation(
            "current_password",
            "incorrect",
            "the current password is not correct",
        ));
    }
    let new_hash = password::hash(&req.new_password)?;
    let now = clock::now();
    conn.transaction(|c| {
        users_q::update(
            c,
            user.id,
            &users_q::UserChangeset {
                password_hash: Some(new_hash),
                updated_at: Some(now),
                ..Default::default()
            },
        )?;
        q::revoke_user_sessions(
            c,
            user.id,
            Some(principal.session_id),
            "password_change",
            now,
        )?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "user.password_change",
            "user",
            user.id,
            None,
            Some(&serde_json::json!({ "password": "changed" })),
        )
    })
}
