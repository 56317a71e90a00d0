//! What the finalized months add up to: alerts exactly at 60/59.9 and 70/69.9 and a run across
//! December–January, the annual average with missing months, who is not finalized, improvement
//! plans from an alert, and the rubric version in force.

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use super::{create, finalized};
use crate::on_both_backends;
use crate::support::{PASSWORD, Team, TestApp};

on_both_backends!(alerts_annual_status_and_rubric_versions);

fn kinds(alerts: &Value, user: i64) -> Vec<(String, Vec<String>)> {
    alerts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["user_id"] == user)
        .map(|a| {
            (
                a["kind"].as_str().unwrap().to_owned(),
                a["months"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

async fn alerts_annual_status_and_rubric_versions(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let boss2_id = app.seed_user("boss2", &[Role::Manager], None);
    app.seed_team("华南一部", Some(boss2_id), None);
    let boss2 = app.login("boss2", PASSWORD).await.token;
    let sp2_id = app.login("sp2", PASSWORD).await.user_id;
    let sp3_id = app.login("sp3", PASSWORD).await.user_id;
    let sp1_id = t.sp1_id;

    // With attendance 100, total = daily × 0.7 + 30: daily 57.0 → 69.9, 57.1 → 70.0,
    // 42.7 → 59.9, 42.8 → 60.0 (each rounded half up from tenths).
    assert_eq!(
        finalized(&app, &t.boss, sp1_id, "2025-11", 27.0).await,
        69.9
    );
    assert_eq!(
        finalized(&app, &t.boss, sp1_id, "2025-12", 27.0).await,
        69.9
    );
    assert_eq!(
        finalized(&app, &t.boss, sp1_id, "2026-01", 27.0).await,
        69.9
    );
    assert_eq!(
        finalized(&app, &t.boss, sp2_id, "2025-11", 27.1).await,
        70.0
    );
    assert_eq!(
        finalized(&app, &t.boss, sp2_id, "2025-12", 27.0).await,
        69.9
    );
    assert_eq!(
        finalized(&app, &t.boss, sp2_id, "2026-01", 12.7).await,
        59.9
    );
    assert_eq!(
        finalized(&app, &t.boss, sp3_id, "2025-11", 27.0).await,
        69.9
    );
    assert_eq!(
        finalized(&app, &t.boss, sp3_id, "2026-01", 12.8).await,
        60.0
    );
    // A draft counts for nothing: sp3's December stays a draft (no run, no average).
    let draft = create(&app, &t.boss, sp3_id, "2025-12").await;
    super::set_daily(&app, &t.boss, &draft, 0.0).await;

    let res = app.get("/api/v1/alerts?month=2026-01", &hr).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let alerts = res.body;
    assert_eq!(
        kinds(&alerts, sp1_id),
        [(
            "below_70_three_months".to_owned(),
            vec![
                "2025-11".to_owned(),
                "2025-12".to_owned(),
                "2026-01".to_owned()
            ]
        )]
    );
    assert_eq!(
        kinds(&alerts, sp2_id),
        [("below_60".to_owned(), vec!["2026-01".to_owned()])]
    );
    assert!(kinds(&alerts, sp3_id).is_empty(), "{alerts}");
    assert_eq!(alerts.as_array().unwrap().len(), 2);
    let mine = app.get("/api/v1/alerts?month=2026-01", &t.boss).await.body;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let theirs = app.get("/api/v1/alerts?month=2026-01", &boss2).await.body;
    assert_eq!(theirs, json!([]));
    app.get("/api/v1/alerts?month=2026-01", &t.sp1)
        .await
        .assert_problem(403, "forbidden");

    // The annual score: the months scored, the missing ones listed, never zeros.
    let res = app
        .get(
            &format!("/api/v1/scores/annual?year=2025&user_id={sp2_id}"),
            &hr,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        res.body["average"], 70.0,
        "(70.0 + 69.9) / 2 = 69.95 → 70.0"
    );
    assert_eq!(res.body["complete"], false);
    assert_eq!(res.body["missing_months"].as_array().unwrap().len(), 10);
    let sp3_year = app
        .get(
            &format!("/api/v1/scores/annual?year=2025&user_id={sp3_id}"),
            t.sp3(),
        )
        .await
        .body;
    assert_eq!(sp3_year["average"], 69.9);
    assert!(
        sp3_year["missing_months"]
            .as_array()
            .unwrap()
            .contains(&json!("2025-12"))
    );
    app.get(
        &format!("/api/v1/scores/annual?year=2025&user_id={sp2_id}"),
        &t.sp1,
    )
    .await
    .assert_problem(404, "not_found");

    // Who is not finalized: everyone in January but boss (no score) is; December has sp3's
    // draft; the 8th of the next month is long past.
    let res = app.get("/api/v1/scores/status?month=2025-12", &hr).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let status = res.body;
    assert_eq!(status["due_on"], "2026-01-08");
    assert_eq!(status["finalized"], 2);
    let pending: Vec<(i64, Value)> = status["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["user_id"].as_i64().unwrap(), p["state"].clone()))
        .collect();
    assert!(pending.contains(&(sp3_id, json!("draft"))), "{status}");
    assert!(pending.contains(&(t.boss_id, Value::Null)), "{status}");
    assert!(!pending.iter().any(|(u, _)| *u == sp1_id));
    assert!(status["pending"][0]["overdue"].as_bool().unwrap());

    // An improvement plan from the alert: HR only, one open per person, closed once.
    let body = json!({"user_id": sp1_id, "goals": "三个月内周报按时率100%", "review_on": "2027-03-01", "kind": "retraining"});
    app.post("/api/v1/improvement-plans", &t.boss, body.clone())
        .await
        .assert_problem(403, "forbidden");
    let res = app
        .post("/api/v1/improvement-plans", &hr, body.clone())
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let plan_id = res.id();
    let res = app.post("/api/v1/improvement-plans", &hr, body).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["user_id"]);
    let alerts = app.get("/api/v1/alerts?month=2026-01", &hr).await.body;
    let sp1_alert = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user_id"] == sp1_id)
        .unwrap();
    assert_eq!(sp1_alert["open_plan_id"], plan_id);
    let path = format!("/api/v1/improvement-plans/{plan_id}");
    assert_eq!(app.get(&path, &t.sp1).await.status, StatusCode::OK);
    app.get(&path, &t.sp2)
        .await
        .assert_problem(404, "not_found");
    let close = json!({"outcome": "improved", "note": "周报已按时"});
    let res = app.post(&format!("{path}/close"), &hr, close.clone()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["state"], "closed");
    assert_eq!(res.body["outcome"], "improved");
    app.post(&format!("{path}/close"), &hr, close)
        .await
        .assert_problem(409, "invalid_state");

    // Rubric versions: admin only, items add up to 100; a month is scored with the version
    // in force for it.
    let rubrics = app
        .get("/api/v1/rubrics?role=salesperson", &t.sp1)
        .await
        .body;
    let v1 = rubrics[0].clone();
    assert_eq!(v1["version"], 1);
    let mut items = v1["items"].as_array().unwrap().clone();
    items[0]["max_points"] = json!(10);
    items[6]["max_points"] = json!(35);
    let v2 = json!({"role": "salesperson", "effective_from": "2026-03", "items": items});
    app.post("/api/v1/rubrics", &t.boss, v2.clone())
        .await
        .assert_problem(403, "forbidden");
    let mut short = v2.clone();
    short["items"][0]["max_points"] = json!(5);
    let res = app.post("/api/v1/rubrics", &t.admin, short).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["items"]);
    let res = app.post("/api/v1/rubrics", &t.admin, v2).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["version"], 2);
    let feb = create(&app, &t.boss, sp1_id, "2026-02").await;
    assert_eq!(feb["rubric_version"], 1);
    let mar = create(&app, &t.boss, sp1_id, "2026-03").await;
    assert_eq!(mar["rubric_version"], 2);
    assert_eq!(
        super::item(&mar, "terminal_daily_report")["max_points"],
        10.0
    );
    assert_eq!(super::item(&mar, "weekly_reports")["max_points"], 35.0);
}
