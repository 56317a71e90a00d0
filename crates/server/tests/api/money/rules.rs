//! The claim rules: standards (cut or allowed), budgets (and supplements), false visits,
//! receipts; the preview shows them as the owner types.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use super::{Money, flags, line};
use crate::on_both_backends;

on_both_backends!(
    over_standard_is_cut_unless_allowed,
    the_most_specific_standard_applies,
    over_budget_until_a_supplement_is_approved,
    supplement_steps_and_their_scope,
    a_false_visit_blocks_its_expenses,
    lines_above_the_threshold_need_a_receipt,
);

fn ids(claim: &Value) -> Vec<i64> {
    claim["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect()
}

async fn over_standard_is_cut_unless_allowed(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.standard(json!({"category": "travel", "amount_fen": 30000, "unit": "per_night", "effective_from": "2026-01-01"}))
        .await;
    m.budget(t.sp1_id, "2026-12", "travel", 1_000_000).await;
    let body = json!({"lines": [line("2026-12-01", "travel", 45000), line("2026-12-02", "travel", 45000),
                                line("2026-12-03", "travel", 45000), line("2026-12-04", "travel", 20000)]});
    let c = m.claim(&t.sp1, body).await;
    assert_eq!(c["lines"][0]["standard_fen"], 30000);
    assert_eq!(c["lines"][0]["over_standard_fen"], 15000);
    assert_eq!(flags(&c, 0), ["over_standard"]);
    assert!(flags(&c, 3).is_empty());
    assert_eq!(c["lines"][3]["over_standard_fen"], 0);
    let c = m.ok(&t.sp1, &c, "submit", json!({})).await;
    let l = ids(&c);
    // Above its amount: refused, nothing decided.
    let res = m
        .step(
            &t.boss,
            &c,
            "approve",
            json!({"lines": [{"id": l[3], "approved_fen": 20001}]}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["lines[0].approved_fen"]);
    let res = m
        .step(&t.boss, &c, "approve", json!({"lines": [{"id": 999999}]}))
        .await;
    assert_eq!(res.error_fields(), ["lines[0].id"]);
    // Line 0 left as it is (cut to the standard), 1 allowed, 2 cut further, 3 within.
    let c = m
        .ok(
            &t.boss,
            &c,
            "approve",
            json!({"lines": [
            {"id": l[1], "allow_over_standard": true},
            {"id": l[2], "approved_fen": 10000}]}),
        )
        .await;
    let approved: Vec<i64> = c["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["approved_fen"].as_i64().unwrap())
        .collect();
    assert_eq!(approved, [30000, 45000, 10000, 20000]);
    assert_eq!(c["lines"][1]["allow_over_standard"], true);
    assert_eq!(c["approved_fen"], 105000);
    let c = m.ok(&m.fin, &c, "approve", json!({})).await;
    // Finance approves as the manager left it: it cannot change lines.
    let _ = c;
}

async fn the_most_specific_standard_applies(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    for s in [
        json!({"category": "travel", "amount_fen": 30000, "unit": "per_night", "effective_from": "2026-01-01"}),
        json!({"category": "travel", "amount_fen": 50000, "unit": "per_night", "city_tier": 1, "effective_from": "2026-01-01"}),
        json!({"category": "travel", "amount_fen": 60000, "unit": "per_night", "city_tier": 1, "role": "manager", "effective_from": "2026-01-01"}),
        json!({"category": "travel", "amount_fen": 35000, "unit": "per_night", "effective_from": "2026-12-02"}),
        json!({"category": "communication", "amount_fen": 20000, "unit": "per_month", "effective_from": "2026-01-01"}),
        json!({"category": "per_diem", "amount_fen": 10000, "unit": "per_day", "effective_from": "2026-01-01"}),
    ] {
        m.standard(s).await;
    }
    // The same tier, role and date twice: refused.
    m.app
        .post("/api/v1/expense-standards", &t.admin, json!({"category": "travel", "amount_fen": 1, "unit": "per_night", "effective_from": "2026-01-01"}))
        .await
        .assert_problem(409, "duplicate");
    m.app
        .post("/api/v1/expense-standards", &t.boss, json!({"category": "travel", "amount_fen": 1, "unit": "per_night", "effective_from": "2027-01-01"}))
        .await
        .assert_problem(403, "forbidden");
    let mut tier1 = line("2026-12-01", "travel", 55000);
    tier1["city_tier"] = json!(1);
    let mut three_days = line("2026-12-01", "per_diem", 25000);
    three_days["quantity"] = json!(3);
    let body = json!({"lines": [line("2026-12-01", "travel", 1), line("2026-12-03", "travel", 1), tier1,
        three_days, line("2026-12-05", "communication", 15000), line("2026-12-20", "communication", 15000)]});
    let res = m
        .app
        .post("/api/v1/expense-claims/preview", &t.sp1, body.clone())
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let standards: Vec<Value> = res.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["standard_fen"].clone())
        .collect();
    // General before 12-02, the newer general after, tier 1, per day × 3, and the monthly
    // cap shared by the month's two lines.
    assert_eq!(
        standards,
        [
            json!(30000),
            json!(35000),
            json!(50000),
            json!(30000),
            json!(20000),
            json!(5000)
        ]
    );
    assert_eq!(res.body["lines"][5]["over_standard_fen"], 10000);
    assert_eq!(res.body["lines"][0]["id"], 0);
    // The preview stores nothing.
    assert_eq!(m.get(&t.sp1, "/api/v1/expense-claims").await["total"], 0);
    // The standards in force on a day.
    let on = m
        .get(
            &t.sp1,
            "/api/v1/expense-standards?category=travel&in_force_on=2026-12-05",
        )
        .await;
    let amounts: Vec<i64> = on["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["amount_fen"].as_i64().unwrap())
        .collect();
    assert_eq!(on["total"], 3, "{on}");
    assert!(amounts.contains(&35000) && !amounts.contains(&30000));
    // A manager's tier-1 night has its own standard.
    let boss = m
        .app
        .post(
            "/api/v1/expense-claims/preview",
            &t.boss,
            json!({"lines": [body["lines"][2]]}),
        )
        .await;
    assert_eq!(
        boss.body["lines"][0]["standard_fen"], 60000,
        "{}",
        boss.text
    );
}

async fn over_budget_until_a_supplement_is_approved(b: Backend) {
    let m = Money::new(b).await;
    let t = &m.t;
    m.budget(t.sp1_id, "2026-12", "entertainment", 50000).await;
    let (plan, _) = m
        .approved_plan(&t.sp1, "2026-W50", json!({"travel": 100000}), &[])
        .await;
    let first = m
        .claim(
            &t.sp1,
            json!({"lines": [line("2026-12-10", "entertainment", 40000)]}),
        )
        .await;
    m.ok(&t.sp1, &first, "submit", json!({})).await;
    let second = m
        .claim(
            &t.sp1,
            json!({"lines": [line("2026-12-15", "entertainment", 20000)]}),
        )
        .await;
    assert_eq!(flags(&second, 0), ["over_budget"]);
    let res = m.step(&t.sp1, &second, "submit", json!({})).await;
    res.assert_problem(409, "over_budget");
    assert_eq!(res.body["budget_fen"], 50000);
    assert_eq!(res.body["used_fen"], 40000);
    assert_eq!(res.body["requested_fen"], 20000);
    assert_eq!(res.body["excess"][0]["period"], "2026-12");
    assert_eq!(res.body["line_ids"], json!([second["lines"][0]["id"]]));
    // Drafts, rejected and cancelled claims do not count; the week of an approved plan has
    // the plan's estimate as its budget.
    let week = m
        .claim(
            &t.sp1,
            json!({"plan_id": plan, "lines": [line("2026-12-08", "travel", 40000),
            line("2026-12-09", "travel", 40000), line("2026-12-10", "travel", 20001)]}),
        )
        .await;
    let res = m.step(&t.sp1, &week, "submit", json!({})).await;
    res.assert_problem(409, "over_budget");
    assert_eq!(res.body["excess"][0]["period"], "2026-W50");
    assert_eq!(res.body["budget_fen"], 100000);
    // A supplement for the month, approved: room for the second claim.
    let s = m
        .app
        .post("/api/v1/budget-supplements", &t.sp1, json!({"period": "2026-12", "category": "entertainment", "amount_fen": 10000, "reason": "新客户招待"}))
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text);
    let sid = s.id();
    let s = m
        .app
        .post(
            &format!("/api/v1/budget-supplements/{sid}/submit"),
            &t.sp1,
            json!({"version": s.body["version"]}),
        )
        .await;
    // Submitted is not approved yet.
    m.step(&t.sp1, &second, "submit", json!({}))
        .await
        .assert_problem(409, "over_budget");
    let a = m
        .app
        .post(
            &format!("/api/v1/budget-supplements/{sid}/approve"),
            &t.boss,
            json!({"version": s.body["version"]}),
        )
        .await;
    assert_eq!(a.body["state"], "approved", "{}", a.text);
    let second = m.ok(&t.sp1, &second, "submit", json!({})).await;
    assert!(flags(&second, 0).is_empty(), "{second}");
    // A week supplement works the same way.
    let s = m
        .app
        .post("/api/v1/budget-supplements", &t.sp1, json!({"period": "2026-W50", "category": "travel", "amount_fen": 1, "reason": "多住一晚"}))
        .await;
    let sid = s.id();
    let s = m
        .app
        .post(
            &format!("/api/v1/budget-supplements/{sid}/submit"),
            &t.sp1,
            json!({"version": s.body["version"]}),
        )
        .await;
    m.app
        .post(
            &format!("/api/v1/budget-supplements/{sid}/approve"),
            &t.boss,
            json!({"version": s.body["version"]}),
        )
        .await;
    m.ok(&t.sp1, &week, "submit", json!({})).await;
    // Nothing budgeted at all: a budget of 0.
    let none = m
        .claim(&t.sp1, json!({"lines": [line("2026-12-10", "other", 1)]}))
        .await;
    let res = m.step(&t.sp1, &none, "submit", json!({})).await;
    res.assert_problem(409, "over_budget");
    assert_eq!(res.body["budget_fen"], 0);
}

async fn supplement_steps_and_their_scope(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let s = app
        .post("/api/v1/budget-supplements", &t.sp1, json!({"period": "2026-W53", "category": "travel", "amount_fen": 5000, "reason": "展会"}))
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text);
    let bad = app
        .post(
            "/api/v1/budget-supplements",
            &t.sp1,
            json!({"period": "2027-W53", "category": "travel", "amount_fen": 5000, "reason": "x"}),
        )
        .await;
    assert_eq!(bad.error_fields(), ["period"]);
    let id = s.id();
    let at = |what: &str| format!("/api/v1/budget-supplements/{id}/{what}");
    app.post(
        &at("approve"),
        &t.boss,
        json!({"version": s.body["version"]}),
    )
    .await
    .assert_problem(409, "invalid_state");
    let s = app
        .post(&at("submit"), &t.sp1, json!({"version": s.body["version"]}))
        .await;
    app.post(
        &at("approve"),
        &t.sp1,
        json!({"version": s.body["version"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        &at("approve"),
        &m.fin,
        json!({"version": s.body["version"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get(&format!("/api/v1/budget-supplements/{id}"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    let inbox = m
        .get(&t.boss, "/api/v1/budget-supplements?to_approve=true")
        .await;
    assert_eq!(inbox["total"], 1);
    let r = app
        .post(
            &at("reject"),
            &t.boss,
            json!({"version": s.body["version"], "reason": "预算已足"}),
        )
        .await;
    assert_eq!(r.body["state"], "rejected", "{}", r.text);
    assert_eq!(r.body["decided_by"], t.boss_id);
    let s = app
        .post(&at("submit"), &t.sp1, json!({"version": r.body["version"]}))
        .await;
    assert_eq!(s.body["state"], "submitted");
    assert!(s.body["decided_by"].is_null());
    let h = m.get(&t.sp1, &at("history")).await;
    assert_eq!(h.as_array().map(Vec::len), Some(3));
    // Budgets: the boss sets the team's, not their own; the owner reads their own only.
    app.post(
        "/api/v1/budgets",
        &t.boss,
        json!({"owner_id": t.boss_id, "month": "2026-12", "category": "travel", "amount_fen": 1}),
    )
    .await
    .assert_problem(403, "own_document");
    app.post(
        "/api/v1/budgets",
        &t.sp1,
        json!({"owner_id": t.sp1_id, "month": "2026-12", "category": "travel", "amount_fen": 1}),
    )
    .await
    .assert_problem(403, "forbidden");
    let bid = m.budget(t.sp1_id, "2026-12", "travel", 100).await;
    app.post(
        "/api/v1/budgets",
        &t.boss,
        json!({"owner_id": t.sp1_id, "month": "2026-12", "category": "travel", "amount_fen": 1}),
    )
    .await
    .assert_problem(409, "duplicate");
    app.get(&format!("/api/v1/budgets/{bid}"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(m.get(&t.sp1, "/api/v1/budgets").await["total"], 1);
    assert_eq!(m.get(&t.sp2, "/api/v1/budgets").await["total"], 0);
    assert_eq!(
        m.get(&m.fin, "/api/v1/budgets?month=2026-12").await["total"],
        1
    );
    let changed = app
        .patch(
            &format!("/api/v1/budgets/{bid}"),
            &t.boss,
            json!({"amount_fen": 200, "version": 1}),
        )
        .await;
    assert_eq!(changed.body["amount_fen"], 200, "{}", changed.text);
    app.patch(
        &format!("/api/v1/budgets/{bid}"),
        &t.boss,
        json!({"amount_fen": 300, "version": 1}),
    )
    .await
    .assert_problem(409, "stale_version");
}

async fn a_false_visit_blocks_its_expenses(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let (plan, visits) = m
        .approved_plan(
            &t.sp1,
            "2026-W49",
            json!({"travel": 100000}),
            &["2026-11-30", "2026-12-01"],
        )
        .await;
    for v in &visits {
        let done = app
            .post(
                &format!("/api/v1/visits/{v}/complete"),
                &t.sp1,
                json!({"summary": "见了客户"}),
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    }
    let check = app
        .post(
            "/api/v1/spot-checks",
            &t.boss,
            json!({"visit_id": visits[0], "result": "not_confirmed", "note": "客户否认"}),
        )
        .await;
    assert_eq!(check.status, StatusCode::CREATED, "{}", check.text);
    let mut l0 = line("2026-11-30", "travel", 20000);
    l0["visit_id"] = json!(visits[0]);
    let mut l1 = line("2026-12-01", "travel", 20000);
    l1["visit_id"] = json!(visits[1]);
    let c = m
        .claim(&t.sp1, json!({"plan_id": plan, "lines": [l0, l1]}))
        .await;
    assert_eq!(flags(&c, 0), ["false_visit"]);
    assert!(flags(&c, 1).is_empty());
    let res = m.step(&t.sp1, &c, "submit", json!({})).await;
    res.assert_problem(409, "false_visit");
    assert_eq!(res.body["line_ids"], json!([c["lines"][0]["id"]]));
    assert_eq!(res.error_fields(), ["lines[0]"]);
    // Another person's visit cannot be claimed.
    let mut other = line("2026-12-01", "travel", 100);
    other["visit_id"] = json!(visits[1]);
    let res = app
        .post("/api/v1/expense-claims", &t.sp2, json!({"lines": [other]}))
        .await;
    assert_eq!(res.error_fields(), ["lines[0].visit_id"]);
    // Without the false visit's line it goes through.
    let mut edit = json!({"plan_id": plan, "lines": [c["lines"][1].clone()]});
    edit["lines"][0] = json!({"date": "2026-12-01", "reason": "拜访", "category": "travel", "amount_fen": 20000, "visit_id": visits[1], "receipt_ids": []});
    edit["version"] = c["version"].clone();
    let id = c["id"].as_i64().unwrap();
    let edited = app
        .patch(&format!("/api/v1/expense-claims/{id}"), &t.sp1, edit)
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    m.ok(&t.sp1, &edited.body, "submit", json!({})).await;
}

async fn lines_above_the_threshold_need_a_receipt(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    m.budget(t.sp1_id, "2026-12", "travel", 1_000_000).await;
    let c = m
        .claim(&t.sp1, json!({"lines": [line("2026-12-01", "travel", 50000), line("2026-12-01", "travel", 50001)]}))
        .await;
    assert!(flags(&c, 0).is_empty());
    assert_eq!(flags(&c, 1), ["no_receipt"]);
    let res = m.step(&t.sp1, &c, "submit", json!({})).await;
    res.assert_problem(409, "no_receipt");
    assert_eq!(res.body["line_ids"], json!([c["lines"][1]["id"]]));
    let receipt = m.receipt(&t.sp1, 1).await;
    // Someone else's receipt cannot be attached.
    let theirs = m.receipt(&t.sp2, 2).await;
    let mut bad = line("2026-12-01", "travel", 50001);
    bad["receipt_ids"] = json!([theirs]);
    let res = app
        .post("/api/v1/expense-claims", &t.sp1, json!({"lines": [bad]}))
        .await;
    assert_eq!(res.error_fields(), ["lines[0].receipt_ids"]);
    let mut with = line("2026-12-01", "travel", 50001);
    with["receipt_ids"] = json!([receipt]);
    let id = c["id"].as_i64().unwrap();
    let edited = app
        .patch(
            &format!("/api/v1/expense-claims/{id}"),
            &t.sp1,
            json!({"version": c["version"], "lines": [line("2026-12-01", "travel", 50000), with]}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.body["lines"][1]["receipt_ids"], json!([receipt]));
    let c = m.ok(&t.sp1, &edited.body, "submit", json!({})).await;
    assert_eq!(c["state"], "submitted");
    // A receipt on one claim cannot go on another.
    let mut again = line("2026-12-02", "travel", 100);
    again["receipt_ids"] = json!([receipt]);
    let res = app
        .post("/api/v1/expense-claims", &t.sp1, json!({"lines": [again]}))
        .await;
    assert_eq!(res.error_fields(), ["lines[0].receipt_ids"]);
}
