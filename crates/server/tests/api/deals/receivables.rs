//! Receivables and aging at the bucket boundaries, as of a day; the collection follow-up; the
//! credit proposal a manager confirms.

use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use super::{Deals, id};
use crate::on_both_backends;

on_both_backends!(
    aging_buckets_at_their_boundaries,
    a_collection_names_one_of_the_clients_contracts,
    long_overdue_clients_are_proposed_for_abnormal_credit,
);

async fn aging_buckets_at_their_boundaries(b: Backend) {
    let d = Deals::new(b).await;
    let t = &d.t;
    let client = d.client(&t.sp1, "中建").await;
    let as_of: NaiveDate = "2026-06-30".parse().unwrap_or_default();
    let day = |n: i64| (as_of - Duration::days(n)).to_string();
    // One line per boundary, each worth its number of days in 元 (so sums show which).
    let days = [-10_i64, 0, 30, 31, 60, 61, 90, 91];
    let schedule: Vec<(String, i64)> = days.iter().map(|n| (day(*n), 100 * (n + 1000))).collect();
    let schedule: Vec<(&str, i64)> = schedule.iter().map(|(d, f)| (d.as_str(), *f)).collect();
    let c = d
        .signed(&t.sp1, client, "HT-AGE-1", &schedule, "2026-01-01")
        .await;
    let fen = |n: i64| 100 * (n + 1000);
    // A payment on 1 July fills the oldest line: not yet received on 30 June.
    d.paid(id(&c), "2026-07-01", fen(91)).await;

    let aging = d
        .get(&t.boss, "/api/v1/receivables/aging?as_of=2026-06-30")
        .await;
    let totals = &aging["totals"];
    assert_eq!(totals["current"], fen(-10) + fen(0));
    assert_eq!(totals["d1_30"], fen(30));
    assert_eq!(totals["d31_60"], fen(31) + fen(60));
    assert_eq!(totals["d61_90"], fen(61) + fen(90));
    assert_eq!(totals["d90_plus"], fen(91));
    let all: i64 = days.iter().map(|n| fen(*n)).sum();
    assert_eq!(totals["total"], all);
    assert_eq!(aging["people"][0]["owner_id"], json!(t.sp1_id));
    assert_eq!(aging["people"][0]["buckets"], *totals);
    assert_eq!(aging["teams"][0]["team_id"], json!(t.team_id));
    assert_eq!(aging["teams"][0]["buckets"]["total"], all);
    // Seen on 1 July the oldest line is paid.
    let later = d
        .get(&t.boss, "/api/v1/receivables/aging?as_of=2026-07-01")
        .await;
    assert_eq!(later["totals"]["d90_plus"], fen(90) + fen(91) - fen(91));

    let overdue = d
        .get(&t.sp1, "/api/v1/receivables?as_of=2026-06-30&overdue=true")
        .await;
    assert_eq!(overdue["total"], 6);
    let got: Vec<(i64, i64)> = overdue["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["days_overdue"].as_i64().unwrap_or(-1),
                        r["outstanding_fen"].as_i64().unwrap_or(-1),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        got,
        [91, 90, 61, 60, 31, 30].map(|n| (n, fen(n))),
        "most overdue first"
    );
    assert_eq!(overdue["items"][0]["contract_number"], "HT-AGE-1");
    assert_eq!(overdue["items"][0]["client_name"], "中建");
    let all_open = d.get(&t.sp1, "/api/v1/receivables?as_of=2026-06-30").await;
    assert_eq!(all_open["total"], 8);
    let after = d.get(&t.sp1, "/api/v1/receivables?as_of=2026-07-01").await;
    assert_eq!(after["total"], 7);
    // By cursor, every line once.
    let first = d
        .get(
            &t.sp1,
            "/api/v1/receivables?as_of=2026-06-30&cursor=0&per_page=5",
        )
        .await;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(5));
    let next = first["next_cursor"].as_str().unwrap_or_default().to_owned();
    let rest = d
        .get(
            &t.sp1,
            &format!("/api/v1/receivables?as_of=2026-06-30&cursor={next}&per_page=5"),
        )
        .await;
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(3));
    assert!(rest["next_cursor"].is_null());
    // Out of scope: nothing.
    let other = d
        .get(&t.sp2, "/api/v1/receivables/aging?as_of=2026-06-30")
        .await;
    assert_eq!(other["totals"]["total"], 0);
    assert_eq!(d.get(&t.sp2, "/api/v1/receivables").await["total"], 0);
    assert_eq!(
        d.get(&d.fin, "/api/v1/receivables/aging?as_of=2026-06-30")
            .await["totals"]["total"],
        all
    );
}

