//! Leaving (离职, issue 13): filed by the person or by HR, approved by the person's manager
//! (never the person, never a stranger), read in scope, closed by HR only once the checklist
//! (handover, property, advances) is complete; closing disables the account at once.

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::money::Money;
use crate::on_both_backends;
use crate::support::{PASSWORD, Resp};

on_both_backends!(a_leaving_is_approved_worked_and_closed_and_the_account_disabled);

async fn act(m: &Money, token: &str, leaving: &Value, what: &str, mut body: Value) -> Resp {
    let id = leaving["id"].as_i64().unwrap();
    body["version"] = leaving["version"].clone();
    m.app
        .post(&format!("/api/v1/leavings/{id}/{what}"), token, body)
        .await
}

async fn ok(m: &Money, token: &str, leaving: &Value, what: &str, body: Value) -> Value {
    let res = act(m, token, leaving, what, body).await;
    assert_eq!(res.status, StatusCode::OK, "{what}: {}", res.text);
    res.body
}

async fn file(m: &Money, token: &str, user_id: i64) -> Resp {
    m.app
        .post(
            "/api/v1/leavings",
            token,
            json!({"user_id": user_id, "leaving_on": "2026-12-31", "reason": "个人发展"}),
        )
        .await
}

async fn filed(m: &Money, token: &str, user_id: i64) -> Value {
    let res = file(m, token, user_id).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

async fn checklist(m: &Money, token: &str, leaving: &Value, mut body: Value) -> Resp {
    body["version"] = leaving["version"].clone();
    m.app
        .patch(
            &format!("/api/v1/leavings/{}/checklist", leaving["id"]),
            token,
            body,
        )
        .await
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect()
}

/// A paid advance of sp1's for `fen`.
async fn paid_advance(m: &Money, fen: i64) -> i64 {
    let t = &m.t;
    let (plan, _) = m
        .approved_plan(&t.sp1, "2026-W49", json!({"travel": fen}), &[])
        .await;
    let a = m
        .app
        .post(
            "/api/v1/advances",
            &t.sp1,
            json!({"plan_id": plan, "amount_fen": fen, "reason": "出差"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    let mut adv = a.body;
    for (token, what, body) in [
        (&t.sp1, "submit", json!({})),
        (&t.boss, "approve", json!({})),
        (&m.fin, "approve", json!({})),
        (&m.fin, "pay", json!({"payment_ref": "CASH-1"})),
    ] {
        let mut body = body;
        body["version"] = adv["version"].clone();
        let res = m
            .app
            .post(
                &format!("/api/v1/advances/{}/{what}", adv["id"]),
                token,
                body,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{what}: {}", res.text);
        adv = res.body;
    }
    adv["id"].as_i64().unwrap()
}

async fn a_leaving_is_approved_worked_and_closed_and_the_account_disabled(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let hr_id = app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let boss2_id = app.seed_user("boss2", &[Role::Manager], None);
    let south = app.seed_team("华南一部", Some(boss2_id), None);
    app.seed_user("sp9", &[Role::Salesperson], Some(south));
    let boss2 = app.login("boss2", PASSWORD).await.token;
    let sp2_id = app.login("sp2", PASSWORD).await.user_id;

    // Filed by the person themself; one open leaving each; nobody files for a colleague.
    let own = filed(&m, &t.sp1, t.sp1_id).await;
    assert_eq!(own["state"], "submitted");
    assert_eq!(own["user_id"], t.sp1_id);
    assert_eq!(own["created_by"], t.sp1_id);
    assert_eq!(own["leaving_on"], "2026-12-31");
    assert_eq!(own["checklist"]["handover_done"], false);
    assert_eq!(own["checklist"]["complete"], false);
    file(&m, &t.sp1, t.sp1_id)
        .await
        .assert_problem(409, "leaving_open");
    file(&m, &hr, t.sp1_id)
        .await
        .assert_problem(409, "leaving_open");
    file(&m, &t.sp1, sp2_id)
        .await
        .assert_problem(403, "forbidden");
    let bad = app
        .post(
            "/api/v1/leavings",
            &hr,
            json!({"user_id": sp2_id, "leaving_on": "2026-12-31", "reason": " ", "x": 1}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);

    // Scope: another salesperson and a manager of another team see nothing (404).
    let path = format!("/api/v1/leavings/{}", own["id"]);
    app.get(&path, &t.sp2)
        .await
        .assert_problem(404, "not_found");
    app.get(&path, &boss2)
        .await
        .assert_problem(404, "not_found");
    assert!(ids(&m.get(&t.sp2, "/api/v1/leavings").await).is_empty());
    assert!(ids(&m.get(&boss2, "/api/v1/leavings").await).is_empty());
    assert_eq!(
        ids(&m.get(&t.boss, "/api/v1/leavings").await),
        vec![own["id"].as_i64().unwrap()]
    );
    act(&m, &boss2, &own, "approve", json!({}))
        .await
        .assert_problem(404, "not_found");
    // Nobody approves their own leaving; HR does not approve, the manager does.
    act(&m, &t.sp1, &own, "approve", json!({}))
        .await
        .assert_problem(403, "forbidden");
    act(&m, &hr, &own, "approve", json!({}))
        .await
        .assert_problem(403, "forbidden");
    // The person withdraws it while it waits.
    let cancelled = ok(&m, &t.sp1, &own, "cancel", json!({"comment": "再考虑"})).await;
    assert_eq!(cancelled["state"], "cancelled");

    // Filed by HR; the manager rejects one (a reason is required) and approves the other.
    let sp2s = filed(&m, &hr, sp2_id).await;
    assert_eq!(sp2s["created_by"], hr_id);
    act(&m, &t.boss, &sp2s, "reject", json!({"reason": ""}))
        .await
        .assert_problem(422, "validation_failed");
    let rejected = ok(&m, &t.boss, &sp2s, "reject", json!({"reason": "项目未完"})).await;
    assert_eq!(rejected["state"], "rejected");
    let leaving = filed(&m, &hr, t.sp1_id).await;
    let leaving = ok(&m, &t.boss, &leaving, "approve", json!({"comment": "同意"})).await;
    assert_eq!(leaving["state"], "approved");
    let listed = m.get(&hr, "/api/v1/leavings?state=approved").await;
    assert_eq!(ids(&listed), vec![leaving["id"].as_i64().unwrap()]);
    assert_eq!(listed["items"][0]["user_name"], "User sp1");
    assert_eq!(
        ids(&m.get(&t.sp1, "/api/v1/leavings").await),
        vec![leaving["id"].as_i64().unwrap(), own["id"].as_i64().unwrap()]
    );

    // An advance of 500 元 is paid out; finance has 200 元 of it back.
    let adv = paid_advance(&m, 50_000).await;
    let repaid = app
        .post(
            &format!("/api/v1/advances/{adv}/repayments"),
            &m.fin,
            json!({"amount_fen": 20_000}),
        )
        .await;
    assert_eq!(repaid.status, StatusCode::OK, "{}", repaid.text);

    // Only HR (or an admin) works the checklist and closes; nothing is missing unnoticed.
    checklist(&m, &t.boss, &leaving, json!({"property": []}))
        .await
        .assert_problem(403, "forbidden");
    act(&m, &t.boss, &leaving, "close", json!({}))
        .await
        .assert_problem(403, "forbidden");
    let leaving = m
        .get(&hr, &format!("/api/v1/leavings/{}", leaving["id"]))
        .await;
    assert_eq!(leaving["checklist"]["advances_outstanding_fen"], 30_000);
    assert_eq!(leaving["checklist"]["advances_settled"], false);
    let refused = act(&m, &hr, &leaving, "close", json!({})).await;
    refused.assert_problem(409, "checklist_incomplete");
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("handover") && detail.contains("¥300.00"),
        "{detail}"
    );

    let res = checklist(
        &m,
        &hr,
        &leaving,
        json!({"property": [{"item": " 笔记本电脑 ", "returned": false}, {"item": "工牌", "returned": true}],
               "advances_settlement": "repaid"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let leaving = res.body;
    let c = &leaving["checklist"];
    assert_eq!(c["property"][0]["item"], "笔记本电脑");
    assert_eq!(c["property_returned"], false);
    assert_eq!(c["advances_settlement"], "repaid");
    assert_eq!(
        c["advances_settled"], false,
        "repaid, but 300 元 still owed"
    );
    checklist(
        &m,
        &hr,
        &json!({"id": leaving["id"], "version": 1}),
        json!({}),
    )
    .await
    .assert_problem(409, "stale_version");

    // The handover, through its own API, moves sp1's work to sp2 (and disables sp1); an
    // admin lets sp1 back in for the last days.
    let handover = app
        .post(
            "/api/v1/handovers",
            &hr,
            json!({"from_user_id": t.sp1_id, "to_user_id": sp2_id, "note": "离职交接"}),
        )
        .await;
    assert_eq!(handover.status, StatusCode::CREATED, "{}", handover.text);
    let enabled = app
        .post(
            &format!("/api/v1/users/{}/enable", t.sp1_id),
            &t.admin,
            json!({}),
        )
        .await;
    assert_eq!(enabled.status, StatusCode::OK, "{}", enabled.text);
    let sp1 = app.login("sp1", PASSWORD).await.token;
    let leaving = m
        .get(&sp1, &format!("/api/v1/leavings/{}", leaving["id"]))
        .await;
    let c = &leaving["checklist"];
    assert_eq!(c["handover_done"], true);
    assert_eq!(c["handover_id"], handover.body["id"]);
    assert_eq!(c["successor_id"], sp2_id);
    let sp2_name =
        m.get(&t.admin, &format!("/api/v1/users/{sp2_id}")).await["display_name"].clone();
    assert_eq!(c["successor_name"], sp2_name, "{c}");
    assert!(c["successor_name"].is_string());
    let refused = act(&m, &hr, &leaving, "close", json!({})).await;
    refused.assert_problem(409, "checklist_incomplete");
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(
        !detail.contains("handover")
            && detail.contains("笔记本电脑")
            && !detail.contains("工牌")
            && detail.contains("repaid in full"),
        "{detail}"
    );

    // The laptop comes back; the rest is offset from the final pay.
    let res = checklist(
        &m,
        &hr,
        &leaving,
        json!({"property": [{"item": "笔记本电脑", "returned": true}, {"item": "工牌", "returned": true}],
               "advances_settlement": "offset"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let leaving = res.body;
    assert_eq!(leaving["checklist"]["advances_settled"], true);
    assert_eq!(leaving["checklist"]["complete"], true);
    // The person does not close their own leaving.
    act(&m, &sp1, &leaving, "close", json!({}))
        .await
        .assert_problem(403, "forbidden");

    let closed = ok(&m, &hr, &leaving, "close", json!({"comment": "手续办结"})).await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["closed_by"], hr_id);
    assert!(closed["closed_at"].is_string());
    // The account is disabled: its token stops working at once, sign-in is refused.
    app.get("/api/v1/leavings", &sp1)
        .await
        .assert_problem(401, "session_revoked");
    assert_eq!(
        app.login_raw("sp1", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let user = m
        .get(&t.admin, &format!("/api/v1/users/{}", t.sp1_id))
        .await;
    assert_eq!(user["disabled"], true);
    // Closed: the checklist is no longer changed, nor the leaving withdrawn.
    checklist(&m, &hr, &closed, json!({"advances_settlement": null}))
        .await
        .assert_problem(409, "invalid_state");
    act(&m, &hr, &closed, "cancel", json!({}))
        .await
        .assert_problem(409, "invalid_state");

    // History lists every step, oldest first, with who and why.
    let history = m
        .get(&hr, &format!("/api/v1/leavings/{}/history", closed["id"]))
        .await;
    let steps: Vec<(&str, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap(),
                h["to_state"].as_str().unwrap(),
                h["actor_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("file", "submitted", "User hr"),
            ("approve", "approved", "User boss"),
            ("checklist", "approved", "User hr"),
            ("checklist", "approved", "User hr"),
            ("close", "closed", "User hr"),
        ]
    );
    assert_eq!(history[1]["comment"], "同意");
    assert_eq!(history[4]["comment"], "手续办结");
    let history = m
        .get(
            &t.boss,
            &format!("/api/v1/leavings/{}/history", rejected["id"]),
        )
        .await;
    assert_eq!(history[1]["comment"], "项目未完");
    // Every write is audited.
    let audit = m
        .get(
            &t.admin,
            "/api/v1/audit-events?entity_type=leaving&per_page=100",
        )
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "leaving.create",
        "leaving.cancel",
        "leaving.reject",
        "leaving.approve",
        "leaving.checklist",
        "leaving.close",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}
