//! Sending: each runner tick fans out new events, claims the due deliveries under a lease,
//! sends them concurrently (no database connection held while waiting on a receiver), and
//! records each outcome. Delivery is at least once: an instance dying after the receiver
//! answered but before recording it leaves the lease to run out and the try to be made
//! again, with the same `webhook-id`, by which receivers drop repeats.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, NaiveDateTime};
use salesops_domain::webhooks::{DeliveryStatus, WebhookFormat};

use crate::clock;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::webhooks::address::{GuardedResolver, literal_allowed};
use crate::webhooks::fanout::fan_out;
use crate::webhooks::format::{dingtalk_url, standard_signature};
use crate::webhooks::tries::{self as q, Claimed, Outcome};

/// Deliveries claimed at once, and claims per tick (a burst drains at up to 128 a tick).
const PER_ROUND: i64 = 16;
const ROUNDS: usize = 8;

/// One tick of webhook work; answers the tries made.
pub async fn tick(db: &Db, settings: &Arc<Settings>, worker: &str) -> AppResult<usize> {
    let s = settings.clone();
    db.run(move |conn| fan_out(conn, &s, clock::now())).await?;
    let timeout = StdDuration::from_millis(settings.webhooks.timeout_ms);
    // The lease outlasts a batch of tries by a margin, so a slow receiver does not get a
    // second try from another instance while the first is still waiting.
    let lease = Duration::milliseconds(
        i64::try_from(settings.webhooks.timeout_ms)
            .unwrap_or(5_000)
            .saturating_mul(PER_ROUND),
    ) + Duration::seconds(30);
    let mut client = None;
    let mut tried = 0;
    for _ in 0..ROUNDS {
        let w = worker.to_owned();
        let claimed = db
            .run(move |conn| q::claim(conn, &w, clock::now(), lease, PER_ROUND))
            .await?;
        if claimed.is_empty() {
            break;
        }
        let client = match &mut client {
            Some(c) => &*c,
            None => &*client.insert(http_client(settings, timeout)?),
        };
        // Per webhook in order, webhooks side by side; a receiver's first failure stops its
        // batch, so a failing endpoint gets one try per round, not one per event.
        let mut by_hook: BTreeMap<i64, Vec<Claimed>> = BTreeMap::new();
        for c in claimed {
            by_hook.entry(c.webhook.id).or_default().push(c);
        }
        let batches = by_hook
            .into_values()
            .map(|batch| send_in_order(client, settings, batch));
        let results: Vec<(Claimed, Option<Tried>)> = futures_util::future::join_all(batches)
            .await
            .into_iter()
            .flatten()
            .collect();
        tried += results.iter().filter(|(_, t)| t.is_some()).count();
        let (s, w) = (settings.clone(), worker.to_owned());
        db.run(move |conn| {
            let now = clock::now();
            for (c, outcome) in &results {
                let Some(t) = outcome else {
                    q::release(conn, c, &w)?;
                    continue;
                };
                let outcome = schedule(&s, c, t, now);
                if !q::record(conn, c, &w, &outcome, s.webhooks.disable_after, now)? {
                    tracing::warn!(
                        delivery = c.delivery.id,
                        "webhook try done, but its lease had passed on"
                    );
                }
            }
            Ok(())
        })
        .await?;
    }
    Ok(tried)
}

