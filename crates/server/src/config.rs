//! Settings, from `SALESOPS_*` environment variables (see the README's table).

use std::path::PathBuf;

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
    "SALESOPS_TRUST_PROXY",
    "SALESOPS_STATEMENT_TIMEOUT_MS",
    "SALESOPS_FILES_URL",
    "SALESOPS_RECEIPT_THRESHOLD_FEN",
    "SALESOPS_COMPANY_NAME",
    "SALESOPS_JOBS",
    "SALESOPS_JOB_TICK_MS",
    "SALESOPS_JOB_BACKOFF_MS",
    "SALESOPS_JOB_LEASE_MS",
    "SALESOPS_WEBHOOK_BACKOFF",
    "SALESOPS_WEBHOOK_ALLOW_PRIVATE",
    "SALESOPS_WEBHOOK_TIMEOUT_MS",
    "SALESOPS_WEBHOOK_DISABLE_AFTER",
    "SALESOPS_PUBLIC_URL",
];

/// The company's name in letters when `SALESOPS_COMPANY_NAME` is not set.
pub const DEFAULT_COMPANY_NAME: &str = "本公司";

#[derive(Clone)]
pub struct Settings {
    /// `SALESOPS_BIND`, default `127.0.0.1:8080`.
    pub bind: String,
    /// `SALESOPS_DATABASE_URL`: `sqlite://path` (default `sqlite://<data dir>/salesops.db`) or
    /// `postgres://…`.
    pub database_url: String,
    /// `SALESOPS_DATA_DIR`, default `./data`: the SQLite file.
    pub data_dir: PathBuf,
    /// `SALESOPS_JWT_SECRET`; if unset (`None`), generated once and kept in the database, so
    /// every instance on the same database signs and accepts the same tokens.
    pub jwt_secret: Option<Vec<u8>>,
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
    /// `SALESOPS_TRUST_PROXY=1`: a proxy in front names the client (`X-Forwarded-For`), for
    /// the sign-in throttle per address. Off by default: the peer address counts.
    pub trust_proxy: bool,
    /// `SALESOPS_STATEMENT_TIMEOUT_MS`, default 15000: PostgreSQL cancels a statement that
    /// runs longer (the request answers 503).
    pub statement_timeout_ms: u64,
    /// `SALESOPS_FILES_URL`: where uploaded files (receipts) are kept. Unset: the folder
    /// `<data dir>/files`; `s3://bucket/prefix`: S3 or S3-compatible storage, configured by
    /// the usual `AWS_*` variables (`AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID` …); `file:///path`: a
    /// folder (which several instances must share).
    pub files_url: Option<String>,
    /// `SALESOPS_RECEIPT_THRESHOLD_FEN`, default 50000 (500 元): a claim line above it needs a
    /// receipt.
    pub receipt_threshold_fen: i64,
    /// `SALESOPS_COMPANY_NAME`, default `本公司`: the company signing letters (the 催款函).
    pub company_name: String,
    /// `SALESOPS_JOBS`, default on; `0` starts no job runner in this instance (another
    /// instance on the same database may run them).
    pub jobs: bool,
    /// `SALESOPS_JOB_TICK_MS`, default 5000: how often the runner enqueues the periodic runs
    /// and claims what is due.
    pub job_tick_ms: u64,
    /// `SALESOPS_JOB_BACKOFF_MS`, default 30000: the wait after a job's first failed try,
    /// doubled after each further one (at most an hour).
    pub job_backoff_ms: u64,
    /// `SALESOPS_JOB_LEASE_MS`, default 300000: how long a claimed job is this instance's; a
    /// job whose lease ran out (its instance died) is claimed again.
    pub job_lease_ms: u64,
    pub webhooks: WebhookSettings,
}

