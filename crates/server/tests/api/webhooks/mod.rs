//! Webhooks (issue 14) against a receiver on a loopback port: Standard Webhooks signatures
//! checked by the test's own HMAC, retries under one `webhook-id`, DingTalk's signed URL and
//! markdown, 410 and failures in a row switching a webhook off, private addresses refused,
//! scope, a manual retry, and two instances delivering each event once.

mod helpers;
mod receiver;
mod signatures;

use std::time::Duration;

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::clients::{new_client, org};
use crate::inbox::seed::submitted_plan;
use crate::money::{Money, line};
use crate::on_both_backends;
use crate::support::TestApp;
use helpers::{deliveries, hooked, subscribe, wait_deliveries, wait_webhook};
use receiver::Receiver;
use signatures::{dingtalk_sign, signature_valid};

on_both_backends!(
    webhooks_standard_signed_and_retried_under_one_id,
    webhooks_dingtalk_robot_gets_a_signed_url_and_a_message,
    webhooks_gone_or_failing_in_a_row_are_switched_off,
    webhooks_refuse_private_addresses_and_bad_input,
    webhooks_carry_only_what_the_owner_reads,
    webhooks_failed_delivery_is_retried_by_hand,
    webhooks_two_instances_deliver_each_event_once,
);

async fn webhooks_standard_signed_and_retried_under_one_id(b: Backend) {
    let app = hooked(b, |_| {}).await;
    let o = org(&app).await;
    let rx = Receiver::start(&[500, 500]);
    let hook = subscribe(
        &app,
        &o.admin.token,
        json!({"url": rx.url("/hooks/salesops"), "events": ["client.created"]}),
    )
    .await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{hook}");
    assert_eq!(hook["format"], "standard");
    let id = hook["id"].as_i64().unwrap();
    // Listing never shows the secret again.
    let listed = app.get("/api/v1/webhooks", &o.admin.token).await;
    assert!(!listed.text.contains(&secret));

    let client = new_client(&app, &o.s1.token, json!({"name": "推送客户"})).await;
    // An event the webhook does not subscribe to is not sent.
    app.patch(
        &format!("/api/v1/clients/{client}"),
        &o.s1.token,
        json!({"company": "x", "version": 1}),
    )
    .await;
    let got = rx.wait_for(3).await;
    let d = wait_deliveries(&app, &o.admin.token, id, |d| {
        d.iter().any(|x| x["status"] == "delivered")
    })
    .await;
    assert_eq!(d.len(), 1, "one delivery: {d:?}");
    assert_eq!(d[0]["attempts"], 3);
    assert_eq!(d[0]["response_code"], 200);
    assert_eq!(d[0]["event"], "client.created");
    assert!(d[0]["duration_ms"].as_i64().is_some());
    assert_eq!(got.len(), 3, "three tries: {got:?}");
    let ids: Vec<&str> = got
        .iter()
        .map(|r| r.header("webhook-id").unwrap())
        .collect();
    assert!(
        ids.iter().all(|i| *i == ids[0]),
        "one webhook-id on every try: {ids:?}"
    );
    assert_eq!(ids[0], d[0]["message_id"]);
    for r in &got {
        assert!(signature_valid(&secret, r), "bad signature: {r:?}");
        assert_eq!(r.path_and_query, "/hooks/salesops");
    }
    assert!(
        !signature_valid("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &got[0]),
        "any secret passes"
    );
    let body: Value = serde_json::from_str(&got[2].body).unwrap();
    assert_eq!(body["event"], "client.created");
    assert_eq!(body["type"], "client");
    assert_eq!(body["id"], client.to_string());
    assert_eq!(body["actor_id"], o.s1.user_id);
    assert_eq!(body["data"]["before"], Value::Null);
    assert_eq!(body["data"]["after"]["name"], "推送客户");
    // Failures were counted, and the success cleared them.
    let w = app
        .get(&format!("/api/v1/webhooks/{id}"), &o.admin.token)
        .await
        .body;
    assert_eq!(w["consecutive_failures"], 0, "{w}");
    assert_eq!(w["enabled"], true);
}

async fn webhooks_dingtalk_robot_gets_a_signed_url_and_a_message(b: Backend) {
    let app = hooked(b, |s| {
        s.webhooks.public_url = Some("https://sales.example.com".to_owned())
    })
    .await;
    let o = org(&app).await;
    let rx = Receiver::start(&[]);
    let secret = "SEC0123456789abcdef";
    subscribe(
        &app,
        &o.admin.token,
        json!({
            "url": rx.url("/robot/send?access_token=tok"),
            "events": ["plan.submitted"],
            "format": "dingtalk",
            "secret": secret,
        }),
    )
    .await;
    let (plan, _) = submitted_plan(&app, &o.s1.token, "2026-W49").await;
    let got = rx.wait_for(1).await;
    let r = &got[0];
    let url = reqwest::Url::parse(&format!("http://x{}", r.path_and_query)).unwrap();
    let q: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["access_token"], "tok");
    let ts = &q["timestamp"];
    assert!((chrono::Utc::now().timestamp_millis() - ts.parse::<i64>().unwrap()).abs() < 60_000);
    assert_eq!(q["sign"], dingtalk_sign(secret, ts), "sign");
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(body["msgtype"], "markdown");
    let title = body["markdown"]["title"].as_str().unwrap();
    let sp1 = app.get("/api/v1/me", &o.s1.token).await.str("display_name");
    let boss = app
        .get("/api/v1/me", &o.east_boss.token)
        .await
        .str("display_name");
    assert_eq!(
        title,
        format!("{sp1}提交了 2026-W49 工作计划，待{boss}审批"),
        "{body}"
    );
    let text = body["markdown"]["text"].as_str().unwrap();
    assert!(
        text.contains("https://sales.example.com/manager/approvals"),
        "{text}"
    );
    assert!(text.contains("plan.submitted"), "{text}");
    assert!(plan > 0);
}

