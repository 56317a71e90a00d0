use base64::Engine as _;
use reqwest::{Method, StatusCode};
use salesops::db::Backend;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{ADMIN_PASSWORD, PASSWORD, TestApp};

on_both_backends!(
    login_returns_tokens_and_user,
    wrong_password_and_unknown_user_look_the_same,
    five_failures_throttle_the_username,
    expired_tampered_and_foreign_tokens_are_refused,
    refresh_rotates_and_reuse_revokes_the_chain,
    logout_ends_the_session,
    disabled_user_is_locked_out_at_once,
    password_change_requires_the_current_one,
);

async fn login_returns_tokens_and_user(b: Backend) {
    let app = TestApp::spawn(b).await;
    let res = app.login_raw("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["token_type"], "Bearer");
    assert_eq!(res.body["expires_in"], 900);
    assert_eq!(res.body["user"]["username"], "admin");
    assert_eq!(res.body["user"]["roles"], json!(["admin"]));
    assert!(res.body["user"].get("password_hash").is_none());
    assert!(!res.text.contains("argon2"));
    // The access token is a JWT with the documented claims.
    let token = res.str("access_token");
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[0])
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "HS256");
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    for key in ["sub", "roles", "exp", "iat", "jti"] {
        assert!(claims.get(key).is_some(), "claim {key} missing: {claims}");
    }
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["username"], "admin");
    // Usernames are case-insensitive at sign-in.
    assert_eq!(
        app.login_raw("ADMIN", ADMIN_PASSWORD).await.status,
        StatusCode::OK
    );
}

async fn wrong_password_and_unknown_user_look_the_same(b: Backend) {
    let app = TestApp::spawn(b).await;
    let wrong = app.login_raw("admin", "not-the-password").await;
    let unknown = app.login_raw("nobody", "not-the-password").await;
    wrong.assert_problem(401, "invalid_credentials");
    unknown.assert_problem(401, "invalid_credentials");
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("request_id");
        v
    };
    assert_eq!(strip(wrong.body.clone()), strip(unknown.body.clone()));
    let missing = app.request(Method::GET, "/api/v1/me", None, None).await;
    missing.assert_problem(401, "unauthenticated");
    assert_eq!(
        missing.header("www-authenticate").as_deref(),
        Some("Bearer")
    );
}

async fn five_failures_throttle_the_username(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    app.create_user(&admin.token, "li.wei", &["salesperson"], None)
        .await;
    for _ in 0..5 {
        app.login_raw("li.wei", "wrong-password")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    // The sixth attempt is refused even with the right password, and says when to come back.
    let blocked = app.login_raw("li.wei", PASSWORD).await;
    blocked.assert_problem(429, "too_many_attempts");
    let retry: i64 = blocked.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "retry-after {retry}");
    // Unknown usernames are throttled the same way, so the answer reveals nothing.
    for _ in 0..5 {
        app.login_raw("ghost", "x-password").await;
    }
    app.login_raw("ghost", "x-password")
        .await
        .assert_problem(429, "too_many_attempts");
    // Other usernames are unaffected.
    assert_eq!(
        app.login_raw("admin", ADMIN_PASSWORD).await.status,
        StatusCode::OK
    );
}

fn sign(claims: &serde_json::Value, secret: &[u8], alg: jsonwebtoken::Algorithm) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(alg),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

async fn expired_tampered_and_foreign_tokens_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let secret = app.settings.jwt_secret.clone().unwrap_or_default();
    let now = chrono::Utc::now().timestamp();
    let claims = |exp: i64| json!({"sub": admin.user_id.to_string(), "roles": ["admin"], "iat": now - 1000, "exp": exp, "jti": "x", "sid": 1});
    // A correctly signed token works...
    let fresh = sign(&claims(now + 60), &secret, jsonwebtoken::Algorithm::HS256);
    assert_eq!(app.get("/api/v1/me", &fresh).await.status, StatusCode::OK);
    // ...until it expires: 10 seconds past `exp` is beyond the 5-second leeway.
    let expired = sign(&claims(now - 10), &secret, jsonwebtoken::Algorithm::HS256);
    app.get("/api/v1/me", &expired)
        .await
        .assert_problem(401, "token_expired");
    // Another algorithm with the same secret is refused (HS256 is pinned).
    let hs512 = sign(&claims(now + 60), &secret, jsonwebtoken::Algorithm::HS512);
    app.get("/api/v1/me", &hs512)
        .await
        .assert_problem(401, "invalid_token");
    // Another secret.
    let foreign = sign(
        &claims(now + 60),
        b"some-other-secret-of-enough-length",
        jsonwebtoken::Algorithm::HS256,
    );
    app.get("/api/v1/me", &foreign)
        .await
        .assert_problem(401, "invalid_token");
    // `alg: none` with no signature.
    let enc = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let none = format!(
        "{}.{}.",
        enc(&json!({"alg": "none", "typ": "JWT"})),
        enc(&claims(now + 60))
    );
    app.get("/api/v1/me", &none)
        .await
        .assert_problem(401, "invalid_token");
    // A real token whose payload was edited to claim another user.
    let parts: Vec<&str> = admin.token.split('.').collect();
    let mut payload: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    payload["sub"] = json!("999");
    let tampered = format!("{}.{}.{}", parts[0], enc(&payload), parts[2]);
    app.get("/api/v1/me", &tampered)
        .await
        .assert_problem(401, "invalid_token");
    app.get("/api/v1/me", "garbage")
        .await
        .assert_problem(401, "invalid_token");
}

