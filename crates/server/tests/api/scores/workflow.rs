//! A score from draft to acknowledged and back: who may take each step, the locks, the
//! adjustments' notes, a manager scored by their own manager, and totals at a .05 edge.

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::json;

use super::{create, finalize, item, set_daily};
use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(score_workflow_and_separation_of_duties);

async fn score_workflow_and_separation_of_duties(b: Backend) {
    let app = TestApp::spawn(b).await;
    let chief_id = app.seed_user("chief", &[Role::Manager], None);
    let region = app.seed_team("华东大区", Some(chief_id), None);
    let boss_id = app.seed_user("boss", &[Role::Manager], None);
    let team = app.seed_team("华东一部", Some(boss_id), Some(region));
    let sp1_id = app.seed_user("sp1", &[Role::Salesperson], Some(team));
    let sp2_id = app.seed_user("sp2", &[Role::Salesperson], Some(team));
    app.seed_user("hr", &[Role::Hr], None);
    let boss2_id = app.seed_user("boss2", &[Role::Manager], None);
    app.seed_team("华南一部", Some(boss2_id), None);
    let [chief, boss, sp1, sp2, hr, boss2] = {
        let mut t = Vec::new();
        for u in ["chief", "boss", "sp1", "sp2", "hr", "boss2"] {
            t.push(app.login(u, PASSWORD).await.token);
        }
        <[String; 6]>::try_from(t).unwrap()
    };
    let month = "2026-10";

    // Who computes: the person's manager; not the person, not a colleague; once a month.
    app.post(
        "/api/v1/scores",
        &sp1,
        json!({"user_id": sp1_id, "month": month}),
    )
    .await
    .assert_problem(403, "forbidden");
    let res = app
        .post(
            "/api/v1/scores",
            &sp2,
            json!({"user_id": sp1_id, "month": month}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["user_id"]);
    let draft = create(&app, &boss, sp1_id, month).await;
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["role"], "salesperson");
    assert_eq!(draft["rubric_version"], 1);
    assert_eq!(draft["items"].as_array().unwrap().len(), 8);
    assert_eq!(draft["attendance"], 100.0);
    assert_eq!(item(&draft, "network_plan")["points"], 5.0);
    assert_eq!(item(&draft, "network_plan")["source"], "manual");
    let res = app
        .post(
            "/api/v1/scores",
            &boss,
            json!({"user_id": sp1_id, "month": month}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["month"]);
    let id = draft["id"].as_i64().unwrap();
    let path = format!("/api/v1/scores/{id}");

    // Who reads: the person, their managers and HR; nobody else (404), and HR no clients.
    for token in [&sp1, &boss, &chief, &hr] {
        assert_eq!(app.get(&path, token).await.status, StatusCode::OK);
    }
    for token in [&sp2, &boss2] {
        app.get(&path, token).await.assert_problem(404, "not_found");
    }
    app.get("/api/v1/clients", &hr)
        .await
        .assert_problem(403, "forbidden");
    let listed = app.get("/api/v1/scores", &sp2).await;
    assert_eq!(listed.body["total"], 0, "{}", listed.text);

    // Adjustments: a manual item by occurrences, each with its note; bad ones are refused.
    let bad = |items: serde_json::Value| json!({"version": draft["version"], "items": items});
    for (items, field) in [
        (
            json!([{"code": "network_plan", "occurrences": 1, "note": "  "}]),
            "items[0].note",
        ),
        (
            json!([{"code": "weekly_reports", "occurrences": 1, "note": "x"}]),
            "items[0].occurrences",
        ),
        (
            json!([{"code": "network_plan", "points": 2.55, "note": "x"}]),
            "items[0].points",
        ),
        (
            json!([{"code": "network_plan", "points": 6, "note": "x"}]),
            "items[0].points",
        ),
        (
            json!([{"code": "nope", "points": 1, "note": "x"}]),
            "items[0].code",
        ),
        (
            json!([{"code": "network_plan", "note": "x"}]),
            "items[0].points",
        ),
    ] {
        let res = app.patch(&path, &boss, bad(items)).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.error_fields(), [field], "{}", res.text);
    }
    app.patch(
        &path,
        &sp1,
        json!({"version": draft["version"], "items": [{"code": "network_plan", "occurrences": 0, "note": "自评"}]}),
    )
    .await
    .assert_problem(403, "forbidden");
    let res = app
        .patch(
            &path,
            &boss,
            json!({"version": draft["version"], "items": [{"code": "network_plan", "occurrences": 1, "note": "11月网络开发计划未完成"}]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let adjusted = res.body;
    let line = item(&adjusted, "network_plan");
    assert_eq!(line["points"], 0.0);
    assert_eq!(line["deduction"], 5.0);
    assert_eq!(line["occurrences"], 1);
    assert_eq!(line["adjustment"]["note"], "11月网络开发计划未完成");
    assert_eq!(line["adjustment"]["by"], boss_id);
    let before = draft["daily_work"].as_f64().unwrap();
    assert!((adjusted["daily_work"].as_f64().unwrap() - (before - 5.0)).abs() < 1e-9);
    app.patch(
        &path,
        &boss,
        bad(json!([{"code": "network_plan", "points": 1, "note": "x"}])),
    )
    .await
    .assert_problem(409, "stale_version");

    // Recompute keeps the adjustment and is idempotent.
    let res = app
        .post(
            &format!("{path}/recompute"),
            &boss,
            json!({"version": adjusted["version"]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let recomputed = res.body;
    assert_eq!(recomputed["total"], adjusted["total"]);
    assert_eq!(item(&recomputed, "network_plan")["points"], 0.0);

    // Finalize: the discussion note is required; never by the person.
    let res = app
        .post(
            &format!("{path}/finalize"),
            &boss,
            json!({"version": recomputed["version"]}),
        )
        .await;
    assert_eq!(res.status.as_u16(), 422, "{}", res.text);
    let res = app
        .post(
            &format!("{path}/finalize"),
            &boss,
            json!({"version": recomputed["version"], "discussion_note": " "}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["discussion_note"]);
    app.post(
        &format!("{path}/finalize"),
        &sp1,
        json!({"version": recomputed["version"], "discussion_note": "我同意"}),
    )
    .await
    .assert_problem(403, "forbidden");
    let done = finalize(&app, &boss, &recomputed).await;
    assert_eq!(done["state"], "finalized");
    assert_eq!(done["finalized_by"], boss_id);
    assert_eq!(done["discussion_note"], "已与本人讲评");

    // Locked once finalized.
    app.patch(
        &path,
        &boss,
        json!({"version": done["version"], "items": [{"code": "network_plan", "points": 5, "note": "改"}]}),
    )
    .await
    .assert_problem(409, "invalid_state");
    app.post(
        &format!("{path}/recompute"),
        &boss,
        json!({"version": done["version"]}),
    )
    .await
    .assert_problem(409, "invalid_state");

    // Dispute → resolve over the finalizer's head → acknowledge → reopen by HR only.
    let res = app
        .post(
            &format!("{path}/dispute"),
            &sp1,
            json!({"version": done["version"], "reason": "网络开发计划已完成,见附件"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let disputed = res.body;
    assert_eq!(disputed["state"], "disputed");
    let resolve = json!({"version": disputed["version"], "outcome": "changed", "note": "核实已完成",
        "items": [{"code": "network_plan", "occurrences": 0, "note": "复核:已完成"}]});
    app.post(&format!("{path}/resolve"), &boss, resolve.clone())
        .await
        .assert_problem(403, "same_approver");
    app.post(&format!("{path}/resolve"), &sp1, resolve.clone())
        .await
        .assert_problem(403, "forbidden");
    let res = app.post(&format!("{path}/resolve"), &chief, resolve).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let resolved = res.body;
    assert_eq!(resolved["state"], "finalized");
    assert_eq!(item(&resolved, "network_plan")["points"], 5.0);
    assert_eq!(resolved["total"], draft["total"]);
    let res = app
        .post(
            &format!("{path}/acknowledge"),
            &sp1,
            json!({"version": resolved["version"]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let acked = res.body;
    assert_eq!(acked["state"], "acknowledged");
    let reopen = json!({"version": acked["version"], "reason": "考勤更正"});
    app.post(&format!("{path}/reopen"), &boss, reopen.clone())
        .await
        .assert_problem(403, "forbidden");
    let res = app
        .post(
            &format!("{path}/reopen"),
            &hr,
            json!({"version": acked["version"]}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["reason"]);
    let res = app.post(&format!("{path}/reopen"), &hr, reopen).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["state"], "draft");
    let history = app.get(&format!("{path}/history"), &sp1).await.body;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "adjust",
            "recompute",
            "finalize",
            "dispute",
            "resolve",
            "acknowledge",
            "reopen"
        ]
    );

    // A manager is scored with the manager rubric by their own manager, never by themself.
    app.post(
        "/api/v1/scores",
        &boss,
        json!({"user_id": boss_id, "month": month}),
    )
    .await
    .assert_problem(403, "forbidden");
    let theirs = create(&app, &chief, boss_id, month).await;
    assert_eq!(theirs["role"], "manager");
    assert_eq!(theirs["items"].as_array().unwrap().len(), 7);
    app.post(
        &format!("/api/v1/scores/{}/finalize", theirs["id"]),
        &boss,
        json!({"version": theirs["version"], "discussion_note": "自评"}),
    )
    .await
    .assert_problem(403, "forbidden");

    // The total at a .05 edge: daily work 95.5, attendance 96 (one absence) →
    // 95.5 × 0.7 + 96 × 0.3 = 95.65 → 95.7 (half up, from integer tenths).
    let res = app
        .post(
            "/api/v1/attendance",
            &boss,
            json!({"user_id": sp2_id, "date": "2026-10-12", "kind": "absent"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let sp2_draft = create(&app, &boss, sp2_id, month).await;
    assert_eq!(sp2_draft["attendance"], 96.0);
    let set = set_daily(&app, &boss, &sp2_draft, 40.0).await;
    let id = set["id"].as_i64().unwrap();
    let res = app
        .patch(
            &format!("/api/v1/scores/{id}"),
            &boss,
            json!({"version": set["version"], "items": [{"code": "plan_execution", "points": 25.5, "note": "拜访完成率85%"}]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["daily_work"], 95.5);
    assert_eq!(res.body["total"], 95.7);
    assert_eq!(res.body["total_tenths"], 957);
}
