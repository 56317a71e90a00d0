//! Demo mode's deals: projects in every stage, 20 contracts (most signed, a few in the review
//! flow), payments on time, late, partial and missing — every aging bucket non-empty, a
//! credit proposal, collection follow-ups — and the stored figures agree with each other as
//! the API computes them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::Value;

use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(demo_deals_fill_every_bucket_and_add_up);

const PASSWORD: &str = "demo-pass-2026";

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

fn fen(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an amount: {v}"))
}

fn date(v: &Value) -> NaiveDate {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a date: {v}"))
}

async fn demo_deals_fill_every_bucket_and_add_up(b: Backend) {
    let app = TestApp::spawn(b).await;
    {
        let mut conn = app.db.get().expect("connection");
        let settings = std::sync::Arc::new(app.settings.clone());
        assert!(salesops::demo::seed_all(&mut conn, PASSWORD, &settings).expect("demo"));
        // A second start seeds nothing twice.
        assert!(!salesops::demo::seed_all(&mut conn, PASSWORD, &settings).expect("again"));
    }
    let today = Utc::now()
        .with_timezone(&app.settings.timezone)
        .date_naive();
    let admin = app.admin().await.token;
    let finance = app.login("sun.li", PASSWORD).await.token;

    // Aging as the admin: all five buckets hold money, and they add up.
    let aging = app.get("/api/v1/receivables/aging", &admin).await;
    assert_eq!(aging.status, StatusCode::OK, "{}", aging.text);
    let totals = &aging.body["totals"];
    let buckets = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"];
    for bucket in buckets {
        assert!(
            fen(&totals[bucket]) > 0,
            "{bucket} is empty: {}",
            aging.text
        );
    }
    let sum: i64 = buckets.iter().map(|k| fen(&totals[*k])).sum();
    assert_eq!(fen(&totals["total"]), sum, "{}", aging.text);
    assert_eq!(aging.body["people"].as_array().map_or(0, Vec::len), 8);

    // Projects in every stage; the lost ones say why.
    let pipeline = app.get("/api/v1/projects/pipeline", &admin).await;
    assert_eq!(pipeline.status, StatusCode::OK, "{}", pipeline.text);
    let stages: BTreeMap<String, i64> = pipeline
        .body
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            (
                s["stage"].as_str().unwrap_or("").to_owned(),
                fen(&s["count"]),
            )
        })
        .collect();
    for stage in [
        "design",
        "bidding",
        "detailed_design",
        "execution",
        "acceptance",
        "won",
        "lost",
    ] {
        assert!(
            stages.get(stage).copied().unwrap_or(0) > 0,
            "no {stage}: {stages:?}"
        );
    }
    let lost = app
        .get("/api/v1/projects?stage=lost&per_page=100", &admin)
        .await;
    for p in items(&lost.body) {
        assert!(
            p["lost_reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{p}"
        );
    }

    // 20 contracts: most signed, some in the review flow; signed ones carry what signing
    // sets, and every figure adds up.
    let all = app.get("/api/v1/contracts?per_page=100", &finance).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let contracts = items(&all.body);
    assert_eq!(contracts.len(), 20, "{}", all.text);
    let states: BTreeSet<String> = contracts
        .iter()
        .filter_map(|c| c["state"].as_str().map(str::to_owned))
        .collect();
    for state in ["signed", "drafted", "in_review", "approved"] {
        assert!(states.contains(state), "no {state} contract: {states:?}");
    }
    let in_force: Vec<&Value> = contracts
        .iter()
        .filter(|c| !c["signed_revision"].is_null())
        .collect();
    assert_eq!(in_force.len(), 16);
    assert!(contracts.iter().filter(|c| c["state"] == "signed").count() >= 15);
    // One revision signed (2 in force), one in review over the signed first.
    assert!(in_force.iter().any(|c| c["signed_revision"] == 2));
    assert!(
        in_force
            .iter()
            .any(|c| c["state"] == "in_review" && c["revision"] == 2)
    );
    let mut received_total = 0;
    for c in &contracts {
        let schedule = c["schedule"].as_array().cloned().unwrap_or_default();
        let planned: i64 = schedule.iter().map(|s| fen(&s["amount_fen"])).sum();
        assert_eq!(
            planned,
            fen(&c["amount_fen"]),
            "schedule of {}",
            c["number"]
        );
        let lines = c["lines"].as_array().cloned().unwrap_or_default();
        if c["signed_revision"].is_null() {
            assert!(lines.is_empty(), "{c}");
            assert_eq!(fen(&c["received_fen"]), 0);
            continue;
        }
        assert!(date(&c["signed_on"]) <= today, "{c}");
        assert!((2..=6).contains(&lines.len()), "{c}");
        let due: i64 = lines.iter().map(|l| fen(&l["amount_fen"])).sum();
        assert_eq!(due, fen(&c["signed_amount_fen"]), "{c}");
        let got: i64 = lines.iter().map(|l| fen(&l["received_fen"])).sum();
        assert_eq!(got, fen(&c["received_fen"]), "{c}");
        assert_eq!(
            fen(&c["outstanding_fen"]),
            fen(&c["signed_amount_fen"]) - got
        );
        for l in &lines {
            let on = date(&l["due_on"]);
            assert!(
                on >= today - Duration::days(200) && on <= today + Duration::days(125),
                "{l}"
            );
            assert!(fen(&l["received_fen"]) <= fen(&l["amount_fen"]), "{l}");
        }
        // The payments' allocations are what the lines and the contract received.
        let id = c["id"].as_i64().expect("id");
        let payments = app
            .get(&format!("/api/v1/contracts/{id}/payments"), &finance)
            .await;
        let payments = payments.body.as_array().cloned().unwrap_or_default();
        let paid: i64 = payments.iter().map(|p| fen(&p["amount_fen"])).sum();
        assert_eq!(paid, fen(&c["received_fen"]), "{}", c["number"]);
        let mut per_line: BTreeMap<i64, i64> = BTreeMap::new();
        for p in &payments {
            assert!(date(&p["received_on"]) < today, "{p}");
            let allocated: i64 = p["allocations"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|a| {
                    *per_line
                        .entry(a["line_id"].as_i64().unwrap_or(0))
                        .or_default() += fen(&a["amount_fen"]);
                    fen(&a["amount_fen"])
                })
                .sum();
            assert_eq!(allocated, fen(&p["amount_fen"]), "{p}");
        }
        for l in &lines {
            let id = l["id"].as_i64().unwrap_or(0);
            assert_eq!(
                per_line.get(&id).copied().unwrap_or(0),
                fen(&l["received_fen"]),
                "{l}"
            );
        }
        received_total += got;
        // The history reads in order: drafted, submitted, approved, signed (in the past).
        let history = app
            .get(&format!("/api/v1/contracts/{id}/history"), &finance)
            .await;
        let entries = history.body.as_array().cloned().unwrap_or_default();
        let actions: Vec<&str> = entries
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert!(
            actions.starts_with(&["submit", "approve", "sign"])
                || actions.starts_with(&["create", "submit", "approve", "sign"]),
            "{actions:?}"
        );
        let times: Vec<&str> = entries.iter().filter_map(|e| e["at"].as_str()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    }
    assert!(received_total > 0);

    // The review inboxes have work: each manager's team, and finance.
    for (who, at_least) in [("zhang.wei", 1), ("li.na", 1), ("sun.li", 3)] {
        let token = app.login(who, PASSWORD).await.token;
        let inbox = app
            .get("/api/v1/contracts?to_review=true&per_page=100", &token)
            .await;
        assert!(
            items(&inbox.body).len() >= at_least,
            "{who}: {}",
            inbox.text
        );
    }

    // A client more than 90 days overdue is proposed for credit `abnormal`.
    let manager = app.login("zhang.wei", PASSWORD).await.token;
    let proposals = app
        .get("/api/v1/receivables/credit-proposals", &manager)
        .await;
    let proposals = proposals.body.as_array().cloned().unwrap_or_default();
    assert!(!proposals.is_empty());
    assert!(proposals.iter().all(|p| fen(&p["days_overdue"]) > 90));

    // Collection follow-ups name their contract and method.
    let collections = app
        .get("/api/v1/follow-ups?kind=collection&per_page=200", &admin)
        .await;
    let collections = items(&collections.body);
    assert!(collections.len() >= 10, "{}", collections.len());
    let methods: BTreeSet<&str> = collections
        .iter()
        .filter_map(|f| f["method"].as_str())
        .collect();
    assert_eq!(methods.len(), 3, "{methods:?}");
    assert!(collections.iter().all(|f| f["contract_id"].is_i64()));

    // The collection rate over the last 200 days is a real rate.
    let report = app
        .get(
            &format!(
                "/api/v1/reports/collections?from={}&to={today}",
                today - Duration::days(200)
            ),
            &admin,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let rate = report.body["rate"].as_f64().unwrap_or(0.0);
    assert!(rate > 0.2 && rate < 1.0, "{}", report.text);

    // The weekly reports, seeded after the deals, froze what was signed and received.
    let weekly = app.get("/api/v1/weekly-reports?per_page=200", &admin).await;
    let figure = |key: &str| {
        items(&weekly.body).iter().any(|r| {
            r["figures"]
                .as_array()
                .is_some_and(|f| f.iter().any(|x| x["key"] == key && fen(&x["value"]) > 0))
        })
    };
    assert!(figure("sales_signed_fen"), "{}", weekly.text);
    assert!(figure("collections_received_fen"), "{}", weekly.text);
}
