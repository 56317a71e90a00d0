//! The databases the HTTP tests run on: one fresh database per test, of either backend.
//!
//! Migrating 53 tables (and hashing the admin's password) took about 2 s per test on each
//! backend, which with every scenario run twice was most of the suite's time. So each test
//! process migrates and bootstraps one **template** per backend, once, and every test gets a
//! copy of it:
//! - SQLite: a copy of the template's file (the WAL checkpointed into it first);
//! - PostgreSQL: `CREATE DATABASE … TEMPLATE` (about 0.2 s). Dropping a database forces a
//!   checkpoint, which under load takes seconds, so a test's database is dropped on a thread of
//!   its own and the test does not wait; what a killed process leaves behind is dropped by the
//!   next one (every name carries its creator's pid).
//!
//! `TestDb::new` stays what it was, an empty database (a schema of its own on PostgreSQL), for
//! the tests of start-up and of the migrations themselves.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use salesops::db::{Backend, Db};

use crate::support::{ADMIN_PASSWORD, TempDir};

/// The PostgreSQL server tests use (its database `test` for the empty schemas; the templates
/// and per-test databases sit beside it).
pub fn pg_base_url() -> String {
    std::env::var("SALESOPS_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// `url` naming the database `name` instead of its own (parameters kept).
fn with_database(url: &str, name: &str) -> String {
    let (head, params) = match url.split_once('?') {
        Some((h, p)) => (h, Some(p)),
        None => (url, None),
    };
    let head = match head.rfind('/') {
        Some(i) if i > "postgres://".len() => &head[..i],
        _ => head,
    };
    match params {
        Some(p) => format!("{head}/{name}?{p}"),
        None => format!("{head}/{name}"),
    }
}

/// The prefix of every database and file this process makes.
fn own_prefix() -> String {
    format!("st_{}_", std::process::id())
}

/// Whether the process that made `name` (`st_<pid>_…`) has ended.
fn maker_is_gone(name: &str) -> bool {
    let pid = name
        .strip_prefix("st_")
        .and_then(|rest| rest.split('_').next())
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) => pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists(),
        None => false,
    }
}

enum Kind {
    Sqlite,
    /// An empty schema in the database `test`.
    PgSchema(String),
    /// A database of its own, copied from the template.
    PgDatabase(String),
}

/// A database made for one test, removed when the test ends.
pub struct TestDb {
    pub url: String,
    kind: Kind,
    _dir: TempDir,
}

impl TestDb {
    /// An empty database, not migrated.
    pub fn new(backend: Backend) -> TestDb {
        let dir = TempDir::new();
        match backend {
            Backend::Sqlite => TestDb {
                url: format!("sqlite://{}", dir.path.join("test.db").display()),
                kind: Kind::Sqlite,
                _dir: dir,
            },
            Backend::Postgres => {
                let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                let base = pg_base_url();
                let mut conn = pg_admin(&base);
                conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .unwrap_or_else(|e| panic!("cannot create schema on {base}: {e}"));
                let sep = if base.contains('?') { '&' } else { '?' };
                TestDb {
                    url: format!("{base}{sep}options=-csearch_path%3D{schema}"),
                    kind: Kind::PgSchema(schema),
                    _dir: dir,
                }
            }
        }
    }

