//! API keys over HTTP (issue #14): created by admin and shown once, scoped, never beyond the
//! owner, revoked at once (by admin, with the owner disabled or handed over), expired.

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use salesops::db::Backend;
use salesops::db::schema::api_keys;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::money::{Money, line};
use crate::on_both_backends;
use crate::support::{PASSWORD, Team, TestApp};

on_both_backends!(
    api_keys_finance_key_reads_money_but_not_clients,
    api_keys_never_exceed_their_owner,
    api_keys_client_scopes_read_and_write_as_the_owner,
    api_keys_revoked_expired_disabled_and_handed_over_stop,
    api_keys_cannot_manage_keys_or_users,
    api_keys_requests_are_checked,
);

/// Creates a key as admin; returns the whole answer (with the key).
async fn create_key(app: &TestApp, admin: &str, owner: i64, scopes: Value) -> Value {
    let res = app
        .post(
            "/api/v1/api-keys",
            admin,
            json!({"name": "nightly export", "owner_id": owner, "scopes": scopes}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "create key: {}", res.text);
    res.body
}

fn key_of(created: &Value) -> String {
    created["key"].as_str().expect("key").to_owned()
}

async fn api_keys_finance_key_reads_money_but_not_clients(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let (plan, _) = m
        .approved_plan(&t.sp1, "2026-W49", json!({"travel": 500000}), &[])
        .await;
    m.claim(
        &t.sp1,
        json!({"plan_id": plan, "lines": [line("2026-12-01", "travel", 30000)]}),
    )
    .await;
    let created = create_key(app, &t.admin, m.fin_id, json!(["finance:read"])).await;
    let key = key_of(&created);
    assert!(key.starts_with("sok_"), "{key}");
    assert!(key.contains(created["prefix"].as_str().expect("prefix")));
    assert_eq!(created["scopes"], json!(["finance:read"]));
    assert_eq!(created["owner_id"], m.fin_id);

    let claims = app.get("/api/v1/expense-claims", &key).await;
    assert_eq!(claims.status, StatusCode::OK, "{}", claims.text);
    assert_eq!(claims.body["total"], 1);
    let report = app
        .get("/api/v1/reports/expenses?group_by=person", &key)
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let clients = app.get("/api/v1/clients", &key).await;
    clients.assert_problem(403, "forbidden");
    assert!(clients.text.contains("clients:read"), "{}", clients.text);
    // A key writes nothing with a read scope.
    app.post(
        "/api/v1/expense-claims",
        &key,
        json!({"plan_id": plan, "lines": [line("2026-12-02", "travel", 100)]}),
    )
    .await
    .assert_problem(403, "forbidden");

    // `GET /me` is the owner, with the key's scopes; a key is not a session.
    let me = app.get("/api/v1/me", &key).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["id"], m.fin_id);
    app.post("/api/v1/auth/logout", &key, json!({}))
        .await
        .assert_problem(403, "forbidden");
    app.put(
        "/api/v1/me/password",
        &key,
        json!({"current_password": PASSWORD, "new_password": "another-password-1"}),
    )
    .await
    .assert_problem(403, "forbidden");

    // The key is in the create answer only; the database holds its hash alone.
    let id = created["id"].as_i64().expect("id");
    let one = app.get(&format!("/api/v1/api-keys/{id}"), &t.admin).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    assert!(one.body.get("key").is_none(), "{}", one.text);
    assert!(!one.text.contains(&key));
    // Used once, so last used is set (to the minute).
    assert!(one.body["last_used_at"].is_string(), "{}", one.text);
    let list = app.get("/api/v1/api-keys", &t.admin).await;
    assert_eq!(list.body["total"], 1, "{}", list.text);
    assert!(!list.text.contains(&key));
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=api_key&entity_id={id}"),
            &t.admin,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.text);
    assert!(!audit.text.contains(&key));
    let secret = key.rsplit('_').next().expect("secret").to_owned();
    let mut conn = app.db.get().expect("connection");
    let rows: Vec<(String, String, String, String)> = api_keys::table
        .select((
            api_keys::name,
            api_keys::prefix,
            api_keys::key_hash,
            api_keys::scopes_json,
        ))
        .load(&mut conn)
        .expect("rows");
    assert_eq!(rows.len(), 1);
    for (name, prefix, hash, scopes) in &rows {
        for stored in [name, prefix, hash, scopes] {
            assert!(
                !stored.contains(&secret) && !stored.contains(&key),
                "{stored}"
            );
        }
        assert_eq!(hash.len(), 64);
    }
}

