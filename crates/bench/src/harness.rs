//! The harness around a measurement: the database made for one run and the real server
//! started in-process on it.

use std::net::TcpListener;
use std::path::PathBuf;

use diesel::connection::SimpleConnection as _;
use salesops::config::Settings;
use salesops::db::{Backend, DbConn};
use salesops::state::AppState;

use crate::seed;

/// A database made for one run: a SQLite file in a temp folder or a fresh PostgreSQL schema.
pub struct BenchDb {
    pub url: String,
    pub dir: PathBuf,
    schema: Option<(String, String)>,
    keep: bool,
}

impl BenchDb {
    pub fn new(backend: Backend, pg_url: &str, keep: bool, label: &str) -> Result<BenchDb, String> {
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
                keep,
            }),
            Backend::Postgres => {
                use diesel::Connection as _;
                use diesel::connection::SimpleConnection as _;
                let schema = format!("bench_{label}_{}", std::process::id());
                let mut conn = diesel::PgConnection::establish(pg_url)
                    .map_err(|e| format!("PostgreSQL at {}: {e}", pg_url))?;
                conn.batch_execute(&format!(
                    "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
                ))
                .map_err(|e| e.to_string())?;
                let sep = if pg_url.contains('?') { '&' } else { '?' };
                Ok(BenchDb {
                    url: format!("{}{sep}options=-csearch_path%3D{schema}", pg_url),
                    dir,
                    schema: Some((schema, pg_url.to_owned())),
                    keep,
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

/// After a bulk load, what PostgreSQL's autovacuum would soon do on its own: `VACUUM ANALYZE`
/// (statistics; index-only scans can skip the heap) of `tables` only — the database may hold
/// other schemas, test suites' among them, and a database-wide vacuum there outlasts the
/// pool's statement timeout — without the timeout, then a checkpoint, so the measurement is
/// not interrupted by writing out the load. SQLite: a WAL checkpoint (not analysed: the server
/// never runs ANALYZE).
pub fn settle(conn: &mut DbConn, backend: Backend, tables: &[&str]) -> Result<(), String> {
    let err = |e: diesel::result::Error| e.to_string();
    match backend {
        Backend::Postgres => {
            conn.batch_execute("SET statement_timeout = 0")
                .map_err(err)?;
            // Separately: several statements in one call would be one transaction, which
            // VACUUM refuses.
            let done = conn
                .batch_execute(&format!("VACUUM ANALYZE {}", tables.join(", ")))
                .and_then(|()| conn.batch_execute("CHECKPOINT"));
            conn.batch_execute(&format!(
                "SET statement_timeout = {}",
                salesops::db::DEFAULT_STATEMENT_TIMEOUT_MS
            ))
            .map_err(err)?;
            done.map_err(err)
        }
        Backend::Sqlite => conn
            .batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .map_err(err),
    }
}

pub fn settings(url: &str, dir: &std::path::Path, pool: u32) -> Settings {
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
        company_name: salesops::config::DEFAULT_COMPANY_NAME.to_owned(),
        receipt_threshold_fen: salesops_domain::expenses::DEFAULT_RECEIPT_THRESHOLD_FEN,
        // No background jobs: the benchmark measures requests alone.
        jobs: false,
        job_tick_ms: 5_000,
        job_backoff_ms: 30_000,
        job_lease_ms: 300_000,
        webhooks: salesops::config::WebhookSettings::default(),
    }
}

/// The server on its own thread (an actix system of its own), stopped on drop.
pub struct RunningServer {
    pub base: String,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    pub fn start(state: AppState) -> Result<RunningServer, String> {
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

    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub async fn login(client: &reqwest::Client, base: &str, username: &str) -> Result<String, String> {
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
