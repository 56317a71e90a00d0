use diesel::connection::SimpleConnection;
use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::clients::{ids, new_client, org};
use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(
    a_handover_moves_everything_at_once,
    a_failure_halfway_moves_nothing
);

async fn a_handover_moves_everything_at_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let mut mine = Vec::new();
    for n in 0..3 {
        mine.push(new_client(&app, t, json!({"name": format!("客户{n}")})).await);
    }
    let archived = new_client(&app, t, json!({"name": "已归档"})).await;
    app.post(&format!("/api/v1/clients/{archived}/archive"), t, json!({}))
        .await;
    mine.push(archived);
    let fu = app
        .post(
            &format!("/api/v1/clients/{}/follow-ups", mine[0]),
            t,
            json!({"kind": "visit", "summary": "拜访", "complaint": "价格", "open_case": true}),
        )
        .await;
    let others = new_client(&app, &o.s2.token, json!({"name": "不动"})).await;
    // Only HR and admin; the preview shows what will move.
    let body = json!({"from_user_id": o.s1.user_id, "to_user_id": o.s2.user_id, "note": "离职"});
    app.post("/api/v1/handovers", &o.east_boss.token, body.clone())
        .await
        .assert_problem(403, "forbidden");
    app.post("/api/v1/handovers", t, body.clone())
        .await
        .assert_problem(403, "forbidden");
    let same = app
        .post(
            "/api/v1/handovers",
            &o.hr.token,
            json!({"from_user_id": o.s1.user_id, "to_user_id": o.s1.user_id}),
        )
        .await;
    assert_eq!(same.error_fields(), vec!["to_user_id"]);
    let preview = app
        .get(
            &format!("/api/v1/handovers/preview?from_user_id={}", o.s1.user_id),
            &o.hr.token,
        )
        .await;
    assert_eq!(preview.body["counts"]["client"], 4, "{}", preview.text);

    let res = app.post("/api/v1/handovers", &o.hr.token, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["counts"]["client"], 4);
    // The successor owns them all (archived too); the leaver is out.
    let theirs = app.get("/api/v1/clients?sort=name", &o.s2.token).await;
    assert_eq!(theirs.body["total"], 4);
    let all = app.get("/api/v1/clients?archived=true", &o.s2.token).await;
    assert_eq!(ids(&all), vec![archived]);
    for id in &mine {
        let c = app
            .get(&format!("/api/v1/clients/{id}"), &o.admin.token)
            .await;
        assert_eq!(c.body["owner_id"], o.s2.user_id);
    }
    let untouched = app
        .get(&format!("/api/v1/clients/{others}"), &o.admin.token)
        .await;
    assert_eq!(untouched.body["version"], 1);
    app.get("/api/v1/clients", t)
        .await
        .assert_problem(401, "session_revoked");
    assert_eq!(
        app.login_raw("sp1", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let leaver = app
        .get(&format!("/api/v1/users/{}", o.s1.user_id), &o.admin.token)
        .await;
    assert_eq!(leaver.body["disabled"], true);
    // Follow-ups, cases and history keep their original author.
    let fus = app
        .get(
            &format!("/api/v1/clients/{}/follow-ups", mine[0]),
            &o.s2.token,
        )
        .await;
    assert_eq!(fus.body["items"][0]["id"], fu.body["id"]);
    assert_eq!(fus.body["items"][0]["author_id"], o.s1.user_id);
    let cases = app.get("/api/v1/cases", &o.s2.token).await;
    assert_eq!(cases.body["items"][0]["opened_by"], o.s1.user_id);
    let history = app
        .get(&format!("/api/v1/clients/{}/history", mine[0]), &o.s2.token)
        .await;
    let h = history.body.as_array().unwrap();
    assert_eq!(h[0]["actor_id"], o.s1.user_id);
    assert_eq!(h.last().unwrap()["field"], "owner_id");
    assert_eq!(h.last().unwrap()["actor_id"], o.hr.user_id);
    // One audit event per moved record; the history lists the handover with its counts.
    let audit = app
        .get(
            "/api/v1/audit-events?entity_type=client&per_page=100",
            &o.admin.token,
        )
        .await;
    let moved = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "client.handover")
        .count();
    assert_eq!(moved, 4);
    let listed = app.get("/api/v1/handovers", &o.hr.token).await;
    assert_eq!(listed.body["total"], 1);
    assert_eq!(listed.body["items"][0]["counts"]["client"], 4);
    assert_eq!(listed.body["items"][0]["note"], "离职");
    app.get("/api/v1/handovers", &o.s2.token)
        .await
        .assert_problem(403, "forbidden");
}

/// A trigger, in this test's own database, fails the update of one client in the middle of
/// the handover; the transaction must leave everything as it was.
async fn a_failure_halfway_moves_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let first = new_client(&app, t, json!({"name": "第一"})).await;
    let boom = new_client(&app, t, json!({"name": "BOOM"})).await;
    let last = new_client(&app, t, json!({"name": "最后"})).await;
    let trigger = match b {
        Backend::Sqlite => {
            "CREATE TRIGGER fail_boom BEFORE UPDATE OF owner_id ON clients \
             WHEN NEW.name = 'BOOM' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
        }
        Backend::Postgres => {
            "CREATE FUNCTION fail_boom() RETURNS trigger AS $$ BEGIN \
             IF NEW.name = 'BOOM' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; \
             END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER fail_boom BEFORE UPDATE ON clients FOR EACH ROW EXECUTE FUNCTION fail_boom();"
        }
    };
    app.db.get().unwrap().batch_execute(trigger).unwrap();
    let res = app
        .post(
            "/api/v1/handovers",
            &o.hr.token,
            json!({"from_user_id": o.s1.user_id, "to_user_id": o.s2.user_id}),
        )
        .await;
    res.assert_problem(500, "internal");
    for id in [first, boom, last] {
        let c = app
            .get(&format!("/api/v1/clients/{id}"), &o.admin.token)
            .await;
        assert_eq!(c.body["owner_id"], o.s1.user_id, "{}", c.text);
        assert_eq!(c.body["version"], 1);
    }
    assert_eq!(app.get("/api/v1/clients", t).await.body["total"], 3);
    assert_eq!(
        app.get("/api/v1/clients", &o.s2.token).await.body["total"],
        0
    );
    let leaver = app
        .get(&format!("/api/v1/users/{}", o.s1.user_id), &o.admin.token)
        .await;
    assert_eq!(leaver.body["disabled"], false);
    assert_eq!(
        app.get("/api/v1/handovers", &o.hr.token).await.body["total"],
        0
    );
    let audit = app
        .get("/api/v1/audit-events?entity_type=client", &o.admin.token)
        .await;
    assert!(
        audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "client.handover")
    );
}
