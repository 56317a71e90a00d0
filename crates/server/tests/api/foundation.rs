//! The foundation over HTTP: strict bodies, 405s, the workflow's history, cursor pages,
//! unreadable stored values, a locked database, compare-and-set, bounded dates.

use reqwest::{Method, StatusCode};
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Team, TestApp};

on_both_backends!(
    bodies_are_read_strictly,
    workflow_steps_are_history,
    cursor_pages_see_every_row_once,
    unreadable_stored_values_answer_500_with_the_request_id,
    concurrent_client_changes_one_wins,
    dates_and_times_are_bounded,
    self_checks_reach_separation_of_duties,
);

async fn client(app: &TestApp, token: &str, name: &str) -> i64 {
    let res = app
        .post("/api/v1/clients", token, json!({"name": name}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.id()
}

async fn bodies_are_read_strictly(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    // An unknown field is named.
    let res = app
        .post(
            "/api/v1/teams",
            &t.admin,
            json!({"name": "新团队", "colour": "red"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["errors"][0]["code"], "unknown_field");
    assert_eq!(res.error_fields(), vec!["colour"]);
    // An array never stands for an object, at the top or inside.
    let log = app
        .post(
            "/api/v1/daily-logs",
            &t.sp1,
            json!({"log_date": "2026-11-24", "calls_made": 3, "visits": 1}),
        )
        .await;
    assert_eq!(log.status, StatusCode::CREATED, "{}", log.text);
    let res = app
        .patch(
            &format!("/api/v1/daily-logs/{}", log.id()),
            &t.sp1,
            json!([null, null]),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    let res = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W48", "expense_estimate": [1, 2]}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["expense_estimate"]);
    // U+0000 is refused in bodies and in query strings, the same on both databases.
    let res = app
        .post("/api/v1/clients", &t.sp1, json!({"name": "王\u{0}五"}))
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["name"]);
    assert_eq!(res.body["errors"][0]["code"], "invalid_character");
    let res = app.get("/api/v1/clients?q=%00", &t.sp1).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["q"]);
    let res = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"username": "ad\u{0}min", "password": "x"})),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["username"]);
    // A literal path refuses other methods with 405 and says which it takes.
    let res = app
        .request(
            Method::PATCH,
            "/api/v1/clients/export",
            Some(&t.sp1),
            Some(&json!({})),
        )
        .await;
    res.assert_problem(405, "method_not_allowed");
    assert_eq!(res.header("allow").as_deref(), Some("GET"));
    let res = app
        .request(Method::DELETE, "/api/v1/plans/summary", Some(&t.boss), None)
        .await;
    res.assert_problem(405, "method_not_allowed");
    // Nothing was stored by any refused request.
    assert_eq!(app.get("/api/v1/clients", &t.sp1).await.body["total"], 0);
}

