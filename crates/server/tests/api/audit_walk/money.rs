//! The money part of the audit walk (issue 11): standards, budgets, supplements, advances,
//! receipts and claims, each write once through the legal path.

use reqwest::Method;
use salesops_domain::Role;
use serde_json::{Value, json};

use super::driver::{Body, Walk, version};
use crate::support::{PASSWORD, Team};

/// A tiny PNG (signature and header chunk), unique by `seed`.
fn png(seed: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    b.extend_from_slice(&seed.to_be_bytes());
    b.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    b
}

fn line(fen: i64, receipts: &[i64]) -> Value {
    json!({"date": "2026-11-30", "place": "上海", "reason": "拜访客户", "category": "travel",
           "amount_fen": fen, "receipt_ids": receipts})
}

/// `POST {template}/{id}/{action}` with `body` plus the document's current version.
async fn act(
    w: &mut Walk<'_>,
    base: &str,
    doc: &Value,
    action: &str,
    token: &str,
    body: Value,
) -> Value {
    let mut body = body;
    body["version"] = version_of(doc);
    let id = doc["id"].as_i64().expect("id");
    w.post(&format!("{base}/{{id}}/{action}"), Some(id), token, body)
        .await
        .body
}

fn version_of(doc: &Value) -> Value {
    doc["version"].clone()
}

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let app = w.app;
    app.seed_user("fin", &[Role::Finance], None);
    let fin = app.login("fin", PASSWORD).await.token;
    let admin = w.admin.clone();
    let (boss, sp2) = (t.boss.clone(), t.sp2.clone());
    let sp2_id = w.app.get("/api/v1/me", &sp2).await.body["id"]
        .as_i64()
        .expect("sp2 id");

    // Standards and budgets.
    let standard = w
        .post(
            "/api/v1/expense-standards",
            None,
            &admin,
            json!({"category": "per_diem", "amount_fen": 10000, "unit": "per_day",
                   "effective_from": "2026-11-01"}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/expense-standards/{id}",
        standard,
        &admin,
        json!({"amount_fen": 12000}),
    )
    .await;
    let budget = w
        .post(
            "/api/v1/budgets",
            None,
            &boss,
            json!({"owner_id": sp2_id, "month": "2026-12", "category": "per_diem",
                   "amount_fen": 100000}),
        )
        .await;
    w.patch(
        "/api/v1/budgets/{id}",
        budget.id(),
        &boss,
        json!({"amount_fen": 120000, "version": version(&budget)}),
    )
    .await;

    // Supplements: one approved, one rejected.
    const SUPPLEMENTS: &str = "/api/v1/budget-supplements";
    for (decision, body) in [
        ("approve", json!({"comment": "同意"})),
        ("reject", json!({"reason": "本月已超"})),
    ] {
        let s = w
            .post(
                SUPPLEMENTS,
                None,
                &sp2,
                json!({"period": "2026-12", "category": "per_diem", "amount_fen": 5000,
                       "reason": "展会"}),
            )
            .await
            .body;
        let s = act(w, SUPPLEMENTS, &s, "submit", &sp2, json!({})).await;
        act(w, SUPPLEMENTS, &s, decision, &boss, body).await;
    }

    // An approved plan with an expense estimate.
    let plan = w
        .post(
            "/api/v1/plans",
            None,
            &sp2,
            json!({"kind": "weekly", "period": "2026-W49", "expense_estimate": {"travel": 500000}}),
        )
        .await
        .id();
    let submitted = w
        .post("/api/v1/plans/{id}/submit", Some(plan), &sp2, json!({}))
        .await;
    w.post(
        "/api/v1/plans/{id}/approve",
        Some(plan),
        &boss,
        json!({"version": version(&submitted)}),
    )
    .await;

    // Advances: one edited, rejected, resubmitted, approved twice, paid and partly repaid;
    // one cancelled.
    const ADVANCES: &str = "/api/v1/advances";
    let a = w
        .post(
            ADVANCES,
            None,
            &sp2,
            json!({"plan_id": plan, "amount_fen": 100000, "reason": "差旅借支"}),
        )
        .await
        .body;
    let a = w
        .patch(
            "/api/v1/advances/{id}",
            a["id"].as_i64().expect("id"),
            &sp2,
            json!({"plan_id": plan, "amount_fen": 120000, "reason": "差旅借支",
                   "version": version_of(&a)}),
        )
        .await
        .body;
    let a = act(w, ADVANCES, &a, "submit", &sp2, json!({})).await;
    let a = act(
        w,
        ADVANCES,
        &a,
        "reject",
        &boss,
        json!({"reason": "金额过高"}),
    )
    .await;
    let a = act(w, ADVANCES, &a, "submit", &sp2, json!({})).await;
    let a = act(w, ADVANCES, &a, "approve", &boss, json!({})).await;
    let a = act(w, ADVANCES, &a, "approve", &fin, json!({})).await;
    let a = act(
        w,
        ADVANCES,
        &a,
        "pay",
        &fin,
        json!({"payment_ref": "ADV-1"}),
    )
    .await;
    let advance = a["id"].as_i64().expect("id");
    w.post(
        "/api/v1/advances/{id}/repayments",
        Some(advance),
        &fin,
        json!({"amount_fen": 1000, "note": "退回现金"}),
    )
    .await;
    let c = w
        .post(
            ADVANCES,
            None,
            &sp2,
            json!({"plan_id": plan, "amount_fen": 1000, "reason": "不用了"}),
        )
        .await
        .body;
    act(w, ADVANCES, &c, "cancel", &sp2, json!({})).await;

    // A receipt, then claims: one through every step and paid alone, one paid in bulk, one
    // cancelled.
    let receipt = w
        .send(
            Method::POST,
            "/api/v1/receipts",
            None,
            "",
            &sp2,
            Body::Receipt(png(7)),
        )
        .await
        .id();
    const CLAIMS: &str = "/api/v1/expense-claims";
    let c = w
        .post(
            CLAIMS,
            None,
            &sp2,
            json!({"plan_id": plan, "advance_id": advance, "lines": [line(60000, &[receipt])]}),
        )
        .await
        .body;
    let c = w
        .patch(
            "/api/v1/expense-claims/{id}",
            c["id"].as_i64().expect("id"),
            &sp2,
            json!({"plan_id": plan, "advance_id": advance, "version": version_of(&c),
                   "lines": [line(70000, &[receipt])]}),
        )
        .await
        .body;
    let c = act(w, CLAIMS, &c, "submit", &sp2, json!({})).await;
    let c = act(
        w,
        CLAIMS,
        &c,
        "reject",
        &boss,
        json!({"reason": "补充说明"}),
    )
    .await;
    let c = act(w, CLAIMS, &c, "submit", &sp2, json!({})).await;
    let c = act(w, CLAIMS, &c, "approve", &boss, json!({"comment": "同意"})).await;
    let c = act(w, CLAIMS, &c, "approve", &fin, json!({})).await;
    act(w, CLAIMS, &c, "pay", &fin, json!({"payment_ref": "PAY-1"})).await;

    let c = w
        .post(
            CLAIMS,
            None,
            &sp2,
            json!({"plan_id": plan, "lines": [line(20000, &[])]}),
        )
        .await
        .body;
    let c = act(w, CLAIMS, &c, "submit", &sp2, json!({})).await;
    let c = act(w, CLAIMS, &c, "approve", &boss, json!({})).await;
    let c = act(w, CLAIMS, &c, "approve", &fin, json!({})).await;
    let id = c["id"].as_i64().expect("id");
    let paid = w
        .post(
            "/api/v1/expense-claims/pay",
            None,
            &fin,
            json!({"ids": [id], "version_by_id": {id.to_string(): version_of(&c)},
                   "payment_ref": "BATCH-1"}),
        )
        .await;
    assert!(paid.text.contains("paid"), "{}", paid.text);

    // The preview stores nothing, so it leaves no event.
    let before = w.events().await;
    let preview = app
        .post(
            "/api/v1/expense-claims/preview",
            &sp2,
            json!({"lines": [line(1000, &[])]}),
        )
        .await;
    assert_eq!(preview.status, reqwest::StatusCode::OK, "{}", preview.text);
    assert_eq!(w.events().await, before, "the preview wrote an audit event");

    let c = w
        .post(CLAIMS, None, &sp2, json!({"lines": [line(1000, &[])]}))
        .await
        .body;
    act(w, CLAIMS, &c, "cancel", &sp2, json!({})).await;
}
