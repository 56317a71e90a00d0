//! Advances: steps, the plan's estimate, offsets by paid claims, repayments, bulk pay, scope.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use super::{Money, line};
use crate::on_both_backends;
use crate::support::Resp;

on_both_backends!(
    advance_steps_and_the_plan_estimate,
    paid_claims_offset_the_advance_and_the_rest_is_repaid,
    bulk_pay_is_all_or_nothing,
);

async fn act(m: &Money, token: &str, adv: &Value, what: &str, mut body: Value) -> Resp {
    let id = adv["id"].as_i64().unwrap();
    body["version"] = adv["version"].clone();
    m.app
        .post(&format!("/api/v1/advances/{id}/{what}"), token, body)
        .await
}

async fn ok(m: &Money, token: &str, adv: &Value, what: &str, body: Value) -> Value {
    let res = act(m, token, adv, what, body).await;
    assert_eq!(res.status, StatusCode::OK, "{what}: {}", res.text);
    res.body
}

/// A paid advance of sp1's for `fen` against a fresh approved plan of `week`.
async fn paid_advance(m: &Money, week: &str, fen: i64) -> Value {
    let t = &m.t;
    let (plan, _) = m
        .approved_plan(&t.sp1, week, json!({"travel": fen}), &[])
        .await;
    let a = m
        .app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": plan, "amount_fen": fen, "reason": "出差"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let a = ok(m, &t.sp1, &a.body, "submit", json!({})).await;
    let a = ok(m, &t.boss, &a, "approve", json!({})).await;
    let a = ok(m, &m.fin, &a, "approve", json!({})).await;
    ok(m, &m.fin, &a, "pay", json!({"payment_ref": "CASH-1"})).await
}