async fn api_keys_never_exceed_their_owner(b: Backend) {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let (plan, _) = m
        .approved_plan(&t.sp1, "2026-W49", json!({"travel": 500000}), &[])
        .await;
    let claim = m
        .claim(
            &t.sp1,
            json!({"plan_id": plan, "lines": [line("2026-12-01", "travel", 30000)]}),
        )
        .await;
    // A salesperson of another team, with every money scope.
    let rival_boss = app.seed_user("rival", &[Role::Manager], None);
    let south = app.seed_team("华南", Some(rival_boss), None);
    let other = app.seed_user("south.sp", &[Role::Salesperson], Some(south));
    let key = key_of(
        &create_key(
            app,
            &t.admin,
            other,
            json!(["finance:read", "finance:write"]),
        )
        .await,
    );
    let id = claim["id"].as_i64().expect("id");
    app.get(&format!("/api/v1/expense-claims/{id}"), &key)
        .await
        .assert_problem(404, "not_found");
    let own = app.get("/api/v1/expense-claims", &key).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text);
    assert_eq!(own.body["total"], 0);
    let report = app
        .get("/api/v1/reports/expenses?group_by=person", &key)
        .await;
    report.assert_problem(403, "forbidden");
    // The owner's manager reads the claim with a key of theirs, as they would signed in.
    let boss_key = key_of(&create_key(app, &t.admin, t.boss_id, json!(["finance:read"])).await);
    let seen = app
        .get(&format!("/api/v1/expense-claims/{id}"), &boss_key)
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
}

async fn api_keys_client_scopes_read_and_write_as_the_owner(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let read = key_of(&create_key(&app, &t.admin, t.sp1_id, json!(["clients:read"])).await);
    let body = json!({"name": "王经理", "company": "钥匙公司", "phone": "13900001111"});
    let list = app.get("/api/v1/clients", &read).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let refused = app.post("/api/v1/clients", &read, body.clone()).await;
    refused.assert_problem(403, "forbidden");
    assert!(refused.text.contains("clients:write"), "{}", refused.text);
    // Plans are another scope.
    app.get("/api/v1/plans", &read)
        .await
        .assert_problem(403, "forbidden");

    let write = key_of(&create_key(&app, &t.admin, t.sp1_id, json!(["clients:write"])).await);
    let created = app.post("/api/v1/clients", &write, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.id();
    let seen = app.get(&format!("/api/v1/clients/{id}"), &read).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=client&entity_id={id}"),
            &t.admin,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.text);
    assert_eq!(
        audit.body["items"][0]["actor_id"], t.sp1_id,
        "{}",
        audit.text
    );
}