/// How webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// `SALESOPS_WEBHOOK_BACKOFF`, default `10,60,300,1800,7200,21600,43200,86400`: seconds
    /// before each retry; a delivery is `failed` after the last.
    pub backoff_secs: Vec<u64>,
    /// `SALESOPS_WEBHOOK_ALLOW_PRIVATE=1` allows receivers in private, loopback and
    /// link-local ranges (a receiver on the same network; the tests).
    pub allow_private: bool,
    /// `SALESOPS_WEBHOOK_TIMEOUT_MS`, default 5000: one try's limit, connecting included.
    pub timeout_ms: u64,
    /// `SALESOPS_WEBHOOK_DISABLE_AFTER`, default 20: failed tries in a row after which the
    /// webhook is switched off (its owner sees it in the inbox).
    pub disable_after: i32,
    /// `SALESOPS_PUBLIC_URL` (`https://sales.example.com`): where links in group-robot
    /// messages point; without it they are paths.
    pub public_url: Option<String>,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            backoff_secs: salesops_domain::webhooks::parse_backoff(
                salesops_domain::webhooks::DEFAULT_BACKOFF,
            )
            .unwrap_or_default(),
            allow_private: false,
            timeout_ms: 5_000,
            disable_after: 20,
            public_url: None,
        }
    }
}

impl WebhookSettings {
    fn from_env() -> Result<WebhookSettings, String> {
        let d = WebhookSettings::default();
        Ok(WebhookSettings {
            backoff_secs: match var("SALESOPS_WEBHOOK_BACKOFF") {
                Some(t) => salesops_domain::webhooks::parse_backoff(&t)
                    .map_err(|e| format!("SALESOPS_WEBHOOK_BACKOFF {e}"))?,
                None => d.backoff_secs,
            },
            allow_private: matches!(
                var("SALESOPS_WEBHOOK_ALLOW_PRIVATE").as_deref(),
                Some("1" | "true" | "yes")
            ),
            timeout_ms: match var("SALESOPS_WEBHOOK_TIMEOUT_MS") {
                Some(n) => n
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (100..=60_000).contains(n))
                    .ok_or("SALESOPS_WEBHOOK_TIMEOUT_MS must be milliseconds from 100 to 60000")?,
                None => d.timeout_ms,
            },
            disable_after: match var("SALESOPS_WEBHOOK_DISABLE_AFTER") {
                Some(n) => n
                    .parse::<i32>()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or("SALESOPS_WEBHOOK_DISABLE_AFTER must be a number from 1 to 1000")?,
                None => d.disable_after,
            },
            public_url: var("SALESOPS_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned()),
        })
    }
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
            Some(s) if s.len() >= 32 => Some(s.into_bytes()),
            Some(_) => return Err("SALESOPS_JWT_SECRET must be at least 32 characters".to_owned()),
            None => None,
        };
        let statement_timeout_ms = match var("SALESOPS_STATEMENT_TIMEOUT_MS") {
            Some(n) => n
                .parse::<u64>()
                .ok()
                .filter(|n| (100..=3_600_000).contains(n))
                .ok_or("SALESOPS_STATEMENT_TIMEOUT_MS must be milliseconds from 100 to 3600000")?,
            None => 15_000,
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
        let receipt_threshold_fen = match var("SALESOPS_RECEIPT_THRESHOLD_FEN") {
            Some(n) => n
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=salesops_domain::expenses::MAX_AMOUNT_FEN).contains(n))
                .ok_or("SALESOPS_RECEIPT_THRESHOLD_FEN must be 分 from 0 to 10000000000")?,
            None => salesops_domain::expenses::DEFAULT_RECEIPT_THRESHOLD_FEN,
        };
        let millis = |name: &str, default: u64, min: u64| -> Result<u64, String> {
            match var(name) {
                Some(n) => n
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (min..=86_400_000).contains(n))
                    .ok_or_else(|| format!("{name} must be milliseconds from {min} to 86400000")),
                None => Ok(default),
            }
        };
        Ok(Settings {
            jobs: !matches!(var("SALESOPS_JOBS").as_deref(), Some("0" | "false" | "no")),
            job_tick_ms: millis("SALESOPS_JOB_TICK_MS", 5_000, 10)?,
            job_backoff_ms: millis("SALESOPS_JOB_BACKOFF_MS", 30_000, 1)?,
            job_lease_ms: millis("SALESOPS_JOB_LEASE_MS", 300_000, 100)?,
            webhooks: WebhookSettings::from_env()?,
            company_name: var("SALESOPS_COMPANY_NAME")
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| DEFAULT_COMPANY_NAME.to_owned()),
            files_url: var("SALESOPS_FILES_URL"),
            receipt_threshold_fen,
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
            trust_proxy: matches!(
                var("SALESOPS_TRUST_PROXY").as_deref(),
                Some("1" | "true" | "yes")
            ),
            statement_timeout_ms,
        })
    }
}

/// A new random secret for signing tokens (48 bytes, URL-safe base64).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
