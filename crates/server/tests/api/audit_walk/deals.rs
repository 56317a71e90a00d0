//! The audit walk's deals steps: a project and its stage, a contract through review and
//! signing, a payment.

use salesops_domain::Role;
use serde_json::{Value, json};

use super::driver::Walk;
use crate::support::{PASSWORD, Team};

fn id(doc: &Value) -> i64 {
    doc["id"].as_i64().expect("id")
}

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let app = w.app;
    app.seed_user("fin2", &[Role::Finance], None);
    let fin = app.login("fin2", PASSWORD).await.token;
    let (boss, sp1) = (t.boss.clone(), t.sp1.clone());
    let client = w
        .post(
            "/api/v1/clients",
            None,
            &sp1,
            json!({"name": "审计项目客户", "phone": "13912340077"}),
        )
        .await
        .id();
    let project = w
        .post(
            "/api/v1/projects",
            None,
            &sp1,
            json!({"client_id": client, "name": "厂房照明", "expected_amount_fen": 5_000_000}),
        )
        .await
        .body;
    let project = w
        .patch(
            "/api/v1/projects/{id}",
            id(&project),
            &sp1,
            json!({"client_id": client, "name": "厂房照明二期", "expected_amount_fen": 6_000_000,
                   "version": project["version"]}),
        )
        .await
        .body;
    w.post(
        "/api/v1/projects/{id}/stage",
        Some(id(&project)),
        &sp1,
        json!({"stage": "bidding", "version": project["version"]}),
    )
    .await;

    let body = |amount: i64| {
        json!({"client_id": client, "project_id": id(&project), "number": "AUDIT-HT-1",
               "title": "照明合同", "amount_fen": amount,
               "schedule": [{"due_on": "2026-12-10", "amount_fen": amount, "label": "全款"}]})
    };
    let contract = w
        .post("/api/v1/contracts", None, &sp1, body(1_000_000))
        .await
        .body;
    let mut patch = body(1_200_000);
    patch["version"] = contract["version"].clone();
    let contract = w
        .patch("/api/v1/contracts/{id}", id(&contract), &sp1, patch)
        .await
        .body;
    let step = |name: &str| format!("/api/v1/contracts/{{id}}/{name}");
    let c = w
        .post(
            &step("submit"),
            Some(id(&contract)),
            &sp1,
            json!({"version": contract["version"]}),
        )
        .await
        .body;
    let c = w
        .post(
            &step("reject"),
            Some(id(&c)),
            &boss,
            json!({"version": c["version"], "reason": "金额待核"}),
        )
        .await
        .body;
    let c = w
        .post(
            &step("submit"),
            Some(id(&c)),
            &sp1,
            json!({"version": c["version"]}),
        )
        .await
        .body;
    let c = w
        .post(
            &step("approve"),
            Some(id(&c)),
            &fin,
            json!({"version": c["version"]}),
        )
        .await
        .body;
    w.post(
        &step("sign"),
        Some(id(&c)),
        &sp1,
        json!({"version": c["version"], "signed_on": "2026-11-30"}),
    )
    .await;
    w.post(
        &step("payments"),
        Some(id(&c)),
        &fin,
        json!({"received_on": "2026-12-01", "amount_fen": 200_000, "method": "bank_transfer"}),
    )
    .await;

    // A second contract, withdrawn before review.
    let mut other = body(300_000);
    other["number"] = json!("AUDIT-HT-2");
    let other = w.post("/api/v1/contracts", None, &sp1, other).await.body;
    w.post(
        &step("cancel"),
        Some(id(&other)),
        &sp1,
        json!({"version": other["version"]}),
    )
    .await;
}
