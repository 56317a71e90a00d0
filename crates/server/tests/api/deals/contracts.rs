//! Contracts: the schedule adds up, unique numbers, review separation of duties and
//! concurrent approval, signing and revisions; payments allocated oldest first, over-payment,
//! idempotency; scope.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use super::{Deals, contract_body, id};
use crate::on_both_backends;

on_both_backends!(
    a_contract_is_reviewed_by_someone_else_then_signed,
    two_reviewers_at_once_one_wins,
    payments_fill_the_oldest_lines_and_never_exceed_the_amount,
    a_signed_contract_changes_by_a_reviewed_revision,
    contracts_are_seen_in_scope_only,
);

async fn a_contract_is_reviewed_by_someone_else_then_signed(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "华润").await;
    let other = d.client(&t.sp1, "万达").await;
    // The schedule must add up to the amount.
    let mut body = contract_body(
        client,
        "HT-2026-001",
        &[("2026-12-31", 30_000), ("2027-03-31", 70_000)],
    );
    body["amount_fen"] = json!(90_000);
    let res = app.post("/api/v1/contracts", &t.sp1, body).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["schedule"]);
    assert!(
        res.text.contains("¥1,000.00") && res.text.contains("¥900.00"),
        "{}",
        res.text
    );
    // A project of another client is refused.
    let project = app
        .post(
            "/api/v1/projects",
            &t.sp1,
            json!({"client_id": other, "name": "别的项目", "expected_amount_fen": 1}),
        )
        .await
        .body;
    let mut body = contract_body(client, "HT-2026-001", &[("2026-12-31", 100_000)]);
    body["project_id"] = project["id"].clone();
    let res = app.post("/api/v1/contracts", &t.sp1, body).await;
    assert_eq!(res.error_fields(), vec!["project_id"], "{}", res.text);

    let c = d
        .draft(
            &t.sp1,
            client,
            "HT-2026-001",
            &[("2026-12-31", 30_000), ("2027-03-31", 70_000)],
        )
        .await;
    assert_eq!(c["state"], "drafted");
    assert_eq!(c["owner_id"], json!(t.sp1_id));
    assert_eq!(c["lines"], json!([]));
    // Numbers are unique.
    let res = app
        .post(
            "/api/v1/contracts",
            &t.sp1,
            contract_body(other, "HT-2026-001", &[("2026-12-31", 1)]),
        )
        .await;
    assert_eq!(res.error_fields(), vec!["number"], "{}", res.text);

    // Only the owner submits; nobody reviews their own; the reviewer is the manager or
    // finance; only the owner signs, and only once approved.
    d.step(&t.boss, &c, "submit", json!({}))
        .await
        .assert_problem(403, "forbidden");
    d.step(&t.sp1, &c, "sign", json!({"signed_on": "2026-12-01"}))
        .await
        .assert_problem(409, "invalid_state");
    let c = d.ok(&t.sp1, &c, "submit", json!({})).await;
    assert_eq!(c["state"], "in_review");
    let own = d.step(&t.sp1, &c, "approve", json!({})).await;
    own.assert_problem(403, "forbidden");
    assert!(own.text.contains("own contract"), "{}", own.text);
    d.step(&t.sp2, &c, "approve", json!({}))
        .await
        .assert_problem(404, "not_found");
    let c = d
        .ok(&t.boss, &c, "reject", json!({"reason": "付款期太长"}))
        .await;
    assert_eq!(c["state"], "rejected");
    assert_eq!(c["review_comment"], "付款期太长");
    let c = d.ok(&t.sp1, &c, "submit", json!({})).await;
    let c = d
        .ok(&d.fin, &c, "approve", json!({"comment": "条款已核"}))
        .await;
    assert_eq!(c["state"], "approved");
    d.step(&d.fin, &c, "sign", json!({"signed_on": "2026-12-01"}))
        .await
        .assert_problem(403, "forbidden");
    let c = d
        .ok(&t.sp1, &c, "sign", json!({"signed_on": "2026-12-01"}))
        .await;
    assert_eq!(c["state"], "signed");
    assert_eq!(c["signed_revision"], 1);
    assert_eq!(c["signed_on"], "2026-12-01");
    assert_eq!(c["signed_amount_fen"], 100_000);
    assert_eq!(c["outstanding_fen"], 100_000);
    let lines = c["lines"].as_array().cloned().unwrap_or_default();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["amount_fen"], 30_000);
    assert_eq!(lines[0]["outstanding_fen"], 30_000);
    // A signed contract is not cancelled.
    d.step(&t.sp1, &c, "cancel", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    let history = d
        .get(&t.sp1, &format!("/api/v1/contracts/{}/history", id(&c)))
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .map(|h| h.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(actions, ["submit", "reject", "submit", "approve", "sign"]);

    // A draft is withdrawn by its owner.
    let w = d
        .draft(&t.sp1, other, "HT-2026-002", &[("2026-12-31", 5_000)])
        .await;
    let w = d.ok(&t.sp1, &w, "cancel", json!({})).await;
    assert_eq!(w["state"], "cancelled");
}

async fn two_reviewers_at_once_one_wins(b: Backend) {
    let d = Deals::new(b).await;
    let t = &d.t;
    let client = d.client(&t.sp1, "招商").await;
    let c = d
        .draft(&t.sp1, client, "HT-RACE-1", &[("2026-12-31", 50_000)])
        .await;
    let c = d.ok(&t.sp1, &c, "submit", json!({})).await;
    let (a, r) = tokio::join!(
        d.step(&t.boss, &c, "approve", json!({})),
        d.step(&d.fin, &c, "reject", json!({"reason": "不同意"})),
    );
    let statuses = [a.status, r.status];
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "approve {} / reject {}",
        a.text,
        r.text
    );
    let loser = if a.status == StatusCode::OK { &r } else { &a };
    assert_eq!(loser.status, StatusCode::CONFLICT, "{}", loser.text);
    let now = d
        .get(&t.sp1, &format!("/api/v1/contracts/{}", id(&c)))
        .await;
    let history = d
        .get(&t.sp1, &format!("/api/v1/contracts/{}/history", id(&c)))
        .await;
    assert_eq!(history.as_array().map(Vec::len), Some(2), "{history}");
    assert!(
        now["state"] == "approved" || now["state"] == "rejected",
        "{now}"
    );
}

