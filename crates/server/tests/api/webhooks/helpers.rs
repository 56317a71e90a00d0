//! The webhook tests' settings and waits: a server that delivers at once to loopback, and
//! polls of a webhook and its deliveries until they reach what a test expects.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use salesops::config::Settings;
use salesops::db::Backend;
use serde_json::Value;

use crate::support::TestApp;

pub fn delivering(s: &mut Settings) {
    s.jobs = true;
    s.webhooks.allow_private = true;
    s.webhooks.backoff_secs = vec![0, 0, 0];
    s.webhooks.timeout_ms = 3_000;
}

pub async fn hooked(b: Backend, change: impl FnOnce(&mut Settings)) -> TestApp {
    TestApp::spawn_with(b, |s| {
        delivering(s);
        change(s);
    })
    .await
}

pub async fn subscribe(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.post("/api/v1/webhooks", token, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "webhook: {}", res.text);
    res.body
}

pub async fn deliveries(app: &TestApp, token: &str, hook: i64) -> Vec<Value> {
    let res = app
        .get(&format!("/api/v1/webhooks/{hook}/deliveries"), token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body["items"].as_array().cloned().unwrap_or_default()
}

/// Waits (up to 15 s) until the webhook's deliveries satisfy `done`.
pub async fn wait_deliveries(
    app: &TestApp,
    token: &str,
    hook: i64,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let d = deliveries(app, token, hook).await;
        if done(&d) {
            return d;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "deliveries: {d:?}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(40)).await;
    }
}

pub async fn wait_webhook(
    app: &TestApp,
    token: &str,
    hook: i64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let w = app
            .get(&format!("/api/v1/webhooks/{hook}"), token)
            .await
            .body;
        if done(&w) {
            return w;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "webhook: {w}");
        actix_web::rt::time::sleep(Duration::from_millis(40)).await;
    }
}
