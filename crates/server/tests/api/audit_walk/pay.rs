//! The audit walk's steps for pay: a grade, the cap, a commission rule (admin); a pay item
//! and a branch profit entered and removed (finance).

use reqwest::Method;
use serde_json::json;

use super::driver::{Body, Walk};
use crate::support::{PASSWORD, Team};

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let app = w.app;
    let admin = t.admin.clone();
    let fin = app.login("fin", PASSWORD).await;
    w.post(
        "/api/v1/pay-grades",
        None,
        &admin,
        json!({"user_id": t.sp1_id, "base_fen": 300_000, "performance_fen": 400_000,
               "effective_from": "2026-01"}),
    )
    .await;
    w.send(
        Method::PUT,
        "/api/v1/pay-settings",
        None,
        "",
        &admin,
        Body::Json(json!({"coefficient_cap": 1.5})),
    )
    .await;
    w.post(
        "/api/v1/commission-rules",
        None,
        &admin,
        json!({"effective_from": "2026-01", "within_target_permille": 5,
               "above_target_permille": 10, "settle_by_collection": true}),
    )
    .await;
    let item = w
        .post(
            "/api/v1/pay-items",
            None,
            &fin.token,
            json!({"user_id": t.sp1_id, "month": "2026-11", "kind": "incentive",
                   "amount_fen": 50_000, "note": "季度之星"}),
        )
        .await
        .id();
    w.send(
        Method::DELETE,
        "/api/v1/pay-items/{id}",
        Some(item),
        "",
        &fin.token,
        Body::None,
    )
    .await;
    let profit = w
        .post(
            "/api/v1/branch-profits",
            None,
            &fin.token,
            json!({"team_id": t.team_id, "month": "2026-11", "profit_fen": 10_000_000,
                   "finance_lead_id": fin.user_id}),
        )
        .await
        .id();
    w.send(
        Method::DELETE,
        "/api/v1/branch-profits/{id}",
        Some(profit),
        "",
        &fin.token,
        Body::None,
    )
    .await;
}
