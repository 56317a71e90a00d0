//! Claims: every legal and illegal step, separation of duties, concurrent approvals, scope.

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use super::{Money, line};
use crate::on_both_backends;
use crate::support::PASSWORD;

on_both_backends!(
    claim_steps_legal_and_illegal,
    rejection_returns_the_claim_to_its_owner,
    nobody_approves_their_own_claim_and_two_people_approve,
    concurrent_approvals_one_wins,
    claims_stay_in_scope,
);

/// sp1's week 2026-W49 approved with room for travel, and a monthly per-diem budget.
async fn setup(b: Backend) -> (Money, i64) {
    let m = Money::new(b).await;
    let (plan, _) = m
        .approved_plan(&m.t.sp1, "2026-W49", json!({"travel": 500000}), &[])
        .await;
    m.budget(m.t.sp1_id, "2026-12", "per_diem", 100000).await;
    (m, plan)
}

fn two_lines(plan: i64) -> Value {
    json!({"plan_id": plan, "lines": [line("2026-12-01", "travel", 30000), line("2026-12-02", "per_diem", 10000)]})
}

async fn claim_steps_legal_and_illegal(b: Backend) {
    let (m, plan) = setup(b).await;
    let t = &m.t;
    let c = m.claim(&t.sp1, two_lines(plan)).await;
    assert_eq!(c["state"], "draft");
    assert_eq!(c["total_fen"], 40000);
    assert_eq!(c["owner_name"], "User sp1");
    assert_eq!(c["lines"].as_array().map(Vec::len), Some(2));
    assert!(c["approved_fen"].is_null() && c["payable_fen"].is_null());
    // Nothing but the owner's steps on a draft.
    m.step(&t.boss, &c, "approve", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    m.step(&m.fin, &c, "pay", json!({"payment_ref": "X"}))
        .await
        .assert_problem(409, "invalid_state");
    m.step(&t.boss, &c, "submit", json!({}))
        .await
        .assert_problem(403, "forbidden");
    let stale = json!({"version": 99});
    let id = c["id"].as_i64().unwrap();
    m.app
        .post(
            &format!("/api/v1/expense-claims/{id}/submit"),
            &t.sp1,
            stale,
        )
        .await
        .assert_problem(409, "stale_version");
    let c = m.ok(&t.sp1, &c, "submit", json!({})).await;
    assert_eq!(c["state"], "submitted");
    assert!(c["submitted_at"].is_string());
    m.step(&t.sp1, &c, "submit", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    // The owner cannot edit a submitted claim; finance cannot approve first.
    let mut edit = two_lines(plan);
    edit["version"] = c["version"].clone();
    m.app
        .patch(&format!("/api/v1/expense-claims/{id}"), &t.sp1, edit)
        .await
        .assert_problem(409, "invalid_state");
    m.step(&m.fin, &c, "approve", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    let c = m
        .ok(&t.boss, &c, "approve", json!({"comment": "同意"}))
        .await;
    assert_eq!(c["state"], "manager_approved");
    assert_eq!(c["approved_fen"], 40000);
    assert_eq!(c["manager_approved_by"], t.boss_id);
    m.step(&t.boss, &c, "approve", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    m.step(&t.sp1, &c, "cancel", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    m.step(&m.fin, &c, "pay", json!({"payment_ref": "X"}))
        .await
        .assert_problem(409, "invalid_state");
    let c = m.ok(&m.fin, &c, "approve", json!({})).await;
    assert_eq!(c["state"], "finance_approved");
    assert_eq!(c["finance_approved_by"], m.fin_id);
    m.step(&t.boss, &c, "pay", json!({"payment_ref": "X"}))
        .await
        .assert_problem(403, "forbidden");
    m.step(&m.fin, &c, "pay", json!({"payment_ref": "  "}))
        .await
        .assert_problem(422, "validation_failed");
    let c = m
        .ok(&m.fin, &c, "pay", json!({"payment_ref": "BANK-001"}))
        .await;
    assert_eq!(c["state"], "paid");
    assert_eq!(c["payable_fen"], 40000);
    assert_eq!(c["offset_fen"], 0);
    assert_eq!(c["payment_ref"], "BANK-001");
    for action in ["submit", "approve", "reject", "pay", "cancel"] {
        let res = m
            .step(
                &m.fin,
                &c,
                action,
                json!({"reason": "x", "payment_ref": "x"}),
            )
            .await;
        assert!(
            matches!(res.status.as_u16(), 403 | 409 | 422),
            "{action} on a paid claim: {}",
            res.text
        );
    }
    // Who, when and why of every step.
    let history = m
        .get(&t.sp1, &format!("/api/v1/expense-claims/{id}/history"))
        .await;
    let steps: Vec<(String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap().to_owned(),
                h["to_state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("submit", "submitted"),
            ("approve", "manager_approved"),
            ("approve", "finance_approved"),
            ("pay", "paid")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(history[1]["comment"], "同意");
    assert_eq!(history[1]["actor_id"], t.boss_id);
}

async fn rejection_returns_the_claim_to_its_owner(b: Backend) {
    let (m, plan) = setup(b).await;
    let t = &m.t;
    let c = m.claim(&t.sp1, two_lines(plan)).await;
    let c = m.ok(&t.sp1, &c, "submit", json!({})).await;
    m.step(&t.boss, &c, "reject", json!({"reason": " "}))
        .await
        .assert_problem(422, "validation_failed");
    m.step(&t.boss, &c, "reject", json!({}))
        .await
        .assert_problem(422, "validation_failed");
    let c = m
        .ok(&t.boss, &c, "reject", json!({"reason": "金额不对"}))
        .await;
    assert_eq!(c["state"], "rejected");
    // The owner edits (a draft again) and submits again.
    let id = c["id"].as_i64().unwrap();
    let mut edit = json!({"plan_id": plan, "lines": [line("2026-12-01", "travel", 25000)]});
    edit["version"] = c["version"].clone();
    let edited = m
        .app
        .patch(&format!("/api/v1/expense-claims/{id}"), &t.sp1, edit)
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.body["state"], "draft");
    assert_eq!(edited.body["total_fen"], 25000);
    let c = m.ok(&t.sp1, &edited.body, "submit", json!({})).await;
    let c = m.ok(&t.boss, &c, "approve", json!({})).await;
    // Finance rejects too; the manager's approval is undone.
    let c = m
        .ok(&m.fin, &c, "reject", json!({"reason": "缺少行程单"}))
        .await;
    assert_eq!(c["state"], "rejected");
    assert!(c["approved_fen"].is_null() && c["manager_approved_by"].is_null());
    assert!(c["lines"][0]["approved_fen"].is_null());
    // Withdrawn by the owner; then nothing more.
    let c = m.ok(&t.sp1, &c, "cancel", json!({})).await;
    assert_eq!(c["state"], "cancelled");
    m.step(&t.sp1, &c, "cancel", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    m.step(&t.sp1, &c, "submit", json!({}))
        .await
        .assert_problem(409, "invalid_state");
    let history = m
        .get(&t.boss, &format!("/api/v1/expense-claims/{id}/history"))
        .await;
    let reasons: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "reject")
        .filter_map(|h| h["comment"].as_str())
        .collect();
    assert_eq!(reasons, ["金额不对", "缺少行程单"]);
}

async fn nobody_approves_their_own_claim_and_two_people_approve(b: Backend) {
    let (m, plan) = setup(b).await;
    let (app, t) = (&m.app, &m.t);
    // A manager-and-finance member of the boss's team, and a second finance clerk.
    let mf_id = app.seed_user("mf", &[Role::Manager, Role::Finance], Some(t.team_id));
    let mf = app.login("mf", PASSWORD).await.token;
    m.budget(mf_id, "2026-12", "per_diem", 100000).await;
    let own = m
        .claim(
            &mf,
            json!({"lines": [line("2026-12-02", "per_diem", 5000)]}),
        )
        .await;
    let own = m.ok(&mf, &own, "submit", json!({})).await;
    m.step(&mf, &own, "approve", json!({}))
        .await
        .assert_problem(403, "forbidden");
    let own = m.ok(&t.boss, &own, "approve", json!({})).await;
    // Holding finance does not let anyone approve their own claim.
    m.step(&mf, &own, "approve", json!({}))
        .await
        .assert_problem(403, "forbidden");
    m.ok(&m.fin, &own, "approve", json!({})).await;
    // The boss's own claim: the boss cannot approve it; admin (above) can.
    m.app.seed_user("x", &[Role::Salesperson], None);
    let boss_budget = app
        .post(
            "/api/v1/budgets",
            &t.admin,
            json!({"owner_id": t.boss_id, "month": "2026-12", "category": "per_diem", "amount_fen": 9000}),
        )
        .await;
    assert_eq!(
        boss_budget.status,
        StatusCode::CREATED,
        "{}",
        boss_budget.text
    );
    let bc = m
        .claim(
            &t.boss,
            json!({"lines": [line("2026-12-03", "per_diem", 5000)]}),
        )
        .await;
    let bc = m.ok(&t.boss, &bc, "submit", json!({})).await;
    m.step(&t.boss, &bc, "approve", json!({}))
        .await
        .assert_problem(403, "forbidden");
    m.ok(&t.admin, &bc, "approve", json!({})).await;
    // mf manages a team of their own: as that team's manager they approve first, and then
    // may not approve the same claim as finance.
    let team2 = app.seed_team("华东二部", Some(mf_id), Some(t.team_id));
    let sp9_id = app.seed_user("sp9", &[Role::Salesperson], Some(team2));
    let sp9 = app.login("sp9", PASSWORD).await.token;
    let mf = app.login("mf", PASSWORD).await.token;
    m.budget(sp9_id, "2026-12", "per_diem", 100000).await;
    let c = m
        .claim(
            &sp9,
            json!({"lines": [line("2026-12-02", "per_diem", 5000)]}),
        )
        .await;
    let c = m.ok(&sp9, &c, "submit", json!({})).await;
    let c = m.ok(&mf, &c, "approve", json!({})).await;
    m.step(&mf, &c, "approve", json!({}))
        .await
        .assert_problem(403, "same_approver");
    // Finance's queue leaves out what the clerk approved as manager.
    let queue = m.get(&mf, "/api/v1/expense-claims?to_approve=true").await;
    assert!(
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["owner_id"] != sp9_id && c["owner_id"] != mf_id),
        "{queue}"
    );
    let c = m.ok(&m.fin, &c, "approve", json!({})).await;
    assert_eq!(c["state"], "finance_approved");
    let _ = plan;
}

async fn concurrent_approvals_one_wins(b: Backend) {
    let (m, plan) = setup(b).await;
    let t = &m.t;
    for _ in 0..3 {
        let c = m.claim(&t.sp1, two_lines(plan)).await;
        let c = m.ok(&t.sp1, &c, "submit", json!({})).await;
        let (a, b2) = tokio::join!(
            m.step(&t.boss, &c, "approve", json!({})),
            m.step(&t.admin, &c, "approve", json!({}))
        );
        let mut codes = [a.status.as_u16(), b2.status.as_u16()];
        codes.sort_unstable();
        assert_eq!(codes, [200, 409], "{} / {}", a.text, b2.text);
        let loser = if a.status == StatusCode::OK { &b2 } else { &a };
        assert!(
            matches!(
                loser.body["code"].as_str(),
                Some("stale_version" | "invalid_state")
            ),
            "{}",
            loser.text
        );
        let id = c["id"].as_i64().unwrap();
        let history = m
            .get(&t.sp1, &format!("/api/v1/expense-claims/{id}/history"))
            .await;
        assert_eq!(
            history.as_array().map(Vec::len),
            Some(2),
            "one approval recorded"
        );
    }
}

async fn claims_stay_in_scope(b: Backend) {
    let (m, plan) = setup(b).await;
    let (app, t) = (&m.app, &m.t);
    let rival_boss = app.seed_user("rival", &[Role::Manager], None);
    app.seed_team("华南", Some(rival_boss), None);
    let rival = app.login("rival", PASSWORD).await.token;
    let c = m.claim(&t.sp1, two_lines(plan)).await;
    let id = c["id"].as_i64().unwrap();
    for token in [&t.sp2, &rival] {
        for path in [
            format!("/api/v1/expense-claims/{id}"),
            format!("/api/v1/expense-claims/{id}/history"),
        ] {
            app.get(&path, token).await.assert_problem(404, "not_found");
        }
        let mut edit = two_lines(plan);
        edit["version"] = c["version"].clone();
        app.patch(&format!("/api/v1/expense-claims/{id}"), token, edit)
            .await
            .assert_problem(404, "not_found");
        m.step(token, &c, "submit", json!({}))
            .await
            .assert_problem(404, "not_found");
        let list = m.get(token, "/api/v1/expense-claims").await;
        assert_eq!(list["total"], 0, "{list}");
    }
    // The owner, their manager, finance and admin see it.
    for token in [&t.sp1, &t.boss, &m.fin, &t.admin] {
        let list = m.get(token, "/api/v1/expense-claims").await;
        assert_eq!(list["total"], 1, "{list}");
    }
    // A claim cannot name another person's plan.
    let res = app
        .post(
            "/api/v1/expense-claims",
            &t.sp2,
            json!({"plan_id": plan, "lines": [line("2026-12-01", "travel", 100)]}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["plan_id"]);
    // The manager's inbox holds submitted claims of their team only, never their own.
    m.ok(&t.sp1, &c, "submit", json!({})).await;
    let inbox = m
        .get(&t.boss, "/api/v1/expense-claims?to_approve=true")
        .await;
    assert_eq!(inbox["total"], 1);
    let inbox = m
        .get(&rival, "/api/v1/expense-claims?to_approve=true")
        .await;
    assert_eq!(inbox["total"], 0);
}