    /// An empty database of its own, not migrated: on PostgreSQL a new database (from
    /// `template0`) rather than a schema, since a restore loads a whole database.
    pub fn empty(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => TestDb::new(backend),
            Backend::Postgres => {
                let name = format!("{}{}", own_prefix(), uuid::Uuid::new_v4().simple());
                let base = pg_base_url();
                let mut conn = pg_admin(&base);
                conn.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
                    .unwrap_or_else(|e| panic!("cannot create a database on {base}: {e}"));
                TestDb {
                    url: with_database(&base, &name),
                    kind: Kind::PgDatabase(name),
                    _dir: TempDir::new(),
                }
            }
        }
    }

    /// A database migrated and bootstrapped (the admin, the shipped rubrics): a copy of this
    /// process's template.
    pub fn migrated(backend: Backend) -> TestDb {
        let dir = TempDir::new();
        match backend {
            Backend::Sqlite => {
                let file = dir.path.join("test.db");
                std::fs::copy(sqlite_template(), &file).expect("copy the SQLite template");
                TestDb {
                    url: format!("sqlite://{}", file.display()),
                    kind: Kind::Sqlite,
                    _dir: dir,
                }
            }
            Backend::Postgres => {
                let template = pg_template();
                let name = format!("{}{}", own_prefix(), uuid::Uuid::new_v4().simple());
                let base = pg_base_url();
                let mut conn = pg_admin(&base);
                let sql = format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY WAL_LOG");
                // The template's last session may still be ending on the server just after
                // it was built ("being accessed by other users"): wait for it, briefly.
                let mut tries = 0;
                while let Err(e) = conn.batch_execute(&sql) {
                    tries += 1;
                    if tries > 100 || !e.to_string().contains("other users") {
                        panic!("cannot copy the template on {base}: {e}");
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                TestDb {
                    url: with_database(&base, &name),
                    kind: Kind::PgDatabase(name),
                    _dir: dir,
                }
            }
        }
    }

    /// A migrated SQLite database (a copy of the template) in `dir`, which the test owns (a
    /// size-limited folder for the disk-full test); `dir` is removed when the test ends.
    pub fn sqlite_in(dir: PathBuf) -> TestDb {
        let file = dir.join("test.db");
        std::fs::copy(sqlite_template(), &file).expect("copy the SQLite template");
        TestDb {
            url: format!("sqlite://{}", file.display()),
            kind: Kind::Sqlite,
            _dir: TempDir { path: dir },
        }
    }

    /// The same database reached through another address (for the outage test's proxy).
    pub fn url_via(&self, port: u16) -> String {
        self.url
            .replace("127.0.0.1:5432", &format!("127.0.0.1:{port}"))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.kind {
            Kind::Sqlite => {}
            Kind::PgSchema(schema) => {
                use diesel::Connection;
                if let Ok(mut conn) = diesel::PgConnection::establish(&pg_base_url()) {
                    let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
                }
            }
            Kind::PgDatabase(name) => {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                std::thread::spawn(move || {
                    use diesel::Connection;
                    if let Ok(mut conn) = diesel::PgConnection::establish(&pg_base_url()) {
                        let _ = conn.batch_execute(&sql);
                    }
                });
            }
        }
    }
}

fn pg_admin(url: &str) -> diesel::PgConnection {
    use diesel::Connection;
    diesel::PgConnection::establish(url).unwrap_or_else(|e| {
        panic!("PostgreSQL is needed for the postgres tests ({url}): {e}. Start it, or set SALESOPS_TEST_PG_URL.")
    })
}

/// Migrates `url` and writes what start-up writes before serving.
fn bootstrap(url: &str) {
    let db = Db::connect(url, 1).expect("pool for the template");
    db.migrate().expect("migrations");
    let mut conn = db.get().expect("connection");
    salesops::bootstrap::ensure_admin(&mut conn, Some(ADMIN_PASSWORD)).expect("admin");
    salesops::rubrics::ensure_shipped(&mut conn).expect("shipped rubrics");
    if url.starts_with("sqlite:") {
        // Everything into the main file, which is what gets copied.
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
    }
}

/// This process's SQLite template (made on first use).
fn sqlite_template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let root = std::env::temp_dir();
        // Templates of processes that have ended.
        if let Ok(entries) = std::fs::read_dir(&root) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("st_") && maker_is_gone(&name) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = root.join(format!("{}sqlite_template", own_prefix()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("template dir");
        let file = dir.join("template.db");
        bootstrap(&format!("sqlite://{}", file.display()));
        file
    })
}

/// This process's PostgreSQL template database (made on first use), after dropping what
/// ended processes left.
fn pg_template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct Name {
            #[diesel(sql_type = diesel::sql_types::Text)]
            datname: String,
        }
        let base = pg_base_url();
        let mut conn = pg_admin(&base);
        let left: Vec<Name> =
            diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'st\\_%'")
                .load(&mut conn)
                .expect("list databases");
        for db in left.iter().filter(|d| maker_is_gone(&d.datname)) {
            let _ = conn.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                db.datname
            ));
        }
        let name = format!("{}template", own_prefix());
        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop an old template");
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create the template on {base}: {e}"));
        bootstrap(&with_database(&base, &name));
        name
    })
}

#[test]
fn a_database_is_named_in_the_url() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/test", "st_1_a"),
        "postgres://postgres@127.0.0.1:5432/st_1_a"
    );
    assert_eq!(
        with_database("postgres://u@h:1/test?sslmode=disable", "x"),
        "postgres://u@h:1/x?sslmode=disable"
    );
    assert!(!maker_is_gone(&format!("st_{}_x", std::process::id())));
    assert!(!maker_is_gone("st_notapid_x"));
}

/// What a copy of the template saves against migrating a fresh database, measured under the
/// same load, interleaved (`cargo test -p salesops --test api -- --ignored --nocapture
/// test_db::setup_cost`).
#[test]
#[ignore]
fn setup_cost() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let _warm = TestDb::migrated(backend);
        let (mut fresh, mut copied) = (0.0, 0.0);
        for _ in 0..5 {
            let t = std::time::Instant::now();
            let db = TestDb::new(backend);
            bootstrap(&db.url);
            drop(db);
            fresh += t.elapsed().as_secs_f64();
            let t = std::time::Instant::now();
            let db = TestDb::migrated(backend);
            drop(db);
            copied += t.elapsed().as_secs_f64();
        }
        println!(
            "{backend:?}: migrate + bootstrap {:.3} s, template copy {:.3} s (mean of 5)",
            fresh / 5.0,
            copied / 5.0
        );
    }
}
