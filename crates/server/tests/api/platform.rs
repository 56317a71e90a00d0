//! Operations, the browser app's fallback, OpenAPI drift, migration parity, compose file and
//! surviving a database outage.

use std::collections::BTreeSet;

use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::{Backend, DbConn};

use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    health_readiness_and_metrics,
    browser_app_routes_fall_back_to_index,
    demo_mode_seeds_a_believable_company,
);

async fn health_readiness_and_metrics(b: Backend) {
    let app = TestApp::spawn(b).await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let admin = app.admin().await;
    app.get("/api/v1/users/1", &admin.token).await;
    app.get("/api/v1/users/9999", &admin.token).await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("# TYPE http_requests_total counter"));
    assert!(
        metrics.contains(
            r#"http_requests_total{method="GET",route="/api/v1/users/{id}",status="200"} 1"#
        ),
        "{metrics}"
    );
    assert!(metrics.contains(
        r#"http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"} 1"#
    ));
    assert!(metrics.contains(r#"http_request_duration_seconds_bucket{method="POST",route="/api/v1/auth/login",status="200",le="+Inf"} 1"#));
}

async fn browser_app_routes_fall_back_to_index(b: Backend) {
    let app = TestApp::spawn(b).await;
    for path in ["/", "/login", "/admin/users", "/admin/users/7"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.text().await.unwrap().contains("<div id=app>"), "{path}");
    }
    let escape = app
        .client
        .get(app.url("/..%2F..%2Fetc%2Fpasswd"))
        .send()
        .await
        .unwrap();
    assert!(!escape.text().await.unwrap().contains("root:"));
    let post = app.client.post(app.url("/login")).send().await.unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    // Interactive docs are served locally, with no CDN.
    let docs = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("https://"),
        "docs page loads something from the internet"
    );
    let spec = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    let spec: serde_json::Value = spec.json().await.unwrap();
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[test]
fn committed_openapi_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = salesops::app::openapi_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `cargo run -p salesops -- openapi > openapi/openapi.json`"
    );
    let spec: serde_json::Value = serde_json::from_str(&generated).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let public = path.ends_with("/auth/login") || path.ends_with("/auth/refresh");
            assert_eq!(
                op.get("security").is_some(),
                !public,
                "{method} {path}: security"
            );
            assert!(
                op["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .any(|k| k.starts_with('2')),
                "{method} {path}"
            );
        }
    }
}

#[derive(QueryableByName, Debug)]
struct ColumnRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    column_name: String,
}

fn columns(conn: &mut DbConn) -> BTreeSet<(String, String)> {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' \
             AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '__diesel_schema_migrations'"
        }
    };
    diesel::sql_query(sql)
        .load::<ColumnRow>(conn)
        .unwrap()
        .into_iter()
        .map(|r| (r.table_name, r.column_name))
        .collect()
}

