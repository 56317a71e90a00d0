//! Helpers of the pay tests: the sheet's money columns, the file cells expected from the
//! JSON, downloads.

use calamine::Data;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::TestApp;

pub const MONEY: [&str; 9] = [
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

pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

pub fn row_of(sheet: &Value, user_id: i64) -> &Value {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == user_id)
        .unwrap_or_else(|| panic!("no row for {user_id} in {sheet}"))
}

/// The sheet's rows and totals as the file shows them, from the JSON.
pub fn expected_cells(sheet: &Value) -> Vec<Vec<String>> {
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

pub fn xlsx_text(column: usize, cell: &Data) -> String {
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

pub async fn download(app: &TestApp, token: &str, path: &str) -> Vec<u8> {
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

pub async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.post(&format!("/api/v1/{path}"), token, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.text);
    res.body
}

pub async fn sheet(app: &TestApp, token: &str) -> Value {
    let res = app
        .get("/api/v1/reports/payroll?month=2026-11", token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

/// Every row's total is its lines', and every total is the sum of its column.
pub fn assert_adds_up(sheet: &Value) {
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
