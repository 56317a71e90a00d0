//! Client-search benchmark (issue 3): seeds N clients and 10·N follow-ups over 200 salespeople,
//! starts the real server, and measures with 16 concurrent connections a salesperson's scoped
//! search by phone prefix and by Chinese name fragment, the due list, and `/healthz` (a bare
//! JSON endpoint of the same server) as the ceiling.
//!
//! ```text
//! cargo run --release -p salesops --example bench_clients -- sqlite 100000
//! cargo run --release -p salesops --example bench_clients -- postgres 100000
//! ```
//! Optional third and fourth arguments: seconds per scenario (default 5) and connections (16).
//! PostgreSQL: `SALESOPS_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/test`); the
//! run uses its own schema and drops it at the end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use salesops::db::{Backend, Db};
use salesops::state::AppState;

const SALESPEOPLE: i64 = 200;
const PASSWORD: &str = "bench-pass-123";

fn seed_sql(backend: Backend, clients: i64) -> String {
    let follow_ups = clients * 10;
    match backend {
        Backend::Sqlite => format!(
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {SALESPEOPLE})
             INSERT INTO users (username, display_name, password_hash, created_at, updated_at)
             SELECT 'bench.sp' || i, '业务员' || i, (SELECT password_hash FROM users WHERE username = 'admin'),
                    datetime('now'), datetime('now') FROM s;
             INSERT INTO user_roles (user_id, role) SELECT id, 'salesperson' FROM users WHERE username LIKE 'bench.sp%';
             WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {clients} - 1)
             INSERT INTO clients (name, company, phone, phone_norm, source, tier, stage, credit, owner_id,
                                  region, next_due, created_at, updated_at, version)
             SELECT substr('王李张刘陈杨黄赵吴周', i % 10 + 1, 1) || substr('伟芳强敏军洁磊静涛婷', (i / 10) % 10 + 1, 1) || (i / 100),
                    substr('上海杭州南京苏州宁波广州', (i % 6) * 2 + 1, 2) || '建材有限公司' || i,
                    '1' || (30 + i % 60) || printf('%08d', i), '1' || (30 + i % 60) || printf('%08d', i),
                    'other', CASE WHEN i % 5 = 0 THEN 'key' ELSE 'general' END, 'intent', 'normal',
                    (SELECT min(id) FROM users WHERE username LIKE 'bench.sp%') + i % {SALESPEOPLE},
                    '华东', date('now', (i % 30 - 10) || ' days'), datetime('now'), datetime('now'), 1
             FROM s;
             WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {follow_ups} - 1)
             INSERT INTO follow_ups (client_id, author_id, kind, occurred_at, occurred_on, summary, created_at)
             SELECT (SELECT min(id) FROM clients) + i % {clients},
                    (SELECT min(id) FROM users WHERE username LIKE 'bench.sp%') + (i % {clients}) % {SALESPEOPLE},
                    'call', datetime('now', '-' || (i % 56) || ' days'), date('now', '-' || (i % 56) || ' days'),
                    '电话跟进', datetime('now')
             FROM s;
             ANALYZE;"
        ),
        Backend::Postgres => format!(
            "INSERT INTO users (username, display_name, password_hash, created_at, updated_at)
             SELECT 'bench.sp' || i, '业务员' || i, (SELECT password_hash FROM users WHERE username = 'admin'),
                    now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc' FROM generate_series(1, {SALESPEOPLE}) AS s(i);
             INSERT INTO user_roles (user_id, role) SELECT id, 'salesperson' FROM users WHERE username LIKE 'bench.sp%';
             INSERT INTO clients (name, company, phone, phone_norm, source, tier, stage, credit, owner_id,
                                  region, next_due, created_at, updated_at, version)
             SELECT substr('王李张刘陈杨黄赵吴周', i % 10 + 1, 1) || substr('伟芳强敏军洁磊静涛婷', (i / 10) % 10 + 1, 1) || (i / 100),
                    substr('上海杭州南京苏州宁波广州', (i % 6) * 2 + 1, 2) || '建材有限公司' || i,
                    '1' || (30 + i % 60) || lpad(i::text, 8, '0'), '1' || (30 + i % 60) || lpad(i::text, 8, '0'),
                    'other', CASE WHEN i % 5 = 0 THEN 'key' ELSE 'general' END, 'intent', 'normal',
                    (SELECT min(id) FROM users WHERE username LIKE 'bench.sp%') + i % {SALESPEOPLE},
                    '华东', to_char(current_date + (i % 30 - 10), 'YYYY-MM-DD'),
                    now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc', 1
             FROM generate_series(0, {clients} - 1) AS s(i);
             INSERT INTO follow_ups (client_id, author_id, kind, occurred_at, occurred_on, summary, created_at)
             SELECT (SELECT min(id) FROM clients) + i % {clients},
                    (SELECT min(id) FROM users WHERE username LIKE 'bench.sp%') + (i % {clients}) % {SALESPEOPLE},
                    'call', (now() AT TIME ZONE 'utc') - (i % 56) * interval '1 day',
                    to_char(current_date - (i % 56), 'YYYY-MM-DD'), '电话跟进', now() AT TIME ZONE 'utc'
             FROM generate_series(0, {follow_ups} - 1) AS s(i);
             ANALYZE;"
        ),
    }
}

