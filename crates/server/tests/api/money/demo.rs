//! Demo mode's money (issue 11): standards, budgets, claims in every state with the special
//! cases the README names, advances paid and partly offset — all reachable through the API.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(demo_money_shows_every_state_and_rule);

const PASSWORD: &str = "demo-pass-2026";

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

async fn demo_money_shows_every_state_and_rule(b: Backend) {
    let app = TestApp::spawn(b).await;
    {
        let mut conn = app.db.get().expect("connection");
        let settings = std::sync::Arc::new(app.settings.clone());
        assert!(salesops::demo::seed_all(&mut conn, PASSWORD, &settings).expect("demo"));
    }
    let finance = app.login("sun.li", PASSWORD).await.token;
    for state in [
        "draft",
        "submitted",
        "manager_approved",
        "finance_approved",
        "paid",
        "rejected",
        "cancelled",
    ] {
        let res = app
            .get(
                &format!("/api/v1/expense-claims?state={state}&per_page=1"),
                &finance,
            )
            .await;
        assert!(
            res.body["total"].as_i64().unwrap_or(0) > 0,
            "no {state} claim: {}",
            res.text
        );
    }
    let queue = app
        .get(
            "/api/v1/expense-claims?to_approve=true&per_page=100",
            &finance,
        )
        .await;
    assert!(
        !items(&queue.body).is_empty(),
        "finance has nothing to approve"
    );
    let standards = app
        .get("/api/v1/expense-standards?per_page=100", &finance)
        .await;
    let categories: std::collections::BTreeSet<String> = items(&standards.body)
        .iter()
        .filter_map(|s| s["category"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(categories.len(), 6, "{}", standards.text);

    // wang.fang's draft is refused on submit: one of its visits was found false.
    let wang = app.login("wang.fang", PASSWORD).await.token;
    let drafts = app.get("/api/v1/expense-claims?state=draft", &wang).await;
    let draft = items(&drafts.body)
        .into_iter()
        .find(|c| c["lines"].to_string().contains("false_visit"))
        .unwrap_or_else(|| panic!("no false-visit draft: {}", drafts.text));
    let id = draft["id"].as_i64().expect("id");
    let refused = app
        .post(
            &format!("/api/v1/expense-claims/{id}/submit"),
            &wang,
            json!({"version": draft["version"]}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert_eq!(refused.body["code"], "false_visit", "{}", refused.text);

    // One line over its standard allowed, one cut to it.
    let all = app
        .get(
            "/api/v1/expense-claims?state=manager_approved&per_page=100",
            &finance,
        )
        .await;
    let lines: Vec<Value> = items(&all.body)
        .iter()
        .flat_map(|c| c["lines"].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(lines.iter().any(|l| l["allow_over_standard"] == true
        && l["approved_fen"] == l["amount_fen"]
        && l["over_standard_fen"].as_i64().unwrap_or(0) > 0));
    assert!(
        lines
            .iter()
            .any(|l| l["approved_fen"].as_i64() < l["amount_fen"].as_i64()
                && l["approved_fen"] == l["standard_fen"])
    );

    // Advances: one paid and partly offset by a paid claim, one repaid, one waiting.
    let advances = app.get("/api/v1/advances?per_page=100", &finance).await;
    let advances = items(&advances.body);
    assert!(
        advances
            .iter()
            .any(|a| a["offset_fen"].as_i64().unwrap_or(0) > 0
                && a["balance_fen"].as_i64().unwrap_or(0) > 0)
    );
    assert!(
        advances
            .iter()
            .any(|a| a["repaid_fen"].as_i64().unwrap_or(0) > 0)
    );
    assert!(advances.iter().any(|a| a["state"] == "submitted"));

    // Receipts are attached, and the expenses report has figures.
    assert!(
        lines
            .iter()
            .any(|l| !l["receipt_ids"].as_array().is_none_or(Vec::is_empty))
    );
    let today = chrono::Utc::now().date_naive();
    let report = app
        .get(
            &format!(
                "/api/v1/reports/expenses?from={}&to={today}&group_by=category",
                today - chrono::Duration::days(120)
            ),
            &finance,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert!(
        report.body["total"]["paid_fen"].as_i64().unwrap_or(0) > 0,
        "{}",
        report.text
    );
}