async fn webhooks_gone_or_failing_in_a_row_are_switched_off(b: Backend) {
    let app = hooked(b, |s| s.webhooks.disable_after = 2).await;
    let o = org(&app).await;
    let gone = Receiver::start(&[410]);
    let failing = Receiver::start(&[500, 500, 500, 500]);
    let g = subscribe(
        &app,
        &o.admin.token,
        json!({"url": gone.url("/"), "events": ["client.*"]}),
    )
    .await;
    let f = subscribe(
        &app,
        &o.admin.token,
        json!({"url": failing.url("/"), "events": ["*"]}),
    )
    .await;
    new_client(&app, &o.s1.token, json!({"name": "失效客户"})).await;
    let g = g["id"].as_i64().unwrap();
    let w = wait_webhook(&app, &o.admin.token, g, |w| w["enabled"] == false).await;
    assert!(
        w["disabled_reason"].as_str().unwrap().contains("410"),
        "{w}"
    );
    let d = deliveries(&app, &o.admin.token, g).await;
    assert_eq!(d[0]["status"], "failed", "410 ends the delivery: {d:?}");
    assert_eq!(d[0]["attempts"], 1);
    assert_eq!(gone.received().len(), 1);

    let f = f["id"].as_i64().unwrap();
    let w = wait_webhook(&app, &o.admin.token, f, |w| w["enabled"] == false).await;
    assert_eq!(w["disabled_reason"], "2 failed tries in a row", "{w}");
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        failing.received().len(),
        2,
        "tried after being switched off"
    );
    // The owner's inbox names both, linking to the webhooks screen.
    let inbox = app.get("/api/v1/inbox", &o.admin.token).await;
    let line = inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "failing_webhooks")
        .cloned()
        .unwrap_or_else(|| panic!("no failing_webhooks line: {}", inbox.text));
    assert_eq!(line["count"], 2, "{line}");
    assert_eq!(line["link"], "/admin/webhooks");
    // Switched on again: the failures are forgotten and the delivery goes on.
    let res = app
        .patch(
            &format!("/api/v1/webhooks/{f}"),
            &o.admin.token,
            json!({"enabled": true}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["consecutive_failures"], 0);
    assert_eq!(res.body["disabled_reason"], Value::Null);
    failing.wait_for(3).await;
}

async fn webhooks_refuse_private_addresses_and_bad_input(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    let bad = |body: Value, field: &'static str| {
        let app = &app;
        let admin = &admin;
        async move {
            let res = app.post("/api/v1/webhooks", admin, body.clone()).await;
            res.assert_problem(422, "validation_failed");
            assert_eq!(
                res.error_fields(),
                vec![field.to_owned()],
                "{body}: {}",
                res.text
            );
        }
    };
    for url in [
        "http://127.0.0.1:9/hook",
        "http://10.0.0.8/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://localhost:9/hook",
        "https://user:pw@example.com/hook",
        "ftp://example.com/hook",
    ] {
        bad(json!({"url": url, "events": ["*"]}), "url").await;
    }
    bad(
        json!({"url": "https://1.1.1.1/h", "events": ["nothing.created"]}),
        "events",
    )
    .await;
    bad(json!({"url": "https://1.1.1.1/h", "events": []}), "events").await;
    bad(
        json!({"url": "https://1.1.1.1/h", "events": ["*"], "secret": "plain"}),
        "secret",
    )
    .await;
    bad(
        json!({"url": "https://1.1.1.1/h", "events": ["*"], "format": "wecom", "secret": "x"}),
        "secret",
    )
    .await;
    let res = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"url": "https://1.1.1.1/h", "events": ["*"], "extra": 1}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["extra".to_owned()]);
}

