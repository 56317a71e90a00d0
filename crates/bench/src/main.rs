//! `salesops-bench`: seeds a large database (salespeople, clients, follow-ups) and measures, against
//! the real server started in-process, the scoped client search by phone prefix and by Chinese
//! name fragment, the due list, and `/healthz` as the ceiling. See `docs/benchmarks.md`.
//!
//! ```text
//! cargo run --release -p salesops-bench -- --backend sqlite,postgres --clients 10000,100000
//! ```

mod load;
mod seed;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use salesops::config::Settings;
use salesops::db::{Backend, Db};
use salesops::state::AppState;

use crate::load::Stats;

const HELP: &str = "\
salesops-bench: seed a large database and measure the client search, the due list and /healthz

Options (defaults in brackets):
  --backend LIST               sqlite, postgres or both: sqlite,postgres [sqlite,postgres]
  --clients LIST               client counts, one seeded database each [10000,100000]
  --follow-ups-per-client N    follow-ups per client (100000 clients -> 1000000) [10]
  --salespeople N              salespeople, in teams of 10 with a manager each [200]
  --duration SECS              measured seconds per endpoint [10]
  --warmup SECS                unmeasured seconds before each endpoint [2]
  --connections N              concurrent keep-alive connections [16]
  --pool N                     the server's database pool (SALESOPS_DB_POOL_SIZE) [10]
  --pg-url URL                 PostgreSQL server; a fresh schema is made and dropped
                               [postgres://postgres@127.0.0.1:5432/test]
  --endpoints LIST             which to measure: ceiling, me (GET /me), phone, name, surname, due
                               [ceiling,me,phone,name,surname,due]
  --keep                       keep the SQLite files / PostgreSQL schemas and print where they are
";

#[derive(Debug, Clone)]
pub struct Options {
    backends: Vec<Backend>,
    clients: Vec<usize>,
    follow_ups_per_client: usize,
    salespeople: usize,
    duration: Duration,
    warmup: Duration,
    connections: usize,
    pool: u32,
    pg_url: String,
    endpoints: Vec<String>,
    keep: bool,
}

/// The endpoints the tool knows, in the order it measures them.
const ENDPOINTS: [&str; 6] = ["ceiling", "me", "phone", "name", "surname", "due"];

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        backends: vec![Backend::Sqlite, Backend::Postgres],
        clients: vec![10_000, 100_000],
        follow_ups_per_client: 10,
        salespeople: 200,
        duration: Duration::from_secs(10),
        warmup: Duration::from_secs(2),
        connections: 16,
        pool: 10,
        pg_url: std::env::var("SALESOPS_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned()),
        endpoints: ENDPOINTS.iter().map(|e| (*e).to_owned()).collect(),
        keep: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            print!("{HELP}");
            std::process::exit(0);
        }
        if flag == "--keep" {
            o.keep = true;
            continue;
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| {
            v.replace('_', "")
                .parse::<usize>()
                .map_err(|_| format!("{flag}: `{v}` is not a number"))
        };
        match flag.as_str() {
            "--backend" => {
                o.backends = value
                    .split(',')
                    .map(|b| match b.trim() {
                        "sqlite" => Ok(Backend::Sqlite),
                        "postgres" => Ok(Backend::Postgres),
                        other => Err(format!("--backend: unknown `{other}`")),
                    })
                    .collect::<Result<_, _>>()?
            }
            "--clients" => o.clients = value.split(',').map(num).collect::<Result<_, _>>()?,
            "--follow-ups-per-client" => o.follow_ups_per_client = num(&value)?,
            "--salespeople" => o.salespeople = num(&value)?.max(1),
            "--duration" => o.duration = Duration::from_secs(num(&value)? as u64),
            "--warmup" => o.warmup = Duration::from_secs(num(&value)? as u64),
            "--connections" => o.connections = num(&value)?.clamp(1, 256),
            "--pool" => o.pool = num(&value)?.clamp(1, 200) as u32,
            "--pg-url" => o.pg_url = value,
            "--endpoints" => {
                o.endpoints = value.split(',').map(|e| e.trim().to_owned()).collect();
                if let Some(bad) = o
                    .endpoints
                    .iter()
                    .find(|e| !ENDPOINTS.contains(&e.as_str()))
                {
                    return Err(format!("--endpoints: unknown `{bad}`"));
                }
            }
            other => return Err(format!("unknown option {other} (see --help)")),
        }
    }
    Ok(o)
}

/// A database made for one run: a SQLite file in a temp folder or a fresh PostgreSQL schema.
struct BenchDb {
    url: String,
    dir: PathBuf,
    schema: Option<(String, String)>,
    keep: bool,
}