async fn a_collection_names_one_of_the_clients_contracts(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "绿地").await;
    let other = d.client(&t.sp1, "融创").await;
    let c = d
        .signed(
            &t.sp1,
            client,
            "HT-COL-1",
            &[("2026-09-30", 8_000)],
            "2026-09-01",
        )
        .await;
    let post = |client: i64, body: serde_json::Value| async move {
        app.post(
            &format!("/api/v1/clients/{client}/follow-ups"),
            &t.sp1,
            body,
        )
        .await
    };
    let res = post(
        client,
        json!({"kind": "collection", "summary": "电话催款", "method": "call"}),
    )
    .await;
    assert_eq!(res.error_fields(), vec!["contract_id"], "{}", res.text);
    let res = post(
        client,
        json!({"kind": "collection", "summary": "电话催款", "contract_id": id(&c)}),
    )
    .await;
    assert_eq!(res.error_fields(), vec!["method"], "{}", res.text);
    let res = post(
        other,
        json!({"kind": "collection", "summary": "催款", "contract_id": id(&c), "method": "call"}),
    )
    .await;
    assert_eq!(res.error_fields(), vec!["contract_id"], "{}", res.text);
    let res = post(
        client,
        json!({"kind": "call", "summary": "问候", "contract_id": id(&c)}),
    )
    .await;
    assert_eq!(res.error_fields(), vec!["contract_id"], "{}", res.text);
    let res = post(
        client,
        json!({"kind": "collection", "summary": "寄出催款函", "contract_id": id(&c), "method": "letter"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["contract_id"], json!(id(&c)));
    assert_eq!(res.body["method"], "letter");
    let listed = d
        .get(
            &t.boss,
            &format!("/api/v1/follow-ups?kind=collection&contract_id={}", id(&c)),
        )
        .await;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["summary"], "寄出催款函");
}

async fn long_overdue_clients_are_proposed_for_abnormal_credit(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let due = |n: i64| (today - Duration::days(n)).to_string();
    let late = d.client(&t.sp1, "拖欠客户").await;
    let fine = d.client(&t.sp1, "按时客户").await;
    let (d95, d80) = (due(95), due(80));
    d.signed(
        &t.sp1,
        late,
        "HT-CR-1",
        &[(d95.as_str(), 30_000), (d80.as_str(), 10_000)],
        "2026-01-05",
    )
    .await;
    let ok = d
        .signed(
            &t.sp1,
            fine,
            "HT-CR-2",
            &[(d95.as_str(), 20_000)],
            "2026-01-05",
        )
        .await;
    d.paid(id(&ok), &due(96), 20_000).await;

    app.get("/api/v1/receivables/credit-proposals", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
    let proposals = d.get(&t.boss, "/api/v1/receivables/credit-proposals").await;
    assert_eq!(proposals.as_array().map(Vec::len), Some(1), "{proposals}");
    let p = &proposals[0];
    assert_eq!(p["client_id"], json!(late));
    assert_eq!(p["credit"], "normal");
    assert_eq!(
        p["overdue_fen"], 30_000,
        "only the line more than 90 days overdue"
    );
    assert_eq!(p["days_overdue"], 95);
    // The manager confirms with the client edit; the change is in the client's history.
    let client = d.get(&t.boss, &format!("/api/v1/clients/{late}")).await;
    let res = app
        .patch(
            &format!("/api/v1/clients/{late}"),
            &t.boss,
            json!({"credit": "abnormal", "version": client["version"]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let proposals = d.get(&t.boss, "/api/v1/receivables/credit-proposals").await;
    assert_eq!(proposals, json!([]));
    let history = d
        .get(&t.boss, &format!("/api/v1/clients/{late}/history"))
        .await;
    assert!(history.to_string().contains("abnormal"), "{history}");
}
