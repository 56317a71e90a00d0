//! Idempotency keys on money writes: replay, reuse with another body, a key in flight,
//! failures that release the key, keys per user.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use super::{Money, line};
use crate::on_both_backends;
use crate::support::Resp;

on_both_backends!(
    the_same_key_replays_the_first_answer,
    concurrent_requests_with_one_key
);

async fn keyed(m: &Money, token: &str, path: &str, key: &str, body: &Value) -> Resp {
    let res = m
        .app
        .client
        .post(m.app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    Resp::from(res).await
}

async fn the_same_key_replays_the_first_answer(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.budget(t.sp1_id, "2026-12", "per_diem", 1_000_000).await;
    let body = json!({"lines": [line("2026-12-01", "per_diem", 1000)]});
    let first = keyed(&m, &t.sp1, "/api/v1/expense-claims", "key-1", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert!(first.header("idempotent-replayed").is_none());
    let again = keyed(&m, &t.sp1, "/api/v1/expense-claims", "key-1", &body).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.body, first.body);
    assert_eq!(m.get(&t.sp1, "/api/v1/expense-claims").await["total"], 1);
    // Another body with the key: refused; another user's same key is theirs.
    let other = json!({"lines": [line("2026-12-01", "per_diem", 2000)]});
    let reused = keyed(&m, &t.sp1, "/api/v1/expense-claims", "key-1", &other).await;
    reused.assert_problem(422, "validation_failed");
    assert_eq!(reused.body["errors"][0]["code"], "idempotency_key_reused");
    m.budget(m.t.sp1_id + 1, "2026-12", "per_diem", 1_000_000)
        .await;
    let theirs = keyed(&m, &t.sp2, "/api/v1/expense-claims", "key-1", &body).await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.text);
    assert_ne!(theirs.body["id"], first.body["id"]);
    // A failed request leaves no key behind.
    let bad = json!({"lines": [line("2026-12-01", "per_diem", 1000)], "plan_id": 424242});
    keyed(&m, &t.sp1, "/api/v1/expense-claims", "key-2", &bad)
        .await
        .assert_problem(422, "validation_failed");
    let good = keyed(&m, &t.sp1, "/api/v1/expense-claims", "key-2", &body).await;
    assert_eq!(good.status, StatusCode::CREATED, "{}", good.text);
    // Keys are checked.
    keyed(
        &m,
        &t.sp1,
        "/api/v1/expense-claims",
        &"k".repeat(201),
        &body,
    )
    .await
    .assert_problem(422, "validation_failed");
    // Paying twice with one key pays once.
    let c = m.ok(&t.sp1, &first.body, "submit", json!({})).await;
    let c = m.ok(&t.boss, &c, "approve", json!({})).await;
    let c = m.ok(&m.fin, &c, "approve", json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let pay = json!({"version": c["version"], "payment_ref": "BANK-1"});
    let path = format!("/api/v1/expense-claims/{id}/pay");
    let p1 = keyed(&m, &m.fin, &path, "pay-1", &pay).await;
    assert_eq!(p1.status, StatusCode::OK, "{}", p1.text);
    let p2 = keyed(&m, &m.fin, &path, "pay-1", &pay).await;
    assert_eq!(p2.status, StatusCode::OK, "{}", p2.text);
    assert_eq!(p2.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(p2.body, p1.body);
    // Without the key the retry is a stale (and now illegal) step.
    m.app
        .post(&path, &m.fin, pay)
        .await
        .assert_problem(409, "invalid_state");
    let history = m
        .get(&m.fin, &format!("/api/v1/expense-claims/{id}/history"))
        .await;
    assert_eq!(
        history
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["action"] == "pay")
            .count(),
        1
    );
}

async fn concurrent_requests_with_one_key(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.budget(t.sp1_id, "2026-12", "per_diem", 1_000_000).await;
    for round in 0..3 {
        let key = format!("race-{round}");
        let body = json!({"lines": [line("2026-12-01", "per_diem", 1000 + round)]});
        let answers = futures_util::future::join_all(
            (0..6).map(|_| keyed(&m, &t.sp1, "/api/v1/expense-claims", &key, &body)),
        )
        .await;
        let fresh = answers
            .iter()
            .filter(|a| {
                a.status == StatusCode::CREATED && a.header("idempotent-replayed").is_none()
            })
            .count();
        assert_eq!(fresh, 1, "one request runs");
        for a in &answers {
            match a.status.as_u16() {
                201 => {}
                409 => assert_eq!(a.body["code"], "idempotency_in_progress", "{}", a.text),
                other => panic!("unexpected {other}: {}", a.text),
            }
        }
    }
    assert_eq!(m.get(&t.sp1, "/api/v1/expense-claims").await["total"], 3);
}
