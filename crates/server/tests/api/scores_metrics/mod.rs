//! The computed items of a score over HTTP (issue 13, "every point must be explainable"): a
//! month of records made through the API — weekly plans, visits, a false visit, daily logs,
//! weekly reports late, missing and untrue, a monthly report marked by the manager's manager,
//! an unreviewed team report, no training — and every computed item equal to what the test
//! counts from what it made.

mod month;

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use reqwest::StatusCode;
use salesops_domain::period::{IsoWeek, Month};
use serde_json::{Value, json};

use crate::support::TestApp;

/// The ISO weeks whose Thursday falls in `month`, counted here from the calendar.
pub fn thursday_weeks(month: Month) -> Vec<IsoWeek> {
    let mut day = month.first_day();
    let mut weeks = Vec::new();
    while month.contains(day) {
        if day.weekday() == Weekday::Thu {
            weeks.push(IsoWeek::of(day));
        }
        day += Duration::days(1);
    }
    weeks
}

/// Monday–Friday days of `month`, with the ISO week of each.
pub fn working_days(month: Month) -> Vec<(IsoWeek, NaiveDate)> {
    let mut day = month.first_day();
    let mut days = Vec::new();
    while month.contains(day) {
        if day.weekday().num_days_from_monday() < 5 {
            days.push((IsoWeek::of(day), day));
        }
        day += Duration::days(1);
    }
    days
}

/// Today in the business time zone.
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
}

/// `num ÷ den` rounded half up (both positive).
pub fn half_up(num: i64, den: i64) -> i64 {
    (2 * num + den) / (2 * den)
}

/// Tenths as the API shows points.
pub fn pts(tenths: i64) -> f64 {
    tenths as f64 / 10.0
}

pub async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.post(path, token, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.text);
    res.body
}

pub async fn ok(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.post(path, token, body).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
    res.body
}

/// A weekly plan for `week` (a draft); `approve` with the manager's token submits and
/// approves it.
pub async fn plan(
    app: &TestApp,
    token: &str,
    week: IsoWeek,
    calls_per_day: i64,
    approve: Option<&str>,
    visits: &[(i64, NaiveDate)],
) -> (i64, Vec<i64>) {
    let p = created(
        app,
        token,
        "/api/v1/plans",
        json!({"kind": "weekly", "period": week.to_string(), "calls_per_day": calls_per_day}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for (client, day) in visits {
        let v = created(
            app,
            token,
            &format!("/api/v1/plans/{id}/visits"),
            json!({"client_id": client, "planned_date": day.to_string()}),
        )
        .await;
        ids.push(v["id"].as_i64().unwrap());
    }
    if let Some(boss) = approve {
        let s = ok(app, token, &format!("/api/v1/plans/{id}/submit"), json!({})).await;
        let a = ok(
            app,
            boss,
            &format!("/api/v1/plans/{id}/approve"),
            json!({"version": s["version"]}),
        )
        .await;
        assert_eq!(a["state"], "approved", "{a}");
    }
    (id, ids)
}

/// A weekly report for `week` with its sections written and `next_plan` linked, submitted.
pub async fn submitted_report(app: &TestApp, token: &str, week: IsoWeek, next_plan: i64) -> Value {
    let sections = json!({"sales_volume": "本周销售 12 万", "collections": "回款 8 万",
        "client_visits": "拜访 3 家", "sales_expenses": "差旅 1,200 元", "key_clients": "华润跟进中"});
    let r = created(
        app,
        token,
        "/api/v1/weekly-reports",
        json!({"week": week.to_string(), "next_plan_id": next_plan, "sections": sections}),
    )
    .await;
    ok(
        app,
        token,
        &format!("/api/v1/weekly-reports/{}/submit", r["id"]),
        json!({}),
    )
    .await
}

/// The score's item coded `code`.
pub fn item<'a>(score: &'a Value, code: &str) -> &'a Value {
    score["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {score}"))
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no item {code} in {score}"))
}

/// The evidence labels of an item.
pub fn labels(item: &Value) -> Vec<String> {
    item["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap().to_owned())
        .collect()
}