async fn advance_steps_and_the_plan_estimate(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let (plan, _) = m
        .approved_plan(
            &t.sp1,
            "2026-W49",
            json!({"travel": 80000, "per_diem": 20000}),
            &[],
        )
        .await;
    // More than the estimate (¥1,000.00), another's plan, a plan not approved: refused.
    let over = app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": plan, "amount_fen": 100001, "reason": "出差"}),
        )
        .await;
    over.assert_problem(422, "validation_failed");
    assert_eq!(over.error_fields(), ["amount_fen"]);
    let theirs = app
        .post(
            "/api/v1/advances",
            &t.sp2,
            json!({"plan_id": plan, "amount_fen": 100, "reason": "x"}),
        )
        .await;
    assert_eq!(theirs.error_fields(), ["plan_id"]);
    let draft_plan = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W51"}),
        )
        .await;
    let res = app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": draft_plan.id(), "amount_fen": 100, "reason": "x"}),
        )
        .await;
    assert_eq!(res.error_fields(), ["plan_id"]);
    let a = app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": plan, "amount_fen": 60000, "reason": "出差借支"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let a = a.body;
    assert_eq!(
        (a["state"].as_str(), a["balance_fen"].as_i64()),
        (Some("draft"), Some(0))
    );
    // Two advances on one plan stay within its estimate together.
    let second = app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": plan, "amount_fen": 40001, "reason": "再借"}),
        )
        .await;
    assert_eq!(second.error_fields(), ["amount_fen"]);
    act(&m, &t.boss, &a, "approve", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    let a = ok(&m, &t.sp1, &a, "submit", json!({})).await;
    act(&m, &t.sp1, &a, "approve", json!({}))
        .await
        .assert_problem(403, "forbidden");
    act(&m, &m.fin, &a, "approve", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    act(&m, &t.boss, &a, "reject", json!({}))
        .await
        .assert_problem(422, "validation_failed");
    let a = ok(&m, &t.boss, &a, "reject", json!({"reason": "金额太大"})).await;
    assert_eq!(a["state"], "rejected");
    let id = a["id"].as_i64().unwrap();
    let edited = app
        .patch(&format!("/api/v1/advances/{id}"), &t.sp1, json!({"plan_id": plan, "amount_fen": 50000, "reason": "出差借支", "version": a["version"]}))
        .await;
    assert_eq!(edited.body["state"], "draft", "{}", edited.text);
    let a = ok(&m, &t.sp1, &edited.body, "submit", json!({})).await;
    let a = ok(&m, &t.boss, &a, "approve", json!({"comment": "同意"})).await;
    assert_eq!(a["state"], "manager_approved");
    act(&m, &t.sp1, &a, "cancel", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    act(&m, &m.fin, &a, "pay", json!({"payment_ref": "X"}))
        .await
        .assert_problem(409, "invalid_state");
    let a = ok(&m, &m.fin, &a, "approve", json!({})).await;
    act(&m, &t.boss, &a, "pay", json!({"payment_ref": "X"}))
        .await
        .assert_problem(403, "forbidden");
    let a = ok(&m, &m.fin, &a, "pay", json!({"payment_ref": "CASH-7"})).await;
    assert_eq!(
        (a["state"].as_str(), a["balance_fen"].as_i64()),
        (Some("paid"), Some(50000))
    );
    assert_eq!(a["payment_ref"], "CASH-7");
    let h = m
        .get(&t.sp1, &format!("/api/v1/advances/{id}/history"))
        .await;
    let actions: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "submit", "reject", "edit", "submit", "approve", "approve", "pay"
        ]
    );
    // Scope and queues.
    app.get(&format!("/api/v1/advances/{id}"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(m.get(&t.sp2, "/api/v1/advances").await["total"], 0);
    assert_eq!(m.get(&m.fin, "/api/v1/advances").await["total"], 1);
    // A withdrawn draft.
    let c = app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": plan, "amount_fen": 100, "reason": "零用"}),
        )
        .await;
    let c = ok(&m, &t.sp1, &c.body, "cancel", json!({})).await;
    assert_eq!(c["state"], "cancelled");
}

async fn paid_claims_offset_the_advance_and_the_rest_is_repaid(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let adv = paid_advance(&m, "2026-W49", 100000).await;
    let adv_id = adv["id"].as_i64().unwrap();
    m.budget(t.sp1_id, "2026-12", "per_diem", 1_000_000).await;
    let pay_claim = |fen: i64| {
        let m = &m;
        async move {
            let c = m
                .claim(
                    &m.t.sp1,
                    json!({"advance_id": adv_id, "lines": [line("2026-12-10", "per_diem", fen)]}),
                )
                .await;
            let c = m.ok(&m.t.sp1, &c, "submit", json!({})).await;
            let c = m.ok(&m.t.boss, &c, "approve", json!({})).await;
            let c = m.ok(&m.fin, &c, "approve", json!({})).await;
            m.ok(&m.fin, &c, "pay", json!({"payment_ref": "BANK-9"}))
                .await
        }
    };
    let c1 = pay_claim(40000).await;
    assert_eq!(
        (c1["offset_fen"].as_i64(), c1["payable_fen"].as_i64()),
        (Some(40000), Some(0))
    );
    let a = m.get(&t.sp1, &format!("/api/v1/advances/{adv_id}")).await;
    assert_eq!(
        (a["offset_fen"].as_i64(), a["balance_fen"].as_i64()),
        (Some(40000), Some(60000))
    );
    let c2 = pay_claim(45000).await;
    assert_eq!(
        (c2["offset_fen"].as_i64(), c2["payable_fen"].as_i64()),
        (Some(45000), Some(0))
    );
    let c3 = pay_claim(30000).await;
    assert_eq!(
        (c3["offset_fen"].as_i64(), c3["payable_fen"].as_i64()),
        (Some(15000), Some(15000))
    );
    let a = m.get(&t.sp1, &format!("/api/v1/advances/{adv_id}")).await;
    assert_eq!(
        (a["offset_fen"].as_i64(), a["balance_fen"].as_i64()),
        (Some(100000), Some(0))
    );
    let repay = |id: i64, fen: i64, token: String| {
        let app = &m.app;
        async move {
            app.post(
                &format!("/api/v1/advances/{id}/repayments"),
                &token,
                json!({"amount_fen": fen, "note": "还款"}),
            )
            .await
        }
    };
    repay(adv_id, 1, m.fin.clone())
        .await
        .assert_problem(422, "validation_failed");
    // The balance of a second advance is repaid in parts, by finance only.
    let adv2 = paid_advance(&m, "2026-W50", 30000).await;
    let id2 = adv2["id"].as_i64().unwrap();
    repay(id2, 10000, t.sp1.clone())
        .await
        .assert_problem(403, "forbidden");
    let r = repay(id2, 10000, m.fin.clone()).await;
    assert_eq!(
        (
            r.body["repaid_fen"].as_i64(),
            r.body["balance_fen"].as_i64()
        ),
        (Some(10000), Some(20000)),
        "{}",
        r.text
    );
    repay(id2, 20001, m.fin.clone())
        .await
        .assert_problem(422, "validation_failed");
    repay(id2, 20000, m.fin.clone()).await;
    let list = m
        .get(&t.sp1, &format!("/api/v1/advances/{id2}/repayments"))
        .await;
    let amounts: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount_fen"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [10000, 20000]);
    let report = m
        .get(&m.fin, "/api/v1/reports/advances?outstanding=true")
        .await;
    assert_eq!(report["total_balance_fen"], 0, "{report}");
    let all = m.get(&m.fin, "/api/v1/reports/advances").await;
    assert_eq!(all["rows"].as_array().map(Vec::len), Some(2));
    let _ = app;
}

async fn bulk_pay_is_all_or_nothing(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.budget(t.sp1_id, "2026-12", "per_diem", 1_000_000).await;
    let mut ready = Vec::new();
    for fen in [1000, 2000, 3000] {
        let c = m
            .claim(
                &t.sp1,
                json!({"lines": [line("2026-12-10", "per_diem", fen)]}),
            )
            .await;
        let c = m.ok(&t.sp1, &c, "submit", json!({})).await;
        let c = m.ok(&t.boss, &c, "approve", json!({})).await;
        ready.push(m.ok(&m.fin, &c, "approve", json!({})).await);
    }
    let ids: Vec<i64> = ready.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let versions = |stale: Option<i64>| {
        let mut map = serde_json::Map::new();
        for c in &ready {
            let id = c["id"].as_i64().unwrap();
            let v = if Some(id) == stale {
                json!(1)
            } else {
                c["version"].clone()
            };
            map.insert(id.to_string(), v);
        }
        Value::Object(map)
    };
    let res = m
        .app
        .post(
            "/api/v1/expense-claims/pay",
            &m.fin,
            json!({"ids": ids, "version_by_id": versions(Some(ids[2])), "payment_ref": "BATCH-1"}),
        )
        .await;
    res.assert_problem(409, "stale_version");
    assert!(
        res.error_fields().contains(&"ids[2]".to_owned()),
        "{}",
        res.text
    );
    // Nothing was paid.
    let paid = m.get(&m.fin, "/api/v1/expense-claims?state=paid").await;
    assert_eq!(paid["total"], 0);
    let res = m
        .app
        .post(
            "/api/v1/expense-claims/pay",
            &m.fin,
            json!({"ids": [ids[0]], "version_by_id": {}, "payment_ref": "BATCH-1"}),
        )
        .await;
    assert_eq!(res.error_fields(), [format!("version_by_id.{}", ids[0])]);
    let res = m
        .app
        .post(
            "/api/v1/expense-claims/pay",
            &t.boss,
            json!({"ids": ids, "version_by_id": versions(None), "payment_ref": "BATCH-1"}),
        )
        .await;
    res.assert_problem(403, "forbidden");
    let res = m
        .app
        .post(
            "/api/v1/expense-claims/pay",
            &m.fin,
            json!({"ids": ids, "version_by_id": versions(None), "payment_ref": "BATCH-1"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        res.body
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["state"] == "paid" && c["payment_ref"] == "BATCH-1")
    );
    assert_eq!(
        m.get(&m.fin, "/api/v1/expense-claims?state=paid").await["total"],
        3
    );
}
