//! Database access: one connection type over SQLite and PostgreSQL, a pool, embedded
//! migrations, and `Db::run` to do blocking diesel work off the async runtime.

pub mod like;
pub mod list;
pub mod schema;
pub mod types;
pub mod write;

pub use write::{Tx, write};

/// Runs `$body` on the backend's own connection, bound to `$c`. For what diesel's
/// MultiConnection cannot write: multi-row INSERTs (one statement for many rows).
macro_rules! on_inner {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Postgres($c) => $body,
        }
    };
}
pub(crate) use on_inner;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, SqliteConnection};

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tokio::sync::Semaphore;

use crate::error::AppError;

/// A connection to either backend; diesel's query DSL works on it unchanged.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Which database a URL names. Only explicit schemes are accepted, so a typo never silently
/// creates an empty SQLite file somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite://") {
            Ok(Backend::Sqlite)
        } else {
            Err(format!(
                "database URL must start with sqlite:// or postgres:// (got `{}`)",
                redact(url)
            ))
        }
    }
}

/// The URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Opens connections of the backend the URL names. diesel's own manager would try each
/// backend in turn, so a PostgreSQL outage could quietly open a SQLite file named like the URL.
#[derive(Debug)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        let conn = match self.backend {
            Backend::Sqlite => SqliteConnection::establish(&self.url).map(DbConn::Sqlite),
            Backend::Postgres => PgConnection::establish(&self.url).map(DbConn::Postgres),
        };
        conn.map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    /// Cheap, no round trip: a connection whose socket failed or whose transaction state is
    /// broken is dropped when it comes back to the pool, so after an outage the pool refills
    /// with fresh connections instead of handing out dead ones.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

