//! The audit walk's steps for scores: a rubric version, a score through every step, an
//! improvement plan opened and closed.

use serde_json::{Value, json};

use super::driver::Walk;
use crate::support::{PASSWORD, Team};

fn id(doc: &Value) -> i64 {
    doc["id"].as_i64().expect("id")
}

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let app = w.app;
    let hr = app.login("hr", PASSWORD).await.token;
    let rubrics = app
        .get("/api/v1/rubrics?role=salesperson", &t.sp1)
        .await
        .body;
    w.post(
        "/api/v1/rubrics",
        None,
        &t.admin,
        json!({"role": "salesperson", "effective_from": "2027-01", "items": rubrics[0]["items"]}),
    )
    .await;
    let score = w
        .post(
            "/api/v1/scores",
            None,
            &t.boss,
            json!({"user_id": t.sp1_id, "month": "2026-10"}),
        )
        .await
        .body;
    let s = id(&score);
    let step = |doc: &Value| doc["version"].clone();
    let adjusted = w
        .patch(
            "/api/v1/scores/{id}",
            s,
            &t.boss,
            json!({"version": step(&score), "items": [{"code": "rebate_forms", "occurrences": 1, "note": "返利表迟交"}]}),
        )
        .await
        .body;
    let recomputed = w
        .post(
            "/api/v1/scores/{id}/recompute",
            Some(s),
            &t.boss,
            json!({"version": step(&adjusted)}),
        )
        .await
        .body;
    let done = w
        .post(
            "/api/v1/scores/{id}/finalize",
            Some(s),
            &t.boss,
            json!({"version": step(&recomputed), "discussion_note": "已讲评"}),
        )
        .await
        .body;
    let disputed = w
        .post(
            "/api/v1/scores/{id}/dispute",
            Some(s),
            &t.sp1,
            json!({"version": step(&done), "reason": "返利表按时提交"}),
        )
        .await
        .body;
    let resolved = w
        .post(
            "/api/v1/scores/{id}/resolve",
            Some(s),
            &hr,
            json!({"version": step(&disputed), "outcome": "upheld", "note": "迟交属实"}),
        )
        .await
        .body;
    let acked = w
        .post(
            "/api/v1/scores/{id}/acknowledge",
            Some(s),
            &t.sp1,
            json!({"version": step(&resolved)}),
        )
        .await
        .body;
    w.post(
        "/api/v1/scores/{id}/reopen",
        Some(s),
        &hr,
        json!({"version": step(&acked), "reason": "考勤更正"}),
    )
    .await;
    let plan = w
        .post(
            "/api/v1/improvement-plans",
            None,
            &hr,
            json!({"user_id": t.sp1_id, "goals": "周报按时", "review_on": "2027-02-01", "kind": "coaching"}),
        )
        .await
        .body;
    w.post(
        "/api/v1/improvement-plans/{id}/close",
        Some(id(&plan)),
        &hr,
        json!({"outcome": "improved", "note": "已改进"}),
    )
    .await;
}
