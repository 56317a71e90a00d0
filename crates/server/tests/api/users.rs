use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(
    admin_creates_lists_and_updates_users,
    user_input_is_validated_field_by_field,
    roles_gate_user_management,
    users_are_visible_only_in_scope,
);

async fn admin_creates_lists_and_updates_users(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let team = app.create_team(&admin.token, "华东一部", None, None).await;
    let created = app
        .post(
            "/api/v1/users",
            &admin.token,
            json!({"username": "Li.Wei ", "display_name": "李伟", "password": PASSWORD,
                   "roles": ["salesperson"], "team_id": team, "phone": "138 0013 8000", "email": "li.wei@example.cn"}),
        )
        .await;
    // Usernames are stored trimmed and lower-case... but validation sees them as sent.
    assert_eq!(
        created.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        created.text
    );
    let created = app
        .post(
            "/api/v1/users",
            &admin.token,
            json!({"username": "li.wei", "display_name": "李伟", "password": PASSWORD,
                   "roles": ["salesperson"], "team_id": team, "phone": "138 0013 8000", "email": "li.wei@example.cn"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.id();
    assert_eq!(created.body["display_name"], "李伟");
    assert_eq!(created.body["team_id"], team);
    assert_eq!(created.body["roles"], json!(["salesperson"]));
    // The same username again is a conflict naming the field.
    let dup = app
        .post(
            "/api/v1/users",
            &admin.token,
            json!({"username": "li.wei", "display_name": "x", "password": PASSWORD, "roles": ["salesperson"]}),
        )
        .await;
    dup.assert_problem(409, "duplicate");
    assert_eq!(dup.error_fields(), vec!["username"]);
    for n in 0..3 {
        app.create_user(&admin.token, &format!("extra{n}"), &["manager"], None)
            .await;
    }
    // Filters: text (Chinese works), role, team, disabled; pages are stable.
    let by_name = app.get("/api/v1/users?q=%E6%9D%8E", &admin.token).await;
    assert_eq!(by_name.body["total"], 1, "{}", by_name.text);
    assert_eq!(by_name.body["items"][0]["username"], "li.wei");
    let managers = app.get("/api/v1/users?role=manager", &admin.token).await;
    assert_eq!(managers.body["total"], 3);
    let in_team = app
        .get(&format!("/api/v1/users?team_id={team}"), &admin.token)
        .await;
    assert_eq!(in_team.body["total"], 1);
    let page1 = app
        .get("/api/v1/users?per_page=2&page=1", &admin.token)
        .await;
    let page2 = app
        .get("/api/v1/users?per_page=2&page=2", &admin.token)
        .await;
    assert_eq!(page1.body["total"], 5);
    assert_eq!(page1.body["items"].as_array().unwrap().len(), 2);
    let ids: Vec<i64> = page1.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(page2.body["items"].as_array().unwrap())
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "pages overlap or are unordered");
    app.get("/api/v1/users?per_page=501", &admin.token)
        .await
        .assert_problem(422, "validation_failed");
    // PATCH: roles, team (null clears it), display name.
    let patched = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin.token,
            json!({"roles": ["salesperson", "manager"], "team_id": null, "display_name": "李伟伟"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["roles"], json!(["salesperson", "manager"]));
    assert_eq!(patched.body["team_id"], json!(null));
    assert_eq!(patched.body["display_name"], "李伟伟");
    assert_eq!(
        patched.body["phone"], "138 0013 8000",
        "absent fields are left alone"
    );
    let bad_team = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin.token,
            json!({"team_id": 9999}),
        )
        .await;
    bad_team.assert_problem(422, "validation_failed");
    assert_eq!(bad_team.error_fields(), vec!["team_id"]);
    let missing = app
        .patch(
            "/api/v1/users/9999",
            &admin.token,
            json!({"display_name": "x"}),
        )
        .await;
    missing.assert_problem(404, "not_found");
    // An admin cannot lock themself out.
    let me = app.get("/api/v1/me", &admin.token).await.id();
    let lockout = app
        .patch(
            &format!("/api/v1/users/{me}"),
            &admin.token,
            json!({"roles": ["hr"]}),
        )
        .await;
    lockout.assert_problem(422, "validation_failed");
    let self_disable = app
        .post(
            &format!("/api/v1/users/{me}/disable"),
            &admin.token,
            json!({}),
        )
        .await;
    self_disable.assert_problem(409, "self_disable");
}

async fn user_input_is_validated_field_by_field(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let res = app
        .post(
            "/api/v1/users",
            &admin.token,
            json!({"username": "ok.name", "display_name": "x".repeat(65), "password": "short",
                   "roles": ["salesperson"], "phone": "13800a", "email": "not-an-email"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    let mut fields = res.error_fields();
    fields.dedup();
    assert_eq!(fields, vec!["display_name", "email", "password", "phone"]);
    let unknown_role = app
        .post("/api/v1/users", &admin.token, json!({"username": "ok.name", "display_name": "x", "password": PASSWORD, "roles": ["boss"]}))
        .await;
    unknown_role.assert_problem(422, "validation_failed");
    assert_eq!(unknown_role.error_fields(), vec!["roles[0]"]);
    let wrong_type = app
        .post("/api/v1/users", &admin.token, json!({"username": "ok.name", "display_name": "x", "password": PASSWORD, "roles": ["hr"], "team_id": "one"}))
        .await;
    wrong_type.assert_problem(422, "validation_failed");
    assert_eq!(wrong_type.error_fields(), vec!["team_id"]);
    let missing = app
        .post(
            "/api/v1/users",
            &admin.token,
            json!({"username": "ok.name"}),
        )
        .await;
    missing.assert_problem(422, "validation_failed");
    assert_eq!(missing.error_fields(), vec!["display_name"]);
    let list = app.get("/api/v1/users?disabled=maybe", &admin.token).await;
    list.assert_problem(400, "bad_request");
    assert_eq!(list.error_fields(), vec!["disabled"]);
    // Nothing was stored by any of these.
    let all = app.get("/api/v1/users", &admin.token).await;
    assert_eq!(all.body["total"], 1);
}

async fn roles_gate_user_management(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let sp = app
        .create_user(&admin.token, "sales.one", &["salesperson"], None)
        .await;
    app.create_user(&admin.token, "hr.one", &["hr"], None).await;
    let other_admin = app
        .create_user(&admin.token, "admin.two", &["admin"], None)
        .await;
    let s = app.login("sales.one", PASSWORD).await;
    let hr = app.login("hr.one", PASSWORD).await;
    // A salesperson manages nobody.
    app.get("/api/v1/users", &s.token)
        .await
        .assert_problem(403, "forbidden");
    app.post(
        "/api/v1/users",
        &s.token,
        json!({"username": "x.y.z", "display_name": "x", "password": PASSWORD, "roles": ["admin"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/users/{other_admin}/disable"),
        &s.token,
        json!({}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get("/api/v1/audit-events", &s.token)
        .await
        .assert_problem(403, "forbidden");
    app.post("/api/v1/teams", &s.token, json!({"name": "x"}))
        .await
        .assert_problem(403, "forbidden");
    // HR lists, creates and disables, but never grants or touches admin, and cannot PATCH.
    assert_eq!(
        app.get("/api/v1/users", &hr.token).await.status,
        StatusCode::OK
    );
    let created = app
        .post("/api/v1/users", &hr.token, json!({"username": "new.hire", "display_name": "新人", "password": PASSWORD, "roles": ["salesperson"]}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    app.post("/api/v1/users", &hr.token, json!({"username": "sneaky", "display_name": "x", "password": PASSWORD, "roles": ["salesperson", "admin"]}))
        .await
        .assert_problem(403, "forbidden");
    app.patch(
        &format!("/api/v1/users/{sp}"),
        &hr.token,
        json!({"roles": ["admin"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/users/{other_admin}/disable"),
        &hr.token,
        json!({}),
    )
    .await
    .assert_problem(403, "forbidden");
    let disabled = app
        .post(&format!("/api/v1/users/{sp}/disable"), &hr.token, json!({}))
        .await;
    assert_eq!(disabled.body["disabled"], true);
    let roles = app.get(&format!("/api/v1/users/{sp}"), &admin.token).await;
    assert_eq!(
        roles.body["roles"],
        json!(["salesperson"]),
        "nothing else changed"
    );
}

async fn users_are_visible_only_in_scope(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let a = app
        .create_user(&admin.token, "sales.a", &["salesperson"], None)
        .await;
    let bb = app
        .create_user(&admin.token, "sales.b", &["salesperson"], None)
        .await;
    let s = app.login("sales.a", PASSWORD).await;
    assert_eq!(
        app.get(&format!("/api/v1/users/{a}"), &s.token)
            .await
            .status,
        StatusCode::OK
    );
    // Another person's record answers 404, the same as one that does not exist.
    app.get(&format!("/api/v1/users/{bb}"), &s.token)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/users/424242", &s.token)
        .await
        .assert_problem(404, "not_found");
}
