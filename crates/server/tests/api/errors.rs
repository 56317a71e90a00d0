//! Every error is problem+json with the right status; no request a client can send gets a 500.

use reqwest::{Method, StatusCode};
use salesops::db::Backend;
use serde_json::json;

use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(error_shapes, no_request_produces_a_server_error);

async fn error_shapes(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let raw = |method: Method, path: &str, ct: &str, body: Vec<u8>| {
        app.client
            .request(method, app.url(path))
            .bearer_auth(&admin.token)
            .header("content-type", ct)
            .body(body)
    };
    // Malformed JSON → 400.
    let res = crate::support::Resp::from(
        raw(
            Method::POST,
            "/api/v1/users",
            "application/json",
            b"{\"username\": ".to_vec(),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    res.assert_problem(400, "bad_request");
    assert!(
        res.body["detail"]
            .as_str()
            .unwrap()
            .contains("malformed JSON")
    );
    let trailing = crate::support::Resp::from(
        raw(
            Method::POST,
            "/api/v1/auth/login",
            "application/json",
            b"{\"username\":\"a\",\"password\":\"b\"} x".to_vec(),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    trailing.assert_problem(400, "bad_request");
    // Validation → 422 naming fields.
    let res = app
        .post(
            "/api/v1/auth/login",
            &admin.token,
            json!({"username": "", "password": "x"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["username"]);
    assert_eq!(res.body["errors"][0]["code"], "length");
    assert!(res.body["errors"][0]["message"].is_string());
    // Unknown route → 404; wrong method → 405 with Allow.
    app.get("/api/v1/no-such-thing", &admin.token)
        .await
        .assert_problem(404, "not_found");
    let res = app
        .request(Method::DELETE, "/api/v1/users", Some(&admin.token), None)
        .await;
    res.assert_problem(405, "method_not_allowed");
    assert_eq!(res.header("allow").as_deref(), Some("GET, POST"));
    let res = app
        .request(Method::PUT, "/api/v1/teams/1", Some(&admin.token), None)
        .await;
    assert_eq!(res.header("allow").as_deref(), Some("GET, PATCH"));
    // A path id that is not a number is simply not found.
    app.get("/api/v1/users/abc", &admin.token)
        .await
        .assert_problem(404, "not_found");
    // Body over 1 MiB → 413, whether declared or streamed.
    let big = format!(
        "{{\"username\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(1024 * 1024 + 10)
    );
    let res = crate::support::Resp::from(
        raw(
            Method::POST,
            "/api/v1/auth/login",
            "application/json",
            big.into_bytes(),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    res.assert_problem(413, "payload_too_large");
    // Wrong content type → 415.
    let res = crate::support::Resp::from(
        raw(
            Method::POST,
            "/api/v1/auth/login",
            "text/plain",
            b"{}".to_vec(),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    res.assert_problem(415, "unsupported_media_type");
    // Every answer carries a request id, and a sane one sent by the caller is kept.
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-123");
}

/// A property check: every route, every method, many malformed bodies and parameters, with
/// and without a token. None may answer 5xx.
async fn no_request_produces_a_server_error(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await;
    let api = salesops::app::openapi();
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"{}".to_vec(),
        b"\"text\"".to_vec(),
        b"{\"username\": 1e999}".to_vec(),
        b"{\"roles\": [null], \"team_id\": -9223372036854775808, \"parent_id\": 9223372036854775807}".to_vec(),
        b"{\"display_name\": \"\\u0000\\ud800\", \"manager_id\": 1.5}".to_vec(),
        format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
        vec![0xff, 0xfe, 0x00, 0x80],
        json!({"username": "fuzz.user", "password": "x", "refresh_token": "x", "current_password": "x",
               "new_password": "password-xyz", "display_name": "名字", "roles": ["admin"], "name": "n",
               "team_id": 1, "manager_id": 1, "parent_id": 1}).to_string().into_bytes(),
    ];
    let ids = ["1", "0", "-1", "99999999999999999999", "%00", "abc"];
    let queries = [
        "",
        "?page=0",
        "?per_page=100000",
        "?page=-1&per_page=x",
        "?role=boss&team_id=x&disabled=2",
        "?from=yesterday&to=2026-13-45T99:00:00Z",
        "?q=%25%5F%5C",
        "?actor_id=1&entity_type=user",
    ];
    let mut checked = 0;
    for (path, _) in api.paths.paths.iter() {
        let variants: &[&str] = if path.contains("{id}") {
            &ids
        } else {
            &ids[..1]
        };
        for id in variants {
            let concrete = path.replace("{id}", id);
            for method in [
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ] {
                for (i, body) in bodies.iter().enumerate() {
                    // Signing out would end the admin's session for the rest of the run.
                    let signs_out = concrete.ends_with("/auth/logout");
                    let token = (i % 2 == 0 && !signs_out).then_some(admin.token.as_str());
                    let query = queries[i % queries.len()];
                    let mut req = app
                        .client
                        .request(method.clone(), app.url(&format!("{concrete}{query}")))
                        .header("content-type", "application/json")
                        .body(body.clone());
                    if let Some(t) = token {
                        req = req.bearer_auth(t);
                    }
                    let res = req.send().await.unwrap();
                    let status = res.status();
                    let text = res.text().await.unwrap_or_default();
                    assert!(
                        !status.is_server_error(),
                        "{method} {concrete}{query} body #{i} → {status}: {text}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} requests checked");
    // And the app still works afterwards.
    assert_eq!(
        app.get("/api/v1/me", &app.admin().await.token).await.status,
        StatusCode::OK
    );
}