async fn payments_fill_the_oldest_lines_and_never_exceed_the_amount(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "保利").await;
    // Listed out of date order: allocation goes by due date.
    let c = d
        .signed(
            &t.sp1,
            client,
            "HT-PAY-1",
            &[
                ("2026-12-31", 5_000),
                ("2026-11-30", 3_000),
                ("2027-01-31", 2_000),
            ],
            "2026-11-01",
        )
        .await;
    let lines = c["lines"].as_array().cloned().unwrap_or_default();
    let (nov, dec, jan) = (id(&lines[0]), id(&lines[1]), id(&lines[2]));
    assert_eq!(lines[0]["due_on"], "2026-11-30");
    // Only finance records payments; not on an unsigned contract.
    let res = app
        .post(
            &format!("/api/v1/contracts/{}/payments", id(&c)),
            &t.sp1,
            json!({"received_on": "2026-12-01", "amount_fen": 1, "method": "cash"}),
        )
        .await;
    res.assert_problem(403, "forbidden");
    let draft = d
        .draft(&t.sp1, client, "HT-PAY-2", &[("2026-12-31", 100)])
        .await;
    d.pay(id(&draft), "2026-12-01", 50)
        .await
        .assert_problem(409, "not_signed");

    let p = d.paid(id(&c), "2026-12-01", 4_000).await;
    assert_eq!(
        p["allocations"],
        json!([{"line_id": nov, "amount_fen": 3_000}, {"line_id": dec, "amount_fen": 1_000}])
    );
    // More than is outstanding (¥60.00) is refused and changes nothing.
    let res = d.pay(id(&c), "2026-12-02", 6_001).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["amount_fen"]);
    assert!(res.text.contains("¥60.00"), "{}", res.text);
    // The same Idempotency-Key replays the first answer instead of paying twice.
    let send = || {
        app.client
            .post(app.url(&format!("/api/v1/contracts/{}/payments", id(&c))))
            .bearer_auth(&d.fin)
            .header("Idempotency-Key", "pay-hp1-2")
            .json(&json!({"received_on": "2026-12-02", "amount_fen": 4_500, "method": "acceptance_bill"}))
            .send()
    };
    let first = send().await.expect("pay");
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: serde_json::Value = first.json().await.expect("json");
    let again = send().await.expect("pay");
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let again: serde_json::Value = again.json().await.expect("json");
    assert_eq!(first["id"], again["id"]);
    assert_eq!(
        first["allocations"],
        json!([{"line_id": dec, "amount_fen": 4_000}, {"line_id": jan, "amount_fen": 500}])
    );
    let now = d
        .get(&t.sp1, &format!("/api/v1/contracts/{}", id(&c)))
        .await;
    assert_eq!(now["received_fen"], 8_500);
    assert_eq!(now["outstanding_fen"], 1_500);
    let outstanding: Vec<i64> = now["lines"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|x| x["outstanding_fen"].as_i64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(outstanding, [0, 0, 1_500]);
    let payments = d
        .get(&t.boss, &format!("/api/v1/contracts/{}/payments", id(&c)))
        .await;
    assert_eq!(payments.as_array().map(Vec::len), Some(2));
    assert_eq!(payments[1]["method"], "acceptance_bill");
    // Exactly the rest is accepted.
    d.paid(id(&c), "2026-12-03", 1_500).await;
    d.pay(id(&c), "2026-12-03", 1)
        .await
        .assert_problem(422, "validation_failed");
}

