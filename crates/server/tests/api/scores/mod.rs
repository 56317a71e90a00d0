//! Monthly scores over HTTP (issue 13): the workflow with its separation of duties and locks,
//! adjustments and their notes, totals at rounding edges, the rubric version in force, the
//! annual score, the status report, alerts at their thresholds and improvement plans.

mod figures;
mod workflow;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

/// The salesperson rubric's manual items (version 1).
pub const MANUAL: [&str; 6] = [
    "terminal_daily_report",
    "network_plan",
    "end_user_problems",
    "commercial_policy",
    "special_problems",
    "rebate_forms",
];

pub async fn create(app: &TestApp, token: &str, user_id: i64, month: &str) -> Value {
    let res = app
        .post(
            "/api/v1/scores",
            token,
            json!({"user_id": user_id, "month": month}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

/// Sets a salesperson's draft to an exact daily-work score: the manual items full (30), plan
/// execution 0, weekly reports `weekly` (so daily work = 30 + weekly).
pub async fn set_daily(app: &TestApp, token: &str, score: &Value, weekly: f64) -> Value {
    let mut items: Vec<Value> = MANUAL
        .iter()
        .map(|c| json!({"code": c, "points": 5, "note": "按记录"}))
        .collect();
    items.push(json!({"code": "weekly_reports", "points": weekly, "note": "周报按审阅结果"}));
    items.push(json!({"code": "plan_execution", "points": 0, "note": "计划未执行"}));
    let id = score["id"].as_i64().unwrap();
    let res = app
        .patch(
            &format!("/api/v1/scores/{id}"),
            token,
            json!({"version": score["version"], "items": items}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

pub async fn finalize(app: &TestApp, token: &str, score: &Value) -> Value {
    let id = score["id"].as_i64().unwrap();
    let res = app
        .post(
            &format!("/api/v1/scores/{id}/finalize"),
            token,
            json!({"version": score["version"], "discussion_note": "已与本人讲评"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

/// A finalized salesperson's month with daily work 30 + `weekly`; returns the total.
pub async fn finalized(app: &TestApp, boss: &str, user_id: i64, month: &str, weekly: f64) -> f64 {
    let draft = create(app, boss, user_id, month).await;
    let set = set_daily(app, boss, &draft, weekly).await;
    let done = finalize(app, boss, &set).await;
    done["total"].as_f64().unwrap()
}

pub fn item<'a>(score: &'a Value, code: &str) -> &'a Value {
    score["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["code"] == code))
        .unwrap_or_else(|| panic!("no item {code} in {score}"))
}