impl BenchDb {
    fn new(backend: Backend, o: &Options, label: &str) -> Result<BenchDb, String> {
        let dir = std::env::temp_dir().join(format!(
            "salesops-bench-{}-{label}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_millis()
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(
            dir.join("index.html"),
            "<!doctype html><title>bench</title>",
        )
        .map_err(|e| e.to_string())?;
        match backend {
            Backend::Sqlite => Ok(BenchDb {
                url: format!("sqlite://{}", dir.join("bench.db").display()),
                dir,
                schema: None,
                keep: o.keep,
            }),
            Backend::Postgres => {
                use diesel::Connection as _;
                use diesel::connection::SimpleConnection as _;
                let schema = format!("bench_{label}_{}", std::process::id());
                let mut conn = diesel::PgConnection::establish(&o.pg_url)
                    .map_err(|e| format!("PostgreSQL at {}: {e}", o.pg_url))?;
                conn.batch_execute(&format!(
                    "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
                ))
                .map_err(|e| e.to_string())?;
                let sep = if o.pg_url.contains('?') { '&' } else { '?' };
                Ok(BenchDb {
                    url: format!("{}{sep}options=-csearch_path%3D{schema}", o.pg_url),
                    dir,
                    schema: Some((schema, o.pg_url.clone())),
                    keep: o.keep,
                })
            }
        }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("kept: {}", self.url);
            return;
        }
        if let Some((schema, base)) = &self.schema {
            use diesel::Connection as _;
            use diesel::connection::SimpleConnection as _;
            if let Ok(mut conn) = diesel::PgConnection::establish(base) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn settings(url: &str, dir: &std::path::Path, pool: u32) -> Settings {
    Settings {
        bind: "127.0.0.1:0".to_owned(),
        database_url: url.to_owned(),
        data_dir: dir.to_path_buf(),
        jwt_secret: Some(
            format!(
                "bench-secret-{}-0123456789abcdef0123456789",
                std::process::id()
            )
            .into_bytes(),
        ),
        timezone: seed::TZ,
        admin_password: None,
        demo: false,
        demo_password: None,
        web_dir: dir.to_path_buf(),
        log_json: false,
        db_pool_size: pool,
        plan_deadline: salesops_domain::period::WeeklyDeadline::PLAN,
        visit_radius_m: salesops_domain::visits::DEFAULT_SITE_RADIUS_M,
        report_deadline: salesops_domain::period::WeeklyDeadline::REPORT,
        trust_proxy: false,
        statement_timeout_ms: 15_000,
        files_url: None,
        receipt_threshold_fen: salesops_domain::expenses::DEFAULT_RECEIPT_THRESHOLD_FEN,
    }
}

/// One measured row of the report.
struct Row {
    backend: &'static str,
    /// Which of [`ENDPOINTS`] this row measured.
    key: &'static str,
    clients: usize,
    endpoint: String,
    stats: Stats,
}

/// The server on its own thread (an actix system of its own), stopped on drop.
struct RunningServer {
    base: String,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    fn start(state: AppState) -> Result<RunningServer, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            system.block_on(async move {
                match salesops::app::serve(listener, state) {
                    Ok(server) => {
                        let _ = tx.send(Ok(server.handle()));
                        let _ = server.await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                    }
                }
            });
        });
        let handle = rx.recv().map_err(|e| format!("server thread: {e}"))??;
        Ok(RunningServer {
            base: format!("http://127.0.0.1:{port}"),
            handle,
            thread: Some(thread),
        })
    }

    async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn login(client: &reqwest::Client, base: &str, username: &str) -> Result<String, String> {
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": username, "password": seed::PASSWORD }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("login {username}: {status} {body}"));
    }
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("login {username}: no access_token in {body}"))
}