async fn refresh_rotates_and_reuse_revokes_the_chain(b: Backend) {
    let app = TestApp::spawn(b).await;
    let first = app.admin().await;
    let rotated = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(&json!({"refresh_token": first.refresh})),
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let second_refresh = rotated.str("refresh_token");
    let second_access = rotated.str("access_token");
    assert_ne!(second_refresh, first.refresh);
    assert_eq!(
        app.get("/api/v1/me", &second_access).await.status,
        StatusCode::OK
    );
    // Replaying the first token: refused, and the whole chain is revoked.
    let replay = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(&json!({"refresh_token": first.refresh})),
        )
        .await;
    replay.assert_problem(401, "refresh_token_reused");
    let descendant = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(&json!({"refresh_token": second_refresh})),
        )
        .await;
    assert_eq!(descendant.status, StatusCode::UNAUTHORIZED);
    app.get("/api/v1/me", &second_access)
        .await
        .assert_problem(401, "session_revoked");
    // Another sign-in is unaffected.
    let other = app.admin().await;
    assert_eq!(
        app.get("/api/v1/me", &other.token).await.status,
        StatusCode::OK
    );
    let bogus = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(&json!({"refresh_token": "made-up"})),
        )
        .await;
    bogus.assert_problem(401, "invalid_refresh_token");
}

async fn logout_ends_the_session(b: Backend) {
    let app = TestApp::spawn(b).await;
    let s = app.admin().await;
    let other = app.admin().await;
    let out = app
        .request(Method::POST, "/api/v1/auth/logout", Some(&s.token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    app.get("/api/v1/me", &s.token)
        .await
        .assert_problem(401, "session_revoked");
    let refresh = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(&json!({"refresh_token": s.refresh})),
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/v1/me", &other.token).await.status,
        StatusCode::OK
    );
}

async fn disabled_user_is_locked_out_at_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let id = app
        .create_user(&admin.token, "wang.fang", &["salesperson"], None)
        .await;
    let user = app.login("wang.fang", PASSWORD).await;
    assert_eq!(
        app.get("/api/v1/me", &user.token).await.status,
        StatusCode::OK
    );
    let res = app
        .post(
            &format!("/api/v1/users/{id}/disable"),
            &admin.token,
            json!({}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.body["disabled"], true);
    // The token issued before is dead now, not in 15 minutes.
    app.get("/api/v1/me", &user.token)
        .await
        .assert_problem(401, "session_revoked");
    app.login_raw("wang.fang", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    let refresh = app
        .request(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(&json!({"refresh_token": user.refresh})),
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    // Enabled again, the user can sign in.
    let res = app
        .post(
            &format!("/api/v1/users/{id}/enable"),
            &admin.token,
            json!({}),
        )
        .await;
    assert_eq!(res.body["disabled"], false);
    app.login("wang.fang", PASSWORD).await;
}

async fn password_change_requires_the_current_one(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    app.create_user(&admin.token, "chen.jing", &["salesperson"], None)
        .await;
    let s = app.login("chen.jing", PASSWORD).await;
    let other_device = app.login("chen.jing", PASSWORD).await;
    let wrong = app
        .put(
            "/api/v1/me/password",
            &s.token,
            json!({"current_password": "nope-nope", "new_password": "brand-new-pass"}),
        )
        .await;
    wrong.assert_problem(422, "validation_failed");
    assert_eq!(wrong.error_fields(), vec!["current_password"]);
    let short = app
        .put(
            "/api/v1/me/password",
            &s.token,
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    short.assert_problem(422, "validation_failed");
    assert_eq!(short.error_fields(), vec!["new_password"]);
    let ok = app
        .put(
            "/api/v1/me/password",
            &s.token,
            json!({"current_password": PASSWORD, "new_password": "brand-new-pass"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.text);
    app.login_raw("chen.jing", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.login("chen.jing", "brand-new-pass").await;
    // This session stays; the other device is signed out.
    assert_eq!(app.get("/api/v1/me", &s.token).await.status, StatusCode::OK);
    app.get("/api/v1/me", &other_device.token)
        .await
        .assert_problem(401, "session_revoked");
}
