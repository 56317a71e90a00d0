//! Reading the feed. Both reads take the same horizon: on PostgreSQL the oldest transaction
//! still running (`pg_snapshot_xmin`), below which the set of events is final; on SQLite,
//! where writers take turns and ids are commit order, no bound (`i64::MAX`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use salesops_domain::changes::{ChangeDto, FeedCursor, FeedType, Reach};
use salesops_domain::{Role, api_keys::ApiScope, changes};

use crate::access::Principal;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::audit_events;
use crate::db::types::Json;
use crate::error::AppResult;

/// Which events a reader sees: types seen whole, and types seen for some owners.
#[derive(Debug, Clone, Default)]
pub struct FeedScope {
    pub all: Vec<&'static str>,
    pub owned: Vec<&'static str>,
    /// The owners of `owned` (the caller and the members of the teams they manage).
    pub owners: Vec<i64>,
}

impl FeedScope {
    /// The scope of a reader with `roles` (through a key with `key_scopes`), narrowed to
    /// `wanted` types when given.
    pub fn of(
        conn: &mut DbConn,
        principal: &Principal,
        key_scopes: Option<&[ApiScope]>,
        wanted: Option<&[&'static FeedType]>,
    ) -> AppResult<FeedScope> {
        let roles: &[Role] = &principal.roles;
        let mut scope = FeedScope::default();
        for t in changes::FEED_TYPES {
            if wanted.is_some_and(|w| !w.iter().any(|x| x.name == t.name)) {
                continue;
            }
            match t.reach(roles, key_scopes) {
                Reach::Nothing => {}
                Reach::All => scope.all.push(t.name),
                Reach::Owners => scope.owned.push(t.name),
            }
        }
        if !scope.owned.is_empty() {
            match Principal::owners_in(conn, principal.owner_scope())? {
                None => scope.all.append(&mut scope.owned),
                Some(ids) => scope.owners = ids,
            }
        }
        Ok(scope)
    }

    fn is_empty(&self) -> bool {
        self.all.is_empty() && self.owned.is_empty()
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct FeedEvent {
    pub id: i64,
    pub txid: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_json: Option<Json<serde_json::Value>>,
    pub after_json: Option<Json<serde_json::Value>>,
    pub created_at: NaiveDateTime,
}

impl FeedEvent {
    pub fn position(&self) -> FeedCursor {
        FeedCursor {
            txid: self.txid,
            seq: self.id,
        }
    }

    pub fn to_dto(&self) -> ChangeDto {
        let (event, action) = changes::event_name(&self.entity_type, &self.action);
        ChangeDto {
            seq: self.id,
            entity_type: self.entity_type.clone(),
            id: self.entity_id.clone(),
            action,
            event,
            at: clock::utc(self.created_at),
            actor_id: self.actor_id,
            before: self.before_json.as_ref().map(|j| j.0.clone()),
            after: self.after_json.as_ref().map(|j| j.0.clone()),
        }
    }
}

#[derive(QueryableByName)]
struct Horizon {
    #[diesel(sql_type = BigInt)]
    xmin: i64,
}

/// The first transaction number that may still be running: every event below it is
/// committed (or never will be).
fn horizon(conn: &mut DbConn) -> AppResult<i64> {
    match conn {
        DbConn::Postgres(c) => {
            let h: Horizon = diesel::sql_query(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin",
            )
            .get_result(c)?;
            Ok(h.xmin)
        }
        DbConn::Sqlite(_) => Ok(i64::MAX),
    }
}

/// The feed's end as of now: the last event below the horizon (`0` when there is none).
pub fn head(conn: &mut DbConn) -> AppResult<FeedCursor> {
    let h = horizon(conn)?;
    let last: Option<(i64, i64)> = audit_events::table
        .filter(audit_events::txid.lt(h))
        .order((audit_events::txid.desc(), audit_events::id.desc()))
        .select((audit_events::txid, audit_events::id))
        .first(conn)
        .optional()?;
    Ok(last.map_or_else(FeedCursor::default, |(txid, seq)| FeedCursor { txid, seq }))
}

/// Up to `limit` events after `after` in scope, and where the next read starts: the last
/// event when the page is full, else the head (so events outside the scope are passed over
/// once, not read again on every pull).
pub fn read(
    conn: &mut DbConn,
    scope: &FeedScope,
    after: FeedCursor,
    limit: u32,
) -> AppResult<(Vec<FeedEvent>, FeedCursor)> {
    // The head first: every event up to it is final, so the page below it is too.
    let end = head(conn)?;
    if end <= after || scope.is_empty() {
        return Ok((Vec::new(), after.max(end)));
    }
    let mut q = audit_events::table
        .filter(
            audit_events::txid.gt(after.txid).or(audit_events::txid
                .eq(after.txid)
                .and(audit_events::id.gt(after.seq))),
        )
        .filter(
            audit_events::txid.lt(end.txid).or(audit_events::txid
                .eq(end.txid)
                .and(audit_events::id.le(end.seq))),
        )
        .into_boxed();
    q = match (scope.all.is_empty(), scope.owned.is_empty()) {
        (false, true) => q.filter(audit_events::entity_type.eq_any(scope.all.clone())),
        (true, false) => q.filter(
            audit_events::entity_type
                .eq_any(scope.owned.clone())
                .and(audit_events::owner_id.eq_any(scope.owners.clone())),
        ),
        _ => q.filter(
            audit_events::entity_type
                .eq_any(scope.all.clone())
                .or(audit_events::entity_type
                    .eq_any(scope.owned.clone())
                    .and(audit_events::owner_id.eq_any(scope.owners.clone()))),
        ),
    };
    let rows: Vec<FeedEvent> = q
        .order((audit_events::txid.asc(), audit_events::id.asc()))
        .limit(i64::from(limit))
        .select(FeedEvent::as_select())
        .load(conn)?;
    let next = match rows.last() {
        Some(last) if rows.len() == limit as usize => last.position(),
        _ => end,
    };
    Ok((rows, next))
}
