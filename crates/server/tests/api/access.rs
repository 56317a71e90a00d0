//! Least privilege (issue 9): who may grant which role and change whom, the forced change of a
//! password someone else set, and who may succeed a leaver.

use reqwest::{Method, StatusCode};
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{INITIAL_PASSWORD, PASSWORD, TestApp};

on_both_backends!(
    only_admin_grants_finance_and_admin,
    a_password_set_by_someone_else_is_changed_first,
    a_successor_is_an_enabled_seller,
);

fn new_user(username: &str, roles: &[&str]) -> serde_json::Value {
    json!({
        "username": username,
        "display_name": format!("User {username}"),
        "password": INITIAL_PASSWORD,
        "roles": roles,
    })
}

async fn only_admin_grants_finance_and_admin(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let finance_id = app.seed_user("cashier", &[Role::Finance], None);

    // HR creates salespeople and managers …
    for (name, role) in [("sales.one", "salesperson"), ("lead.one", "manager")] {
        let res = app
            .post("/api/v1/users", &hr, new_user(name, &[role]))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{role}: {}", res.text);
        assert_eq!(res.body["roles"], json!([role]));
    }
    // … but never grants money or the system, alone or beside another role.
    for roles in [
        &["finance"][..],
        &["admin"][..],
        &["salesperson", "finance"][..],
    ] {
        app.post("/api/v1/users", &hr, new_user("grab", roles))
            .await
            .assert_problem(403, "forbidden");
    }
    assert_eq!(
        app.get("/api/v1/users?q=grab", &admin.token).await.body["total"],
        0,
        "a refused create leaves no user"
    );
    // An admin does.
    let res = app
        .post(
            "/api/v1/users",
            &admin.token,
            new_user("cashier2", &["finance"]),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    // HR neither changes nor disables a finance or admin account.
    for id in [finance_id, admin.user_id] {
        app.patch(
            &format!("/api/v1/users/{id}"),
            &hr,
            json!({"display_name": "改名"}),
        )
        .await
        .assert_problem(403, "forbidden");
        app.post(&format!("/api/v1/users/{id}/disable"), &hr, json!({}))
            .await
            .assert_problem(403, "forbidden");
    }
    let finance = app
        .get(&format!("/api/v1/users/{finance_id}"), &admin.token)
        .await;
    assert_eq!(finance.body["disabled"], false);
    assert_eq!(finance.body["display_name"], "User cashier");
    // The finance user can still sign in.
    app.login("cashier", PASSWORD).await;
    // HR does disable a salesperson.
    let seller = app.seed_user("seller", &[Role::Salesperson], None);
    let res = app
        .post(&format!("/api/v1/users/{seller}/disable"), &hr, json!({}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["disabled"], true);
}

async fn a_password_set_by_someone_else_is_changed_first(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let created = app
        .post("/api/v1/users", &hr, new_user("newbie", &["salesperson"]))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);

    let first = app.login_raw("newbie", INITIAL_PASSWORD).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["user"]["must_change_password"], true);
    let token = first.str("access_token");
    let other = app.login("newbie", INITIAL_PASSWORD).await.token;

    for path in ["/api/v1/clients", "/api/v1/plans", "/api/v1/follow-ups/due"] {
        app.get(path, &token)
            .await
            .assert_problem(403, "password_change_required");
    }
    app.post("/api/v1/clients", &token, json!({"name": "先建客户"}))
        .await
        .assert_problem(403, "password_change_required");
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["must_change_password"], true);
    // Sign-out still works (on the second session).
    let out = app
        .request(Method::POST, "/api/v1/auth/logout", Some(&other), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    app.get("/api/v1/me", &other)
        .await
        .assert_problem(401, "session_revoked");

    // The same password again is no change.
    let same = app
        .put(
            "/api/v1/me/password",
            &token,
            json!({"current_password": INITIAL_PASSWORD, "new_password": INITIAL_PASSWORD}),
        )
        .await;
    same.assert_problem(422, "validation_failed");
    assert_eq!(same.error_fields(), vec!["new_password"]);
    app.get("/api/v1/clients", &token)
        .await
        .assert_problem(403, "password_change_required");

    let changed = app
        .put(
            "/api/v1/me/password",
            &token,
            json!({"current_password": INITIAL_PASSWORD, "new_password": PASSWORD}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
    for path in ["/api/v1/clients", "/api/v1/plans"] {
        let res = app.get(path, &token).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
    }
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.body["must_change_password"], false);
    // A sign-in with the chosen password starts unrestricted.
    let again = app.login_raw("newbie", PASSWORD).await;
    assert_eq!(again.body["user"]["must_change_password"], false);
    app.login_raw("newbie", INITIAL_PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
}

async fn a_successor_is_an_enabled_seller(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    let hr_id = app.seed_user("hr", &[Role::Hr], None);
    let hr = app.login("hr", PASSWORD).await.token;
    let leaver = app.seed_user("leaver", &[Role::Salesperson], None);
    let leaver_token = app.login("leaver", PASSWORD).await.token;
    let client = app
        .post(
            "/api/v1/clients",
            &leaver_token,
            json!({"name": "交接客户"}),
        )
        .await
        .id();
    let gone = app.seed_user("gone", &[Role::Salesperson], None);
    let res = app
        .post(&format!("/api/v1/users/{gone}/disable"), &admin, json!({}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let finance = app.seed_user("cashier", &[Role::Finance], None);

    for (to, why) in [
        (hr_id, "the HR operator, who sells nothing"),
        (gone, "a disabled salesperson"),
        (finance, "finance"),
    ] {
        let res = app
            .post(
                "/api/v1/handovers",
                &hr,
                json!({"from_user_id": leaver, "to_user_id": to}),
            )
            .await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.error_fields(), vec!["to_user_id"], "{why}");
    }
    // Nothing moved and the leaver is still enabled.
    let c = app
        .get(&format!("/api/v1/clients/{client}"), &leaver_token)
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.text);
    assert_eq!(c.body["owner_id"], leaver);
    assert_eq!(
        app.get("/api/v1/handovers", &hr).await.body["total"],
        0,
        "no handover recorded"
    );
    // An enabled manager is a successor.
    let lead = app.seed_user("lead", &[Role::Manager], None);
    let res = app
        .post(
            "/api/v1/handovers",
            &hr,
            json!({"from_user_id": leaver, "to_user_id": lead}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["counts"]["client"], 1);
}
