use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::clients::{ids, new_client, org};
use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    cases_go_open_escalated_resolved,
    cases_of_others_are_out_of_reach
);

async fn cases_go_open_escalated_resolved(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let c1 = new_client(&app, t, json!({"name": "投诉客户"})).await;
    let c3 = new_client(&app, &o.s3.token, json!({"name": "上海客户"})).await;
    // From a follow-up …
    let fu = app
        .post(&format!("/api/v1/clients/{c1}/follow-ups"), t,
            json!({"kind": "after_sales", "summary": "回访", "complaint": "货物破损", "open_case": true}))
        .await;
    assert_eq!(fu.status, StatusCode::CREATED, "{}", fu.text);
    let list = app.get("/api/v1/cases", t).await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    let from_fu = &list.body["items"][0];
    assert_eq!(from_fu["follow_up_id"], fu.body["id"]);
    assert_eq!(from_fu["summary"], "货物破损");
    assert_eq!(from_fu["state"], "open");
    assert_eq!(from_fu["overdue"], false);
    // … or directly.
    let direct = app
        .post(
            "/api/v1/cases",
            &o.s3.token,
            json!({"client_id": c3, "summary": "发票有误"}),
        )
        .await;
    assert_eq!(direct.status, StatusCode::CREATED, "{}", direct.text);
    let case = direct.id();
    let wrong_fu = app
        .post(
            "/api/v1/cases",
            t,
            json!({"client_id": c1, "follow_up_id": 999_999, "summary": "x"}),
        )
        .await;
    assert_eq!(wrong_fu.error_fields(), vec!["follow_up_id"]);
    let p = format!("/api/v1/cases/{case}");
    let esc = app
        .post(&format!("{p}/escalate"), &o.s3.token, json!({}))
        .await;
    assert_eq!(esc.body["state"], "escalated", "{}", esc.text);
    let again = app
        .post(&format!("{p}/escalate"), &o.s3.token, json!({}))
        .await;
    again.assert_problem(409, "invalid_state");
    assert!(again.body["detail"].as_str().unwrap().contains("escalated"));
    let no_answer = app
        .post(
            &format!("{p}/resolve"),
            &o.east_boss.token,
            json!({"resolution": " "}),
        )
        .await;
    assert_eq!(no_answer.error_fields(), vec!["resolution"]);
    let done = app
        .post(
            &format!("{p}/resolve"),
            &o.east_boss.token,
            json!({"resolution": "已重开发票并致电客户"}),
        )
        .await;
    assert_eq!(done.body["state"], "resolved", "{}", done.text);
    assert!(done.body["resolved_at"].is_string());
    app.post(
        &format!("{p}/resolve"),
        &o.east_boss.token,
        json!({"resolution": "x"}),
    )
    .await
    .assert_problem(409, "invalid_state");
    app.post(&format!("{p}/escalate"), &o.east_boss.token, json!({}))
        .await
        .assert_problem(409, "invalid_state");
    // Two days unresolved: overdue, listed per person and per team.
    {
        use diesel::RunQueryDsl;
        let mut conn = app.db.get().unwrap();
        let old = (chrono::Utc::now() - chrono::Duration::hours(49)).naive_utc();
        diesel::update(salesops::db::schema::cases::table)
            .filter(diesel::ExpressionMethods::eq(
                salesops::db::schema::cases::client_id,
                c1,
            ))
            .set(diesel::ExpressionMethods::eq(
                salesops::db::schema::cases::opened_at,
                old,
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let overdue = app
        .get("/api/v1/cases?overdue=true", &o.east_boss.token)
        .await;
    assert_eq!(overdue.body["total"], 1);
    assert_eq!(overdue.body["items"][0]["client_id"], c1);
    assert_eq!(overdue.body["items"][0]["overdue"], true);
    let team = app
        .get(
            &format!("/api/v1/cases?team_id={}", o.shanghai),
            &o.east_boss.token,
        )
        .await;
    assert_eq!(team.body["items"][0]["id"], case);
    let person = app
        .get(
            &format!("/api/v1/cases?owner_id={}", o.s1.user_id),
            &o.east_boss.token,
        )
        .await;
    assert_eq!(person.body["total"], 1);
    let open = app
        .get("/api/v1/cases?state=resolved", &o.east_boss.token)
        .await;
    assert_eq!(ids(&open), vec![case]);
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=case&entity_id={case}"),
            &o.admin.token,
        )
        .await;
    assert_eq!(audit.body["total"], 3);
}

async fn cases_of_others_are_out_of_reach(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let c1 = new_client(&app, &o.s1.token, json!({"name": "甲"})).await;
    let case = app
        .post(
            "/api/v1/cases",
            &o.s1.token,
            json!({"client_id": c1, "summary": "投诉"}),
        )
        .await
        .id();
    let p = format!("/api/v1/cases/{case}");
    let before = app.get(&p, &o.admin.token).await.body;
    for s in [&o.s2, &o.s4, &o.south_boss, &o.fin, &o.hr] {
        app.get(&p, &s.token).await.assert_problem(404, "not_found");
        app.post(&format!("{p}/escalate"), &s.token, json!({}))
            .await
            .assert_problem(404, "not_found");
        app.post(
            &format!("{p}/resolve"),
            &s.token,
            json!({"resolution": "关掉"}),
        )
        .await
        .assert_problem(404, "not_found");
    }
    assert_eq!(app.get("/api/v1/cases", &o.s2.token).await.body["total"], 0);
    assert_eq!(app.get(&p, &o.admin.token).await.body, before);
    assert_eq!(app.get(&p, &o.east_boss.token).await.status, StatusCode::OK);
}