async fn api_keys_revoked_expired_disabled_and_handed_over_stop(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let revoked = create_key(&app, &t.admin, t.sp1_id, json!(["clients:read"])).await;
    let key = key_of(&revoked);
    assert_eq!(
        app.get("/api/v1/clients", &key).await.status,
        StatusCode::OK
    );
    let id = revoked["id"].as_i64().expect("id");
    let path = format!("/api/v1/api-keys/{id}");
    for _ in 0..2 {
        let res = app
            .request(Method::DELETE, &path, Some(&t.admin), None)
            .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    }
    let res = app.get("/api/v1/clients", &key).await;
    res.assert_problem(401, "invalid_token");
    assert_eq!(res.header("www-authenticate").as_deref(), Some("Bearer"));
    assert!(app.get(&path, &t.admin).await.body["revoked_at"].is_string());
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=api_key&entity_id={id}"),
            &t.admin,
        )
        .await;
    assert_eq!(
        audit.body["total"], 2,
        "create and one revoke: {}",
        audit.text
    );

    // Expired: the clock passes `expires_at`.
    let expiring = app
        .post(
            "/api/v1/api-keys",
            &t.admin,
            json!({"name": "short", "owner_id": t.sp1_id, "scopes": ["clients:read"],
                   "expires_at": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(expiring.status, StatusCode::CREATED, "{}", expiring.text);
    let key = key_of(&expiring.body);
    assert_eq!(
        app.get("/api/v1/clients", &key).await.status,
        StatusCode::OK
    );
    let past = salesops::clock::now() - chrono::Duration::seconds(1);
    let mut conn = app.db.get().expect("connection");
    diesel::update(api_keys::table.find(expiring.id()))
        .set(api_keys::expires_at.eq(Some(past)))
        .execute(&mut conn)
        .expect("expire");
    app.get("/api/v1/clients", &key)
        .await
        .assert_problem(401, "invalid_token");

    // Disabling the owner stops the key at once and revokes it for good.
    let sp2 = app.seed_user("sp.keys", &[Role::Salesperson], Some(t.team_id));
    let created = create_key(&app, &t.admin, sp2, json!(["clients:read"])).await;
    let key = key_of(&created);
    assert_eq!(
        app.get("/api/v1/clients", &key).await.status,
        StatusCode::OK
    );
    let res = app
        .post(&format!("/api/v1/users/{sp2}/disable"), &t.admin, json!({}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    app.get("/api/v1/clients", &key)
        .await
        .assert_problem(401, "invalid_token");
    let listed = app
        .get(&format!("/api/v1/api-keys?owner_id={sp2}"), &t.admin)
        .await;
    assert!(
        listed.body["items"][0]["revoked_at"].is_string(),
        "{}",
        listed.text
    );
    let res = app
        .post(&format!("/api/v1/users/{sp2}/enable"), &t.admin, json!({}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    app.get("/api/v1/clients", &key)
        .await
        .assert_problem(401, "invalid_token");

    // A handover of the owner's records revokes their keys in the same step.
    let created = create_key(&app, &t.admin, t.sp1_id, json!(["clients:read"])).await;
    let key = key_of(&created);
    assert_eq!(
        app.get("/api/v1/clients", &key).await.status,
        StatusCode::OK
    );
    let sp2_id = app.get("/api/v1/me", &t.sp2).await.body["id"]
        .as_i64()
        .expect("sp2");
    let res = app
        .post(
            "/api/v1/handovers",
            &t.admin,
            json!({"from_user_id": t.sp1_id, "to_user_id": sp2_id}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    app.get("/api/v1/clients", &key)
        .await
        .assert_problem(401, "invalid_token");
    let one = app
        .get(&format!("/api/v1/api-keys/{}", created["id"]), &t.admin)
        .await;
    assert!(one.body["revoked_at"].is_string(), "{}", one.text);
}

async fn api_keys_cannot_manage_keys_or_users(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let admin_id = app.get("/api/v1/me", &t.admin).await.body["id"].clone();
    let every: Vec<&str> = salesops_domain::api_keys::ApiScope::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let created = create_key(
        &app,
        &t.admin,
        admin_id.as_i64().expect("admin"),
        json!(every),
    )
    .await;
    let key = key_of(&created);
    let new_key = json!({"name": "more", "owner_id": admin_id, "scopes": ["clients:read"]});
    app.post("/api/v1/api-keys", &key, new_key)
        .await
        .assert_problem(403, "forbidden");
    app.get("/api/v1/api-keys", &key)
        .await
        .assert_problem(403, "forbidden");
    app.request(
        Method::DELETE,
        &format!("/api/v1/api-keys/{}", created["id"]),
        Some(&key),
        None,
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        "/api/v1/users",
        &key,
        json!({"username": "intruder", "display_name": "X", "password": "long-enough-1",
               "roles": ["admin"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get("/api/v1/users", &key)
        .await
        .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/users/{}/disable", t.sp1_id),
        &key,
        json!({}),
    )
    .await
    .assert_problem(403, "forbidden");
    // What its scopes do grant, it does (an admin owner reads every client).
    assert_eq!(
        app.get("/api/v1/clients", &key).await.status,
        StatusCode::OK
    );
}

async fn api_keys_requests_are_checked(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 2).await;
    let post = |body: Value, token: String| {
        let app = &app;
        async move { app.post("/api/v1/api-keys", &token, body).await }
    };
    let res = post(
        json!({"name": "x", "owner_id": t.sp1_id, "scopes": ["users:manage"]}),
        t.admin.clone(),
    )
    .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["scopes[0]"]);
    let res = post(
        json!({"name": "x", "owner_id": t.sp1_id, "scopes": ["clients:read"], "admin": true}),
        t.admin.clone(),
    )
    .await;
    assert_eq!(res.status.as_u16(), 422, "{}", res.text);
    assert_eq!(res.error_fields(), ["admin"]);
    let res = post(
        json!({"name": "x", "owner_id": t.sp1_id, "scopes": ["clients:read"],
               "expires_at": "2020-01-01T00:00:00Z"}),
        t.admin.clone(),
    )
    .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), ["expires_at"]);
    let res = post(
        json!({"name": "x", "owner_id": 999_999, "scopes": ["clients:read"]}),
        t.admin.clone(),
    )
    .await;
    assert_eq!(res.error_fields(), ["owner_id"]);
    let res = post(
        json!({"name": "x", "owner_id": t.sp1_id, "scopes": []}),
        t.admin.clone(),
    )
    .await;
    assert_eq!(res.error_fields(), ["scopes"]);
    // Only admin manages keys.
    for token in [&t.sp1, &t.boss] {
        post(
            json!({"name": "x", "owner_id": t.sp1_id, "scopes": ["clients:read"]}),
            token.clone(),
        )
        .await
        .assert_problem(403, "forbidden");
        app.get("/api/v1/api-keys", token)
            .await
            .assert_problem(403, "forbidden");
    }
    // A made-up key is 401 like a bad token.
    let res = app
        .get("/api/v1/clients", "sok_0123456789_not-a-real-secret")
        .await;
    res.assert_problem(401, "invalid_token");
    app.get("/api/v1/api-keys/999999", &t.admin)
        .await
        .assert_problem(404, "not_found");
}