fn steps(history: &Value) -> Vec<(String, String, String)> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap().to_owned(),
                h["from_state"].as_str().unwrap().to_owned(),
                h["to_state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn workflow_steps_are_history(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let plan = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W49"}),
        )
        .await
        .body;
    let id = plan["id"].as_i64().unwrap();
    let act = |action: &str, token: &str, body: Value| {
        let path = format!("/api/v1/plans/{id}/{action}");
        let token = token.to_owned();
        let app = &app;
        async move { app.post(&path, &token, body).await }
    };
    let s = act("submit", &t.sp1, json!({})).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.text);
    let r = act(
        "reject",
        &t.boss,
        json!({"version": s.body["version"], "comment": "  请补充拜访  "}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Sent again unchanged after a rejection: a new revision, not a duplicate.
    let s2 = act("submit", &t.sp1, json!({"version": r.body["version"]})).await;
    assert_eq!(s2.status, StatusCode::OK, "{}", s2.text);
    assert_eq!(s2.body["revision"], 2);
    // The owner never decides, and a stale version loses.
    act("approve", &t.sp1, json!({"version": s2.body["version"]}))
        .await
        .assert_problem(403, "forbidden");
    act("approve", &t.boss, json!({"version": s.body["version"]}))
        .await
        .assert_problem(409, "stale_version");
    let a = act("approve", &t.boss, json!({"version": s2.body["version"]})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let again = act("approve", &t.boss, json!({"version": a.body["version"]})).await;
    again.assert_problem(409, "invalid_state");
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap()
            .contains("`approved`")
    );
    let h = app
        .get(&format!("/api/v1/plans/{id}/history"), &t.sp1)
        .await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.text);
    let own = |a: &str, f: &str, to: &str| (a.to_owned(), f.to_owned(), to.to_owned());
    assert_eq!(
        steps(&h.body),
        vec![
            own("submit", "draft", "submitted"),
            own("reject", "submitted", "rejected"),
            own("submit", "rejected", "submitted"),
            own("approve", "submitted", "approved"),
        ]
    );
    assert_eq!(h.body[1]["comment"], "请补充拜访");
    assert_eq!(h.body[1]["actor_name"], "User boss");
    assert_eq!(h.body[0]["actor_id"], json!(t.sp1_id));
    // Editing the approved plan is a step too.
    let e = app
        .patch(
            &format!("/api/v1/plans/{id}"),
            &t.sp1,
            json!({"calls_per_day": 25}),
        )
        .await;
    assert_eq!(e.status, StatusCode::OK, "{}", e.text);
    let h = app
        .get(&format!("/api/v1/plans/{id}/history"), &t.boss)
        .await;
    assert_eq!(steps(&h.body)[4], own("edit", "approved", "draft"));
    // Out of scope, the history does not exist.
    app.get(&format!("/api/v1/plans/{id}/history"), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    // Each step wrote its audit event in the same transaction.
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=plan&entity_id={id}&per_page=50"),
            &t.admin,
        )
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "plan.create",
        "plan.submit",
        "plan.reject",
        "plan.approve",
        "plan.update",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    // Weekly and monthly reports keep their history the same way.
    let w = app
        .post(
            "/api/v1/weekly-reports",
            &t.sp1,
            json!({"week": "2026-W48", "next_plan_id": id, "sections": {
                "sales_volume": "x", "collections": "x", "client_visits": "x",
                "sales_expenses": "x", "key_clients": "x", "new_clients": "x"}}),
        )
        .await;
    assert_eq!(w.status, StatusCode::CREATED, "{}", w.text);
    let wid = w.id();
    let sub = app
        .post(
            &format!("/api/v1/weekly-reports/{wid}/submit"),
            &t.sp1,
            json!({}),
        )
        .await;
    assert_eq!(sub.status, StatusCode::OK, "{}", sub.text);
    let rev = app
        .post(
            &format!("/api/v1/weekly-reports/{wid}/review"),
            &t.boss,
            json!({"version": sub.body["version"], "marks": [], "comment": "好"}),
        )
        .await;
    assert_eq!(rev.status, StatusCode::OK, "{}", rev.text);
    let h = app
        .get(&format!("/api/v1/weekly-reports/{wid}/history"), &t.sp1)
        .await;
    assert_eq!(
        steps(&h.body),
        vec![
            own("submit", "draft", "submitted"),
            own("review", "submitted", "reviewed")
        ]
    );
    let m = app
        .post(
            "/api/v1/monthly-reports",
            &t.boss,
            json!({"month": "2026-11", "summary": "s", "next_month_plan": "p", "proposals": "q"}),
        )
        .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
    let mid = m.id();
    let sub = app
        .post(
            &format!("/api/v1/monthly-reports/{mid}/submit"),
            &t.boss,
            json!({}),
        )
        .await;
    assert_eq!(sub.status, StatusCode::OK, "{}", sub.text);
    app.post(
        &format!("/api/v1/monthly-reports/{mid}/review"),
        &t.boss,
        json!({"version": sub.body["version"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    let rev = app
        .post(
            &format!("/api/v1/monthly-reports/{mid}/review"),
            &t.admin,
            json!({"version": sub.body["version"]}),
        )
        .await;
    assert_eq!(rev.status, StatusCode::OK, "{}", rev.text);
    let h = app
        .get(&format!("/api/v1/monthly-reports/{mid}/history"), &t.boss)
        .await;
    assert_eq!(steps(&h.body).len(), 2);
    assert_eq!(h.body[1]["actor_name"], "系统管理员");
}

async fn cursor_pages_see_every_row_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let mut made = Vec::new();
    for i in 0..7 {
        made.push(client(&app, &t.sp1, &format!("客户{i}")).await);
    }
    let mut seen: Vec<i64> = Vec::new();
    let mut cursor = "0".to_owned();
    let mut pages = 0;
    loop {
        let res = app
            .get(
                &format!("/api/v1/clients?per_page=3&cursor={cursor}"),
                &t.sp1,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        pages += 1;
        for item in res.body["items"].as_array().unwrap() {
            seen.push(item["id"].as_i64().unwrap());
        }
        if pages == 1 {
            // A client added while the pull runs is seen once, at its place in id order.
            made.push(client(&app, &t.sp1, "新来的").await);
        }
        match res.body["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
        assert!(pages < 10, "the pull never ends");
    }
    assert_eq!(seen, made, "every row once, in id order");
    assert_eq!(pages, 3);
    // Numbered pages carry no cursor; a malformed cursor is refused, naming it.
    let res = app.get("/api/v1/clients?per_page=3", &t.sp1).await;
    assert_eq!(res.body["next_cursor"], Value::Null);
    let res = app.get("/api/v1/clients?cursor=abc", &t.sp1).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["cursor"]);
    // Lists of other features page the same way.
    let res = app
        .get("/api/v1/audit-events?per_page=2&cursor=0", &t.admin)
        .await;
    assert_eq!(res.body["items"].as_array().unwrap().len(), 2);
    assert!(res.body["next_cursor"].is_string());
}

async fn unreadable_stored_values_answer_500_with_the_request_id(b: Backend) {
    use diesel::prelude::*;
    use salesops::db::schema::plans;
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let id = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W49"}),
        )
        .await
        .id();
    {
        let mut conn = app.db.get().unwrap();
        salesops::db::write(&mut conn, |tx| {
            diesel::update(plans::table.find(id))
                .set(plans::state.eq("frozen"))
                .execute(tx.conn())?;
            Ok(())
        })
        .unwrap();
    }
    for path in [format!("/api/v1/plans/{id}"), "/api/v1/plans".to_owned()] {
        let res = app.get(&path, &t.sp1).await;
        res.assert_problem(500, "internal");
        assert!(res.body["request_id"].is_string(), "{}", res.text);
        // The cause is logged, never sent.
        assert!(!res.text.contains("frozen"), "{}", res.text);
    }
}

async fn concurrent_client_changes_one_wins(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let id = client(&app, &t.sp1, "并发").await;
    let path = format!("/api/v1/clients/{id}");
    for round in 0..3 {
        let version = app.get(&path, &t.sp1).await.body["version"].clone();
        let (a, b2) = tokio::join!(
            app.patch(
                &path,
                &t.sp1,
                json!({"version": version, "region": format!("A{round}")})
            ),
            app.patch(
                &path,
                &t.sp1,
                json!({"version": version, "region": format!("B{round}")})
            ),
        );
        let mut codes = vec![a.status.as_u16(), b2.status.as_u16()];
        codes.sort_unstable();
        assert_eq!(codes, vec![200, 409], "{} / {}", a.text, b2.text);
    }
}

async fn dates_and_times_are_bounded(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let c = client(&app, &t.sp1, "日期").await;
    for bad in ["1999-12-31", "2101-01-01"] {
        let res = app
            .post(
                "/api/v1/visits",
                &t.sp1,
                json!({"client_id": c, "planned_date": bad}),
            )
            .await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.error_fields(), vec!["planned_date"]);
    }
    let v = app
        .post(
            "/api/v1/visits",
            &t.sp1,
            json!({"client_id": c, "planned_date": "2026-11-30"}),
        )
        .await;
    assert_eq!(v.status, StatusCode::CREATED, "{}", v.text);
    for bad in [
        "+262142-12-31T23:59:59Z",
        "2099-01-01T00:00:00Z",
        "1990-05-01T00:00:00Z",
    ] {
        let res = app
            .post(
                &format!("/api/v1/visits/{}/complete", v.id()),
                &t.sp1,
                json!({"summary": "x", "occurred_at": bad}),
            )
            .await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.error_fields(), vec!["occurred_at"], "{bad}");
    }
    // The client was not moved to the top of anything by the refused times.
    let c_now = app.get(&format!("/api/v1/clients/{c}"), &t.sp1).await;
    assert_eq!(c_now.body["last_follow_up_at"], Value::Null);
    // `from` alone reaches to the end of the range.
    let res = app.get("/api/v1/visits?from=2026-11-01", &t.sp1).await;
    assert_eq!(res.body["total"], 1, "{}", res.text);
    let res = app.get("/api/v1/visits?to=2026-12-31", &t.sp1).await;
    assert_eq!(res.body["total"], 1, "{}", res.text);
    let res = app.get("/api/v1/visits?from=1800-01-01", &t.sp1).await;
    res.assert_problem(422, "validation_failed");
}

async fn self_checks_reach_separation_of_duties(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    // The manager visits a client of their own and tries to confirm it themself.
    let c = client(&app, &t.boss, "经理自己的客户").await;
    let v = app
        .post(
            "/api/v1/visits",
            &t.boss,
            json!({"client_id": c, "planned_date": "2026-11-30"}),
        )
        .await;
    assert_eq!(v.status, StatusCode::CREATED, "{}", v.text);
    let done = app
        .post(
            &format!("/api/v1/visits/{}/complete", v.id()),
            &t.boss,
            json!({"summary": "拜访"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let res = app
        .post(
            "/api/v1/spot-checks",
            &t.boss,
            json!({"visit_id": v.id(), "result": "confirmed"}),
        )
        .await;
    res.assert_problem(403, "forbidden");
    assert!(
        res.body["detail"].as_str().unwrap().contains("their own"),
        "{}",
        res.text
    );
    // An admin may, once; the second check is a duplicate.
    let ok = app
        .post(
            "/api/v1/spot-checks",
            &t.admin,
            json!({"visit_id": v.id(), "result": "confirmed", "note": "电话确认"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    app.post(
        "/api/v1/spot-checks",
        &t.admin,
        json!({"visit_id": v.id(), "result": "not_confirmed"}),
    )
    .await
    .assert_problem(409, "duplicate_spot_check");
    let h = app
        .get(&format!("/api/v1/spot-checks/{}/history", ok.id()), &t.boss)
        .await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.text);
    assert_eq!(h.body[0]["action"], "confirm");
    assert_eq!(h.body[0]["comment"], "电话确认");
    // A salesperson's own visit, checked by their manager: the normal case.
    let c2 = client(&app, &t.sp1, "业务员的客户").await;
    let v2 = app
        .post(
            "/api/v1/visits",
            &t.sp1,
            json!({"client_id": c2, "planned_date": "2026-11-30"}),
        )
        .await;
    app.post(
        &format!("/api/v1/visits/{}/complete", v2.id()),
        &t.sp1,
        json!({"summary": "拜访"}),
    )
    .await;
    let check = app
        .post(
            "/api/v1/spot-checks",
            &t.boss,
            json!({"visit_id": v2.id(), "result": "not_confirmed"}),
        )
        .await;
    assert_eq!(check.status, StatusCode::CREATED, "{}", check.text);
    let visit = app
        .get(&format!("/api/v1/visits/{}", v2.id()), &t.sp1)
        .await;
    assert_eq!(visit.body["false_report"], true);
}

/// SQLite, one writer at a time: a request that cannot get the write lock within the busy
/// timeout answers 503 with `Retry-After` (the fuzzer once got 500 "database is locked").
#[actix_web::test]
async fn a_locked_database_answers_503() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn(Backend::Sqlite).await;
    let t = Team::new(&app, 2).await;
    let mut locker = app.db.get().unwrap();
    locker.batch_execute("BEGIN IMMEDIATE").unwrap();
    let res = app
        .patch(
            &format!("/api/v1/teams/{}", t.team_id),
            &t.admin,
            json!({"name": "改名"}),
        )
        .await;
    locker.batch_execute("ROLLBACK").unwrap();
    res.assert_problem(503, "database_busy");
    assert_eq!(res.header("retry-after").as_deref(), Some("1"));
    let res = app
        .patch(
            &format!("/api/v1/teams/{}", t.team_id),
            &t.admin,
            json!({"name": "改名"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}