/// A GET that must answer 200 with a page holding `min_items` or more items (a sanity check
/// that the search finds what was seeded).
async fn check(client: &reqwest::Client, url: &str, token: &str) -> Result<(usize, i64), String> {
    let res = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("GET {url}: {status} {body}"));
    }
    let items = body["items"].as_array().map_or(0, Vec::len);
    let total = body["total"].as_i64().unwrap_or(-1);
    Ok((items, total))
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn bench_one(
    o: &Options,
    backend: Backend,
    clients: usize,
    rows: &mut Vec<Row>,
) -> Result<(), String> {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let bench_db = BenchDb::new(backend, o, &format!("{name}_{clients}"))?;
    let db = Db::connect(&bench_db.url, o.pool)?;
    db.migrate()?;
    let seeded = {
        let db = db.clone();
        let (n, f, s) = (clients, o.follow_ups_per_client, o.salespeople);
        tokio::task::spawn_blocking(move || seed::seed(&db, n, f, s))
            .await
            .map_err(|e| e.to_string())??
    };
    eprintln!(
        "[{name} {clients}] seeded in {:.1}s: {} users, {} clients, {} follow-ups ({} clients overdue)",
        seeded.elapsed.as_secs_f64(),
        seeded.users,
        seeded.clients,
        seeded.follow_ups,
        seeded.overdue
    );
    let settings = settings(&bench_db.url, &bench_db.dir, o.pool);
    let secret = settings.jwt_secret.clone().unwrap_or_default();
    let server = RunningServer::start(AppState::new(db.clone(), Arc::new(settings), &secret)?)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.connections)
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let result = async {
        let token = login(&client, &server.base, &seeded.sign_in).await?;
        let base = &server.base;
        let phone = enc(&seeded.phone_prefix);
        let fragment = enc(&seeded.name_fragment);
        let surname = enc(&seeded.name_fragment.chars().take(1).collect::<String>());
        let mut cases: Vec<(&str, String, String, bool)> = vec![
            (
                "ceiling",
                "GET /healthz (ceiling)".to_owned(),
                format!("{base}/healthz"),
                false,
            ),
            (
                "me",
                "GET /me (sign-in check + 1 query)".to_owned(),
                format!("{base}/api/v1/me"),
                true,
            ),
        ];
        for per_page in [20, 200] {
            cases.push((
                "phone",
                format!(
                    "clients?q={} (phone prefix), per_page {per_page}",
                    seeded.phone_prefix
                ),
                format!("{base}/api/v1/clients?q={phone}&per_page={per_page}"),
                true,
            ));
            cases.push((
                "name",
                format!(
                    "clients?q={} (name fragment), per_page {per_page}",
                    seeded.name_fragment
                ),
                format!("{base}/api/v1/clients?q={fragment}&per_page={per_page}"),
                true,
            ));
            cases.push((
                "surname",
                format!(
                    "clients?q={} (surname: many matches), per_page {per_page}",
                    seeded.name_fragment.chars().take(1).collect::<String>()
                ),
                format!("{base}/api/v1/clients?q={surname}&per_page={per_page}"),
                true,
            ));
        }
        cases.push((
            "due",
            "follow-ups/due, per_page 20".to_owned(),
            format!("{base}/api/v1/follow-ups/due?per_page=20"),
            true,
        ));
        cases.retain(|c| o.endpoints.iter().any(|e| e == c.0));
        for (key, label, url, auth) in cases {
            let token = auth.then(|| token.clone());
            if let Some(t) = &token {
                let (items, total) = check(&client, &url, t).await?;
                eprintln!("[{name} {clients}] {label}: {items} items of {total}");
            }
            load::run(
                &client,
                &url,
                token.as_deref(),
                o.connections,
                o.warmup,
                1_000_000,
            )
            .await?;
            let stats = load::run(
                &client,
                &url,
                token.as_deref(),
                o.connections,
                o.duration,
                5_000_000,
            )
            .await?;
            eprintln!("[{name} {clients}] {label}: {}", stats.summary());
            rows.push(Row {
                backend: name,
                clients,
                key,
                endpoint: label,
                stats,
            });
        }
        Ok::<(), String>(())
    }
    .await;
    server.stop().await;
    drop(db);
    drop(bench_db);
    result
}

fn report(o: &Options, rows: &[Row]) {
    println!(
        "\n{} connections, {} s per endpoint after {} s warm-up, pool {}, {} salespeople, {} follow-ups per client\n",
        o.connections,
        o.duration.as_secs(),
        o.warmup.as_secs(),
        o.pool,
        o.salespeople,
        o.follow_ups_per_client
    );
    println!("| backend | clients | endpoint | req/s | p50 ms | p99 ms | % of ceiling | errors |");
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    for r in rows {
        let ceiling = rows
            .iter()
            .find(|c| c.backend == r.backend && c.clients == r.clients && c.key == "ceiling")
            .map_or(0.0, |c| c.stats.rps);
        let pct = if ceiling > 0.0 {
            format!("{:.0}%", r.stats.rps / ceiling * 100.0)
        } else {
            "–".to_owned()
        };
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {} | {} |",
            r.backend,
            r.clients,
            r.endpoint,
            r.stats.rps,
            r.stats.p50_ms,
            r.stats.p99_ms,
            pct,
            r.stats.errors
        );
    }
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut rows = Vec::new();
    let outcome = runtime.block_on(async {
        for backend in &o.backends {
            for &n in &o.clients {
                bench_one(&o, *backend, n, &mut rows).await?;
            }
        }
        Ok::<(), String>(())
    });
    report(&o, &rows);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