struct Stats {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: usize,
}

async fn measure(base: &str, path: &str, token: &str, conns: usize, secs: u64) -> Stats {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(conns)
        .build()
        .unwrap();
    let url = format!("{base}{path}");
    // Warm up.
    for _ in 0..20 {
        let _ = client
            .get(&url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await;
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (client, url, token) = (client.clone(), url.clone(), token.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                let res = client.get(&url).bearer_auth(&token).send().await;
                match res {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, e) = t.await.unwrap();
        all.extend(lat);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    Stats {
        rps: all.len() as f64 / elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        errors,
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let backend = match args.get(1).map(String::as_str) {
        Some("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    };
    let clients: i64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let secs: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(5);
    let conns: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(16);
    let dir =
        std::env::temp_dir().join(format!("salesops-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let (url, schema) = match backend {
        Backend::Sqlite => (format!("sqlite://{}", dir.join("bench.db").display()), None),
        Backend::Postgres => {
            use diesel::Connection;
            let base = std::env::var("SALESOPS_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
            let schema = format!("bench_{}", uuid::Uuid::new_v4().simple());
            let mut c = diesel::PgConnection::establish(&base).unwrap();
            c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
            (
                format!("{base}?options=-csearch_path%3D{schema}"),
                Some((base, schema)),
            )
        }
    };
    let db = Db::connect(&url, 16).unwrap();
    db.migrate().unwrap();
    let t = Instant::now();
    {
        let mut conn = db.get().unwrap();
        salesops::bootstrap::ensure_admin(&mut conn, Some(PASSWORD)).unwrap();
        conn.batch_execute(&seed_sql(backend, clients)).unwrap();
    }
    eprintln!(
        "seeded {clients} clients, {} follow-ups in {:.1}s",
        clients * 10,
        t.elapsed().as_secs_f64()
    );

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = salesops::config::Settings::from_env().unwrap();
    settings.database_url = url.clone();
    settings.data_dir = dir.clone();
    settings.jwt_secret = b"bench-secret-bench-secret-bench-secret".to_vec();
    settings.db_pool_size = 16;
    let state = AppState::new(db.clone(), settings);
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            salesops::app::serve(listener, state)
                .unwrap()
                .await
                .unwrap();
        })
    });
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "bench.sp7", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let token = login["access_token"].as_str().expect("login").to_owned();
    // bench.sp7 owns clients i ≡ 6 (mod 200): phones 1 + (30 + i % 60) + i as 8 digits.
    let prefix = "136000";
    let scenarios = [
        ("bare JSON (/healthz)", "/healthz".to_owned()),
        (
            "clients ?q=<phone prefix>",
            format!("/api/v1/clients?q={prefix}"),
        ),
        (
            "clients ?q=<Chinese fragment>",
            "/api/v1/clients?q=%E9%BB%84%E4%BC%9F".to_owned(),
        ),
        ("follow-ups/due", "/api/v1/follow-ups/due".to_owned()),
        (
            "clients (page of 50)",
            "/api/v1/clients?per_page=50".to_owned(),
        ),
        (
            "clients (page of 500)",
            "/api/v1/clients?per_page=500".to_owned(),
        ),
    ];
    println!("| backend | clients | scenario | req/s | p50 ms | p99 ms | errors |");
    println!("|---|---|---|---|---|---|---|");
    for (name, path) in scenarios {
        let s = measure(&base, &path, &token, conns, secs).await;
        println!(
            "| {backend:?} | {clients} | {name} | {:.0} | {:.2} | {:.2} | {} |",
            s.rps, s.p50, s.p99, s.errors
        );
    }
    if let Some((base, schema)) = schema {
        use diesel::Connection;
        let mut c = diesel::PgConnection::establish(&base).unwrap();
        let _ = c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
