//! PostgreSQL going away and going slow under a stream of money writes (issue 15), through
//! the TCP proxy in front of it: while it is cut every request answers 503 within a second,
//! once it is back writes succeed again within two, and every acknowledged write is stored
//! exactly once; a database that answers too slowly gets 503 at the deadline, never a hang,
//! and the pool serves again once it is fast.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::schema::expense_claims as c;
use salesops::db::{Backend, Db};
use serde_json::json;
use tokio::sync::Mutex;

use crate::money::{Money, line};
use crate::support::{PgProxy, TestApp, TestDb};

/// What the writer saw, in order: when each answer came, its status and how long it took.
#[derive(Default)]
struct Seen {
    answers: Vec<(Instant, StatusCode, Duration)>,
    acknowledged: Vec<(i64, i64)>,
}

async fn proxied(statement_timeout_ms: u64) -> (Money, PgProxy, String) {
    let test_db = TestDb::new(Backend::Postgres);
    let direct = test_db.url.clone();
    let proxy = PgProxy::start(0).await;
    let url = test_db.url_via(proxy.port);
    let app = TestApp::spawn_on_with(test_db, &url, |s| {
        s.statement_timeout_ms = statement_timeout_ms;
    })
    .await;
    let m = Money::on(app).await;
    m.budget(m.t.sp1_id, "2026-12", "per_diem", 100_000_000)
        .await;
    (m, proxy, direct)
}

#[actix_web::test]
async fn postgres_cut_under_writes_answers_503_fast_and_loses_nothing() {
    let (m, mut proxy, direct) = proxied(1_000).await;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (client, base, token) = (m.app.client.clone(), m.app.base.clone(), m.t.sp1.clone());
        let (seen, stop) = (seen.clone(), stop.clone());
        actix_web::rt::spawn(async move {
            let mut i = 0i64;
            while !stop.load(Ordering::SeqCst) {
                let body = json!({"lines": [line("2026-12-01", "per_diem", 1_000 + i)]});
                loop {
                    let sent = Instant::now();
                    let res = client
                        .post(format!("{base}/api/v1/expense-claims"))
                        .bearer_auth(&token)
                        .header("Idempotency-Key", format!("cut-{i}"))
                        .timeout(Duration::from_secs(10))
                        .json(&body)
                        .send()
                        .await
                        .expect("the server answers, database or not");
                    let status = res.status();
                    let value: serde_json::Value = res.json().await.unwrap_or_default();
                    let mut s = seen.lock().await;
                    s.answers.push((Instant::now(), status, sent.elapsed()));
                    if status == StatusCode::CREATED {
                        s.acknowledged
                            .push((value["id"].as_i64().expect("id"), 1_000 + i));
                        break;
                    }
                    assert!(
                        status == StatusCode::SERVICE_UNAVAILABLE
                            || value["code"] == "idempotency_in_progress",
                        "{status}: {value}"
                    );
                    drop(s);
                    actix_web::rt::time::sleep(Duration::from_millis(50)).await;
                }
                i += 1;
            }
        })
    };
    actix_web::rt::time::sleep(Duration::from_millis(700)).await;
    proxy.stop().await;
    let cut = Instant::now();
    actix_web::rt::time::sleep(Duration::from_secs(2)).await;
    let proxy = PgProxy::start(proxy.port).await;
    let back = Instant::now();
    // Long enough for a key the cut left running to be taken over (10 s).
    actix_web::rt::time::sleep(Duration::from_secs(12)).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    drop(proxy);

    let s = seen.lock().await;
    let during: Vec<&(Instant, StatusCode, Duration)> = s
        .answers
        .iter()
        .filter(|(at, _, _)| *at > cut + Duration::from_millis(100) && *at < back)
        .collect();
    assert!(
        !during.is_empty(),
        "no request answered while the database was cut"
    );
    let slowest = during
        .iter()
        .map(|(_, _, took)| *took)
        .max()
        .unwrap_or_default();
    assert!(
        during
            .iter()
            .all(|(_, st, _)| *st == StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(slowest < Duration::from_secs(1), "a 503 took {slowest:?}");
    // Back: the first answer that is not a 503 (a 409 for a key whose request the cut left
    // running is the server working: that key is taken over after 10 s, see idempotency.rs).
    let since_back = |ok: fn(StatusCode) -> bool| {
        s.answers
            .iter()
            .find(|(at, st, _)| *at > back && ok(*st))
            .map(|(at, _, _)| at.duration_since(back))
    };
    let recovered = since_back(|st| st != StatusCode::SERVICE_UNAVAILABLE)
        .expect("an answer after the database came back");
    assert!(
        recovered < Duration::from_secs(2),
        "recovered after {recovered:?}"
    );
    let written = since_back(|st| st == StatusCode::CREATED)
        .expect("a write succeeded after the database came back");

    let db = Db::connect(&direct, 1).expect("pool");
    let mut conn = db.get().expect("connection");
    let stored: Vec<(i64, i64)> = c::table
        .filter(c::owner_id.eq(m.t.sp1_id))
        .select((c::id, c::total_fen))
        .order(c::id.asc())
        .load(&mut *conn)
        .expect("claims");
    assert_eq!(stored, s.acknowledged, "writes lost or doubled");
    eprintln!(
        "PostgreSQL cut for 2 s: {} answers while down, all 503, the slowest in {slowest:?}; \
         first answer {recovered:?} and first stored write {written:?} after it came back; {} writes acknowledged, {} stored",
        during.len(),
        s.acknowledged.len(),
        stored.len()
    );
}

#[actix_web::test]
async fn slow_postgres_answers_503_at_the_deadline_then_recovers() {
    // Statement timeout 1 s: requests wait at most that plus the 2 s margin.
    let (m, proxy, _) = proxied(1_000).await;
    let me = |m: &Money| {
        let (client, url, token) = (
            m.app.client.clone(),
            m.app.url("/api/v1/me"),
            m.t.sp1.clone(),
        );
        async move {
            let sent = Instant::now();
            let res = client
                .get(url)
                .bearer_auth(token)
                .timeout(Duration::from_secs(20))
                .send()
                .await
                .expect("an answer, never a hang");
            (res.status(), sent.elapsed())
        }
    };
    assert_eq!(me(&m).await.0, StatusCode::OK);
    proxy.delay_ms.store(6_000, Ordering::SeqCst);
    let (status, took) = me(&m).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        took >= Duration::from_millis(2_900) && took < Duration::from_millis(4_500),
        "answered after {took:?}"
    );
    proxy.delay_ms.store(0, Ordering::SeqCst);
    let fast = Instant::now();
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    while fast.elapsed() < Duration::from_secs(15) {
        status = me(&m).await.0;
        if status == StatusCode::OK {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK, "the pool did not recover");
    eprintln!(
        "slow PostgreSQL (6 s per answer): 503 after {took:?}; served again {:?} after it was fast",
        fast.elapsed()
    );
}
