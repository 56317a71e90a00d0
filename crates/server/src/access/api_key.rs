//! API keys as credentials: the key's shape, its hash, and admitting a presented key (found
//! by its public prefix, compared by hash, live, unexpired, its owner enabled). Creating,
//! listing and revoking keys is the `api_keys` feature; this is what every request needs.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::RngCore as _;
use salesops_domain::api_keys::{ApiScope, KEY_PREFIX};
use salesops_domain::auth::MeApiKey;

use crate::clock;
use crate::db::schema::api_keys;
use crate::db::types::Json;
use crate::db::{self, DbConn, Tx};
use crate::error::{AppError, AppResult};

/// `last_used_at` is written when it is older than this: a busy key costs one write a
/// minute, not one per request.
pub const LAST_USED_RESOLUTION_SECS: i64 = 60;

/// What a key adds to its owner's principal: which key, and the scopes that bound it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub key_id: i64,
    pub scopes: Vec<ApiScope>,
}

/// A new key: `(prefix, key)`. The prefix (10 hex digits, 40 random bits) is public and
/// finds the row; the secret (256 random bits, URL-safe base64) is what proves possession.
pub fn new_key() -> (String, String) {
    use base64::Engine as _;
    let mut public = [0u8; 5];
    rand::rngs::OsRng.fill_bytes(&mut public);
    let prefix: String = public.iter().map(|b| format!("{b:02x}")).collect();
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
    let key = format!("{KEY_PREFIX}{prefix}_{secret}");
    (prefix, key)
}

/// How a key is stored: SHA-256 of the whole key, hex. The key carries 256 random bits, so
/// a fast hash cannot be brute-forced; a slow one (argon2) would only cost every request.
pub fn key_hash(key: &str) -> String {
    crate::hashing::sha256_hex(key.as_bytes())
}

/// Whether a bearer token is meant as an API key (rather than an access token).
pub fn is_api_key(token: &str) -> bool {
    token.starts_with(KEY_PREFIX)
}

/// The public prefix of a presented key, if it has the key's shape.
fn prefix_of(token: &str) -> Option<&str> {
    let rest = token.strip_prefix(KEY_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    (prefix.len() == 10 && prefix.bytes().all(|b| b.is_ascii_hexdigit()) && !secret.is_empty())
        .then_some(prefix)
}

/// Comparing hashes in constant time, so the answer's timing says nothing of how much of a
/// guessed key was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn bad_key() -> AppError {
    AppError::Unauthorized {
        code: "invalid_token",
        detail: "the API key is not valid (unknown, revoked or expired)".to_owned(),
    }
}

/// A live key: its id, owner, scopes and when it was last used. 401 (as a bad token) for an
/// unknown, revoked or expired key. The owner's admission is the caller's next step.
pub fn admit(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<(i64, KeyGrant)> {
    type Row = (
        i64,
        String,
        i64,
        Json<Vec<ApiScope>>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    );
    let prefix = prefix_of(token).ok_or_else(bad_key)?;
    let row: Option<Row> = api_keys::table
        .filter(api_keys::prefix.eq(prefix))
        .select((
            api_keys::id,
            api_keys::key_hash,
            api_keys::owner_id,
            api_keys::scopes_json,
            api_keys::expires_at,
            api_keys::revoked_at,
            api_keys::last_used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((key_id, hash, owner_id, Json(scopes), expires_at, revoked_at, last_used)) = row
    else {
        return Err(bad_key());
    };
    if !same(&hash, &key_hash(token))
        || revoked_at.is_some()
        || expires_at.is_some_and(|e| e <= now)
    {
        return Err(bad_key());
    }
    let stale = now - Duration::seconds(LAST_USED_RESOLUTION_SECS);
    if last_used.is_none_or(|t| t < stale) {
        touch(conn, key_id, stale, now)?;
    }
    Ok((owner_id, KeyGrant { key_id, scopes }))
}

/// Records the use unless another request (perhaps on another instance) did within the
/// minute: the condition is in the statement, so racing instances write once.
fn touch(
    conn: &mut DbConn,
    key_id: i64,
    stale: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<()> {
    db::write(conn, |tx| {
        diesel::update(
            api_keys::table.find(key_id).filter(
                api_keys::last_used_at
                    .is_null()
                    .or(api_keys::last_used_at.lt(stale)),
            ),
        )
        .set(api_keys::last_used_at.eq(now))
        .execute(tx.conn())?;
        Ok(())
    })
}

/// The key a call was made with, as `GET /me` shows it (`None`: the key is gone).
pub fn shown(conn: &mut DbConn, key_id: i64) -> QueryResult<Option<MeApiKey>> {
    type Row = (
        i64,
        String,
        String,
        Json<Vec<ApiScope>>,
        Option<NaiveDateTime>,
    );
    let row: Option<Row> = api_keys::table
        .find(key_id)
        .select((
            api_keys::id,
            api_keys::name,
            api_keys::prefix,
            api_keys::scopes_json,
            api_keys::expires_at,
        ))
        .first(conn)
        .optional()?;
    Ok(
        row.map(|(id, name, prefix, Json(scopes), expires_at)| MeApiKey {
            id,
            name,
            prefix,
            scopes,
            expires_at: expires_at.map(clock::utc),
        }),
    )
}

/// Revokes every live key of a user (disabled, handed over), in the caller's transaction.
pub fn revoke_user_keys(
    tx: &mut Tx<'_>,
    user_id: i64,
    by: Option<i64>,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        api_keys::table
            .filter(api_keys::owner_id.eq(user_id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set((
        api_keys::revoked_at.eq(now),
        api_keys::revoked_by.eq(by),
        api_keys::revoked_reason.eq(reason),
        api_keys::updated_at.eq(now),
    ))
    .execute(tx.conn())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keys_have_the_shape_and_a_findable_prefix() {
        let (prefix, key) = new_key();
        assert!(is_api_key(&key));
        assert_eq!(prefix_of(&key), Some(prefix.as_str()));
        assert_eq!(key.len(), KEY_PREFIX.len() + 10 + 1 + 43);
        assert_ne!(new_key().1, key);
        assert_eq!(prefix_of("sok_zz_abc"), None);
        assert_eq!(prefix_of("sok_0123456789_"), None);
        assert!(same(&key_hash(&key), &key_hash(&key)));
        assert!(!same(&key_hash(&key), &key_hash("sok_other")));
    }
}