async fn a_signed_contract_changes_by_a_reviewed_revision(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "碧桂园").await;
    let c = d
        .signed(
            &t.sp1,
            client,
            "HT-REV-1",
            &[("2026-11-30", 6_000), ("2026-12-31", 4_000)],
            "2026-11-01",
        )
        .await;
    d.paid(id(&c), "2026-11-25", 7_000).await;
    // The new revision may not be for less than was received.
    let mut body = contract_body(client, "HT-REV-1", &[("2026-12-15", 6_500)]);
    body["version"] = c["version"].clone();
    let res = app
        .patch(&format!("/api/v1/contracts/{}", id(&c)), &t.sp1, body)
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["amount_fen"]);
    let mut body = contract_body(
        client,
        "HT-REV-1",
        &[
            ("2026-11-30", 5_000),
            ("2026-12-15", 5_000),
            ("2027-01-31", 2_000),
        ],
    );
    body["version"] = c["version"].clone();
    let res = app
        .patch(&format!("/api/v1/contracts/{}", id(&c)), &t.sp1, body)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let r = res.body;
    assert_eq!(r["state"], "drafted");
    assert_eq!(r["revision"], 2);
    // The signed revision stays in force until the new one is signed.
    assert_eq!(r["signed_revision"], 1);
    assert_eq!(r["signed_amount_fen"], 10_000);
    assert_eq!(r["lines"].as_array().map(Vec::len), Some(2));
    assert_eq!(r["amount_fen"], 12_000);
    let r = d.sign_off(&t.sp1, r, "2026-12-01").await;
    assert_eq!(r["signed_revision"], 2);
    assert_eq!(r["signed_amount_fen"], 12_000);
    let received: Vec<i64> = r["lines"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|x| x["received_fen"].as_i64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        received,
        [5_000, 2_000, 0],
        "received is allocated again, oldest first"
    );
    assert_eq!(r["received_fen"], 7_000);
    assert_eq!(r["outstanding_fen"], 5_000);
    let payments = d
        .get(&d.fin, &format!("/api/v1/contracts/{}/payments", id(&r)))
        .await;
    assert_eq!(
        payments[0]["allocations"].as_array().map(Vec::len),
        Some(2),
        "{payments}"
    );
}

async fn contracts_are_seen_in_scope_only(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "龙湖").await;
    let c = d
        .signed(
            &t.sp1,
            client,
            "HT-SCOPE-1",
            &[("2026-10-31", 9_000)],
            "2026-10-01",
        )
        .await;
    let base = format!("/api/v1/contracts/{}", id(&c));
    for path in [
        base.clone(),
        format!("{base}/history"),
        format!("{base}/payments"),
        format!("{base}/collection-letter?format=html"),
    ] {
        app.get(&path, &t.sp2)
            .await
            .assert_problem(404, "not_found");
    }
    d.step(&t.sp2, &c, "cancel", json!({}))
        .await
        .assert_problem(404, "not_found");
    let res = app
        .post(
            "/api/v1/contracts",
            &t.sp2,
            contract_body(client, "HT-STEAL", &[("2026-12-31", 1)]),
        )
        .await;
    assert_eq!(res.error_fields(), vec!["client_id"], "{}", res.text);
    assert_eq!(d.get(&t.sp2, "/api/v1/contracts").await["total"], 0);
    assert_eq!(d.get(&t.boss, "/api/v1/contracts").await["total"], 1);
    assert_eq!(d.get(&d.fin, "/api/v1/contracts").await["total"], 1);
    // The review inbox: the boss's team's contracts in review, never the caller's own.
    let r = d
        .draft(&t.sp1, client, "HT-SCOPE-2", &[("2026-12-31", 1_000)])
        .await;
    d.ok(&t.sp1, &r, "submit", json!({})).await;
    assert_eq!(
        d.get(&t.boss, "/api/v1/contracts?to_review=true").await["total"],
        1
    );
    assert_eq!(
        d.get(&d.fin, "/api/v1/contracts?to_review=true").await["total"],
        1
    );
    assert_eq!(
        d.get(&t.sp1, "/api/v1/contracts?to_review=true").await["total"],
        0
    );
    assert_eq!(
        d.get(&t.sp2, "/api/v1/contracts?to_review=true").await["total"],
        0
    );
}