/// The sender: no redirects (they could lead inside), names resolved through the guard.
fn http_client(settings: &Settings, timeout: StdDuration) -> AppResult<reqwest13::Client> {
    reqwest13::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest13::redirect::Policy::none())
        .dns_resolver(Arc::new(GuardedResolver {
            allow_private: settings.webhooks.allow_private,
        }))
        .user_agent(concat!("salesops-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| AppError::Internal(format!("webhook client: {e}")))
}

/// One webhook's claimed deliveries, oldest first, until one fails; the rest untried.
async fn send_in_order(
    client: &reqwest13::Client,
    s: &Settings,
    batch: Vec<Claimed>,
) -> Vec<(Claimed, Option<Tried>)> {
    let mut out = Vec::with_capacity(batch.len());
    let mut failed = false;
    for c in batch {
        if failed {
            out.push((c, None));
            continue;
        }
        let t = attempt(client, s, &c).await;
        failed = !t.ok;
        out.push((c, Some(t)));
    }
    out
}

/// What a try found before scheduling: delivered, failed for good (410), or failed.
struct Tried {
    ok: bool,
    gone: bool,
    code: Option<i32>,
    ms: i64,
    error: Option<String>,
}

/// When to try again (the back-off schedule), or `failed` once it is used up.
fn schedule(s: &Settings, c: &Claimed, t: &Tried, now: NaiveDateTime) -> Outcome {
    let retry_in = usize::try_from(c.delivery.attempts - 1)
        .ok()
        .and_then(|i| s.webhooks.backoff_secs.get(i).copied());
    let (status, next, disable) = if t.ok {
        (DeliveryStatus::Delivered, None, None)
    } else if t.gone {
        (
            DeliveryStatus::Failed,
            None,
            Some("the receiver answered 410 Gone".to_owned()),
        )
    } else if let Some(secs) = retry_in {
        let secs = i64::try_from(secs).unwrap_or(86_400);
        (
            DeliveryStatus::Pending,
            Some(now + Duration::seconds(secs)),
            None,
        )
    } else {
        (DeliveryStatus::Failed, None, None)
    };
    Outcome {
        status,
        response_code: t.code,
        duration_ms: t.ms,
        error: t.error.clone(),
        next_attempt_at: next,
        disable,
    }
}

/// One try: the request as the format wants it, its answer judged.
async fn attempt(client: &reqwest13::Client, s: &Settings, c: &Claimed) -> Tried {
    let started = Instant::now();
    let elapsed = |t: Instant| i64::try_from(t.elapsed().as_millis()).unwrap_or(i64::MAX);
    let fail = |error: String, code: Option<i32>| Tried {
        ok: false,
        gone: false,
        code,
        ms: elapsed(started),
        error: Some(error),
    };
    let hook = &c.webhook;
    if !literal_allowed(&hook.url, s.webhooks.allow_private) {
        return fail(
            "the URL's address is private, loopback or link-local".to_owned(),
            None,
        );
    }
    let body = c.delivery.payload_json.clone();
    let now = clock::utc(clock::now());
    let format = hook.format;
    let request = match format {
        WebhookFormat::Standard => {
            let ts = now.timestamp();
            match standard_signature(&hook.secret, &c.delivery.message_id, ts, &body) {
                Ok(sig) => client
                    .post(&hook.url)
                    .header("webhook-id", &c.delivery.message_id)
                    .header("webhook-timestamp", ts.to_string())
                    .header("webhook-signature", sig),
                Err(e) => return fail(e, None),
            }
        }
        WebhookFormat::Dingtalk => {
            match dingtalk_url(&hook.url, &hook.secret, now.timestamp_millis()) {
                Ok(url) => client.post(url),
                Err(e) => return fail(e, None),
            }
        }
        WebhookFormat::Wecom => client.post(&hook.url),
    };
    let answer = request
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await;
    let response = match answer {
        Ok(r) => r,
        Err(e) => return fail(format!("not delivered: {e}"), None),
    };
    let status = response.status();
    let code = Some(i32::from(status.as_u16()));
    // A robot answers 200 with `errcode` ≠ 0 when it refuses the message (bad sign, limits).
    let text = response.text().await.unwrap_or_default();
    if status.is_success() {
        if format != WebhookFormat::Standard {
            let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if let Some(errcode) = answer
                .get("errcode")
                .and_then(|v| v.as_i64())
                .filter(|c| *c != 0)
            {
                let msg = answer
                    .get("errmsg")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                return fail(
                    format!("the robot refused it: errcode {errcode} {msg}"),
                    code,
                );
            }
        }
        return Tried {
            ok: true,
            gone: false,
            code,
            ms: elapsed(started),
            error: None,
        };
    }
    let snippet: String = text.chars().take(200).collect();
    Tried {
        ok: false,
        gone: status.as_u16() == 410,
        code,
        ms: elapsed(started),
        error: Some(format!("the receiver answered {status}: {snippet}")),
    }
}
