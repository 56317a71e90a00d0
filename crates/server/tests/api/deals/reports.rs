//! What deals feed: the collection rate on a hand-computed case, the weekly report's figures,
//! the monthly plan's target against contracts signed, and the collection letter.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use super::{Deals, id};
use crate::on_both_backends;

on_both_backends!(
    the_collection_rate_on_a_hand_computed_case,
    sales_and_collections_reach_the_weekly_report_and_the_plan,
    the_collection_letter_escapes_what_users_wrote,
);

fn figure(report: &Value, key: &str) -> i64 {
    report["figures"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["key"] == key))
        .and_then(|f| f["value"].as_i64())
        .unwrap_or_else(|| panic!("no figure {key} in {report}"))
}

async fn the_collection_rate_on_a_hand_computed_case(b: Backend) {
    let d = Deals::new(b).await;
    let t = &d.t;
    let a = d.client(&t.sp1, "甲方").await;
    let bb = d.client(&t.sp2, "乙方").await;
    // sp1: June lines ¥600 (10 June) and ¥400 (30 June); ¥200 paid in May and ¥300 on
    // 30 June fill the first; ¥200 on 1 July (after June) finishes it and starts the second.
    let c = d
        .signed(
            &t.sp1,
            a,
            "HT-RATE-1",
            &[("2026-06-10", 60_000), ("2026-06-30", 40_000)],
            "2026-05-01",
        )
        .await;
    d.paid(id(&c), "2026-05-20", 20_000).await;
    d.paid(id(&c), "2026-06-30", 30_000).await;
    d.paid(id(&c), "2026-07-01", 20_000).await;
    // sp2: a July line paid early in June is July's, not June's; a June line unpaid.
    let e = d
        .signed(
            &t.sp2,
            bb,
            "HT-RATE-2",
            &[("2026-06-15", 30_000), ("2026-07-15", 50_000)],
            "2026-05-01",
        )
        .await;
    d.paid(id(&e), "2026-06-10", 30_000).await;
    d.paid(id(&e), "2026-06-15", 50_000).await;

    let june = d
        .get(
            &t.boss,
            "/api/v1/reports/collections?from=2026-06-01&to=2026-06-30&group_by=person",
        )
        .await;
    let row = |who: i64| {
        june["rows"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["owner_id"] == json!(who)).cloned())
            .unwrap_or_default()
    };
    assert_eq!(row(t.sp1_id)["due_fen"], 100_000);
    assert_eq!(row(t.sp1_id)["received_fen"], 50_000);
    assert_eq!(row(t.sp1_id)["rate"], 0.5);
    // sp2's ¥300 June line was paid on 10 June; the ¥500 paid in June went to July's line.
    let sp2 = june["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["owner_id"] != json!(t.sp1_id)).cloned())
        .unwrap_or_default();
    assert_eq!(sp2["due_fen"], 30_000);
    assert_eq!(sp2["received_fen"], 30_000);
    assert_eq!(sp2["rate"], 1.0);
    assert_eq!(june["due_fen"], 130_000);
    assert_eq!(june["received_fen"], 80_000);
    assert_eq!(june["rate"], 0.6154);
    let team = d
        .get(
            &t.boss,
            "/api/v1/reports/collections?from=2026-06-01&to=2026-06-30&group_by=team",
        )
        .await;
    assert_eq!(team["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(team["rows"][0]["team_id"], json!(t.team_id));
    assert_eq!(team["rows"][0]["rate"], 0.6154);
    assert!(team["rows"][0]["owner_id"].is_null());
    // A salesperson sees their own figure only; nothing due is no rate.
    let mine = d
        .get(
            &t.sp1,
            "/api/v1/reports/collections?from=2026-06-01&to=2026-06-30",
        )
        .await;
    assert_eq!(mine["due_fen"], 100_000);
    let none = d
        .get(
            &t.sp1,
            "/api/v1/reports/collections?from=2027-06-01&to=2027-06-30",
        )
        .await;
    assert!(none["rate"].is_null(), "{none}");
    d.app
        .get(
            "/api/v1/reports/collections?from=2026-06-30&to=2026-06-01",
            &t.sp1,
        )
        .await
        .assert_problem(422, "validation_failed");
}

async fn sales_and_collections_reach_the_weekly_report_and_the_plan(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "周报客户").await;
    // 2026-W47 is 16–22 November.
    let c = d
        .signed(
            &t.sp1,
            client,
            "HT-WK-1",
            &[("2026-12-31", 300_000)],
            "2026-11-18",
        )
        .await;
    d.signed(
        &t.sp1,
        client,
        "HT-WK-2",
        &[("2026-12-31", 1_000)],
        "2026-11-23",
    )
    .await;
    d.paid(id(&c), "2026-11-19", 120_000).await;
    d.paid(id(&c), "2026-11-24", 5_000).await;
    let report = app
        .post(
            "/api/v1/weekly-reports",
            &t.sp1,
            json!({"week": "2026-W47"}),
        )
        .await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text);
    assert_eq!(figure(&report.body, "sales_signed_fen"), 300_000);
    assert_eq!(figure(&report.body, "collections_received_fen"), 120_000);
    let other = app
        .post(
            "/api/v1/weekly-reports",
            &t.sp2,
            json!({"week": "2026-W47"}),
        )
        .await;
    assert_eq!(figure(&other.body, "sales_signed_fen"), 0);

    let plan = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "monthly", "period": "2026-11", "sales_target": 500_000}),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.text);
    let progress = d
        .get(&t.boss, &format!("/api/v1/plans/{}/progress", plan.id()))
        .await;
    assert_eq!(progress["sales_target_fen"], 500_000);
    assert_eq!(progress["sales_signed_fen"], 301_000);
}

async fn the_collection_letter_escapes_what_users_wrote(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "<script>alert(1)</script>公司").await;
    let mut body = super::contract_body(
        client,
        "HT-<b>9</b>",
        &[
            ("2026-05-31", 123_456),
            ("2026-06-30", 100_000),
            ("2026-12-31", 50_000),
        ],
    );
    body["title"] = json!("\"供货\" & <安装>");
    let c = app.post("/api/v1/contracts", &t.sp1, body).await.body;
    let c = d.sign_off(&t.sp1, c, "2026-05-01").await;
    d.paid(id(&c), "2026-06-01", 23_456).await;
    let res = app
        .get(
            &format!(
                "/api/v1/contracts/{}/collection-letter?format=html&as_of=2026-07-15",
                id(&c)
            ),
            &t.sp1,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        res.header("content-type")
            .is_some_and(|c| c.starts_with("text/html")),
        "{:?}",
        res.header("content-type")
    );
    let html = &res.text;
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;公司"),
        "{html}"
    );
    assert!(html.contains("HT-&lt;b&gt;9&lt;/b&gt;"), "{html}");
    assert!(
        html.contains("&quot;供货&quot; &amp; &lt;安装&gt;"),
        "{html}"
    );
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="));
    // Overdue on 15 July: ¥1,000.00 of the first line and all of the second; the December
    // line is not yet due.
    assert!(html.contains("data-total=\"200000\""), "{html}");
    assert!(html.contains("¥2,000.00"), "{html}");
    assert!(html.contains("贰仟元整"), "{html}");
    assert!(html.contains("本公司"), "{html}");
    assert!(!html.contains("2026-12-31"), "{html}");
}
