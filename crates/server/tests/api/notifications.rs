//! Notifications (issue 14): a decided plan tells its owner; the caller's own list, newest
//! first, with the unread filter and count; marking read by ids (others' ids ignored) or all;
//! exactly one of the two.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::clients::org;
use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    deciding_a_plan_notifies_its_owner,
    marking_read_by_ids_or_all
);

/// A weekly plan of `token`'s, submitted; answers (id, version).
async fn submitted_plan(app: &TestApp, token: &str, week: &str) -> (i64, i64) {
    let plan = app
        .post(
            "/api/v1/plans",
            token,
            json!({"kind": "weekly", "period": week}),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.text);
    let id = plan.id();
    let sub = app
        .post(&format!("/api/v1/plans/{id}/submit"), token, json!({}))
        .await;
    assert_eq!(sub.body["state"], "submitted", "{}", sub.text);
    (id, sub.body["version"].as_i64().unwrap())
}

async fn unread(app: &TestApp, token: &str) -> i64 {
    let res = app.get("/api/v1/notifications/unread-count", token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body["unread"].as_i64().unwrap()
}

fn titles(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn deciding_a_plan_notifies_its_owner(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    assert_eq!(unread(&app, &o.s1.token).await, 0);
    let (id, version) = submitted_plan(&app, &o.s1.token, "2026-W50").await;
    let ok = app
        .post(
            &format!("/api/v1/plans/{id}/approve"),
            &o.east_boss.token,
            json!({"version": version}),
        )
        .await;
    assert_eq!(ok.body["state"], "approved", "{}", ok.text);
    let (other, version) = submitted_plan(&app, &o.s1.token, "2026-W51").await;
    let no = app
        .post(
            &format!("/api/v1/plans/{other}/reject"),
            &o.east_boss.token,
            json!({"version": version, "comment": "拜访太少"}),
        )
        .await;
    assert_eq!(no.body["state"], "rejected", "{}", no.text);
    let mine = app.get("/api/v1/notifications", &o.s1.token).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text);
    // Newest first.
    assert_eq!(
        titles(&mine.body),
        vec!["你的周计划 2026-W51 已驳回", "你的周计划 2026-W50 已批准"]
    );
    let first = &mine.body["items"][1];
    assert_eq!(first["kind"], "plan_approved");
    assert_eq!(first["link"], "/plans/week");
    assert_eq!(first["entity_type"], "plan");
    assert_eq!(first["entity_id"], id);
    assert!(first["read_at"].is_null());
    assert_eq!(mine.body["items"][0]["body"], "拜访太少");
    assert_eq!(unread(&app, &o.s1.token).await, 2);
    // Nobody else is told.
    let boss = app.get("/api/v1/notifications", &o.east_boss.token).await;
    assert_eq!(boss.body["total"], 0, "{}", boss.text);
    assert_eq!(unread(&app, &o.s2.token).await, 0);
}

async fn marking_read_by_ids_or_all(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    for week in ["2026-W50", "2026-W51", "2026-W52"] {
        let (id, version) = submitted_plan(&app, &o.s1.token, week).await;
        let res = app
            .post(
                &format!("/api/v1/plans/{id}/approve"),
                &o.east_boss.token,
                json!({"version": version}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    let all = app.get("/api/v1/notifications", &o.s1.token).await;
    let ids: Vec<i64> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    // Exactly one of ids or all: 422 naming the field.
    let read = "/api/v1/notifications/read";
    let neither = app.post(read, &o.s1.token, json!({})).await;
    assert_eq!(neither.error_fields(), vec!["ids"], "{}", neither.text);
    let both = app
        .post(read, &o.s1.token, json!({"ids": [ids[0]], "all": true}))
        .await;
    assert_eq!(both.error_fields(), vec!["all"], "{}", both.text);
    let all_false = app.post(read, &o.s1.token, json!({"all": false})).await;
    assert_eq!(all_false.error_fields(), vec!["all"]);
    let empty = app.post(read, &o.s1.token, json!({"ids": []})).await;
    assert_eq!(empty.error_fields(), vec!["ids"]);
    // Someone else's ids are ignored: no 404 telling they exist, nothing marked.
    let other = app.post(read, &o.s2.token, json!({"ids": ids})).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text);
    assert_eq!(other.body["unread"], 0);
    assert_eq!(unread(&app, &o.s1.token).await, 3);
    // By ids (an unknown one among them is ignored too).
    let some = app
        .post(read, &o.s1.token, json!({"ids": [ids[0], 999_999]}))
        .await;
    assert_eq!(some.body["unread"], 2, "{}", some.text);
    let unread_list = app
        .get("/api/v1/notifications?unread=true", &o.s1.token)
        .await;
    assert_eq!(unread_list.body["total"], 2);
    assert!(
        unread_list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != ids[0])
    );
    let read_list = app
        .get("/api/v1/notifications?unread=false", &o.s1.token)
        .await;
    assert_eq!(read_list.body["total"], 1);
    assert!(read_list.body["items"][0]["read_at"].is_string());
    // Marking again changes nothing.
    let again = app.post(read, &o.s1.token, json!({"ids": [ids[0]]})).await;
    assert_eq!(again.body["unread"], 2);
    // All.
    let everything = app.post(read, &o.s1.token, json!({"all": true})).await;
    assert_eq!(everything.body["unread"], 0, "{}", everything.text);
    let none = app
        .get("/api/v1/notifications?unread=true", &o.s1.token)
        .await;
    assert_eq!(none.body["total"], 0);
    // Paged like every list.
    let page = app
        .get("/api/v1/notifications?per_page=2&page=2", &o.s1.token)
        .await;
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
}
