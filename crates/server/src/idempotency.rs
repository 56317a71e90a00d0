//! Idempotency keys for money writes (`POST /expense-claims`, `POST /advances`, the `pay`
//! actions): a client that retries after a lost answer must not create a second claim or pay
//! twice.
//!
//! A request with `Idempotency-Key` first *claims* the key in a short transaction of its own
//! (a `running` row per user and key), so a second request with the same key — on this
//! instance or another on the same database — sees it at once: 409 while the first runs.
//! The business write then stores its answer in the key's row in **its own transaction**, so
//! the answer is kept exactly when the write is. Afterwards the same key and body replay that
//! answer (same status and body, `Idempotent-Replayed: true`); the same key with another body
//! is 422 `idempotency_key_reused`. A write that fails releases the key (nothing was written,
//! the client may retry). Keys are kept for at least 24 hours (`KEEP_HOURS`).
//!
//! A request that dies between claiming a key and answering (the process killed) leaves it
//! `running`; after `ABANDONED_AFTER_SECS` the next request with the key takes it over. The
//! takeover is safe even if the first request was only slow: each claim writes a fresh token
//! into the row, and the business transaction stores its answer only where the token is still
//! its own — otherwise it rolls back, so two requests can never both write.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::Duration;
use diesel::prelude::*;
use futures_util::future::{Ready, ready};
use serde::Serialize;

use crate::access::Ctx;
use crate::db::schema::idempotency_keys as k;
use crate::db::{self, DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::hashing::sha256_hex;

/// Keys older than this may be forgotten (the contract promises at least 24 hours).
const KEEP_HOURS: i64 = 48;
/// A `running` key whose request has not finished in this long most likely belongs to a
/// request that died (a crash between claiming and answering): the next request with it takes
/// it over. Short, because a client retrying after a crash waits this long; safe, because the
/// claim's token fences a slow first request out (see the module's comment).
const ABANDONED_AFTER_SECS: i64 = 10;
const HEADER: &str = "Idempotency-Key";

/// The `Idempotency-Key` header, when sent: 1–200 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(HEADER) else {
            return ready(Ok(IdempotencyKey(None)));
        };
        let key = value
            .to_str()
            .ok()
            .filter(|v| (1..=200).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic()));
        ready(match key {
            Some(key) => Ok(IdempotencyKey(Some(key.to_owned()))),
            None => Err(AppError::validation(
                HEADER,
                "invalid",
                "1 to 200 visible ASCII characters (a UUID is a good key)",
            )),
        })
    }
}

/// The answer of an idempotent write: fresh, or the first one replayed.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: String,
    pub replayed: bool,
}

impl Answer {
    pub fn respond(self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.content_type("application/json");
        if self.replayed {
            res.insert_header(("Idempotent-Replayed", "true"));
        }
        res.body(self.body)
    }
}

#[derive(Queryable)]
struct KeyRow {
    id: i64,
    operation: String,
    request_hash: String,
    state: String,
    status: Option<i32>,
    response: Option<String>,
    updated_at: chrono::NaiveDateTime,
}

enum Claim {
    /// The key is ours (row id, our token in `response` while running): run the write.
    Run(i64, String),
    Replay(Answer),
}

