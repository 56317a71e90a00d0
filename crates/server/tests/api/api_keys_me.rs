//! `GET /me` through an API key (issue #14): the key itself (id, name, prefix, scopes,
//! expiry, never the secret) and the capabilities the key holds — its owner's intersected with
//! its scopes; a signed-in user has no key and their roles' capabilities.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::api_keys::{ApiScope, key_capabilities};
use salesops_domain::{Capability, Role};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(me_through_a_key_shows_the_key_and_its_capabilities);

fn names(caps: &[Capability]) -> Value {
    json!(caps.iter().map(|c| c.as_str()).collect::<Vec<_>>())
}

async fn me_through_a_key_shows_the_key_and_its_capabilities(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    let fin_id = app.seed_user("fin", &[Role::Finance], None);
    let sp_id = app.seed_user("sp", &[Role::Salesperson], None);
    let fin = app.login("fin", PASSWORD).await.token;

    // Signed in: no key, the roles' capabilities.
    let me = app.get("/api/v1/me", &fin).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["id"], fin_id);
    assert_eq!(me.body["username"], "fin");
    assert_eq!(me.body["api_key"], Value::Null);
    assert_eq!(
        me.body["capabilities"],
        names(&Capability::of(&[Role::Finance]))
    );
    assert!(me.text.contains("\"leavings:write\""), "{}", me.text);

    // Through a finance:read key that expires: the key, and only what its scope grants.
    let expires = (Utc::now() + Duration::days(30)).format("%Y-%m-%dT%H:%M:%SZ");
    let res = app
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "月度导出", "owner_id": fin_id, "scopes": ["finance:read"],
                   "expires_at": expires.to_string()}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let key = res.body["key"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/me", &key).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["id"], fin_id);
    assert_eq!(
        me.body["api_key"],
        json!({
            "id": res.body["id"],
            "name": "月度导出",
            "prefix": res.body["prefix"],
            "scopes": ["finance:read"],
            "expires_at": res.body["expires_at"],
        })
    );
    assert!(me.body["api_key"]["expires_at"].is_string());
    assert!(!me.text.contains(&key), "the key is never shown again");
    let expected = key_capabilities(&[Role::Finance], &[ApiScope::FinanceRead]);
    assert_eq!(me.body["capabilities"], names(&expected));
    for held in ["finance:read", "expenses:read", "pay:read"] {
        assert!(
            me.text.contains(&format!("\"{held}\"")),
            "{held}: {}",
            me.text
        );
    }
    // Finance files leavings and records payments when signed in; not through this key.
    for not_held in ["leavings:write", "payments:write", "teams:read"] {
        assert!(
            !me.text.contains(&format!("\"{not_held}\"")),
            "{not_held}: {}",
            me.text
        );
    }

    // A salesperson's key with a scope beyond the owner: the intersection, never more.
    let res = app
        .post(
            "/api/v1/api-keys",
            &admin,
            json!({"name": "crm sync", "owner_id": sp_id, "scopes": ["clients:write", "finance:read"]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let sp_key = res.body["key"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/me", &sp_key).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["api_key"]["expires_at"], Value::Null);
    assert_eq!(
        me.body["api_key"]["scopes"],
        json!(["clients:write", "finance:read"])
    );
    let expected = key_capabilities(
        &[Role::Salesperson],
        &[ApiScope::ClientsWrite, ApiScope::FinanceRead],
    );
    assert_eq!(me.body["capabilities"], names(&expected));
    let caps = me.body["capabilities"].as_array().unwrap();
    assert!(caps.contains(&json!("clients:write")), "{}", me.text);
    // Not the owner's (finance's), nor the scopes' (their plans).
    assert!(!caps.contains(&json!("finance:read")), "{}", me.text);
    assert!(!caps.contains(&json!("plans:write")), "{}", me.text);

    // Revoked: 401, as for any call.
    let id = res.body["id"].as_i64().unwrap();
    let revoked = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/api-keys/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert!(revoked.status.is_success(), "{}", revoked.text);
    app.get("/api/v1/me", &sp_key)
        .await
        .assert_problem(401, "invalid_token");
}
