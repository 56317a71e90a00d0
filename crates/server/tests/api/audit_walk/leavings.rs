//! The audit walk's steps for leavings: filed (by HR), rejected, filed and withdrawn, filed,
//! approved, its checklist worked, the handover made, closed. Last in the walk: the newcomer
//! leaves, their work goes to sp1.

use serde_json::{Value, json};

use super::driver::{Walk, version};
use crate::support::Team;

fn id(doc: &Value) -> i64 {
    doc["id"].as_i64().expect("id")
}

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team, hr: &str, leaver: i64) {
    let boss = t.boss.clone();
    let body = json!({"user_id": leaver, "leaving_on": "2026-12-31", "reason": "个人原因"});
    let first = w
        .post("/api/v1/leavings", None, hr, body.clone())
        .await
        .body;
    w.post(
        "/api/v1/leavings/{id}/reject",
        Some(id(&first)),
        &boss,
        json!({"version": first["version"], "reason": "项目未完"}),
    )
    .await;
    let second = w
        .post("/api/v1/leavings", None, hr, body.clone())
        .await
        .body;
    w.post(
        "/api/v1/leavings/{id}/cancel",
        Some(id(&second)),
        hr,
        json!({"version": second["version"]}),
    )
    .await;
    let leaving = w.post("/api/v1/leavings", None, hr, body).await.body;
    let approved = w
        .post(
            "/api/v1/leavings/{id}/approve",
            Some(id(&leaving)),
            &boss,
            json!({"version": leaving["version"], "comment": "同意"}),
        )
        .await;
    let worked = w
        .patch(
            "/api/v1/leavings/{id}/checklist",
            id(&leaving),
            hr,
            json!({"version": version(&approved), "property": [{"item": "工牌", "returned": true}]}),
        )
        .await;
    w.post(
        "/api/v1/handovers",
        None,
        hr,
        json!({"from_user_id": leaver, "to_user_id": t.sp1_id}),
    )
    .await;
    w.post(
        "/api/v1/leavings/{id}/close",
        Some(id(&leaving)),
        hr,
        json!({"version": version(&worked)}),
    )
    .await;
}