async fn webhooks_carry_only_what_the_owner_reads(b: Backend) {
    let app = hooked(b, |_| {}).await;
    let m = Money::on(app).await;
    let (app, t) = (&m.app, &m.t);
    let rx = Receiver::start(&[]);
    // Finance subscribes through a key with webhooks:manage; a key without it is refused.
    let key = |scopes: Value| async move {
        let res = app
            .post(
                "/api/v1/api-keys",
                &t.admin,
                json!({"name": "erp", "owner_id": m.fin_id, "scopes": scopes}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        res.str("key")
    };
    let read_only = key(json!(["finance:read"])).await;
    let res = app.get("/api/v1/webhooks", &read_only).await;
    res.assert_problem(403, "forbidden");
    let manage = key(json!(["webhooks:manage", "finance:read"])).await;
    let hook = subscribe(
        app,
        &manage,
        json!({"url": rx.url("/erp"), "events": ["*"]}),
    )
    .await;
    assert_eq!(hook["owner_id"], m.fin_id);
    let id = hook["id"].as_i64().unwrap();
    // A salesperson may not manage webhooks; HR does not see finance's.
    app.get("/api/v1/webhooks", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
    let hr = app.seed_user("hr.x", &[salesops_domain::Role::Hr], None);
    assert!(hr > 0);
    let hr = app.login("hr.x", crate::support::PASSWORD).await.token;
    app.get(&format!("/api/v1/webhooks/{id}"), &hr)
        .await
        .assert_problem(404, "not_found");
    let hr_list = app.get("/api/v1/webhooks", &hr).await;
    assert_eq!(hr_list.body, json!([]));

    new_client(app, &t.sp1, json!({"name": "财务看不到"})).await;
    let (plan, _) = m
        .approved_plan(&t.sp1, "2026-W49", json!({"travel": 500000}), &[])
        .await;
    m.claim(
        &t.sp1,
        json!({"plan_id": plan, "lines": [line("2026-12-01", "travel", 30000)]}),
    )
    .await;
    let d = wait_deliveries(app, &manage, id, |d| {
        d.iter()
            .any(|x| x["event"] == "expense_claim.created" && x["status"] == "delivered")
    })
    .await;
    let events: Vec<&str> = d.iter().map(|x| x["event"].as_str().unwrap()).collect();
    assert!(
        events
            .iter()
            .all(|e| !e.starts_with("client.") && !e.starts_with("plan.")),
        "{events:?}"
    );
    for r in rx.received() {
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_ne!(body["type"], "client", "finance got a client: {body}");
    }
}

async fn webhooks_failed_delivery_is_retried_by_hand(b: Backend) {
    let app = hooked(b, |s| s.webhooks.backoff_secs = vec![]).await;
    let o = org(&app).await;
    let rx = Receiver::start(&[503]);
    let hook = subscribe(
        &app,
        &o.admin.token,
        json!({"url": rx.url("/"), "events": ["client.created"]}),
    )
    .await;
    let id = hook["id"].as_i64().unwrap();
    new_client(&app, &o.s1.token, json!({"name": "重试客户"})).await;
    let d = wait_deliveries(&app, &o.admin.token, id, |d| {
        d.iter().any(|x| x["status"] == "failed")
    })
    .await;
    assert_eq!(d[0]["response_code"], 503);
    assert!(
        d[0]["last_error"].as_str().unwrap().contains("503"),
        "{d:?}"
    );
    let failed = app
        .get(
            &format!("/api/v1/webhooks/{id}/deliveries?status=failed"),
            &o.admin.token,
        )
        .await;
    assert_eq!(failed.body["items"].as_array().unwrap().len(), 1);
    let did = d[0]["id"].as_i64().unwrap();
    let res = app
        .post(
            &format!("/api/v1/webhooks/{id}/deliveries/{did}/retry"),
            &o.admin.token,
            json!({}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["status"], "pending");
    let d = wait_deliveries(&app, &o.admin.token, id, |d| d[0]["status"] == "delivered").await;
    assert_eq!(
        d[0]["message_id"],
        rx.received()[0].header("webhook-id").unwrap()
    );
    let got = rx.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].header("webhook-id"), got[1].header("webhook-id"));
    // Another webhook's delivery id under this webhook: 404.
    let res = app
        .post(
            &format!("/api/v1/webhooks/{}/deliveries/{did}/retry", id + 1000),
            &o.admin.token,
            json!({}),
        )
        .await;
    res.assert_problem(404, "not_found");
}

async fn webhooks_two_instances_deliver_each_event_once(b: Backend) {
    let a = hooked(b, |_| {}).await;
    let second = a.another_instance();
    assert!(second.runner.is_some());
    let o = org(&a).await;
    let rx = Receiver::start(&[]);
    let hook = subscribe(
        &a,
        &o.admin.token,
        json!({"url": rx.url("/"), "events": ["client.created"]}),
    )
    .await;
    let id = hook["id"].as_i64().unwrap();
    for i in 0..6 {
        let app = if i % 2 == 0 { &a } else { &second };
        new_client(app, &o.s1.token, json!({"name": format!("双实例{i}")})).await;
    }
    wait_deliveries(&a, &o.admin.token, id, |d| {
        d.len() == 6 && d.iter().all(|x| x["status"] == "delivered")
    })
    .await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let got = rx.received();
    let mut ids: Vec<&str> = got
        .iter()
        .map(|r| r.header("webhook-id").unwrap())
        .collect();
    assert_eq!(ids.len(), 6, "each event sent once: {ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}
