//! The second half of the payroll scenario: the files equal the JSON, who reads the sheet,
//! and the scores report.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::sheet::{download, expected_cells, xlsx_text};
use crate::deals::Deals;

/// `s` is the sheet as finance read it with the cap 1.05.
pub async fn files_and_readers(d: &Deals, s: &Value, hr: &str, sp2_id: i64) {
    let app = &d.app;
    let t = &d.t;
    let admin = t.admin.clone();
    // The files hold what the JSON holds.
    let want = expected_cells(s);
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
    let xlsx = download(app, hr, "/api/v1/reports/payroll?month=2026-11&format=xlsx").await;
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
    let report = app.get("/api/v1/reports/scores?month=2026-11", hr).await;
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
