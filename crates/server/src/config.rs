//! Settings, from `SALESOPS_*` environment variables (see the README's table).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use rand::RngCore as _;
use salesops_domain::period::WeeklyDeadline;

/// Every environment variable the server reads (the README's table lists the same).
pub const ENV_VARS: &[&str] = &[
    "SALESOPS_BIND",
    "SALESOPS_DATABASE_URL",
    "SALESOPS_DATA_DIR",
    "SALESOPS_JWT_SECRET",
    "SALESOPS_TIMEZONE",
    "SALESOPS_ADMIN_PASSWORD",
    "SALESOPS_DEMO",
    "SALESOPS_DEMO_PASSWORD",
    "SALESOPS_WEB_DIR",
    "SALESOPS_LOG_FORMAT",
    "SALESOPS_LOG",
    "SALESOPS_DB_POOL_SIZE",
    "SALESOPS_PLAN_DEADLINE",
    "SALESOPS_VISIT_RADIUS_M",
    "SALESOPS_REPORT_DEADLINE",
];

#[derive(Clone)]
pub struct Settings {
    /// `SALESOPS_BIND`, default `127.0.0.1:8080`.
    pub bind: String,
    /// `SALESOPS_DATABASE_URL`: `sqlite://path` (default `sqlite://<data dir>/salesops.db`) or
    /// `postgres://…`.
    pub database_url: String,
    /// `SALESOPS_DATA_DIR`, default `./data`: the SQLite file and the generated JWT secret.
    pub data_dir: PathBuf,
    /// `SALESOPS_JWT_SECRET`; if unset, generated on first run and kept in the data folder.
    pub jwt_secret: Vec<u8>,
    /// `SALESOPS_TIMEZONE`, default `Asia/Shanghai`: the business time zone for deadlines.
    pub timezone: chrono_tz::Tz,
    /// `SALESOPS_ADMIN_PASSWORD`: the bootstrap admin's password on first start.
    pub admin_password: Option<String>,
    /// `SALESOPS_DEMO=1`: seed demo data on first start.
    pub demo: bool,
    /// `SALESOPS_DEMO_PASSWORD`: every demo user's password.
    pub demo_password: Option<String>,
    /// `SALESOPS_WEB_DIR`, default `./dist`: the built browser app.
    pub web_dir: PathBuf,
    /// `SALESOPS_LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `SALESOPS_DB_POOL_SIZE`, default 10.
    pub db_pool_size: u32,
    /// `SALESOPS_PLAN_DEADLINE`, default `MON 09:00`: weekly plans submitted later are late.
    pub plan_deadline: WeeklyDeadline,
    /// `SALESOPS_VISIT_RADIUS_M`, default 1000: a visit completed farther from its client is
    /// flagged off-site.
    pub visit_radius_m: f64,
    /// `SALESOPS_REPORT_DEADLINE`, default `MON 12:00` (of the week after the report's week).
    pub report_deadline: WeeklyDeadline,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("database_url", &crate::db::redact(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("timezone", &self.timezone)
            .field("demo", &self.demo)
            .field("web_dir", &self.web_dir)
            .finish_non_exhaustive()
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    pub fn from_env() -> Result<Settings, String> {
        let data_dir = PathBuf::from(var("SALESOPS_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let database_url = var("SALESOPS_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("salesops.db").display()));
        let jwt_secret = match var("SALESOPS_JWT_SECRET") {
            Some(s) if s.len() >= 32 => s.into_bytes(),
            Some(_) => return Err("SALESOPS_JWT_SECRET must be at least 32 characters".to_owned()),
            None => load_or_create_secret(&data_dir)?,
        };
        let timezone = match var("SALESOPS_TIMEZONE") {
            Some(tz) => tz
                .parse::<chrono_tz::Tz>()
                .map_err(|_| format!("SALESOPS_TIMEZONE: unknown time zone `{tz}`"))?,
            None => chrono_tz::Asia::Shanghai,
        };
        let db_pool_size = match var("SALESOPS_DB_POOL_SIZE") {
            Some(n) => n
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=200).contains(n))
                .ok_or("SALESOPS_DB_POOL_SIZE must be a number from 1 to 200")?,
            None => 10,
        };
        let plan_deadline = match var("SALESOPS_PLAN_DEADLINE") {
            Some(text) => WeeklyDeadline::parse(&text, 0)
                .ok_or("SALESOPS_PLAN_DEADLINE must look like `MON 09:00`")?,
            None => WeeklyDeadline::PLAN,
        };
        let visit_radius_m = match var("SALESOPS_VISIT_RADIUS_M") {
            Some(n) => n
                .parse::<f64>()
                .ok()
                .filter(|r| (1.0..=100_000.0).contains(r))
                .ok_or("SALESOPS_VISIT_RADIUS_M must be metres between 1 and 100000")?,
            None => salesops_domain::visits::DEFAULT_SITE_RADIUS_M,
        };
        let report_deadline = match var("SALESOPS_REPORT_DEADLINE") {
            Some(text) => WeeklyDeadline::parse(&text, 1)
                .ok_or("SALESOPS_REPORT_DEADLINE must look like `MON 12:00`")?,
            None => WeeklyDeadline::REPORT,
        };
        Ok(Settings {
            plan_deadline,
            report_deadline,
            visit_radius_m,
            bind: var("SALESOPS_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            database_url,
            data_dir,
            jwt_secret,
            timezone,
            admin_password: var("SALESOPS_ADMIN_PASSWORD"),
            demo: matches!(var("SALESOPS_DEMO").as_deref(), Some("1" | "true" | "yes")),
            demo_password: var("SALESOPS_DEMO_PASSWORD"),
            web_dir: PathBuf::from(var("SALESOPS_WEB_DIR").unwrap_or_else(|| "dist".to_owned())),
            log_json: matches!(var("SALESOPS_LOG_FORMAT").as_deref(), Some("json")),
            db_pool_size,
        })
    }
}

/// The JWT secret kept in the data folder, created (random, owner-only) on first run.
fn load_or_create_secret(data_dir: &Path) -> Result<Vec<u8>, String> {
    let path = data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let trimmed = existing.trim();
        if trimmed.len() >= 32 {
            return Ok(trimmed.as_bytes().to_vec());
        }
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, &secret).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())
}