/// Runs `write` once for the caller's `key` (or simply runs it without a key) and answers
/// `status` with its result as JSON. `operation` names what is done to what
/// (`expense_claims.pay:42`): the key's first use fixes it together with the body.
pub fn once<T: Serialize>(
    conn: &mut DbConn,
    ctx: &Ctx,
    key: &IdempotencyKey,
    operation: &str,
    request: &impl Serialize,
    status: StatusCode,
    write: impl FnOnce(&mut Tx<'_>) -> AppResult<T>,
) -> AppResult<Answer> {
    let body_of = |value: &T| {
        serde_json::to_string(value).map_err(|e| AppError::Internal(format!("answer: {e}")))
    };
    let Some(key) = &key.0 else {
        let value = db::write(conn, write)?;
        return Ok(Answer {
            status,
            body: body_of(&value)?,
            replayed: false,
        });
    };
    let request =
        serde_json::to_string(request).map_err(|e| AppError::Internal(format!("request: {e}")))?;
    let hash = sha256_hex(format!("{operation}\n{request}").as_bytes());
    let (key_id, token) = match claim(conn, ctx, key, operation, &hash)? {
        Claim::Replay(answer) => return Ok(answer),
        Claim::Run(id, token) => (id, token),
    };
    let outcome = db::write(conn, |tx| {
        let value = write(tx)?;
        let body = body_of(&value)?;
        let stored = diesel::update(
            k::table
                .find(key_id)
                .filter(k::state.eq("running"))
                .filter(k::response.eq(&token)),
        )
        .set((
            k::state.eq("done"),
            k::status.eq(Some(i32::from(status.as_u16()))),
            k::response.eq(Some(&body)),
            k::updated_at.eq(ctx.now),
        ))
        .execute(tx.conn())?;
        if stored == 0 {
            // Taken over by a retry while this request was slow: its write wins, ours rolls
            // back with this error.
            return Err(in_progress());
        }
        Ok(body)
    });
    match outcome {
        Ok(body) => Ok(Answer {
            status,
            body,
            replayed: false,
        }),
        Err(e) => {
            // Nothing was written: free the key so that the client may send it again.
            let released = db::write(conn, |tx| {
                diesel::delete(
                    k::table
                        .find(key_id)
                        .filter(k::state.eq("running"))
                        .filter(k::response.eq(&token)),
                )
                .execute(tx.conn())?;
                Ok(())
            });
            if let Err(release) = released {
                tracing::warn!(%release, "idempotency key not released");
            }
            Err(e)
        }
    }
}

fn claim(conn: &mut DbConn, ctx: &Ctx, key: &str, operation: &str, hash: &str) -> AppResult<Claim> {
    let token = format!("running:{}", uuid::Uuid::new_v4());
    let claimed = db::write(conn, |tx| {
        diesel::delete(k::table.filter(k::created_at.lt(ctx.now - Duration::hours(KEEP_HOURS))))
            .execute(tx.conn())?;
        let found: Option<KeyRow> = k::table
            .filter(k::user_id.eq(ctx.user_id))
            .filter(k::idem_key.eq(key))
            .select((
                k::id,
                k::operation,
                k::request_hash,
                k::state,
                k::status,
                k::response,
                k::updated_at,
            ))
            .first(tx.conn())
            .optional()?;
        let Some(row) = found else {
            let id: i64 = diesel::insert_into(k::table)
                .values((
                    k::user_id.eq(ctx.user_id),
                    k::idem_key.eq(key),
                    k::operation.eq(operation),
                    k::request_hash.eq(hash),
                    k::state.eq("running"),
                    k::response.eq(Some(&token)),
                    k::created_at.eq(ctx.now),
                    k::updated_at.eq(ctx.now),
                ))
                .returning(k::id)
                .get_result(tx.conn())?;
            return Ok(Claim::Run(id, token.clone()));
        };
        if row.operation != operation || row.request_hash != hash {
            return Err(AppError::validation(
                HEADER,
                "idempotency_key_reused",
                "this key was used for another request; use a new key for a new request",
            ));
        }
        match (row.state.as_str(), row.status, row.response) {
            ("done", Some(status), Some(body)) => Ok(Claim::Replay(Answer {
                status: u16::try_from(status)
                    .ok()
                    .and_then(|s| StatusCode::from_u16(s).ok())
                    .unwrap_or(StatusCode::OK),
                body,
                replayed: true,
            })),
            _ if row.updated_at > ctx.now - Duration::seconds(ABANDONED_AFTER_SECS) => {
                Err(in_progress())
            }
            _ => {
                diesel::update(k::table.find(row.id))
                    .set((
                        k::state.eq("running"),
                        k::response.eq(Some(&token)),
                        k::updated_at.eq(ctx.now),
                    ))
                    .execute(tx.conn())?;
                Ok(Claim::Run(row.id, token.clone()))
            }
        }
    });
    match claimed {
        // Another request inserted the same key between our read and our insert
        // (PostgreSQL, READ COMMITTED): it is running.
        Err(AppError::Conflict {
            code: "duplicate", ..
        }) => Err(in_progress()),
        other => other,
    }
}

fn in_progress() -> AppError {
    AppError::conflict(
        "idempotency_in_progress",
        "a request with this Idempotency-Key is still being processed; retry in a moment",
    )
}
