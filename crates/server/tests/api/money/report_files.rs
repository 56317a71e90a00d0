//! Finance's report files: the CSV (UTF-8 with BOM) and the XLSX (read back with calamine)
//! hold what the JSON says.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::StatusCode;
use salesops::db::Backend;

use super::reports::world;
use crate::on_both_backends;

on_both_backends!(exports_match_the_json);

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f:.2}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

async fn exports_match_the_json(b: Backend) {
    let w = world(b).await;
    let m = &w.m;
    let path = "/api/v1/reports/expenses?group_by=person,category";
    let json = m.get(&m.fin, path).await;
    // The rows as text: owner_id, owner_name, category, count, then yuan with two decimals.
    let mut want: Vec<Vec<String>> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let yuan = |k: &str| format!("{:.2}", r[k].as_i64().unwrap() as f64 / 100.0);
            vec![
                r["owner_id"].to_string(),
                r["owner_name"].as_str().unwrap().to_owned(),
                r["category"].as_str().unwrap().to_owned(),
                r["count"].to_string(),
                yuan("total_fen"),
                yuan("approved_fen"),
                yuan("paid_fen"),
            ]
        })
        .collect();
    let t = &json["total"];
    let yuan = |k: &str| format!("{:.2}", t[k].as_i64().unwrap() as f64 / 100.0);
    want.push(vec![
        "total".into(),
        String::new(),
        String::new(),
        t["count"].to_string(),
        yuan("total_fen"),
        yuan("approved_fen"),
        yuan("paid_fen"),
    ]);
    let download = |format: &'static str| {
        let app = &m.app;
        let token = m.fin.clone();
        async move {
            let res = app
                .client
                .get(app.url(&format!("{path}&format={format}")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let disposition = res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(
                disposition.contains(&format!("expenses.{format}")),
                "{disposition}"
            );
            res.bytes().await.unwrap().to_vec()
        }
    };
    let csv_bytes = download("csv").await;
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "owner_id",
            "owner_name",
            "category",
            "count",
            "total_yuan",
            "approved_yuan",
            "paid_yuan"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows, want);
    let xlsx = download("xlsx").await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range("expenses").unwrap();
    let mut it = sheet.rows();
    let header: Vec<String> = it.next().unwrap().iter().map(cell_text).collect();
    assert_eq!(header[4], "total_yuan");
    let rows: Vec<Vec<String>> = it.map(|r| r.iter().map(cell_text).collect()).collect();
    // Numbers are numbers: ids and counts come back as whole floats.
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .enumerate()
                .map(|(i, c)| {
                    if (i == 0 || i == 3) && c.ends_with(".00") {
                        c.trim_end_matches(".00").to_owned()
                    } else {
                        c
                    }
                })
                .collect()
        })
        .collect();
    assert_eq!(rows, want);
    assert!(
        matches!(sheet.get((1, 4)), Some(Data::Float(_))),
        "amounts are numbers"
    );
    // The other reports export too.
    for p in [
        "/api/v1/reports/budget-vs-actual?month=2026-12&format=xlsx",
        "/api/v1/reports/advances?format=csv",
    ] {
        let res = m
            .app
            .client
            .get(m.app.url(p))
            .bearer_auth(&m.fin)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{p}");
    }
}
