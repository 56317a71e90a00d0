//! The webhooks and deliveries tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::changes::FeedCursor;
use salesops_domain::webhooks::{
    DeliveryDto, DeliveryListQuery, DeliveryStatus, WebhookDto, WebhookFormat,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::schema::{webhook_deliveries as d, webhooks as w};
use crate::db::types::Json;
use crate::db::{DbConn, Tx, list};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = w)]
pub struct WebhookRow {
    pub id: i64,
    pub owner_id: i64,
    pub url: String,
    pub events_json: Json<Vec<String>>,
    pub format: WebhookFormat,
    pub secret: String,
    pub scopes_json: Option<Json<Vec<salesops_domain::api_keys::ApiScope>>>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub consecutive_failures: i32,
    pub feed_txid: i64,
    pub feed_seq: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WebhookRow {
    pub fn to_dto(&self) -> WebhookDto {
        WebhookDto {
            id: self.id,
            owner_id: self.owner_id,
            url: self.url.clone(),
            events: self.events_json.0.clone(),
            format: self.format,
            enabled: self.enabled,
            disabled_reason: self.disabled_reason.clone(),
            consecutive_failures: self.consecutive_failures,
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }

    pub fn cursor(&self) -> FeedCursor {
        FeedCursor {
            txid: self.feed_txid,
            seq: self.feed_seq,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = d)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub event_seq: i64,
    pub event: String,
    pub message_id: String,
    pub payload_json: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub response_code: Option<i32>,
    pub duration_ms: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

impl DeliveryRow {
    pub fn to_dto(&self) -> DeliveryDto {
        DeliveryDto {
            id: self.id,
            webhook_id: self.webhook_id,
            event: self.event.clone(),
            event_seq: self.event_seq,
            message_id: self.message_id.clone(),
            status: self.status,
            attempts: self.attempts,
            response_code: self.response_code,
            duration_ms: self.duration_ms,
            last_error: self.last_error.clone(),
            next_attempt_at: self.next_attempt_at.map(clock::utc),
            created_at: clock::utc(self.created_at),
            delivered_at: self.delivered_at.map(clock::utc),
        }
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<WebhookRow>> {
    Ok(w::table
        .find(id)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?)
}

/// Webhooks of `owner` (`None`: everyone's), oldest first.
pub fn list(conn: &mut DbConn, owner: Option<i64>) -> AppResult<Vec<WebhookRow>> {
    let mut q = w::table.into_boxed();
    if let Some(o) = owner {
        q = q.filter(w::owner_id.eq(o));
    }
    // Bounded: webhooks are few per owner; the cap keeps a runaway script's list small.
    Ok(q.order(w::id.asc())
        .limit(1000)
        .select(WebhookRow::as_select())
        .load(conn)?)
}

/// The owner's failing webhooks (switched off by the server, or failing now): how many and
/// since when the oldest changed. One statement.
pub fn failing(conn: &mut DbConn, owner: i64) -> AppResult<list::Waiting> {
    let (count, since): (i64, Option<NaiveDateTime>) = w::table
        .filter(w::owner_id.eq(owner))
        .filter(
            w::disabled_reason
                .is_not_null()
                .or(w::enabled.eq(true).and(w::consecutive_failures.gt(0))),
        )
        .select((diesel::dsl::count_star(), diesel::dsl::min(w::updated_at)))
        .first(conn)?;
    Ok(list::Waiting { count, since })
}

/// Enabled webhooks, for the fan-out.
pub fn enabled_ids(conn: &mut DbConn) -> AppResult<Vec<i64>> {
    Ok(w::table
        .filter(w::enabled.eq(true))
        .order(w::id.asc())
        .select(w::id)
        .load(conn)?)
}

/// The webhook, locked for this transaction's fan-out; `None` when another instance holds
/// it (PostgreSQL `SKIP LOCKED`; on SQLite the write lock is already exclusive) or it went.
pub fn lock_for_fanout(tx: &mut Tx<'_>, id: i64) -> AppResult<Option<WebhookRow>> {
    let q = || w::table.find(id).filter(w::enabled.eq(true)).select(w::id);
    let locked: Option<i64> = match tx.conn() {
        DbConn::Postgres(c) => q().for_update().skip_locked().first(c).optional()?,
        DbConn::Sqlite(c) => q().first(c).optional()?,
    };
    match locked {
        Some(id) => find(tx, id),
        None => Ok(None),
    }
}

pub fn set_cursor(tx: &mut Tx<'_>, id: i64, at: FeedCursor) -> AppResult<()> {
    diesel::update(w::table.find(id))
        .set((w::feed_txid.eq(at.txid), w::feed_seq.eq(at.seq)))
        .execute(tx.conn())?;
    Ok(())
}

/// A delivery to write, once per (webhook, event).
pub struct NewDelivery<'a> {
    pub webhook_id: i64,
    pub event_seq: i64,
    pub event: &'a str,
    pub payload: &'a str,
    pub now: NaiveDateTime,
}

/// Inserts the delivery unless it exists: true when this call wrote it.
pub fn add_delivery(tx: &mut Tx<'_>, n: &NewDelivery<'_>) -> AppResult<bool> {
    let message_id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    macro_rules! insert {
        ($c:expr) => {
            diesel::insert_into(d::table)
                .values((
                    d::webhook_id.eq(n.webhook_id),
                    d::event_seq.eq(n.event_seq),
                    d::event.eq(n.event),
                    d::message_id.eq(&message_id),
                    d::payload_json.eq(n.payload),
                    d::status.eq(DeliveryStatus::Pending.as_str()),
                    d::next_attempt_at.eq(Some(n.now)),
                    d::created_at.eq(n.now),
                    d::updated_at.eq(n.now),
                ))
                .on_conflict((d::webhook_id, d::event_seq))
                .do_nothing()
                .execute($c)
        };
    }
    let added = match tx.conn() {
        DbConn::Postgres(c) => insert!(c)?,
        DbConn::Sqlite(c) => insert!(c)?,
    };
    Ok(added == 1)
}

pub fn deliveries(
    conn: &mut DbConn,
    webhook_id: i64,
    filter: &DeliveryListQuery,
    page: &PageQuery,
) -> AppResult<Page<DeliveryDto>> {
    let build = || {
        let mut q = d::table.filter(d::webhook_id.eq(webhook_id)).into_boxed();
        if let Some(s) = filter.status {
            q = q.filter(d::status.eq(s.as_str()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = d::id,
        changed = d::updated_at,
        order = d::id.desc(),
        select = DeliveryRow::as_select(),
    );
    fetched.into_page(page, |r: DeliveryRow| Ok(r.to_dto()))
}

pub fn find_delivery(
    conn: &mut DbConn,
    webhook_id: i64,
    id: i64,
) -> AppResult<Option<DeliveryRow>> {
    Ok(d::table
        .find(id)
        .filter(d::webhook_id.eq(webhook_id))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?)
}

/// Due again now, from the first try (a manual retry): `failed` ones come back to life.
pub fn requeue(tx: &mut Tx<'_>, id: i64, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(d::table.find(id))
        .set((
            d::status.eq(DeliveryStatus::Pending.as_str()),
            d::next_attempt_at.eq(Some(now)),
            d::attempts.eq(0),
            d::locked_by.eq(None::<String>),
            d::locked_until.eq(None::<NaiveDateTime>),
            d::updated_at.eq(now),
        ))
        .execute(tx.conn())?;
    Ok(())
}

/// A webhook to insert.
pub struct NewWebhook<'a> {
    pub owner_id: i64,
    pub url: &'a str,
    pub events: &'a [String],
    pub format: &'a str,
    pub secret: &'a str,
    pub scopes: Option<&'a Vec<salesops_domain::api_keys::ApiScope>>,
    pub enabled: bool,
    pub start: FeedCursor,
}

pub fn insert(tx: &mut Tx<'_>, n: &NewWebhook<'_>, now: NaiveDateTime) -> AppResult<i64> {
    let scopes = n.scopes.map(crate::db::types::json_text).transpose()?;
    Ok(diesel::insert_into(w::table)
        .values((
            w::owner_id.eq(n.owner_id),
            w::url.eq(n.url),
            w::events_json.eq(crate::db::types::json_text(&n.events)?),
            w::format.eq(n.format),
            w::secret.eq(n.secret),
            w::scopes_json.eq(scopes),
            w::enabled.eq(n.enabled),
            w::feed_txid.eq(n.start.txid),
            w::feed_seq.eq(n.start.seq),
            w::created_at.eq(now),
            w::updated_at.eq(now),
        ))
        .returning(w::id)
        .get_result(tx.conn())?)
}

/// The changes of a PATCH (`None`: unchanged).
pub struct WebhookChange<'a> {
    pub url: Option<&'a str>,
    pub events: Option<&'a [String]>,
    pub enabled: Option<bool>,
}

pub fn update(
    tx: &mut Tx<'_>,
    id: i64,
    c: &WebhookChange<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    if let Some(url) = c.url {
        diesel::update(w::table.find(id))
            .set(w::url.eq(url))
            .execute(tx.conn())?;
    }
    if let Some(events) = c.events {
        diesel::update(w::table.find(id))
            .set(w::events_json.eq(crate::db::types::json_text(&events)?))
            .execute(tx.conn())?;
    }
    match c.enabled {
        // Switched on again: a fresh start, the server's reason gone.
        Some(true) => {
            diesel::update(w::table.find(id))
                .set((
                    w::enabled.eq(true),
                    w::disabled_reason.eq(None::<String>),
                    w::consecutive_failures.eq(0),
                ))
                .execute(tx.conn())?;
        }
        Some(false) => {
            diesel::update(w::table.find(id))
                .set(w::enabled.eq(false))
                .execute(tx.conn())?;
        }
        None => {}
    }
    diesel::update(w::table.find(id))
        .set(w::updated_at.eq(now))
        .execute(tx.conn())?;
    Ok(())
}

pub fn delete(tx: &mut Tx<'_>, id: i64) -> AppResult<()> {
    diesel::delete(d::table.filter(d::webhook_id.eq(id))).execute(tx.conn())?;
    diesel::delete(w::table.find(id)).execute(tx.conn())?;
    Ok(())
}
