//! The audit walk's steps for the scores' inputs: attendance recorded and removed, a training
//! recorded, changed and an attendee assessed.

use reqwest::Method;
use serde_json::{Value, json};

use super::driver::{Body, Walk};
use crate::support::{PASSWORD, Team};

fn id(doc: &Value) -> i64 {
    doc["id"].as_i64().expect("id")
}

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let app = w.app;
    let hr = app.login("hr", PASSWORD).await.token;
    let boss = t.boss.clone();
    let absent = w
        .post(
            "/api/v1/attendance",
            None,
            &boss,
            json!({"user_id": t.sp1_id, "date": "2026-11-24", "kind": "absent", "note": "事假"}),
        )
        .await
        .body;
    w.send(
        Method::DELETE,
        "/api/v1/attendance/{id}",
        Some(id(&absent)),
        "",
        &hr,
        Body::None,
    )
    .await;

    let body = |date: &str| {
        json!({"date": date, "topic": "产品培训", "kind": "product", "trainer_id": t.boss_id,
               "attendee_ids": [t.sp1_id]})
    };
    let training = w
        .post("/api/v1/trainings", None, &boss, body("2026-11-25"))
        .await
        .body;
    let mut edit = body("2026-11-26");
    edit["version"] = training["version"].clone();
    w.patch("/api/v1/trainings/{id}", id(&training), &boss, edit)
        .await;
    w.post(
        "/api/v1/trainings/{id}/assessments",
        Some(id(&training)),
        &boss,
        json!({"user_id": t.sp1_id, "passed": true, "score": 90}),
    )
    .await;
}
