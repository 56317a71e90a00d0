//! Projects: stage moves legal and illegal, the reason for losing, history, the pipeline,
//! the cadence of a client with a project in design, and scope.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use super::{Deals, id};
use crate::on_both_backends;

on_both_backends!(
    projects_move_one_stage_forward_or_close,
    projects_are_seen_in_scope_only,
);

async fn stage(
    d: &Deals,
    token: &str,
    p: &Value,
    to: &str,
    note: Option<&str>,
) -> crate::support::Resp {
    d.app
        .post(
            &format!("/api/v1/projects/{}/stage", id(p)),
            token,
            json!({"stage": to, "version": p["version"], "note": note}),
        )
        .await
}

async fn projects_move_one_stage_forward_or_close(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "华润置地").await;
    let before = d.get(&t.sp1, &format!("/api/v1/clients/{client}")).await;
    let created = before["created_at"].as_str().unwrap_or_default().to_owned();
    let p = app
        .post(
            "/api/v1/projects",
            &t.sp1,
            json!({"client_id": client, "name": "总部大楼照明", "expected_amount_fen": 80_000_000,
                   "bid_date": "2026-12-20", "notes": "设计院对接"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.text);
    let p = p.body;
    assert_eq!(p["stage"], "design");
    assert_eq!(p["owner_id"], json!(t.sp1_id));
    assert_eq!(p["next_stages"], json!(["bidding", "won", "lost"]));
    // A general client with a project in design is followed weekly: due 7 days after entry.
    let c = d.get(&t.sp1, &format!("/api/v1/clients/{client}")).await;
    assert_eq!(c["tier"], "general");
    let entered = chrono::DateTime::parse_from_rfc3339(&created)
        .map(|t| t.with_timezone(&chrono_tz::Asia::Shanghai).date_naive());
    let entered = entered.unwrap_or_default();
    assert_eq!(
        c["next_follow_up_date"],
        json!((entered + chrono::Duration::days(7)).to_string())
    );

    // Skipping a stage is refused, naming the allowed ones; nothing moves back to design.
    let res = stage(&d, &t.sp1, &p, "execution", None).await;
    res.assert_problem(409, "invalid_stage");
    assert!(res.text.contains("bidding, won, lost"), "{}", res.text);
    stage(&d, &t.sp1, &p, "design", None)
        .await
        .assert_problem(409, "invalid_stage");
    let p = {
        let res = stage(&d, &t.sp1, &p, "bidding", None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        res.body
    };
    assert_eq!(p["next_stages"], json!(["detailed_design", "won", "lost"]));
    // Out of design, the client is back to the two-week cadence.
    let c = d.get(&t.sp1, &format!("/api/v1/clients/{client}")).await;
    assert_eq!(
        c["next_follow_up_date"],
        json!((entered + chrono::Duration::days(14)).to_string())
    );
    // A stale version is refused.
    let mut old = p.clone();
    old["version"] = json!(1);
    stage(&d, &t.sp1, &old, "detailed_design", None)
        .await
        .assert_problem(409, "stale_version");
    // Lost needs the reason; the manager may close it.
    let res = stage(&d, &t.boss, &p, "lost", None).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["note"]);
    let res = stage(&d, &t.boss, &p, "lost", Some("价格高于竞品")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let p = res.body;
    assert_eq!(p["stage"], "lost");
    assert_eq!(p["lost_reason"], "价格高于竞品");
    assert_eq!(p["next_stages"], json!([]));
    let res = stage(&d, &t.sp1, &p, "won", None).await;
    res.assert_problem(409, "invalid_stage");
    assert!(res.text.contains("closed"), "{}", res.text);
    // A closed project is not edited.
    let res = app
        .patch(
            &format!("/api/v1/projects/{}", id(&p)),
            &t.sp1,
            json!({"client_id": client, "name": "x", "expected_amount_fen": 1, "version": p["version"]}),
        )
        .await;
    res.assert_problem(409, "invalid_state");

    let history = d
        .get(&t.sp1, &format!("/api/v1/projects/{}/history", id(&p)))
        .await;
    let steps: Vec<(&str, &str)> = history
        .as_array()
        .map(|h| {
            h.iter()
                .map(|e| {
                    (
                        e["from_state"].as_str().unwrap_or(""),
                        e["to_state"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(steps, vec![("design", "bidding"), ("bidding", "lost")]);
    assert_eq!(history[1]["comment"], "价格高于竞品");

    // A second project walks to won through every stage; the pipeline counts both.
    let mut q = app
        .post(
            "/api/v1/projects",
            &t.sp1,
            json!({"client_id": client, "name": "二期", "expected_amount_fen": 1_000_000}),
        )
        .await
        .body;
    for s in [
        "bidding",
        "detailed_design",
        "execution",
        "acceptance",
        "won",
    ] {
        let res = stage(&d, &t.sp1, &q, s, None).await;
        assert_eq!(res.status, StatusCode::OK, "{s}: {}", res.text);
        q = res.body;
    }
    let pipeline = d.get(&t.boss, "/api/v1/projects/pipeline").await;
    let of = |s: &str| {
        pipeline
            .as_array()
            .and_then(|a| a.iter().find(|r| r["stage"] == s).cloned())
            .unwrap_or_default()
    };
    assert_eq!(pipeline.as_array().map(Vec::len), Some(7));
    assert_eq!(of("won")["count"], 1);
    assert_eq!(of("won")["expected_amount_fen"], 1_000_000);
    assert_eq!(of("lost")["expected_amount_fen"], 80_000_000);
    assert_eq!(of("design")["count"], 0);
    let open = d.get(&t.sp1, "/api/v1/projects?open=true").await;
    assert_eq!(open["total"], 0);
}

async fn projects_are_seen_in_scope_only(b: Backend) {
    let d = Deals::new(b).await;
    let (app, t) = (&d.app, &d.t);
    let client = d.client(&t.sp1, "万科").await;
    let p = app
        .post(
            "/api/v1/projects",
            &t.sp1,
            json!({"client_id": client, "name": "售楼处", "expected_amount_fen": 500_000}),
        )
        .await
        .body;
    let path = format!("/api/v1/projects/{}", id(&p));
    // Another salesperson sees nothing of it, whatever they ask.
    app.get(&path, &t.sp2)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("{path}/history"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    stage(&d, &t.sp2, &p, "bidding", None)
        .await
        .assert_problem(404, "not_found");
    let res = app
        .patch(
            &path,
            &t.sp2,
            json!({"client_id": client, "name": "x", "expected_amount_fen": 1, "version": p["version"]}),
        )
        .await;
    res.assert_problem(404, "not_found");
    assert_eq!(d.get(&t.sp2, "/api/v1/projects").await["total"], 0);
    // Nor may they open a project on sp1's client.
    let res = app
        .post(
            "/api/v1/projects",
            &t.sp2,
            json!({"client_id": client, "name": "抢单", "expected_amount_fen": 1}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["client_id"]);
    // The manager and finance see it; finance does not move it.
    assert_eq!(d.get(&t.boss, &path).await["name"], "售楼处");
    assert_eq!(d.get(&d.fin, "/api/v1/projects").await["total"], 1);
    stage(&d, &d.fin, &p, "bidding", None)
        .await
        .assert_problem(403, "forbidden");
    let pipeline = d.get(&t.sp2, "/api/v1/projects/pipeline").await;
    assert!(
        pipeline
            .as_array()
            .is_some_and(|a| a.iter().all(|r| r["count"] == 0)),
        "{pipeline}"
    );
}
