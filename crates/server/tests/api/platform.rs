//! Operations, the browser app's fallback, OpenAPI drift, migration parity, compose file and
//! surviving a database outage.

use std::collections::{BTreeMap, BTreeSet};

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

/// Tokens of Rust source, enough to read paths: comments and literals are skipped.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let skip_string = |i: &mut usize| {
        // At the opening quote.
        *i += 1;
        while *i < chars.len() && chars[*i] != '"' {
            if chars[*i] == '\\' {
                *i += 1;
            }
            *i += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            skip_string(&mut i);
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                out.push(Token::Other);
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let raw_string = matches!(word.as_str(), "r" | "br")
                && matches!(chars.get(i), Some('"') | Some('#'));
            if raw_string {
                let mut hashes = 0;
                while chars.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                i += 1;
                loop {
                    if i >= chars.len() {
                        break;
                    }
                    if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                    i += 1;
                }
            } else if word == "b" && chars.get(i) == Some(&'"') {
                skip_string(&mut i);
            } else {
                out.push(Token::Ident(word));
            }
        } else if c == ':' && next == Some(':') {
            out.push(Token::PathSep);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Other,
                });
            }
            i += 1;
        }
    }
    out
}

/// The paths a use tree or an expression path starting at `toks[i]` names (groups expanded),
/// and where it ends.
fn path_tree(toks: &[Token], mut i: usize) -> (Vec<Vec<String>>, usize) {
    match toks.get(i) {
        Some(Token::Open) => {
            let mut all = Vec::new();
            i += 1;
            loop {
                match toks.get(i) {
                    None => return (all, i),
                    Some(Token::Close) => return (all, i + 1),
                    Some(Token::Comma) => i += 1,
                    _ => {
                        let (paths, end) = path_tree(toks, i);
                        all.extend(paths);
                        i = end.max(i + 1);
                        // Skip `as name` and anything else up to the next item.
                        while !matches!(toks.get(i), None | Some(Token::Comma) | Some(Token::Close))
                        {
                            i += 1;
                        }
                    }
                }
            }
        }
        Some(Token::Ident(name)) => {
            if toks.get(i + 1) == Some(&Token::PathSep) {
                let (rest, end) = path_tree(toks, i + 2);
                let rest = if rest.is_empty() { vec![vec![]] } else { rest };
                let paths = rest
                    .into_iter()
                    .map(|mut p| {
                        p.insert(0, name.clone());
                        p
                    })
                    .collect();
                (paths, end)
            } else {
                (vec![vec![name.clone()]], i + 1)
            }
        }
        // A glob, or `::<T>` and the like: the path so far.
        _ => (vec![vec![]], i),
    }
}

