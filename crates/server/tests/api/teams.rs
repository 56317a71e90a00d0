use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(
    manager_scope_reaches_child_teams,
    team_tree_rules_are_enforced
);

async fn manager_scope_reaches_child_teams(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let boss = app
        .create_user(&admin.token, "region.boss", &["manager"], None)
        .await;
    let lead = app
        .create_user(&admin.token, "team.lead", &["manager"], None)
        .await;
    let rival = app
        .create_user(&admin.token, "rival.lead", &["manager"], None)
        .await;
    let region = app
        .create_team(&admin.token, "华东大区", Some(boss), None)
        .await;
    let branch = app
        .create_team(&admin.token, "上海分部", Some(lead), Some(region))
        .await;
    let south = app
        .create_team(&admin.token, "华南大区", Some(rival), None)
        .await;
    let in_branch = app
        .create_user(&admin.token, "sh.sales", &["salesperson"], Some(branch))
        .await;
    let in_south = app
        .create_user(&admin.token, "gz.sales", &["salesperson"], Some(south))
        .await;

    let boss_s = app.login("region.boss", PASSWORD).await;
    let lead_s = app.login("team.lead", PASSWORD).await;
    let rival_s = app.login("rival.lead", PASSWORD).await;
    // The regional manager sees the branch member through the child team.
    assert_eq!(
        app.get(&format!("/api/v1/users/{in_branch}"), &boss_s.token)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/api/v1/users/{in_branch}"), &lead_s.token)
            .await
            .status,
        StatusCode::OK
    );
    app.get(&format!("/api/v1/users/{in_branch}"), &rival_s.token)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/users/{in_south}"), &boss_s.token)
        .await
        .assert_problem(404, "not_found");
    // A manager lists the members of their teams (through child teams), nobody else.
    let listed = app.get("/api/v1/users?per_page=500", &boss_s.token).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let mut ids: Vec<i64> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert!(ids.contains(&in_branch) && ids.contains(&boss), "{ids:?}");
    assert!(!ids.contains(&in_south) && !ids.contains(&rival));
    // Team lists follow the same scope.
    let seen = app.get("/api/v1/teams", &boss_s.token).await;
    let ids: Vec<i64> = seen.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![region, branch]);
    app.get(&format!("/api/v1/teams/{south}"), &boss_s.token)
        .await
        .assert_problem(404, "not_found");
    let sales_s = app.login("sh.sales", PASSWORD).await;
    let own = app.get("/api/v1/teams", &sales_s.token).await;
    assert_eq!(own.body["total"], 1);
    assert_eq!(own.body["items"][0]["id"], branch);
    // Moving the branch under the south region moves it out of the boss's scope at once.
    let moved = app
        .patch(
            &format!("/api/v1/teams/{branch}"),
            &admin.token,
            json!({"parent_id": south}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    app.get(&format!("/api/v1/users/{in_branch}"), &boss_s.token)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get(&format!("/api/v1/users/{in_branch}"), &rival_s.token)
            .await
            .status,
        StatusCode::OK
    );
}

async fn team_tree_rules_are_enforced(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let sp = app
        .create_user(&admin.token, "not.manager", &["salesperson"], None)
        .await;
    let a = app.create_team(&admin.token, "A", None, None).await;
    let child = app.create_team(&admin.token, "B", None, Some(a)).await;
    let cycle = app
        .patch(
            &format!("/api/v1/teams/{a}"),
            &admin.token,
            json!({"parent_id": child}),
        )
        .await;
    cycle.assert_problem(422, "validation_failed");
    assert_eq!(cycle.error_fields(), vec!["parent_id"]);
    let own_parent = app
        .patch(
            &format!("/api/v1/teams/{a}"),
            &admin.token,
            json!({"parent_id": a}),
        )
        .await;
    own_parent.assert_problem(422, "validation_failed");
    let not_manager = app
        .post(
            "/api/v1/teams",
            &admin.token,
            json!({"name": "C", "manager_id": sp}),
        )
        .await;
    not_manager.assert_problem(422, "validation_failed");
    assert_eq!(not_manager.error_fields(), vec!["manager_id"]);
    let no_parent = app
        .post(
            "/api/v1/teams",
            &admin.token,
            json!({"name": "C", "parent_id": 999}),
        )
        .await;
    assert_eq!(no_parent.error_fields(), vec!["parent_id"]);
    let blank = app
        .post("/api/v1/teams", &admin.token, json!({"name": "   "}))
        .await;
    assert_eq!(blank.error_fields(), vec!["name"]);
    let renamed = app
        .patch(
            &format!("/api/v1/teams/{a}"),
            &admin.token,
            json!({"name": "华北", "region": null}),
        )
        .await;
    assert_eq!(renamed.body["name"], "华北");
    assert_eq!(renamed.body["region"], json!(null));
    let listed = app.get("/api/v1/teams", &admin.token).await;
    assert_eq!(listed.body["total"], 2);
}
