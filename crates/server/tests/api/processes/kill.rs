//! SIGKILL in the middle of a stream of money writes (issue 15): expense claims created with
//! idempotency keys, submitted and approved, while the server is killed three times and
//! started again. The client retries what got no answer; afterwards the database holds each
//! claim exactly once, in its final state, with each audit event once.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops::db::schema::{audit_events as a, expense_claims as c};
use serde_json::{Value, json};

use super::Proc;
use crate::money::{Money, line};
use crate::on_both_backends;

on_both_backends!(kill9_during_money_writes_loses_and_doubles_nothing);

const KILLS: usize = 3;
const AT_LEAST: usize = 30;

/// Tallies of the stream, for the closing note.
#[derive(Default, Debug)]
struct Tally {
    sent: usize,
    failed_in_flight: usize,
    replayed: usize,
    in_progress: usize,
}

/// Sends until the server answers (not a dropped connection, not a 503, not a key still
/// held by a request the kill cut off); the answer is `Some` for any other status.
async fn until_answered(
    client: &reqwest::Client,
    tally: &mut Tally,
    send: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
) -> (StatusCode, Value) {
    let start = Instant::now();
    loop {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no answer in 60 s"
        );
        tally.sent += 1;
        match send(client).send().await {
            Err(_) => tally.failed_in_flight += 1,
            Ok(res) => {
                let status = res.status();
                let replayed = res.headers().contains_key("idempotent-replayed");
                let body: Value = res.json().await.unwrap_or(Value::Null);
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    tally.failed_in_flight += 1;
                } else if body["code"] == "idempotency_in_progress" {
                    tally.in_progress += 1;
                } else {
                    tally.replayed += usize::from(replayed);
                    return (status, body);
                }
            }
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A version-checked step: done when it answers 200, or when a 409 comes from the step
/// having been taken already by a try whose answer was lost.
async fn step(
    m: &Money,
    base: &str,
    tally: &mut Tally,
    token: &str,
    id: i64,
    action: &str,
    after: &str,
) {
    let client = &m.app.client;
    loop {
        let (s, body) = until_answered(client, tally, |c| {
            c.get(format!("{base}/api/v1/expense-claims/{id}"))
                .bearer_auth(token)
        })
        .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        if body["state"] == after {
            return;
        }
        let version = body["version"].clone();
        let (s, body) = until_answered(client, tally, |c| {
            c.post(format!("{base}/api/v1/expense-claims/{id}/{action}"))
                .bearer_auth(token)
                .json(&json!({ "version": version }))
        })
        .await;
        if s == StatusCode::OK {
            return;
        }
        assert_eq!(s, StatusCode::CONFLICT, "{action}: {body}");
    }
}

async fn kill9_during_money_writes_loses_and_doubles_nothing(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.budget(t.sp1_id, "2026-12", "per_diem", 100_000_000).await;
    let proc = Proc::new(
        &m.app.settings.database_url,
        m.app.settings.jwt_secret.as_deref(),
    );
    let proc = Arc::new(Mutex::new(proc));
    let base = proc.lock().expect("proc").base();
    proc.lock().expect("proc").start();

    // The killer: three times, a moment into the stream, SIGKILL and a start again.
    let done = Arc::new(AtomicBool::new(false));
    let killer = {
        let (proc, done) = (proc.clone(), done.clone());
        std::thread::spawn(move || {
            let mut restarts = Vec::new();
            for k in 0..KILLS {
                std::thread::sleep(Duration::from_millis(350 + 170 * k as u64));
                let mut p = proc.lock().expect("proc");
                p.kill9();
                let down = Instant::now();
                p.spawn();
                p.wait_ready();
                restarts.push(down.elapsed());
            }
            done.store(true, Ordering::SeqCst);
            restarts
        })
    };

    let mut tally = Tally::default();
    let mut acknowledged: Vec<(i64, i64)> = Vec::new();
    let client = m.app.client.clone();
    let mut i = 0usize;
    while !(done.load(Ordering::SeqCst) && i >= AT_LEAST) {
        let fen = 1_000 + i as i64;
        let key = format!("kill9-{i}");
        let body = json!({"lines": [line("2026-12-01", "per_diem", fen)]});
        let (s, claim) = until_answered(&client, &mut tally, |c| {
            c.post(format!("{base}/api/v1/expense-claims"))
                .bearer_auth(&t.sp1)
                .header("Idempotency-Key", &key)
                .json(&body)
        })
        .await;
        assert_eq!(s, StatusCode::CREATED, "create {i}: {claim}");
        let id = claim["id"].as_i64().expect("claim id");
        acknowledged.push((id, fen));
        step(&m, &base, &mut tally, &t.sp1, id, "submit", "submitted").await;
        step(
            &m,
            &base,
            &mut tally,
            &t.boss,
            id,
            "approve",
            "manager_approved",
        )
        .await;
        i += 1;
    }
    let restarts = killer.join().expect("killer");

    // The database: exactly the acknowledged claims, each once, approved, with its events.
    let mut conn = m.app.db.get().expect("connection");
    let stored: Vec<(i64, i64, String)> = c::table
        .filter(c::owner_id.eq(t.sp1_id))
        .select((c::id, c::total_fen, c::state))
        .order(c::id.asc())
        .load(&mut *conn)
        .expect("claims");
    let expected: Vec<(i64, i64, String)> = acknowledged
        .iter()
        .map(|(id, fen)| (*id, *fen, "manager_approved".to_owned()))
        .collect();
    assert_eq!(stored, expected, "claims lost, doubled or left half-way");
    let ids: Vec<String> = acknowledged.iter().map(|(id, _)| id.to_string()).collect();
    let events: Vec<(String, String)> = a::table
        .filter(a::entity_type.eq("expense_claim"))
        .filter(a::entity_id.eq_any(&ids))
        .select((a::entity_id, a::action))
        .load(&mut *conn)
        .expect("audit events");
    let mut per_claim: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, action) in events {
        per_claim.entry(id).or_default().push(action);
    }
    assert_eq!(per_claim.len(), ids.len(), "claims without audit events");
    for (id, mut actions) in per_claim {
        actions.sort();
        assert_eq!(
            actions,
            [
                "expense_claim.approve",
                "expense_claim.create",
                "expense_claim.submit"
            ],
            "claim {id}'s audit trail"
        );
    }
    eprintln!(
        "kill -9 ({b:?}): {KILLS} kills, restarts ready in {restarts:?}; {} claims acknowledged \
         and {} found, each submitted and approved once; {} requests sent, {} cut off, {} \
         replayed by key, {} waited for a cut-off key",
        acknowledged.len(),
        stored.len(),
        tally.sent,
        tally.failed_in_flight,
        tally.replayed,
        tally.in_progress
    );
}