/// Every absolute module path a file names through `crate::…` and `super::…`, resolved from
/// where each occurs (`super` inside an inline `mod tests { … }` is the file's own module).
fn named_paths(file_module: &[String], text: &str) -> Vec<Vec<String>> {
    let toks = tokens(text);
    let mut out = Vec::new();
    // Inline modules open at a brace depth.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0_usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Token::Open => depth += 1,
            Token::Close => {
                depth = depth.saturating_sub(1);
                while inline.last().is_some_and(|(_, d)| *d > depth) {
                    inline.pop();
                }
            }
            Token::Ident(kw) if kw == "mod" => {
                if let (Some(Token::Ident(name)), Some(Token::Open)) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    inline.push((name.clone(), depth + 1));
                }
            }
            Token::Ident(start) if start == "crate" || start == "super" => {
                let continues_a_path = i > 0 && toks[i - 1] == Token::PathSep;
                if !continues_a_path && toks.get(i + 1) == Some(&Token::PathSep) {
                    let mut here: Vec<String> = file_module.to_vec();
                    here.extend(inline.iter().map(|(n, _)| n.clone()));
                    let (paths, end) = path_tree(&toks, i);
                    for path in paths {
                        let mut segs = path.into_iter().peekable();
                        let mut abs = if segs.peek().map(String::as_str) == Some("crate") {
                            segs.next();
                            Vec::new()
                        } else {
                            here.clone()
                        };
                        let mut segs: Vec<String> = segs.collect();
                        while segs.first().map(String::as_str) == Some("super") {
                            segs.remove(0);
                            abs.pop();
                        }
                        abs.extend(segs.into_iter().filter(|s| s != "self"));
                        out.push(abs);
                    }
                    i = end.max(i + 1);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The `.rs` files under `src` with their module paths (`a/mod.rs` is `a`, `a/b.rs` is
/// `a::b`, the crate roots are the empty path).
fn source_files(src: &std::path::Path) -> Vec<(Vec<String>, String)> {
    fn walk(dir: &std::path::Path, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut p = prefix.to_vec();
                p.push(name);
                walk(&path, &p, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let mut module = prefix.to_vec();
                let root = prefix.is_empty() && (stem == "lib" || stem == "main");
                if stem != "mod" && !root {
                    module.push(stem.to_owned());
                }
                out.push((module, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(src, &[], &mut out);
    out
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// A cycle of the graph, if it has one: its nodes in order, the first repeated at the end.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, stack) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

fn edge_count(graph: &Graph) -> usize {
    graph.values().map(BTreeSet::len).sum()
}

/// No two modules import each other in a circle: the server's top-level modules (a
/// directory or file under `src/`), and the browser app's files.
#[test]
fn modules_import_no_circles() {
    let toy: Graph = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(f, t)| (f.to_owned(), BTreeSet::from([t.to_owned()])))
        .collect();
    assert_eq!(
        find_cycle(&toy),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

    // The server, at top level.
    let files = source_files(std::path::Path::new(&format!("{root}/crates/server/src")));
    let top: BTreeSet<String> = files
        .iter()
        .filter_map(|(m, _)| m.first().cloned())
        .collect();
    let mut server = Graph::new();
    for (module, text) in files.iter().filter(|(m, _)| !m.is_empty()) {
        let from = &module[0];
        let edges = server.entry(from.clone()).or_default();
        for path in named_paths(module, text) {
            if let Some(to) = path.first().filter(|t| top.contains(*t) && *t != from) {
                edges.insert(to.clone());
            }
        }
    }
    assert!(server["clients"].contains("db"), "{server:?}");
    assert!(
        server["app"].contains("visits"),
        "grouped imports are read: {server:?}"
    );
    assert!(edge_count(&server) > 50, "{server:?}");
    if let Some(cycle) = find_cycle(&server) {
        panic!(
            "server modules import each other in a circle: {}",
            cycle.join(" → ")
        );
    }

    // The browser app, at file level.
    let files = source_files(std::path::Path::new(&format!("{root}/frontend/src")));
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _)| m.clone()).collect();
    let name = |m: &[String]| {
        if m.is_empty() {
            "crate".to_owned()
        } else {
            m.join("::")
        }
    };
    let mut frontend = Graph::new();
    for (module, text) in &files {
        let from = name(module);
        let edges = frontend.entry(from.clone()).or_default();
        for path in named_paths(module, text) {
            // The file module the path lies in: its longest prefix that is a file.
            let target = (0..=path.len())
                .rev()
                .map(|n| &path[..n])
                .find(|p| modules.contains(*p))
                .map(name);
            if let Some(to) = target.filter(|t| *t != from) {
                edges.insert(to);
            }
        }
    }
    assert!(edge_count(&frontend) > 50, "{frontend:?}");
    assert!(
        frontend["api::teams"].contains("api"),
        "`super::{{…}}` is read: {frontend:?}"
    );
    if let Some(cycle) = find_cycle(&frontend) {
        panic!(
            "browser app files import each other in a circle: {}",
            cycle.join(" → ")
        );
    }
}
