//! The payroll sheet end to end: grades in force, the coefficient with and without a cap,
//! commission within and above target settled by collection (a monthly plan, signed
//! contracts and a payment through the API), incentives and deductions, the profit share,
//! a leaver's advance offset; totals that add up; CSV and XLSX equal to the JSON; a draft
//! score marked; who reads and writes what.

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use super::sheet::{MONEY, assert_adds_up, created, row_of, sheet};
use super::{reads, seed_leaver, seed_score};
use crate::deals::Deals;
use crate::on_both_backends;
use crate::support::PASSWORD;

on_both_backends!(the_payroll_sheet_adds_up_and_exports_as_it_shows);

async fn the_payroll_sheet_adds_up_and_exports_as_it_shows(b: Backend) {
    let d = Deals::new(b).await;
    let app = &d.app;
    let t = &d.t;
    let admin = t.admin.clone();
    let hr_id = app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let fin_id = app.login("fin", PASSWORD).await.user_id;
    let sp2_id = app.login("sp2", PASSWORD).await.user_id;

    // Grades: the latest from a month not after November is in force.
    let grade = |user: i64, base: i64, perf: i64, from: &str| json!({"user_id": user, "base_fen": base, "performance_fen": perf, "effective_from": from});
    created(
        app,
        &admin,
        "pay-grades",
        grade(t.sp1_id, 300_000, 400_000, "2026-01"),
    )
    .await;
    created(
        app,
        &admin,
        "pay-grades",
        grade(t.sp1_id, 350_000, 400_000, "2026-11"),
    )
    .await;
    created(
        app,
        &admin,
        "pay-grades",
        grade(t.sp1_id, 999_999, 999_999, "2026-12"),
    )
    .await;
    created(
        app,
        &admin,
        "pay-grades",
        grade(sp2_id, 200_000, 300_000, "2026-06"),
    )
    .await;
    app.post(
        "/api/v1/pay-grades",
        &admin,
        grade(t.sp1_id, 1, 1, "2026-11"),
    )
    .await
    .assert_problem(422, "validation_failed");
    let dup = app
        .post(
            "/api/v1/pay-grades",
            &admin,
            grade(t.sp1_id, 1, 1, "2026-11"),
        )
        .await;
    assert_eq!(dup.error_fields(), ["effective_from"], "{}", dup.text);
    // Finance writes pay items, not grades; HR and finance read them.
    app.post("/api/v1/pay-grades", &d.fin, grade(sp2_id, 1, 1, "2026-02"))
        .await
        .assert_problem(403, "forbidden");
    let grades = app
        .get(&format!("/api/v1/pay-grades?user_id={}", t.sp1_id), &hr)
        .await;
    assert_eq!(grades.status, StatusCode::OK, "{}", grades.text);
    assert_eq!(grades.body["total"], 3);
    assert_eq!(grades.body["items"][0]["effective_from"], "2026-12");

    // Commission rules: 5 ‰ within target, 1 % above, settled by collection.
    created(
        app,
        &admin,
        "commission-rules",
        json!({"effective_from": "2026-01", "within_target_permille": 5,
               "above_target_permille": 10, "settle_by_collection": true}),
    )
    .await;
    created(
        app,
        &admin,
        "commission-rules",
        json!({"effective_from": "2026-12", "within_target_permille": 50,
               "above_target_permille": 100, "settle_by_collection": false}),
    )
    .await;
    let rules = app.get("/api/v1/commission-rules", &d.fin).await;
    assert_eq!(rules.body["total"], 2, "{}", rules.text);

    // sp1: a target of ¥100,000, ¥150,000 signed, ¥60,000 due in November of which
    // ¥30,000 received: (5 ‰ × 100,000 + 10 ‰ × 50,000) × 50 % = ¥500.
    let plan = created(
        app,
        &t.sp1,
        "plans",
        json!({"kind": "monthly", "period": "2026-11", "sales_target": 10_000_000}),
    )
    .await;
    let c1 = d.client(&t.sp1, "甲公司").await;
    let k1 = d
        .signed(
            &t.sp1,
            c1,
            "HT-P-1",
            &[("2026-11-20", 6_000_000), ("2027-01-31", 9_000_000)],
            "2026-11-10",
        )
        .await;
    d.paid(k1["id"].as_i64().unwrap(), "2026-11-25", 3_000_000)
        .await;
    // sp2: no monthly plan (all within target), nothing due in November (paid whole):
    // 5 ‰ × ¥40,000 = ¥200.
    let c2 = d.client(&t.sp2, "乙公司").await;
    d.signed(
        &t.sp2,
        c2,
        "HT-P-2",
        &[("2026-12-15", 4_000_000)],
        "2026-11-05",
    )
    .await;

    // Scores: sp1 finalized at 88.0, sp2 still a draft at 70.0, the boss none.
    seed_score(app, t.sp1_id, "2026-11", "salesperson", "finalized", 880);
    seed_score(app, sp2_id, "2026-11", "salesperson", "draft", 700);

    // Incentives and deductions: finance and HR, never their own; a mistaken one removed.
    let item = |user: i64, kind: &str, fen: i64, note: &str| json!({"user_id": user, "month": "2026-11", "kind": kind, "amount_fen": fen, "note": note});
    created(
        app,
        &d.fin,
        "pay-items",
        item(t.sp1_id, "incentive", 50_000, "季度之星"),
    )
    .await;
    created(
        app,
        &hr,
        "pay-items",
        item(t.sp1_id, "deduction", 10_000, "迟到"),
    )
    .await;
    let wrong = created(
        app,
        &d.fin,
        "pay-items",
        item(sp2_id, "deduction", 99_900, "录错"),
    )
    .await;
    let del = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/pay-items/{}", wrong["id"]),
            Some(&d.fin),
            None,
        )
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT, "{}", del.text);
    app.post(
        "/api/v1/pay-items",
        &hr,
        item(hr_id, "incentive", 1, "自己"),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        "/api/v1/pay-items",
        &t.boss,
        item(t.sp1_id, "incentive", 1, "经理"),
    )
    .await
    .assert_problem(403, "forbidden");
    let blank = app
        .post(
            "/api/v1/pay-items",
            &d.fin,
            item(t.sp1_id, "incentive", 0, " "),
        )
        .await;
    blank.assert_problem(422, "validation_failed");
    let mut fields = blank.error_fields();
    fields.sort();
    assert_eq!(fields, ["amount_fen", "note"], "{}", blank.text);

    // The branch's profit ¥100,000: a pool of ¥20,000, 60 % to the boss, the rest to fin.
    let profit = json!({"team_id": t.team_id, "month": "2026-11", "profit_fen": 10_000_000,
                        "manager_permille": 600, "finance_lead_id": fin_id});
    let p = created(app, &d.fin, "branch-profits", profit.clone()).await;
    assert_eq!(
        (&p["manager_share_fen"], &p["finance_lead_share_fen"]),
        (&json!(1_200_000), &json!(800_000))
    );
    let dup = app
        .post("/api/v1/branch-profits", &d.fin, profit.clone())
        .await;
    assert_eq!(dup.error_fields(), ["month"], "{}", dup.text);
    app.post("/api/v1/branch-profits", &hr, profit)
        .await
        .assert_problem(403, "forbidden");

    // sp1 leaves on 30 November with ¥800 of advances to offset.
    seed_leaver(
        app,
        t.sp1_id,
        plan["id"].as_i64().unwrap(),
        "2026-11-30",
        80_000,
    );

    // Without a cap: sp1's coefficient 88 ÷ 80 = 1.1.
    let s = sheet(app, &hr).await;
    assert_eq!(s["coefficient_cap"], Value::Null);
    let ids: Vec<i64> = s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [fin_id, t.boss_id, t.sp1_id, sp2_id], "{s}");
    let sp1 = row_of(&s, t.sp1_id);
    assert_eq!(
        (
            &sp1["score"],
            &sp1["score_state"],
            &sp1["final"],
            &sp1["coefficient"]
        ),
        (&json!(88.0), &json!("finalized"), &json!(true), &json!(1.1))
    );
    let money = |r: &Value| -> Vec<i64> { MONEY.iter().map(|k| r[*k].as_i64().unwrap()).collect() };
    assert_eq!(
        money(sp1),
        [
            350_000, 400_000, 440_000, 50_000, 0, 50_000, 10_000, 80_000, 800_000
        ]
    );
    // A draft is used and marked; no score pays no performance part.
    let sp2 = row_of(&s, sp2_id);
    assert_eq!(
        (
            &sp2["score"],
            &sp2["score_state"],
            &sp2["final"],
            &sp2["coefficient"]
        ),
        (&json!(70.0), &json!("draft"), &json!(false), &json!(0.875))
    );
    assert_eq!(
        money(sp2),
        [200_000, 300_000, 262_500, 20_000, 0, 0, 0, 0, 482_500]
    );
    let boss = row_of(&s, t.boss_id);
    assert_eq!(
        (
            &boss["score"],
            &boss["score_state"],
            &boss["final"],
            &boss["coefficient"]
        ),
        (&Value::Null, &Value::Null, &json!(false), &json!(0.0))
    );
    assert_eq!(money(boss), [0, 0, 0, 0, 1_200_000, 0, 0, 0, 1_200_000]);
    assert_eq!(money(row_of(&s, fin_id))[4], 800_000);
    assert_adds_up(&s);
    assert_eq!(
        s["totals"]["total_fen"],
        800_000 + 482_500 + 1_200_000 + 800_000
    );

    // The cap: admin only, 1.0–3.0 with at most four decimals.
    for bad in [json!(1.23456), json!(0.5), json!(3.5)] {
        let res = app
            .put(
                "/api/v1/pay-settings",
                &admin,
                json!({"coefficient_cap": bad}),
            )
            .await;
        assert_eq!(
            res.error_fields(),
            ["coefficient_cap"],
            "{bad}: {}",
            res.text
        );
    }
    app.put(
        "/api/v1/pay-settings",
        &d.fin,
        json!({"coefficient_cap": 1.5}),
    )
    .await
    .assert_problem(403, "forbidden");
    let set = app
        .put(
            "/api/v1/pay-settings",
            &admin,
            json!({"coefficient_cap": 1.05}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.body["coefficient_cap"], 1.05);
    let read = app.get("/api/v1/pay-settings", &d.fin).await;
    assert_eq!(read.body["coefficient_cap"], 1.05, "{}", read.text);

    // With the cap 1.05: sp1's performance pay ¥4,000 × 1.05; sp2 below it unchanged.
    let s = sheet(app, &d.fin).await;
    assert_eq!(s["coefficient_cap"], 1.05);
    let sp1 = row_of(&s, t.sp1_id);
    assert_eq!(sp1["coefficient"], 1.05);
    assert_eq!(
        money(sp1),
        [
            350_000, 400_000, 420_000, 50_000, 0, 50_000, 10_000, 80_000, 780_000
        ]
    );
    assert_eq!(row_of(&s, sp2_id)["performance_pay_fen"], 262_500);
    assert_adds_up(&s);

    reads::files_and_readers(&d, &s, &hr, sp2_id).await;
}
