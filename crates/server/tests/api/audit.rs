use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::json;

use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(every_write_leaves_an_audit_event);

async fn every_write_leaves_an_audit_event(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let created = app
        .post("/api/v1/users", &admin.token, json!({"username": "audited", "display_name": "审计", "password": "password-123", "roles": ["salesperson"]}))
        .await;
    let id = created.id();
    let create_request = created.header("x-request-id").unwrap();
    app.patch(
        &format!("/api/v1/users/{id}"),
        &admin.token,
        json!({"display_name": "审计二"}),
    )
    .await;
    app.post(
        &format!("/api/v1/users/{id}/disable"),
        &admin.token,
        json!({}),
    )
    .await;
    let team = app.create_team(&admin.token, "审计组", None, None).await;

    let events = app
        .get(
            &format!("/api/v1/audit-events?entity_type=user&entity_id={id}"),
            &admin.token,
        )
        .await;
    assert_eq!(events.status, StatusCode::OK, "{}", events.text);
    let items = events.body["items"].as_array().unwrap();
    let actions: Vec<&str> = items
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["user.disable", "user.update", "user.create"]);
    let create = &items[2];
    assert_eq!(create["actor_id"], admin.user_id);
    assert_eq!(create["before"], json!(null));
    assert_eq!(create["after"]["display_name"], "审计");
    assert_eq!(create["request_id"], create_request.as_str());
    assert!(
        !events.text.contains("argon2"),
        "password hashes never reach the trail"
    );
    let update = &items[1];
    assert_eq!(update["before"]["display_name"], "审计");
    assert_eq!(update["after"]["display_name"], "审计二");
    // Filters by actor and time, and team events.
    let by_actor = app
        .get(
            &format!("/api/v1/audit-events?actor_id={}", admin.user_id),
            &admin.token,
        )
        .await;
    assert_eq!(by_actor.body["total"], 4);
    let teams = app
        .get(
            &format!("/api/v1/audit-events?entity_type=team&entity_id={team}"),
            &admin.token,
        )
        .await;
    assert_eq!(teams.body["total"], 1);
    let future = app
        .get(
            "/api/v1/audit-events?from=2099-01-01T00:00:00Z",
            &admin.token,
        )
        .await;
    assert_eq!(future.body["total"], 0);
    let past = app
        .get("/api/v1/audit-events?to=2000-01-01T00:00:00Z", &admin.token)
        .await;
    assert_eq!(past.body["total"], 0);
    // A failed write leaves no event.
    app.post("/api/v1/users", &admin.token, json!({"username": "audited", "display_name": "x", "password": "password-123", "roles": ["hr"]})).await;
    let after = app
        .get(
            &format!("/api/v1/audit-events?actor_id={}", admin.user_id),
            &admin.token,
        )
        .await;
    assert_eq!(after.body["total"], 4);
}
