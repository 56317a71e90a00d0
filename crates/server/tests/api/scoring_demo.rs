//! Demo mode's scoring and pay: six months of scores in every state (one disputed and
//! resolved), the alerts of a month (below 60, and a three-month run below 70 with its
//! improvement plan), the retraining list, and a payroll month whose rows add up.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::period::Month;
use serde_json::Value;

use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(demo_scoring_has_every_state_alerts_and_a_payroll);

const PASSWORD: &str = "demo-pass-2026";

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

async fn demo_scoring_has_every_state_alerts_and_a_payroll(b: Backend) {
    let app = TestApp::spawn(b).await;
    {
        let mut conn = app.db.get().expect("connection");
        let settings = std::sync::Arc::new(app.settings.clone());
        assert!(salesops::demo::seed_all(&mut conn, PASSWORD, &settings).expect("demo"));
        // A second start seeds nothing twice (the counts below are exact).
        assert!(!salesops::demo::seed_all(&mut conn, PASSWORD, &settings).expect("again"));
    }
    let today = Utc::now()
        .with_timezone(&app.settings.timezone)
        .date_naive();
    let mut months = Vec::new();
    let mut m = Month::of(today);
    for _ in 0..6 {
        m = Month::of(m.first_day() - Duration::days(1));
        months.insert(0, m.to_string());
    }
    let hr = app.login("ma.jun", PASSWORD).await.token;
    let finance = app.login("sun.li", PASSWORD).await.token;

    // Ten people scored in each of six months, in every state, most between 75 and 95.
    let mut all = Vec::new();
    for month in &months {
        let res = app
            .get(&format!("/api/v1/scores?month={month}&per_page=100"), &hr)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        let got = list(&res.body["items"]);
        assert_eq!(got.len(), 10, "{month}: {}", res.text);
        all.extend(got);
    }
    let states: BTreeSet<&str> = all.iter().filter_map(|s| s["state"].as_str()).collect();
    for state in ["draft", "finalized", "acknowledged", "disputed"] {
        assert!(states.contains(state), "no {state} score: {states:?}");
    }
    let totals: Vec<f64> = all.iter().filter_map(|s| s["total"].as_f64()).collect();
    let usual = totals.iter().filter(|t| (75.0..=95.0).contains(*t)).count();
    assert!(usual >= 50, "{totals:?}");
    let distinct: BTreeSet<i64> = all.iter().map(|s| int(&s["total_tenths"])).collect();
    assert!(distinct.len() >= 30, "{distinct:?}");
    // The latest month is partly in draft: HR's list of those not finalized has people.
    let latest = &months[5];
    let status = app
        .get(&format!("/api/v1/scores/status?month={latest}"), &hr)
        .await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.text);
    assert!(!list(&status.body["pending"]).is_empty(), "{}", status.text);
    // Adjustments carry their notes.
    assert!(all.iter().any(|s| {
        list(&s["items"]).iter().any(|i| {
            i["adjustment"]["note"]
                .as_str()
                .is_some_and(|n| !n.is_empty())
        })
    }));

    // One score was disputed and resolved: its history says so.
    let mut resolved = 0;
    for s in all.iter().filter(|s| s["state"] != "draft") {
        let id = int(&s["id"]);
        let history = app.get(&format!("/api/v1/scores/{id}/history"), &hr).await;
        assert_eq!(history.status, StatusCode::OK, "{}", history.text);
        let actions: Vec<String> = list(&history.body)
            .iter()
            .filter_map(|h| h["action"].as_str().map(str::to_owned))
            .collect();
        if actions.iter().any(|a| a == "resolve") {
            assert!(actions.iter().any(|a| a == "dispute"), "{actions:?}");
            resolved += 1;
        }
    }
    assert_eq!(resolved, 1);

    // The alerts of the second-latest month: one below 60, one run below 70 with a plan.
    let alert_month = &months[4];
    let alerts = app
        .get(&format!("/api/v1/alerts?month={alert_month}"), &hr)
        .await;
    assert_eq!(alerts.status, StatusCode::OK, "{}", alerts.text);
    let alerts = list(&alerts.body);
    let of = |kind: &str| -> Vec<Value> {
        alerts
            .iter()
            .filter(|a| a["kind"] == kind)
            .cloned()
            .collect()
    };
    let below_60 = of("below_60");
    assert_eq!(below_60.len(), 1, "{alerts:?}");
    assert_eq!(below_60[0]["user_name"], "黄强");
    let run = of("below_70_three_months");
    assert_eq!(run.len(), 1, "{alerts:?}");
    assert_eq!(run[0]["user_name"], "杨磊");
    assert_eq!(list(&run[0]["months"]).len(), 3);
    assert!(run[0]["open_plan_id"].is_i64(), "{alerts:?}");

    // Trainings: 刘洋 failed and passed later; 周欣's latest failed, so she is due retraining.
    let retraining = app.get("/api/v1/trainings/retraining", &hr).await;
    assert_eq!(retraining.status, StatusCode::OK, "{}", retraining.text);
    let names: Vec<&str> = retraining
        .body
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["display_name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, ["周欣"], "{}", retraining.text);
    let trainings = app.get("/api/v1/trainings?per_page=100", &hr).await;
    assert_eq!(int(&trainings.body["total"]), 12, "{}", trainings.text);

    // The payroll month: one row per salesperson and manager, each adding up.
    let sheet = app
        .get(
            &format!("/api/v1/reports/payroll?month={alert_month}"),
            &finance,
        )
        .await;
    assert_eq!(sheet.status, StatusCode::OK, "{}", sheet.text);
    let rows = list(&sheet.body["rows"]);
    assert_eq!(rows.len(), 10, "{}", sheet.text);
    for r in &rows {
        let sum = int(&r["base_fen"])
            + int(&r["performance_pay_fen"])
            + int(&r["commission_fen"])
            + int(&r["profit_share_fen"])
            + int(&r["incentives_fen"])
            - int(&r["deductions_fen"])
            - int(&r["advance_offset_fen"]);
        assert_eq!(int(&r["total_fen"]), sum, "{r}");
        assert!(int(&r["base_fen"]) > 0, "{r}");
        assert_eq!(r["final"], true, "{r}");
    }
    assert!(rows.iter().any(|r| int(&r["incentives_fen"]) > 0));
    assert!(rows.iter().any(|r| int(&r["deductions_fen"]) > 0));
    let grades = app.get("/api/v1/pay-grades?per_page=100", &finance).await;
    assert_eq!(int(&grades.body["total"]), 11, "{}", grades.text);
}
