//! Plans and visits over HTTP: transitions, concurrent approval, separation of duties,
//! revisions, deadlines in the business time zone, scope, visit execution, spot-checks.

use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::period::{IsoWeek, WeeklyDeadline};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, Team, TestApp};

on_both_backends!(
    plan_transitions_legal_and_illegal,
    concurrent_approvals_one_wins,
    nobody_approves_their_own_plan,
    approved_plan_changes_make_a_revision,
    deadline_marks_late_at_the_boundary,
    weeks_across_month_and_year,
    plans_and_visits_stay_in_scope,
    completing_a_visit_logs_the_follow_up_and_checks_the_place,
    visits_miss_reschedule_and_unplanned,
    spot_checks_sample_and_false_reports,
    daily_logs_and_progress,
    handover_moves_open_plans,
);

async fn client(
    app: &TestApp,
    token: &str,
    name: &str,
    phone: &str,
    at: Option<(f64, f64)>,
) -> i64 {
    let mut body = json!({"name": name, "company": format!("{name}公司"), "phone": phone});
    if let Some((lat, lng)) = at {
        body["latitude"] = json!(lat);
        body["longitude"] = json!(lng);
    }
    let res = app.post("/api/v1/clients", token, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "client: {}", res.text);
    res.id()
}

async fn weekly_plan(app: &TestApp, token: &str, week: &str) -> Value {
    let res = app
        .post(
            "/api/v1/plans",
            token,
            json!({"kind": "weekly", "period": week, "expense_estimate": {"travel": 120000}}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "plan: {}", res.text);
    res.body
}

/// Plans a visit to `client` on `day` and returns its id.
async fn plan_visit(app: &TestApp, token: &str, plan: i64, client: i64, day: &str) -> i64 {
    let res = app
        .post(
            &format!("/api/v1/plans/{plan}/visits"),
            token,
            json!({"client_id": client, "planned_date": day}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.id()
}

async fn action(
    app: &TestApp,
    token: &str,
    plan: i64,
    what: &str,
    body: Value,
) -> crate::support::Resp {
    app.post(&format!("/api/v1/plans/{plan}/{what}"), token, body)
        .await
}

async fn plan_transitions_legal_and_illegal(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await;
    let id = plan["id"].as_i64().unwrap();
    assert_eq!(plan["state"], "draft");
    assert_eq!(plan["calls_per_day"], 30);
    assert_eq!(plan["visits_per_week"], 20);
    assert_eq!(plan["expense_estimate"]["travel"], 120000);
    // One plan per person, kind and period.
    let dup = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W48"}),
        )
        .await;
    dup.assert_problem(409, "duplicate_plan");
    let bad = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-11"}),
        )
        .await;
    assert_eq!(bad.error_fields(), vec!["period"]);
    let v = |r: &crate::support::Resp| r.body["version"].as_i64().unwrap();
    // Approving or rejecting a draft is illegal, and names the current state.
    let res = action(
        &app,
        &t.boss,
        id,
        "approve",
        json!({"version": plan["version"]}),
    )
    .await;
    res.assert_problem(409, "invalid_state");
    assert!(res.body["detail"].as_str().unwrap().contains("`draft`"));
    let submitted = action(&app, &t.sp1, id, "submit", json!({})).await;
    assert_eq!(submitted.body["state"], "submitted", "{}", submitted.text);
    action(&app, &t.sp1, id, "submit", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    app.patch(
        &format!("/api/v1/plans/{id}"),
        &t.sp1,
        json!({"calls_per_day": 40}),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Rejection needs a comment.
    let no_comment = action(
        &app,
        &t.boss,
        id,
        "reject",
        json!({"version": v(&submitted)}),
    )
    .await;
    assert_eq!(no_comment.error_fields(), vec!["comment"]);
    let rejected = action(
        &app,
        &t.boss,
        id,
        "reject",
        json!({"version": v(&submitted), "comment": "拜访太少"}),
    )
    .await;
    assert_eq!(rejected.body["state"], "rejected", "{}", rejected.text);
    assert_eq!(rejected.body["decision_comment"], "拜访太少");
    action(
        &app,
        &t.boss,
        id,
        "approve",
        json!({"version": v(&rejected)}),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Fixing it makes a draft again; resubmit; approve.
    let fixed = app
        .patch(
            &format!("/api/v1/plans/{id}"),
            &t.sp1,
            json!({"visits_per_week": 25}),
        )
        .await;
    assert_eq!(fixed.body["state"], "draft");
    assert_eq!(fixed.body["revision"], 2);
    let resubmitted = action(&app, &t.sp1, id, "submit", json!({"version": v(&fixed)})).await;
    assert_eq!(resubmitted.body["state"], "submitted");
    let approved = action(
        &app,
        &t.boss,
        id,
        "approve",
        json!({"version": v(&resubmitted)}),
    )
    .await;
    assert_eq!(approved.body["state"], "approved", "{}", approved.text);
    assert_eq!(approved.body["approved_revision"], 2);
    assert_eq!(approved.body["decided_by"], t.boss_id);
    action(
        &app,
        &t.boss,
        id,
        "reject",
        json!({"version": v(&approved), "comment": "x"}),
    )
    .await
    .assert_problem(409, "invalid_state");
    action(&app, &t.sp1, id, "submit", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    // The inbox shows submitted plans of the team, never the manager's own.
    let other = weekly_plan(&app, &t.sp2, "2026-W48").await;
    action(
        &app,
        &t.sp2,
        other["id"].as_i64().unwrap(),
        "submit",
        json!({}),
    )
    .await;
    let inbox = app
        .get("/api/v1/plans?to_review=true&state=submitted", &t.boss)
        .await;
    assert_eq!(inbox.body["total"], 1, "{}", inbox.text);
    assert_eq!(inbox.body["items"][0]["id"], other["id"]);
}

async fn concurrent_approvals_one_wins(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    // A second manager over the same team, through a parent team.
    let top_id = app.create_user(&t.admin, "top", &["manager"], None).await;
    let region = app
        .create_team(&t.admin, "华东大区", Some(top_id), None)
        .await;
    app.patch(
        &format!("/api/v1/teams/{}", t.team_id),
        &t.admin,
        json!({"parent_id": region}),
    )
    .await;
    let top = app.login("top", PASSWORD).await.token;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await;
    let id = plan["id"].as_i64().unwrap();
    let submitted = action(&app, &t.sp1, id, "submit", json!({})).await;
    let version = submitted.body["version"].clone();
    let (a, bb) = tokio::join!(
        action(&app, &t.boss, id, "approve", json!({"version": version})),
        action(&app, &top, id, "approve", json!({"version": version})),
    );
    let mut statuses = vec![a.status.as_u16(), bb.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "{} / {}", a.text, bb.text);
    let loser = if a.status == StatusCode::CONFLICT {
        &a
    } else {
        &bb
    };
    assert!(["stale_version", "invalid_state"].contains(&loser.body["code"].as_str().unwrap()));
    let events = app
        .get(
            &format!("/api/v1/audit-events?entity_type=plan&entity_id={id}"),
            &t.admin,
        )
        .await;
    let approvals = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "plan.approve")
        .count();
    assert_eq!(approvals, 1);
    // A stale version alone is refused too.
    let plan2 = weekly_plan(&app, &t.sp2, "2026-W48").await;
    let id2 = plan2["id"].as_i64().unwrap();
    action(&app, &t.sp2, id2, "submit", json!({})).await;
    action(
        &app,
        &t.boss,
        id2,
        "approve",
        json!({"version": plan2["version"]}),
    )
    .await
    .assert_problem(409, "stale_version");
}

async fn nobody_approves_their_own_plan(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let top_id = app.create_user(&t.admin, "top", &["manager"], None).await;
    let region = app
        .create_team(&t.admin, "华东大区", Some(top_id), None)
        .await;
    app.patch(
        &format!("/api/v1/teams/{}", t.team_id),
        &t.admin,
        json!({"parent_id": region}),
    )
    .await;
    let top = app.login("top", PASSWORD).await.token;
    let own = weekly_plan(&app, &t.boss, "2026-W48").await;
    let id = own["id"].as_i64().unwrap();
    let submitted = action(&app, &t.boss, id, "submit", json!({})).await;
    let version = submitted.body["version"].clone();
    action(&app, &t.boss, id, "approve", json!({"version": version}))
        .await
        .assert_problem(403, "forbidden");
    // A salesperson of the team cannot see it, let alone approve it.
    action(&app, &t.sp1, id, "approve", json!({"version": version}))
        .await
        .assert_problem(404, "not_found");
    // The manager's own manager can.
    let ok = action(&app, &top, id, "approve", json!({"version": version})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    // The admin may approve others' plans, not their own (an admin holds no plans here).
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await;
    let pid = plan["id"].as_i64().unwrap();
    let s = action(&app, &t.sp1, pid, "submit", json!({})).await;
    assert_eq!(
        action(
            &app,
            &t.admin,
            pid,
            "approve",
            json!({"version": s.body["version"]})
        )
        .await
        .status,
        StatusCode::OK
    );
}

async fn approved_plan_changes_make_a_revision(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let c1 = client(&app, &t.sp1, "张三", "13800000001", None).await;
    let c2 = client(&app, &t.sp1, "李四", "13800000002", None).await;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await;
    let id = plan["id"].as_i64().unwrap();
    let visit = app.post(&format!("/api/v1/plans/{id}/visits"), &t.sp1, json!({"client_id": c1, "planned_date": "2026-11-24", "time_from": "09:30", "time_to": "11:00", "purpose": "介绍新品"})).await;
    assert_eq!(visit.status, StatusCode::CREATED, "{}", visit.text);
    let s = action(&app, &t.sp1, id, "submit", json!({})).await;
    let a = action(
        &app,
        &t.boss,
        id,
        "approve",
        json!({"version": s.body["version"]}),
    )
    .await;
    assert_eq!(a.body["approved_revision"], 1);
    // A change to the approved plan: a new draft revision, the approved one stays in force.
    let changed = app
        .patch(
            &format!("/api/v1/plans/{id}"),
            &t.sp1,
            json!({"calls_per_day": 35, "expense_estimate": {"travel": 150000}}),
        )
        .await;
    assert_eq!(changed.body["state"], "draft", "{}", changed.text);
    assert_eq!(changed.body["revision"], 2);
    assert_eq!(changed.body["approved_revision"], 1);
    app.post(
        &format!("/api/v1/plans/{id}/visits"),
        &t.sp1,
        json!({"client_id": c2, "planned_date": "2026-11-26"}),
    )
    .await;
    let revs = app
        .get(&format!("/api/v1/plans/{id}/revisions"), &t.boss)
        .await;
    assert_eq!(revs.status, StatusCode::OK, "{}", revs.text);
    assert_eq!(revs.body["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(revs.body["revisions"][0]["state"], "approved");
    assert_eq!(revs.body["revisions"][0]["snapshot"]["calls_per_day"], 30);
    assert_eq!(
        revs.body["revisions"][0]["snapshot"]["visits"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let fields: Vec<&str> = revs.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec!["calls_per_day", "expense_estimate.travel", "visit"]
    );
    let s2 = action(&app, &t.sp1, id, "submit", json!({})).await;
    let a2 = action(
        &app,
        &t.boss,
        id,
        "approve",
        json!({"version": s2.body["version"]}),
    )
    .await;
    assert_eq!(a2.body["approved_revision"], 2);
    let revs = app
        .get(&format!("/api/v1/plans/{id}/revisions"), &t.sp1)
        .await;
    assert_eq!(revs.body["revisions"].as_array().unwrap().len(), 2);
    assert!(revs.body["changes"].as_array().unwrap().is_empty());
}

/// The deadline is set a couple of minutes either side of now, in Beijing time, so the server's
/// own clock decides: 2 minutes before the deadline is on time, 2 minutes after is late.
async fn deadline_marks_late_at_the_boundary(b: Backend) {
    for (offset_minutes, expect_late) in [(2i64, false), (-2, true)] {
        let beijing = chrono_tz::Asia::Shanghai;
        let deadline = Utc::now().with_timezone(&beijing) + Duration::minutes(offset_minutes);
        let week = IsoWeek::of(deadline.date_naive());
        let app = TestApp::spawn_with(b, |s| {
            s.plan_deadline = WeeklyDeadline {
                week_offset: 0,
                weekday: deadline.weekday(),
                time: chrono::NaiveTime::from_hms_opt(
                    chrono::Timelike::hour(&deadline),
                    chrono::Timelike::minute(&deadline),
                    0,
                )
                .unwrap(),
            };
        })
        .await;
        let t = Team::new(&app, 2).await;
        let plan = weekly_plan(&app, &t.sp1, &week.to_string()).await;
        let s = action(
            &app,
            &t.sp1,
            plan["id"].as_i64().unwrap(),
            "submit",
            json!({}),
        )
        .await;
        assert_eq!(
            s.body["late"], expect_late,
            "deadline {deadline} offset {offset_minutes}: {}",
            s.text
        );
        let summary = app
            .get(&format!("/api/v1/plans/summary?week={week}"), &t.boss)
            .await;
        assert_eq!(
            summary.body["late_submissions"],
            if expect_late { 1 } else { 0 },
            "{}",
            summary.text
        );
    }
    // The default deadline is Monday 09:00 of the plan's week: long past for 2026-W01.
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let old = weekly_plan(&app, &t.sp1, "2026-W01").await;
    let s = action(
        &app,
        &t.sp1,
        old["id"].as_i64().unwrap(),
        "submit",
        json!({}),
    )
    .await;
    assert_eq!(s.body["late"], true);
    let future = weekly_plan(&app, &t.sp1, "2030-W10").await;
    let s = action(
        &app,
        &t.sp1,
        future["id"].as_i64().unwrap(),
        "submit",
        json!({}),
    )
    .await;
    assert_eq!(s.body["late"], false);
    // Monthly plans have no weekly deadline.
    let monthly = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "monthly", "period": "2026-01", "sales_target": 50000000}),
        )
        .await;
    assert_eq!(monthly.body["sales_target"], 50000000);
    let s = action(&app, &t.sp1, monthly.id(), "submit", json!({})).await;
    assert_eq!(s.body["late"], false);
}

async fn weeks_across_month_and_year(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let c = client(&app, &t.sp1, "王五", "13800000003", None).await;
    let w53 = weekly_plan(&app, &t.sp1, "2026-W53").await["id"]
        .as_i64()
        .unwrap();
    let w01 = weekly_plan(&app, &t.sp1, "2027-W01").await["id"]
        .as_i64()
        .unwrap();
    // 2027-01-01 is a Friday of 2026-W53, not of 2027-W01.
    let ok = app
        .post(
            &format!("/api/v1/plans/{w53}/visits"),
            &t.sp1,
            json!({"client_id": c, "planned_date": "2027-01-01"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let wrong = app
        .post(
            &format!("/api/v1/plans/{w01}/visits"),
            &t.sp1,
            json!({"client_id": c, "planned_date": "2027-01-01"}),
        )
        .await;
    wrong.assert_problem(422, "validation_failed");
    assert_eq!(wrong.error_fields(), vec!["planned_date"]);
    let ok = app
        .post(
            &format!("/api/v1/plans/{w01}/visits"),
            &t.sp1,
            json!({"client_id": c, "planned_date": "2027-01-04"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    // 2025 has no week 53; week 49 of 2026 crosses November into December.
    let bad = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2025-W53"}),
        )
        .await;
    assert_eq!(bad.error_fields(), vec!["period"]);
    let w49 = weekly_plan(&app, &t.sp1, "2026-W49").await["id"]
        .as_i64()
        .unwrap();
    for day in ["2026-11-30", "2026-12-06"] {
        let r = app
            .post(
                &format!("/api/v1/plans/{w49}/visits"),
                &t.sp1,
                json!({"client_id": c, "planned_date": day}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{day}: {}", r.text);
    }
    let late_day = app
        .post(
            &format!("/api/v1/plans/{w49}/visits"),
            &t.sp1,
            json!({"client_id": c, "planned_date": "2026-12-07"}),
        )
        .await;
    assert_eq!(late_day.error_fields(), vec!["planned_date"]);
}

async fn plans_and_visits_stay_in_scope(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    // Another team with its own manager and salesperson.
    let rival_id = app.create_user(&t.admin, "rival", &["manager"], None).await;
    let south = app
        .create_team(&t.admin, "华南", Some(rival_id), None)
        .await;
    app.create_user(&t.admin, "sp3", &["salesperson"], Some(south))
        .await;
    let rival = app.login("rival", PASSWORD).await.token;
    let sp3 = app.login("sp3", PASSWORD).await.token;
    let c1 = client(&app, &t.sp1, "客户一", "13900000001", None).await;
    let c2 = client(&app, &t.sp2, "客户二", "13900000002", None).await;
    let p1 = weekly_plan(&app, &t.sp1, "2026-W48").await["id"]
        .as_i64()
        .unwrap();
    // Another salesperson's client cannot be planned.
    let r = app
        .post(
            &format!("/api/v1/plans/{p1}/visits"),
            &t.sp1,
            json!({"client_id": c2, "planned_date": "2026-11-24"}),
        )
        .await;
    r.assert_problem(422, "validation_failed");
    assert_eq!(r.error_fields(), vec!["client_id"]);
    let v = app
        .post(
            &format!("/api/v1/plans/{p1}/visits"),
            &t.sp1,
            json!({"client_id": c1, "planned_date": "2026-11-24"}),
        )
        .await;
    let visit = v.id();
    // Another salesperson sees nothing of sp1's plan or visits, and changes nothing.
    for path in [
        format!("/api/v1/plans/{p1}"),
        format!("/api/v1/plans/{p1}/visits"),
        format!("/api/v1/plans/{p1}/revisions"),
        format!("/api/v1/plans/{p1}/progress"),
        format!("/api/v1/visits/{visit}"),
    ] {
        app.get(&path, &t.sp2)
            .await
            .assert_problem(404, "not_found");
        app.get(&path, &sp3).await.assert_problem(404, "not_found");
        app.get(&path, &rival)
            .await
            .assert_problem(404, "not_found");
        assert_eq!(
            app.get(&path, &t.boss).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    app.patch(
        &format!("/api/v1/plans/{p1}"),
        &t.sp2,
        json!({"calls_per_day": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    action(&app, &t.sp2, p1, "submit", json!({}))
        .await
        .assert_problem(404, "not_found");
    app.post(
        &format!("/api/v1/plans/{p1}/visits"),
        &t.sp2,
        json!({"client_id": c2, "planned_date": "2026-11-24"}),
    )
    .await
    .assert_problem(404, "not_found");
    for (act, body) in [
        ("complete", json!({"summary": "x"})),
        ("miss", json!({"reason": "x"})),
        ("reschedule", json!({"new_date": "2026-11-25"})),
    ] {
        app.post(&format!("/api/v1/visits/{visit}/{act}"), &t.sp2, body)
            .await
            .assert_problem(404, "not_found");
    }
    let list = app.get("/api/v1/plans", &t.sp2).await;
    assert_eq!(list.body["total"], 0);
    let visits = app.get("/api/v1/visits", &t.sp2).await;
    assert_eq!(visits.body["total"], 0);
    let after = app.get(&format!("/api/v1/plans/{p1}"), &t.sp1).await;
    assert_eq!(after.body["calls_per_day"], 30);
    assert_eq!(after.body["state"], "draft");
    // A manager reads, but does not write, a member's plan.
    app.patch(
        &format!("/api/v1/plans/{p1}"),
        &t.boss,
        json!({"calls_per_day": 1}),
    )
    .await
    .assert_problem(403, "forbidden");
    // Finance and HR hold no plans.
    let hr_id = app.create_user(&t.admin, "hr.x", &["hr"], None).await;
    assert!(hr_id > 0);
    let hr = app.login("hr.x", PASSWORD).await.token;
    app.post(
        "/api/v1/plans",
        &hr,
        json!({"kind": "weekly", "period": "2026-W48"}),
    )
    .await
    .assert_problem(403, "forbidden");
}

async fn completing_a_visit_logs_the_follow_up_and_checks_the_place(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let near = client(
        &app,
        &t.sp1,
        "近客户",
        "13700000001",
        Some((31.2304, 121.4737)),
    )
    .await;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await["id"]
        .as_i64()
        .unwrap();
    let mk = |c: i64| json!({"client_id": c, "planned_date": "2026-11-25"});
    let v1 = app
        .post(&format!("/api/v1/plans/{plan}/visits"), &t.sp1, mk(near))
        .await
        .id();
    let v2 = app
        .post(&format!("/api/v1/plans/{plan}/visits"), &t.sp1, mk(near))
        .await
        .id();
    let v3 = app
        .post(&format!("/api/v1/plans/{plan}/visits"), &t.sp1, mk(near))
        .await
        .id();
    // At the client's door.
    let done = app
        .post(&format!("/api/v1/visits/{v1}/complete"), &t.sp1, json!({"summary": "演示了新品，客户有兴趣", "needs": "报价", "next_step": "周五发报价", "next_follow_up_date": "2026-11-27", "latitude": 31.2306, "longitude": 121.4739}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["status"], "done");
    assert_eq!(done.body["off_site"], false);
    assert_eq!(done.body["no_location"], false);
    let follow_up = done.body["follow_up_id"].as_i64().unwrap();
    let fus = app
        .get(&format!("/api/v1/clients/{near}/follow-ups"), &t.sp1)
        .await;
    assert_eq!(fus.status, StatusCode::OK, "{}", fus.text);
    let items = fus.body["items"]
        .as_array()
        .or(fus.body.as_array())
        .unwrap()
        .clone();
    let logged = items
        .iter()
        .find(|f| f["id"] == follow_up)
        .expect("the follow-up is on the client");
    assert_eq!(logged["kind"], "visit");
    assert_eq!(logged["summary"], "演示了新品，客户有兴趣");
    assert_eq!(logged["next_step"], "周五发报价");
    // 2 km away: off-site. No location: flagged too.
    let far = app
        .post(
            &format!("/api/v1/visits/{v2}/complete"),
            &t.sp1,
            json!({"summary": "见了", "latitude": 31.25, "longitude": 121.49}),
        )
        .await;
    assert_eq!(far.body["off_site"], true, "{}", far.text);
    assert!(far.body["distance_m"].as_i64().unwrap() > 1000);
    let blind = app
        .post(
            &format!("/api/v1/visits/{v3}/complete"),
            &t.sp1,
            json!({"summary": "见了"}),
        )
        .await;
    assert_eq!(blind.body["no_location"], true);
    // Done is done.
    app.post(
        &format!("/api/v1/visits/{v1}/complete"),
        &t.sp1,
        json!({"summary": "again"}),
    )
    .await
    .assert_problem(409, "invalid_state");
    app.post(
        &format!("/api/v1/visits/{v1}/miss"),
        &t.sp1,
        json!({"reason": "x"}),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Invalid coordinates name the field; half a pair is refused.
    let bad = app
        .post(
            &format!("/api/v1/visits/{v1}/complete"),
            &t.sp1,
            json!({"summary": "x", "latitude": 91.0, "longitude": 0.0}),
        )
        .await;
    assert_eq!(bad.error_fields(), vec!["latitude"]);
    // The manager sees the flags.
    let flagged = app.get("/api/v1/visits?flagged=true", &t.boss).await;
    assert_eq!(flagged.body["total"], 2, "{}", flagged.text);
}

async fn visits_miss_reschedule_and_unplanned(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let c = client(&app, &t.sp1, "赵六", "13600000001", None).await;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await["id"]
        .as_i64()
        .unwrap();
    let v1 = plan_visit(&app, &t.sp1, plan, c, "2026-11-24").await;
    let v2 = plan_visit(&app, &t.sp1, plan, c, "2026-11-24").await;
    let v3 = plan_visit(&app, &t.sp1, plan, c, "2026-11-24").await;
    let missed = app
        .post(
            &format!("/api/v1/visits/{v1}/miss"),
            &t.sp1,
            json!({"reason": "客户出差"}),
        )
        .await;
    assert_eq!(missed.body["status"], "missed");
    assert_eq!(missed.body["miss_reason"], "客户出差");
    app.post(
        &format!("/api/v1/visits/{v2}/miss"),
        &t.sp1,
        json!({"reason": "  "}),
    )
    .await
    .assert_problem(422, "validation_failed");
    let moved = app
        .post(
            &format!("/api/v1/visits/{v2}/reschedule"),
            &t.sp1,
            json!({"new_date": "2026-11-26"}),
        )
        .await;
    assert_eq!(moved.body["status"], "planned", "{}", moved.text);
    assert_eq!(moved.body["planned_date"], "2026-11-26");
    assert_eq!(moved.body["rescheduled"], true);
    assert_eq!(moved.body["rescheduled_from"], "2026-11-24");
    let out = app
        .post(
            &format!("/api/v1/visits/{v3}/reschedule"),
            &t.sp1,
            json!({"new_date": "2026-12-02", "reason": "客户要求"}),
        )
        .await;
    assert_eq!(out.body["status"], "missed");
    assert!(
        out.body["miss_reason"]
            .as_str()
            .unwrap()
            .contains("客户要求")
    );
    let unplanned = app
        .post(
            "/api/v1/visits",
            &t.sp1,
            json!({"client_id": c, "planned_date": "2026-11-25", "purpose": "路过"}),
        )
        .await;
    assert_eq!(unplanned.status, StatusCode::CREATED, "{}", unplanned.text);
    assert_eq!(unplanned.body["unplanned"], true);
    assert_eq!(unplanned.body["plan_id"], Value::Null);
    // Removing a planned visit from the draft.
    let removed = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/visits/{v2}"),
            Some(&t.sp1),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let left = app
        .get(&format!("/api/v1/plans/{plan}/visits"), &t.sp1)
        .await;
    assert_eq!(left.body.as_array().unwrap().len(), 2);
}

async fn spot_checks_sample_and_false_reports(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let rival_id = app.create_user(&t.admin, "rival", &["manager"], None).await;
    app.create_team(&t.admin, "华南", Some(rival_id), None)
        .await;
    let rival = app.login("rival", PASSWORD).await.token;
    let c = client(&app, &t.sp1, "钱七", "13500000001", Some((31.23, 121.47))).await;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await["id"]
        .as_i64()
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..6 {
        let v = app
            .post(
                &format!("/api/v1/plans/{plan}/visits"),
                &t.sp1,
                json!({"client_id": c, "planned_date": "2026-11-24"}),
            )
            .await
            .id();
        // Visit 0 is completed without a location: flagged.
        let body = if i == 0 {
            json!({"summary": "s"})
        } else {
            json!({"summary": "s", "latitude": 31.23, "longitude": 121.47})
        };
        app.post(&format!("/api/v1/visits/{v}/complete"), &t.sp1, body)
            .await;
        ids.push(v);
    }
    let a = app
        .get(
            "/api/v1/spot-checks/sample?week=2026-W48&size=3&seed=7",
            &t.boss,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let picked = |r: &crate::support::Resp| -> Vec<i64> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["visit"]["id"].as_i64().unwrap())
            .collect()
    };
    let first = picked(&a);
    assert_eq!(first.len(), 3);
    assert_eq!(first[0], ids[0], "flagged visits come first");
    assert_eq!(a.body["items"][0]["client_phone"], "13500000001");
    let again = app
        .get(
            "/api/v1/spot-checks/sample?week=2026-W48&size=3&seed=7",
            &t.boss,
        )
        .await;
    assert_eq!(picked(&again), first, "same seed, same sample");
    // Outside the team: nothing to sample, and no check can be recorded.
    let none = app
        .get("/api/v1/spot-checks/sample?week=2026-W48&seed=7", &rival)
        .await;
    assert!(none.body["items"].as_array().unwrap().is_empty());
    let out = app
        .post(
            "/api/v1/spot-checks",
            &rival,
            json!({"visit_id": ids[1], "result": "confirmed"}),
        )
        .await;
    out.assert_problem(422, "validation_failed");
    app.post(
        "/api/v1/spot-checks",
        &t.sp1,
        json!({"visit_id": ids[1], "result": "confirmed"}),
    )
    .await
    .assert_problem(403, "forbidden");
    // A false report marks the visit.
    let res = app
        .post(
            "/api/v1/spot-checks",
            &t.boss,
            json!({"visit_id": ids[1], "result": "not_confirmed", "note": "客户说没见过"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let v = app.get(&format!("/api/v1/visits/{}", ids[1]), &t.sp1).await;
    assert_eq!(v.body["false_report"], true);
    app.post(
        "/api/v1/spot-checks",
        &t.boss,
        json!({"visit_id": ids[1], "result": "confirmed"}),
    )
    .await
    .assert_problem(409, "duplicate_spot_check");
    app.post(
        "/api/v1/spot-checks",
        &t.boss,
        json!({"visit_id": ids[2], "result": "maybe"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    let ok = app
        .post(
            "/api/v1/spot-checks",
            &t.boss,
            json!({"visit_id": ids[2], "result": "confirmed"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    // Checked visits leave the sample; the salesperson sees the results on their visits.
    let later = app
        .get(
            "/api/v1/spot-checks/sample?week=2026-W48&size=50&seed=7",
            &t.boss,
        )
        .await;
    assert_eq!(later.body["items"].as_array().unwrap().len(), 4);
    let mine = app.get("/api/v1/spot-checks", &t.sp1).await;
    assert_eq!(mine.body["total"], 2);
    let theirs = app.get("/api/v1/spot-checks", &t.sp2).await;
    assert_eq!(theirs.body["total"], 0);
    let progress = app
        .get(&format!("/api/v1/plans/{plan}/progress"), &t.boss)
        .await;
    assert_eq!(progress.body["spot_checks_not_confirmed"], 1);
    assert_eq!(progress.body["spot_checks_confirmed"], 1);
}

async fn daily_logs_and_progress(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let c = client(&app, &t.sp1, "孙八", "13400000001", None).await;
    let log = app
        .post(
            "/api/v1/daily-logs",
            &t.sp1,
            json!({"log_date": "2026-11-24", "calls_made": 28, "visits": 3, "notes": "跑了浦东"}),
        )
        .await;
    assert_eq!(log.status, StatusCode::CREATED, "{}", log.text);
    app.post(
        "/api/v1/daily-logs",
        &t.sp1,
        json!({"log_date": "2026-11-24", "calls_made": 1, "visits": 0}),
    )
    .await
    .assert_problem(409, "duplicate");
    app.post(
        "/api/v1/daily-logs",
        &t.sp1,
        json!({"log_date": "2026-11-25", "calls_made": -1, "visits": 0}),
    )
    .await
    .assert_problem(422, "validation_failed");
    app.patch(
        &format!("/api/v1/daily-logs/{}", log.id()),
        &t.sp2,
        json!({"calls_made": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    let fixed = app
        .patch(
            &format!("/api/v1/daily-logs/{}", log.id()),
            &t.sp1,
            json!({"calls_made": 31}),
        )
        .await;
    assert_eq!(fixed.body["calls_made"], 31);
    assert_eq!(app.get("/api/v1/daily-logs", &t.sp2).await.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/daily-logs", &t.boss).await.body["total"],
        1
    );
    // Calls on a day without a log come from call follow-ups.
    app.post(
        &format!("/api/v1/clients/{c}/follow-ups"),
        &t.sp1,
        json!({"kind": "call", "summary": "电话沟通", "occurred_at": "2026-11-25T02:00:00Z"}),
    )
    .await;
    let plan = weekly_plan(&app, &t.sp1, "2026-W48").await["id"]
        .as_i64()
        .unwrap();
    let mut visits = Vec::new();
    for _ in 0..4 {
        visits.push(
            app.post(
                &format!("/api/v1/plans/{plan}/visits"),
                &t.sp1,
                json!({"client_id": c, "planned_date": "2026-11-26"}),
            )
            .await
            .id(),
        );
    }
    for v in &visits[..3] {
        app.post(
            &format!("/api/v1/visits/{v}/complete"),
            &t.sp1,
            json!({"summary": "ok", "occurred_at": "2026-11-26T03:00:00Z"}),
        )
        .await;
    }
    app.post(
        &format!("/api/v1/visits/{}/miss", visits[3]),
        &t.sp1,
        json!({"reason": "堵车"}),
    )
    .await;
    app.post(
        "/api/v1/visits",
        &t.sp1,
        json!({"client_id": c, "planned_date": "2026-11-27"}),
    )
    .await;
    let p = app
        .get(&format!("/api/v1/plans/{plan}/progress"), &t.sp1)
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text);
    assert_eq!(p.body["planned_visits"], 4);
    assert_eq!(p.body["done_visits"], 3);
    assert_eq!(p.body["missed_visits"], 1);
    assert_eq!(p.body["unplanned_visits"], 1);
    assert_eq!(p.body["completion_permille"], 750);
    assert_eq!(
        p.body["calls_made"], 32,
        "31 from the log on the 24th + 1 call follow-up on the 25th"
    );
    assert_eq!(p.body["calls_target"], 150);
    let s = app
        .get("/api/v1/plans/summary?week=2026-W48", &t.boss)
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.text);
    let people = s.body["people"].as_array().unwrap();
    assert_eq!(people.len(), 2, "both salespeople of the team");
    let sp1 = people.iter().find(|p| p["user_id"] == t.sp1_id).unwrap();
    assert_eq!(sp1["progress"]["done_visits"], 3);
    assert_eq!(s.body["missing_plans"], 1);
    assert_eq!(s.body["team"]["planned_visits"], 4);
    app.get("/api/v1/plans/summary?week=2026-W48", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
    app.get("/api/v1/plans/summary?week=2026-48", &t.boss)
        .await
        .assert_problem(422, "validation_failed");
}

async fn handover_moves_open_plans(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let c = client(&app, &t.sp1, "周九", "13300000001", None).await;
    let open = weekly_plan(&app, &t.sp1, "2030-W10").await["id"]
        .as_i64()
        .unwrap();
    let visit = app
        .post(
            &format!("/api/v1/plans/{open}/visits"),
            &t.sp1,
            json!({"client_id": c, "planned_date": "2030-03-05"}),
        )
        .await
        .id();
    let past = weekly_plan(&app, &t.sp1, "2026-W01").await["id"]
        .as_i64()
        .unwrap();
    let s = action(&app, &t.sp1, past, "submit", json!({})).await;
    action(
        &app,
        &t.boss,
        past,
        "approve",
        json!({"version": s.body["version"]}),
    )
    .await;
    let sp2_id = app.get("/api/v1/me", &t.sp2).await.id();
    let res = app
        .post(
            "/api/v1/handovers",
            &t.admin,
            json!({"from_user_id": t.sp1_id, "to_user_id": sp2_id, "note": "离职"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert!(
        res.text.contains("\"plan\""),
        "counts name plans: {}",
        res.text
    );
    // The open plan and its planned visit now belong to the successor; the finished,
    // approved plan stays with its author as history.
    let moved = app.get(&format!("/api/v1/plans/{open}"), &t.sp2).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["owner_id"], sp2_id);
    assert_eq!(
        app.get(&format!("/api/v1/visits/{visit}"), &t.sp2)
            .await
            .body["owner_id"],
        sp2_id
    );
    app.get(&format!("/api/v1/plans/{past}"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get(&format!("/api/v1/plans/{past}"), &t.boss)
            .await
            .body["owner_id"],
        t.sp1_id
    );
}
