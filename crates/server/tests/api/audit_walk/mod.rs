//! Every write operation leaves an audit event (issue 9). The write operations are read from
//! the OpenAPI document the server serves; a scripted scenario calls each of them successfully
//! with the right actor, and each call must add at least one event. A new write operation
//! without a step here fails the test.

use std::collections::BTreeSet;

use reqwest::Method;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::json;

use crate::on_both_backends;

mod api_keys;
mod deals;
mod driver;
mod leavings;
mod money;
mod pay;
mod scores;
mod scoring_inputs;
mod webhooks;

use crate::support::{INITIAL_PASSWORD, PASSWORD, Team, TestApp};
use driver::{Body, Walk, documented_writes, version};

on_both_backends!(every_write_operation_leaves_an_audit_event);

async fn every_write_operation_leaves_an_audit_event(b: Backend) {
    let app = TestApp::spawn(b).await;
    let documented = documented_writes(&app).await;
    assert!(documented.len() > 30, "{documented:?}");
    let t = Team::new(&app, 2).await;
    app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let (boss, sp1) = (t.boss.clone(), t.sp1.clone());
    let mut w = Walk {
        app: &app,
        admin: t.admin.clone(),
        done: BTreeSet::new(),
    };
    let admin = t.admin.clone();

    // Users.
    let newbie = w
        .post(
            "/api/v1/users",
            None,
            &admin,
            json!({"username": "newbie", "display_name": "新人", "password": INITIAL_PASSWORD,
                   "roles": ["salesperson"], "team_id": t.team_id}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/users/{id}",
        newbie,
        &admin,
        json!({"display_name": "新人二"}),
    )
    .await;
    w.post("/api/v1/users/{id}/disable", Some(newbie), &hr, json!({}))
        .await;
    w.post("/api/v1/users/{id}/enable", Some(newbie), &hr, json!({}))
        .await;
    let first = app.login("newbie", INITIAL_PASSWORD).await.token;
    w.send(
        Method::PUT,
        "/api/v1/me/password",
        None,
        "",
        &first,
        Body::Json(json!({"current_password": INITIAL_PASSWORD, "new_password": PASSWORD})),
    )
    .await;

    // Teams.
    let team = w
        .post(
            "/api/v1/teams",
            None,
            &admin,
            json!({"name": "审计新组", "region": "华南"}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/teams/{id}",
        team,
        &admin,
        json!({"name": "审计新组二"}),
    )
    .await;

    // Clients, follow-ups, satisfaction, import, cases.
    let client = w
        .post(
            "/api/v1/clients",
            None,
            &sp1,
            json!({"name": "审计客户", "company": "审计公司", "phone": "13800000001"}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/clients/{id}",
        client,
        &sp1,
        json!({"needs": "报价"}),
    )
    .await;
    w.post(
        "/api/v1/clients/{id}/archive",
        Some(client),
        &sp1,
        json!({}),
    )
    .await;
    w.post(
        "/api/v1/clients/{id}/restore",
        Some(client),
        &sp1,
        json!({}),
    )
    .await;
    w.post(
        "/api/v1/clients/{id}/satisfaction",
        Some(client),
        &sp1,
        json!({"score": 4, "comment": "满意"}),
    )
    .await;
    w.post(
        "/api/v1/clients/{id}/follow-ups",
        Some(client),
        &sp1,
        json!({"kind": "call", "summary": "电话沟通"}),
    )
    .await;
    let imported = w
        .send(
            Method::POST,
            "/api/v1/clients/import",
            None,
            "?dry_run=false",
            &sp1,
            Body::Csv("姓名,公司,电话\r\n导入客户,导入公司,13900000009\r\n"),
        )
        .await;
    assert_eq!(imported.body["imported"], 1, "{}", imported.text);
    let case = w
        .post(
            "/api/v1/cases",
            None,
            &sp1,
            json!({"client_id": client, "summary": "发票有误"}),
        )
        .await
        .id();
    w.post("/api/v1/cases/{id}/escalate", Some(case), &sp1, json!({}))
        .await;
    w.post(
        "/api/v1/cases/{id}/resolve",
        Some(case),
        &boss,
        json!({"resolution": "已重开发票"}),
    )
    .await;

    // A plan with visits: planned, removed, done, missed, rescheduled, unplanned, checked.
    let plan = w
        .post(
            "/api/v1/plans",
            None,
            &sp1,
            json!({"kind": "weekly", "period": "2026-W48"}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/plans/{id}",
        plan,
        &sp1,
        json!({"calls_per_day": 35}),
    )
    .await;
    let mut visits = Vec::new();
    for _ in 0..4 {
        let v = w
            .post(
                "/api/v1/plans/{id}/visits",
                Some(plan),
                &sp1,
                json!({"client_id": client, "planned_date": "2026-11-24"}),
            )
            .await
            .id();
        visits.push(v);
    }
    w.send(
        Method::DELETE,
        "/api/v1/visits/{id}",
        Some(visits[3]),
        "",
        &sp1,
        Body::None,
    )
    .await;
    w.post(
        "/api/v1/visits/{id}/complete",
        Some(visits[0]),
        &sp1,
        json!({"summary": "见了客户"}),
    )
    .await;
    w.post(
        "/api/v1/visits/{id}/miss",
        Some(visits[1]),
        &sp1,
        json!({"reason": "客户出差"}),
    )
    .await;
    w.post(
        "/api/v1/visits/{id}/reschedule",
        Some(visits[2]),
        &sp1,
        json!({"new_date": "2026-11-26"}),
    )
    .await;
    w.post(
        "/api/v1/visits",
        None,
        &sp1,
        json!({"client_id": client, "planned_date": "2026-11-25", "purpose": "路过"}),
    )
    .await;
    w.post("/api/v1/plans/{id}/submit", Some(plan), &sp1, json!({}))
        .await;
    let current = app.get(&format!("/api/v1/plans/{plan}"), &sp1).await;
    let rejected = w
        .post(
            "/api/v1/plans/{id}/reject",
            Some(plan),
            &boss,
            json!({"version": version(&current), "comment": "补充拜访目的"}),
        )
        .await;
    assert_eq!(rejected.body["state"], "rejected", "{}", rejected.text);
    let resubmitted = w
        .post("/api/v1/plans/{id}/submit", Some(plan), &sp1, json!({}))
        .await;
    let approved = w
        .post(
            "/api/v1/plans/{id}/approve",
            Some(plan),
            &boss,
            json!({"version": version(&resubmitted)}),
        )
        .await;
    assert_eq!(approved.body["state"], "approved", "{}", approved.text);
    w.post(
        "/api/v1/spot-checks",
        None,
        &boss,
        json!({"visit_id": visits[0], "result": "confirmed", "note": "客户确认"}),
    )
    .await;
    let log = w
        .post(
            "/api/v1/daily-logs",
            None,
            &sp1,
            json!({"log_date": "2026-11-24", "calls_made": 20, "visits": 2}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/daily-logs/{id}",
        log,
        &sp1,
        json!({"calls_made": 21}),
    )
    .await;

    // The weekly report, with next week's plan.
    let next = w
        .post(
            "/api/v1/plans",
            None,
            &sp1,
            json!({"kind": "weekly", "period": "2026-W49"}),
        )
        .await
        .id();
    let report = w
        .post(
            "/api/v1/weekly-reports",
            None,
            &sp1,
            json!({"week": "2026-W48", "next_plan_id": next}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/weekly-reports/{id}",
        report,
        &sp1,
        json!({"sections": {"sales_volume": "本周销售 12 万", "collections": "回款 8 万",
                            "client_visits": "拜访 3 家", "sales_expenses": "差旅 1,200 元",
                            "key_clients": "华润跟进中"}}),
    )
    .await;
    let submitted = w
        .post(
            "/api/v1/weekly-reports/{id}/submit",
            Some(report),
            &sp1,
            json!({}),
        )
        .await;
    w.post(
        "/api/v1/weekly-reports/{id}/review",
        Some(report),
        &boss,
        json!({"version": version(&submitted), "comment": "好",
               "marks": [{"section": "sales_volume", "mark": "full"}]}),
    )
    .await;

    // The manager's monthly report, reviewed by the admin.
    let monthly = w
        .post(
            "/api/v1/monthly-reports",
            None,
            &boss,
            json!({"month": "2026-11", "summary": "十一月总结"}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/monthly-reports/{id}",
        monthly,
        &boss,
        json!({"next_month_plan": "十二月计划", "proposals": "加大投放"}),
    )
    .await;
    let submitted = w
        .post(
            "/api/v1/monthly-reports/{id}/submit",
            Some(monthly),
            &boss,
            json!({}),
        )
        .await;
    w.post(
        "/api/v1/monthly-reports/{id}/review",
        Some(monthly),
        &admin,
        json!({"version": version(&submitted), "comment": "好"}),
    )
    .await;

    money::walk(&mut w, &t).await;
    deals::walk(&mut w, &t).await;
    scoring_inputs::walk(&mut w, &t).await;
    pay::walk(&mut w, &t).await;
    scores::walk(&mut w, &t).await;
    api_keys::walk(&mut w, &t).await;
    webhooks::walk(&mut w, &t).await;

    // A background job that exhausted its tries, put back by the admin.
    let job = crate::jobs::put_failed(&app, "score_drafts:2000-01");
    w.post("/api/v1/jobs/{id}/retry", Some(job), &admin, json!({}))
        .await;

    // Last, the newcomer leaves (离职, with the handover): their work goes to sp1.
    leavings::walk(&mut w, &t, &hr, newbie).await;

    let missing: Vec<_> = documented.difference(&w.done).collect();
    let unknown: Vec<_> = w.done.difference(&documented).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "write operations without a step in this scenario: {missing:?}; steps for operations \
         the document does not list: {unknown:?}"
    );
}
