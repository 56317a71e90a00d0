//! The payroll sheet end to end: grades in force, the coefficient with and without a cap,
//! commission within and above target settled by collection (a monthly plan, signed
//! contracts and a payment through the API), incentives and deductions, the profit share,
//! a leaver's advance offset; totals that add up; CSV and XLSX equal to the JSON; a draft
//! score marked; who reads and writes what.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use super::{seed_leaver, seed_score};
use crate::deals::Deals;
use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(the_payroll_sheet_adds_up_and_exports_as_it_shows);

const MONEY: [&str; 9] = [
    "base_fen",
    "performance_fen",
    "performance_pay_fen",
    "commission_fen",
    "profit_share_fen",
    "incentives_fen",
    "deductions_fen",
    "advance_offset_fen",
    "total_fen",
];

fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

fn row_of(sheet: &Value, user_id: i64) -> &Value {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == user_id)
        .unwrap_or_else(|| panic!("no row for {user_id} in {sheet}"))
}

/// The sheet's rows and totals as the file shows them, from the JSON.
fn expected_cells(sheet: &Value) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut cells = vec![
                r["user_id"].as_i64().unwrap().to_string(),
                r["name"].as_str().unwrap().to_owned(),
                r["team"].as_str().unwrap_or("").to_owned(),
                r["score"]
                    .as_f64()
                    .map_or(String::new(), |s| format!("{s:.1}")),
                r["score_state"].as_str().unwrap_or("").to_owned(),
                r["final"].as_bool().unwrap().to_string(),
                format!("{:.4}", r["coefficient"].as_f64().unwrap()),
            ];
            cells.extend(MONEY.iter().map(|k| yuan(r[*k].as_i64().unwrap())));
            cells
        })
        .collect();
    let mut total = vec![String::new(), "total".to_owned()];
    total.extend(std::iter::repeat_n(String::new(), 5));
    total.extend(
        MONEY
            .iter()
            .map(|k| yuan(sheet["totals"][*k].as_i64().unwrap())),
    );
    out.push(total);
    out
}

fn xlsx_text(column: usize, cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => match column {
            0 => format!("{f:.0}"),
            3 => format!("{f:.1}"),
            6 => format!("{f:.4}"),
            _ => format!("{f:.2}"),
        },
        Data::Int(n) => n.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

async fn download(app: &TestApp, token: &str, path: &str) -> Vec<u8> {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.bytes().await.unwrap().to_vec()
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.post(&format!("/api/v1/{path}"), token, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.text);
    res.body
}

async fn sheet(app: &TestApp, token: &str) -> Value {
    let res = app
        .get("/api/v1/reports/payroll?month=2026-11", token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

/// Every row's total is its lines', and every total is the sum of its column.
fn assert_adds_up(sheet: &Value) {
    let rows = sheet["rows"].as_array().unwrap();
    for r in rows {
        let f = |k: &str| r[k].as_i64().unwrap();
        assert_eq!(
            f("total_fen"),
            f("base_fen")
                + f("performance_pay_fen")
                + f("commission_fen")
                + f("profit_share_fen")
                + f("incentives_fen")
                - f("deductions_fen")
                - f("advance_offset_fen"),
            "{r}"
        );
    }
    for k in MONEY {
        let sum: i64 = rows.iter().map(|r| r[k].as_i64().unwrap()).sum();
        assert_eq!(sheet["totals"][k].as_i64().unwrap(), sum, "{k}");
    }
}

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

    // The files hold what the JSON holds.
    let want = expected_cells(&s);
    let csv_bytes = download(
        app,
        &d.fin,
        "/api/v1/reports/payroll?month=2026-11&format=csv",
    )
    .await;
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[5], "final");
    assert_eq!(header[15], "total_yuan");
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows, want);
    let xlsx = download(
        app,
        &hr,
        "/api/v1/reports/payroll?month=2026-11&format=xlsx",
    )
    .await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range("payroll 2026-11").unwrap();
    let mut it = range.rows();
    let header: Vec<String> = it.next().unwrap().iter().map(|c| xlsx_text(1, c)).collect();
    assert_eq!(header[6], "coefficient");
    let rows: Vec<Vec<String>> = it
        .map(|r| r.iter().enumerate().map(|(i, c)| xlsx_text(i, c)).collect())
        .collect();
    assert_eq!(rows, want);
    assert!(
        matches!(range.get((1, 15)), Some(Data::Float(_))),
        "amounts are numbers"
    );

    // Who reads: HR, finance and admin; not a salesperson or a manager.
    app.get("/api/v1/reports/payroll?month=2026-11", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
    app.get("/api/v1/reports/payroll?month=2026-11", &t.boss)
        .await
        .assert_problem(403, "forbidden");
    app.get("/api/v1/pay-items", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
    let items = app.get("/api/v1/pay-items?month=2026-11", &admin).await;
    assert_eq!(items.body["total"], 2, "{}", items.text);

    // The scores report: HR everyone's, the boss their team's, finance not; drafts marked.
    let report = app.get("/api/v1/reports/scores?month=2026-11", &hr).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let rows = report.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", report.text);
    assert_eq!(
        (
            &rows[0]["user_id"],
            &rows[0]["final"],
            &rows[0]["total"],
            &rows[0]["coefficient"]
        ),
        (&json!(t.sp1_id), &json!(true), &json!(88.0), &json!(1.05))
    );
    assert_eq!(
        (
            &rows[1]["user_id"],
            &rows[1]["state"],
            &rows[1]["final"],
            &rows[1]["role"]
        ),
        (
            &json!(sp2_id),
            &json!("draft"),
            &json!(false),
            &json!("salesperson")
        )
    );
    let boss_view = app
        .get("/api/v1/reports/scores?month=2026-11", &t.boss)
        .await;
    assert_eq!(boss_view.body["rows"].as_array().map(Vec::len), Some(2));
    app.get("/api/v1/reports/scores?month=2026-11", &d.fin)
        .await
        .assert_problem(403, "forbidden");
    app.get("/api/v1/reports/scores?month=2026-11", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
    let csv_bytes = download(
        app,
        &t.boss,
        "/api/v1/reports/scores?month=2026-11&format=csv",
    )
    .await;
    let text = String::from_utf8(csv_bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with(
            "user_id,name,team,role,state,final,daily_work,attendance,total,coefficient\r\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(",draft,false,70.0,70.0,70.0,0.8750\r\n"),
        "{text}"
    );
}