#[derive(Debug)]
struct ConnectionCustomizer {
    statement_timeout_ms: u64,
}

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for ConnectionCustomizer {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(c) = conn {
            // Foreign keys are off by default in SQLite; WAL lets readers run beside the writer.
            c.batch_execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        if let DbConn::Postgres(c) = conn {
            // diesel prepares each statement once per connection. In the default mode
            // PostgreSQL re-plans it on every execution whenever its estimate for the bound
            // values looks cheaper than the generic plan, which for the selective, indexed
            // queries of this app is always: planning then costs ten times the execution
            // (measured in docs/benchmarks.md). The generic plans are the ones the indexes
            // were made for.
            //
            // A statement running past the timeout is cancelled, and the request answers 503
            // instead of holding a connection (and the caller) indefinitely.
            c.batch_execute(&format!(
                "SET plan_cache_mode = force_generic_plan; SET statement_timeout = {}",
                self.statement_timeout_ms
            ))
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// PostgreSQL's statement timeout unless configured (`SALESOPS_STATEMENT_TIMEOUT_MS`).
pub const DEFAULT_STATEMENT_TIMEOUT_MS: u64 = 15_000;

/// How long a request waits for a connection before answering 503.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the pool tries to open a connection. A permit holder always finds a free or a
/// new connection (one permit per connection), so this bounds only the connecting, which
/// takes milliseconds when the database is up: a database that is down answers 503 in
/// under a second rather than after the pool's retries.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);
/// After a connection could not be opened, requests answer 503 at once for this long instead
/// of each trying again: a database that is down costs nothing to ask about, and one request
/// tries again after the pause, so the pool is back within it once the database is.
const DOWN_PAUSE_MS: u64 = 250;
/// On PostgreSQL, `run` answers 503 when the work has not finished this long after the
/// statement timeout: a database that stopped answering over the network, which the statement
/// timeout (enforced by the server) cannot catch. SQLite is a local file: no deadline.
const DEADLINE_MARGIN: Duration = Duration::from_secs(2);

/// Milliseconds since the process started: what `down_until` counts in.
fn uptime_ms() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The connection pool, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
    /// One permit per connection, taken before a request's database work goes to a blocking
    /// thread. The semaphore serves waiters first come, first served; the pool's own wait
    /// does not (a thread that just returned a connection can take it straight back), which
    /// under load left single requests waiting for seconds (docs/benchmarks.md).
    permits: Arc<Semaphore>,
    /// Until when (`uptime_ms`) the database counts as down: see `DOWN_PAUSE_MS`.
    down_until: Arc<AtomicU64>,
    /// PostgreSQL: how long `run` waits for the work before answering 503 (see `run`).
    deadline: Option<Duration>,
}

impl Db {
    /// Opens the pool. It does not fail when the database is down: requests answer 503 until
    /// it comes back.
    pub fn connect(url: &str, max_size: u32) -> Result<Db, String> {
        Db::connect_with(url, max_size, DEFAULT_STATEMENT_TIMEOUT_MS)
    }

    /// [`Db::connect`] with a PostgreSQL statement timeout (milliseconds).
    pub fn connect_with(url: &str, max_size: u32, statement_timeout_ms: u64) -> Result<Db, String> {
        let backend = Backend::from_url(url)?;
        let conn_url = match backend {
            Backend::Sqlite => {
                let path = url.trim_start_matches("sqlite://");
                if let Some(parent) = std::path::Path::new(path)
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                path.to_owned()
            }
            Backend::Postgres => url.to_owned(),
        };
        let manager = Manager {
            url: conn_url,
            backend,
        };
        let max_size = max_size.max(1);
        let pool = Pool::builder()
            .max_size(max_size)
            .min_idle(Some(0))
            .connection_timeout(CONNECT_TIMEOUT)
            // No `SELECT 1` on every checkout (a round trip per request, twice with the
            // principal): broken connections are dropped on return instead (`has_broken`).
            .test_on_check_out(false)
            .connection_customizer(Box::new(ConnectionCustomizer {
                statement_timeout_ms,
            }))
            .build_unchecked(manager);
        Ok(Db {
            pool,
            backend,
            permits: Arc::new(Semaphore::new(max_size as usize)),
            down_until: Arc::new(AtomicU64::new(0)),
            deadline: (backend == Backend::Postgres)
                .then(|| Duration::from_millis(statement_timeout_ms) + DEADLINE_MARGIN),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection from the pool, for blocking code (startup, tools, tests).
    pub fn get(&self) -> Result<PooledConnection<Manager>, AppError> {
        self.pool.get().map_err(|e| {
            tracing::warn!(error = %e, "database unavailable");
            self.down_until
                .store(uptime_ms() + DOWN_PAUSE_MS, Ordering::Relaxed);
            AppError::DatabaseUnavailable
        })
    }

    /// Runs blocking diesel work on the blocking thread pool, once a connection is free.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        if uptime_ms() < self.down_until.load(Ordering::Relaxed) {
            return Err(AppError::DatabaseUnavailable);
        }
        let permit = tokio::time::timeout(CHECKOUT_TIMEOUT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| {
                tracing::warn!("no database connection free in time");
                AppError::DatabaseUnavailable
            })?
            .map_err(|e| AppError::Internal(format!("connection permits closed: {e}")))?;
        let db = self.clone();
        let work = actix_web::web::block(move || {
            // Dropped in reverse order: the connection goes back before the permit.
            let _permit = permit;
            let mut conn = db.get()?;
            f(&mut conn)
        });
        // Past the deadline the caller gets 503; the work goes on on its thread, holding its
        // permit, and commits or rolls back on its own (money writes carry idempotency keys
        // for the client's retry; a job marks its own outcome on that thread).
        let done = match self.deadline {
            Some(deadline) => tokio::time::timeout(deadline, work).await.map_err(|_| {
                tracing::warn!(?deadline, "the database did not answer in time");
                AppError::DatabaseUnavailable
            })?,
            None => work.await,
        };
        done.map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
    }

    /// Applies every pending migration of this backend.
    pub fn migrate(&self) -> Result<(), String> {
        let mut conn = self.get().map_err(|e| e.to_string())?;
        migrate(&mut conn)
    }

    /// A cheap round trip, for `/readyz`.
    pub fn ping(&self) -> Result<(), AppError> {
        let mut conn = self.get()?;
        conn.batch_execute("SELECT 1")?;
        Ok(())
    }
}

/// Applies every pending migration of the connection's backend.
pub fn migrate(conn: &mut DbConn) -> Result<(), String> {
    let result = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| format!("migration failed: {e}"))
}
