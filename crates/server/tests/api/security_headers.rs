//! Security headers on every response: the browser app, the API (answers and errors) and the
//! interactive docs.

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops::http::security_headers::{APP_POLICY, DOCS_INLINE_STYLE, DOCS_POLICY};

use crate::support::{Resp, TestApp};

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> Resp {
    app.request(reqwest::Method::GET, path, token, None).await
}

fn assert_headers(res: &Resp, path: &str, policy: &str) {
    assert_eq!(
        res.header("content-security-policy").as_deref(),
        Some(policy),
        "{path}"
    );
    assert_eq!(
        res.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{path}"
    );
    assert_eq!(
        res.header("referrer-policy").as_deref(),
        Some("same-origin"),
        "{path}"
    );
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let admin = app.admin().await;
    let policy = APP_POLICY.as_str();
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    // The browser app, one of its client routes, and a missing file.
    for path in ["/", "/clients/42", "/pkg/none.js"] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_headers(&res, path, policy);
    }
    // The API: an answer, a refusal, an unknown path, a method not allowed.
    let res = get(&app, "/api/v1/me", Some(&admin.token)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_headers(&res, "/api/v1/me", policy);
    let res = get(&app, "/api/v1/me", None).await;
    res.assert_problem(401, "unauthenticated");
    assert_headers(&res, "/api/v1/me (401)", policy);
    let res = get(&app, "/api/v1/nothing", Some(&admin.token)).await;
    res.assert_problem(404, "not_found");
    assert_headers(&res, "/api/v1/nothing", policy);
    let res = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/me",
            Some(&admin.token),
            None,
        )
        .await;
    res.assert_problem(405, "method_not_allowed");
    assert_headers(&res, "DELETE /api/v1/me", policy);
    for path in ["/healthz", "/api/v1/openapi.json"] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_headers(&res, path, policy);
    }
    // Swagger UI: its page, its files, and the redirect to it.
    for path in [
        "/docs/",
        "/docs/swagger-ui.css",
        "/docs/swagger-initializer.js",
    ] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_headers(&res, path, &DOCS_POLICY);
    }
    let res = get(&app, "/docs", None).await;
    assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
    assert_headers(&res, "/docs", &DOCS_POLICY);
    // The one inline style the docs policy allows by its hash is still the one Swagger UI
    // writes (a new Swagger UI may change it: then its logo loses its colours, and this fails).
    let preset = get(&app, "/docs/swagger-ui-standalone-preset.js", None).await;
    let written = format!("createElement(\"style\",null,\"{DOCS_INLINE_STYLE}\")");
    assert!(
        preset.text.contains(&written),
        "swagger-ui-standalone-preset.js no longer writes the inline style DOCS_POLICY allows"
    );
    // Swagger UI's page loads only files of its own, no inline script.
    let page = get(&app, "/docs/", None).await.text;
    assert!(page.contains("swagger-initializer.js"), "{page}");
    assert!(!page.contains("<script>"), "{page}");
}
