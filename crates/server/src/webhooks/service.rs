//! Webhook use cases: admin manages every webhook, finance and HR (and keys with
//! `webhooks:manage`) their own; anyone else's is 404. A webhook carries only what its owner
//! (and the key it was made with) may read, decided on every fan-out.

use salesops_domain::webhooks::{
    CreatedWebhookDto, DeliveryDto, DeliveryListQuery, WebhookDto, WebhookFormat, WebhookPatch,
    WebhookRequest,
};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::webhooks::address;
use crate::webhooks::fanout::start_at;
use crate::webhooks::format::{new_secret, secret_key};
use crate::webhooks::queries::{self as q, NewWebhook, WebhookChange, WebhookRow};

const ENTITY: &str = "webhook";

fn load(conn: &mut DbConn, id: i64) -> AppResult<WebhookDto> {
    Ok(q::find(conn, id)?
        .ok_or(AppError::NotFound(ENTITY))?
        .to_dto())
}

/// The webhook if the caller may manage it (404 otherwise, as for a missing one).
fn in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<WebhookRow> {
    ctx.require(Capability::WebhooksManage)?;
    match q::find(conn, id)? {
        Some(h) if ctx.is_admin() || h.owner_id == ctx.user_id => Ok(h),
        _ => Err(AppError::NotFound(ENTITY)),
    }
}

fn check_url(ctx: &Ctx, url: &str) -> AppResult<()> {
    address::check(url, ctx.settings.webhooks.allow_private)
        .map(|_| ())
        .map_err(|e| AppError::validation("url", "address", &e))
}

/// The secret to keep: a standard webhook's given `whsec_` one or a new one; a DingTalk
/// robot's `SEC…` if it signs; none for WeCom.
fn secret_for(req: &WebhookRequest) -> AppResult<String> {
    let given = req.secret.as_deref().map(str::trim);
    match (req.format, given) {
        (WebhookFormat::Standard, None) => Ok(new_secret()),
        (WebhookFormat::Standard, Some(s)) if secret_key(s).is_some() => Ok(s.to_owned()),
        (WebhookFormat::Standard, Some(_)) => Err(AppError::validation(
            "secret",
            "format",
            "a standard webhook's secret is `whsec_` and base64 of 24–64 bytes (leave it out to get one)",
        )),
        (WebhookFormat::Dingtalk, s) => Ok(s.unwrap_or_default().to_owned()),
        (WebhookFormat::Wecom, None) => Ok(String::new()),
        (WebhookFormat::Wecom, Some(_)) => Err(AppError::validation(
            "secret",
            "unused",
            "a WeCom robot has no signing secret: its key is in the URL",
        )),
    }
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &WebhookRequest) -> AppResult<CreatedWebhookDto> {
    ctx.require(Capability::WebhooksManage)?;
    check_url(ctx, req.url.trim())?;
    let secret = secret_for(req)?;
    let mut events = req.events.clone();
    events.sort();
    events.dedup();
    let scopes = ctx.api_key.as_ref().map(|k| k.scopes.clone());
    let webhook = db::write(conn, |tx| {
        let start = start_at(tx)?;
        audit::created(
            tx,
            &ctx.actor(),
            "webhook.create",
            ENTITY,
            |tx| {
                q::insert(
                    tx,
                    &NewWebhook {
                        owner_id: ctx.user_id,
                        url: req.url.trim(),
                        events: &events,
                        format: req.format.as_str(),
                        secret: &secret,
                        scopes: scopes.as_ref(),
                        enabled: req.enabled,
                        start,
                    },
                    ctx.now,
                )
            },
            load,
        )
    })?;
    Ok(CreatedWebhookDto {
        webhook,
        secret: (req.format == WebhookFormat::Standard).then_some(secret),
    })
}

pub fn list(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Vec<WebhookDto>> {
    ctx.require(Capability::WebhooksManage)?;
    let owner = (!ctx.is_admin()).then_some(ctx.user_id);
    Ok(q::list(conn, owner)?
        .iter()
        .map(WebhookRow::to_dto)
        .collect())
}

/// The inbox line: the caller's own webhooks the server switched off or that fail now.
pub fn waiting_failing(conn: &mut DbConn, ctx: &Ctx) -> AppResult<crate::db::list::Waiting> {
    ctx.require(Capability::WebhooksManage)?;
    q::failing(conn, ctx.user_id)
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<WebhookDto> {
    Ok(in_scope(conn, ctx, id)?.to_dto())
}

pub fn patch(conn: &mut DbConn, ctx: &Ctx, id: i64, p: &WebhookPatch) -> AppResult<WebhookDto> {
    in_scope(conn, ctx, id)?;
    if let Some(url) = &p.url {
        check_url(ctx, url.trim())?;
    }
    let events = p.events.clone().map(|mut e| {
        e.sort();
        e.dedup();
        e
    });
    db::write(conn, |tx| {
        audit::changed(
            tx,
            &ctx.actor(),
            "webhook.update",
            ENTITY,
            id,
            load,
            |tx, _| {
                let change = WebhookChange {
                    url: p.url.as_deref().map(str::trim),
                    events: events.as_deref(),
                    enabled: p.enabled,
                };
                q::update(tx, id, &change, ctx.now)
            },
        )
    })
}

pub fn delete(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<()> {
    in_scope(conn, ctx, id)?;
    db::write(conn, |tx| {
        let before = load(tx, id)?;
        q::delete(tx, id)?;
        audit::record::<_, ()>(
            tx,
            &ctx.actor(),
            "webhook.delete",
            ENTITY,
            id,
            Some(&before),
            None,
        )
    })
}

pub fn deliveries(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    filter: &DeliveryListQuery,
    page: &PageQuery,
) -> AppResult<Page<DeliveryDto>> {
    in_scope(conn, ctx, id)?;
    q::deliveries(conn, id, filter, page)
}

/// Tries a delivery again from the start, now (a failed one too).
pub fn retry(conn: &mut DbConn, ctx: &Ctx, id: i64, delivery_id: i64) -> AppResult<DeliveryDto> {
    in_scope(conn, ctx, id)?;
    let load_delivery = |c: &mut DbConn, d: i64| {
        q::find_delivery(c, id, d)?
            .map(|r| r.to_dto())
            .ok_or(AppError::NotFound("delivery"))
    };
    db::write(conn, |tx| {
        audit::changed(
            tx,
            &ctx.actor(),
            "webhook_delivery.retry",
            "webhook_delivery",
            delivery_id,
            load_delivery,
            |tx, _| q::requeue(tx, delivery_id, ctx.now),
        )
    })
}