#[test]
fn both_migration_trees_make_the_same_tables() {
    let sqlite = crate::support::TestDb::new(Backend::Sqlite);
    let pg = crate::support::TestDb::new(Backend::Postgres);
    let mut found = Vec::new();
    for db in [&sqlite, &pg] {
        let pool = salesops::db::Db::connect(&db.url, 1).unwrap();
        pool.migrate().unwrap();
        found.push(columns(&mut pool.get().unwrap()));
    }
    assert!(found[0].len() > 20, "{:?}", found[0]);
    let only_sqlite: Vec<_> = found[0].difference(&found[1]).collect();
    let only_pg: Vec<_> = found[1].difference(&found[0]).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:?}; only in PostgreSQL: {only_pg:?}"
    );
    // Every migration has a twin of the same name.
    let names = |dir: &str| -> BTreeSet<String> {
        std::fs::read_dir(format!(
            "{}/../../migrations/{dir}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
    };
    assert_eq!(names("sqlite"), names("postgres"));
}

#[test]
fn sqlite_enforces_foreign_keys() {
    let db = crate::support::TestDb::new(Backend::Sqlite);
    let pool = salesops::db::Db::connect(&db.url, 1).unwrap();
    pool.migrate().unwrap();
    let mut conn = pool.get().unwrap();
    let orphan = diesel::sql_query("INSERT INTO user_roles (user_id, role) VALUES (4242, 'admin')")
        .execute(&mut *conn);
    assert!(orphan.is_err(), "an orphan row was accepted");
}

/// PostgreSQL goes away: requests answer 503 (never 500, never hang), `/healthz` stays up, and
/// once the database is back everything works again without a restart.
#[actix_web::test]
async fn database_outage_answers_503_then_recovers() {
    use crate::support::{PgProxy, TestDb};
    let test_db = TestDb::new(Backend::Postgres);
    let mut proxy = PgProxy::start(0).await;
    let port = proxy.port;
    let url = test_db.url_via(port);
    let app = TestApp::spawn_on(test_db, &url).await;
    let admin = app.admin().await;
    assert_eq!(
        app.get("/api/v1/me", &admin.token).await.status,
        StatusCode::OK
    );

    proxy.stop().await;
    let down = app.get("/api/v1/me", &admin.token).await;
    down.assert_problem(503, "database_unavailable");
    assert!(down.header("retry-after").is_some());
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    app.login_raw("admin", crate::support::ADMIN_PASSWORD)
        .await
        .assert_problem(503, "database_unavailable");

    let _proxy = PgProxy::start(port).await;
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..20 {
        status = app.get("/api/v1/me", &admin.token).await.status;
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(
        status,
        StatusCode::OK,
        "the app did not recover after the database came back"
    );
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}

/// No Docker engine runs here, so the compose file is checked by reading it: the services, the
/// port, the health checks and that every setting it passes is one the server reads.
#[test]
fn compose_file_refers_to_real_settings() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let text = std::fs::read_to_string(format!("{root}/docker-compose.yml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let services = &doc["services"];
    let db = &services["db"];
    assert!(db["image"].as_str().unwrap().starts_with("postgres:"));
    let db_check = format!("{:?}", db["healthcheck"]["test"]);
    assert!(db_check.contains("pg_isready"), "{db_check}");

    let app = &services["salesops"];
    let dockerfile = app["build"]["dockerfile"].as_str().unwrap();
    let dockerfile_text = std::fs::read_to_string(format!("{root}/{dockerfile}")).unwrap();
    assert!(
        dockerfile_text.contains("cargo xtask web"),
        "the image must carry the browser app"
    );
    assert!(dockerfile_text.contains("EXPOSE 8080"));
    assert_eq!(app["depends_on"]["db"]["condition"], "service_healthy");
    let ports: Vec<&str> = app["ports"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(ports, vec!["8080:8080"]);
    let env = app["environment"].as_mapping().unwrap();
    for (key, _) in env {
        let key = key.as_str().unwrap();
        assert!(
            salesops::config::ENV_VARS.contains(&key),
            "compose sets `{key}`, which the server never reads"
        );
    }
    let bind = env[&serde_yaml::Value::from("SALESOPS_BIND")]
        .as_str()
        .unwrap();
    assert!(bind.ends_with(":8080"));
    let url = env[&serde_yaml::Value::from("SALESOPS_DATABASE_URL")]
        .as_str()
        .unwrap();
    assert!(
        url.starts_with("postgres://") && url.contains("@db:5432/"),
        "{url}"
    );
    assert_eq!(
        salesops::db::Backend::from_url(url),
        Ok(salesops::db::Backend::Postgres)
    );
    let check = format!("{:?}", app["healthcheck"]["test"]);
    assert!(check.contains("http://127.0.0.1:8080/readyz"), "{check}");
    // The README documents every setting.
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    for var in salesops::config::ENV_VARS {
        assert!(readme.contains(var), "README does not document {var}");
    }
}

/// Demo mode's data: the organisation, 200 clients, 8 weeks of plans, visits, spot-checks and
/// reports, all reachable through the API by the demo users.
async fn demo_mode_seeds_a_believable_company(b: Backend) {
    let app = TestApp::spawn(b).await;
    {
        let mut conn = app.db.get().unwrap();
        assert!(
            salesops::demo::seed_all(
                &mut conn,
                "demo-pass-2026",
                &std::sync::Arc::new(app.settings.clone())
            )
            .unwrap()
        );
        assert!(
            !salesops::demo::seed_all(
                &mut conn,
                "demo-pass-2026",
                &std::sync::Arc::new(app.settings.clone())
            )
            .unwrap(),
            "a second start seeds nothing"
        );
    }
    let admin = app.admin().await.token;
    assert_eq!(
        app.get("/api/v1/users?role=salesperson", &admin).await.body["total"],
        8
    );
    assert!(
        app.get("/api/v1/clients?per_page=1", &admin).await.body["total"]
            .as_i64()
            .unwrap()
            >= 200
    );
    let manager = app.login("zhang.wei", "demo-pass-2026").await.token;
    let week = salesops_domain::period::IsoWeek::of(
        (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive(),
    );
    let summary = app
        .get(
            &format!("/api/v1/plans/summary?week={}", week.prev()),
            &manager,
        )
        .await;
    assert_eq!(
        summary.body["people"].as_array().unwrap().len(),
        4,
        "{}",
        summary.text
    );
    assert!(summary.body["team"]["done_visits"].as_i64().unwrap() > 0);
    let states: Vec<String> = app.get("/api/v1/plans?per_page=500", &admin).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"].as_str().unwrap().to_owned())
        .collect();
    for state in ["draft", "submitted", "approved", "rejected"] {
        assert!(
            states.iter().any(|s| s == state),
            "no {state} plan in the demo"
        );
    }
    let checks = app.get("/api/v1/spot-checks?per_page=500", &admin).await;
    assert!(
        checks.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["result"] == "not_confirmed")
    );
    let reports = app.get("/api/v1/weekly-reports?per_page=500", &admin).await;
    let items = reports.body["items"].as_array().unwrap();
    assert!(items.iter().any(|r| r["late"] == true));
    assert!(items.iter().any(|r| r["state"] == "submitted"));
    assert!(items.len() < 64, "some weeks are missing a report");
    assert!(
        items.iter().any(|r| r["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["forced"] == true)),
        "one report zeroed by the false visit"
    );
    let status = app
        .get(
            &format!("/api/v1/weekly-reports/status?week={}", week.prev().prev()),
            &manager,
        )
        .await;
    assert_eq!(status.body["people"].as_array().unwrap().len(), 4);
    let salesperson = app.login("wang.fang", "demo-pass-2026").await.token;
    let due = app.get("/api/v1/follow-ups/due", &salesperson).await;
    assert_eq!(due.status, StatusCode::OK, "{}", due.text);
}

/// The real binary: first start on an empty database creates `admin` with a password printed
/// once, keeps a generated JWT secret in the database (shared by every instance), serves, and
/// stops cleanly on SIGTERM.
#[test]
fn binary_first_start_and_graceful_shutdown() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let dir = crate::support::TempDir::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log_path = dir.path.join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_salesops"))
        .env_clear()
        .env("SALESOPS_BIND", format!("127.0.0.1:{port}"))
        .env("SALESOPS_DATA_DIR", &dir.path)
        .env("SALESOPS_WEB_DIR", &dir.path)
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap();
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::Write;
            let _ = s.write_all(b"GET /readyz HTTP/1.0\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.0 200") {
                ready = true;
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        ready,
        "server never became ready: {}",
        std::fs::read_to_string(&log_path).unwrap_or_default()
    );
    assert!(
        dir.path.join("salesops.db").exists(),
        "the SQLite file lives in the data folder"
    );
    let secret: String = {
        use diesel::prelude::*;
        use salesops::db::schema::instance_secrets as s;
        let db = salesops::db::Db::connect(
            &format!("sqlite://{}", dir.path.join("salesops.db").display()),
            1,
        )
        .unwrap();
        s::table
            .find("jwt")
            .select(s::value)
            .first(&mut *db.get().unwrap())
            .unwrap()
    };
    assert!(secret.trim().len() >= 32);
    assert!(
        !dir.path.join("jwt-secret").exists(),
        "no secret file beside the database"
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "exit status {exit}");
    let text = std::fs::read_to_string(&log_path).unwrap();
    let generated = text
        .lines()
        .filter(|l| l.contains("generated password"))
        .count();
    assert_eq!(generated, 1, "{text}");
    assert!(text.contains("graceful shutdown"), "{text}");
    assert!(text.contains("stopped"));
    assert!(
        !text.contains(secret.trim()),
        "the JWT secret is never logged"
    );
}
