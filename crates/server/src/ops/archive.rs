//! What `salesops backup` writes and `salesops restore` reads: one tar file holding
//! `manifest.json` (first), the database copy, and `files/<key>` for every stored file.
//! Also what both need of the database: its tables, their row counts, the schema version,
//! and PostgreSQL's client tools.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use serde::{Deserialize, Serialize};

use crate::db::{Backend, DbConn};

/// The archive layout's version; `restore` refuses others.
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
/// The SQLite copy (a database file, made by `VACUUM INTO`).
pub const SQLITE_ENTRY: &str = "database/salesops.sqlite3";
/// The PostgreSQL copy (`pg_dump --format=custom`).
pub const POSTGRES_ENTRY: &str = "database/salesops.pgdump";
pub const FILES_PREFIX: &str = "files/";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    /// `sqlite` or `postgres`: a backup restores only into the same backend.
    pub backend: String,
    pub created_at: DateTime<Utc>,
    pub salesops_version: String,
    /// The newest migration applied to the copied database.
    pub schema_version: Option<String>,
    /// The entry holding the database copy, and its size.
    pub database: String,
    pub database_bytes: u64,
    /// Rows per table, counted in the copy's own snapshot.
    pub rows: BTreeMap<String, i64>,
    pub file_count: u64,
    pub file_bytes: u64,
}

impl Manifest {
    pub fn total_rows(&self) -> i64 {
        self.rows.values().sum()
    }
}

pub fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

pub fn database_entry(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => SQLITE_ENTRY,
        Backend::Postgres => POSTGRES_ENTRY,
    }
}

/// The file a `sqlite://` URL names.
pub fn sqlite_path(url: &str) -> PathBuf {
    PathBuf::from(url.trim_start_matches("sqlite://"))
}

/// A connection of its own (not pooled), for the copy's snapshot or the target's check.
pub fn connect(backend: Backend, url: &str) -> Result<DbConn, String> {
    let conn = match backend {
        Backend::Sqlite => {
            let path = sqlite_path(url);
            let path = path
                .to_str()
                .ok_or_else(|| format!("the SQLite path {} is not UTF-8", path.display()))?;
            diesel::SqliteConnection::establish(path).map(DbConn::Sqlite)
        }
        Backend::Postgres => diesel::PgConnection::establish(url).map(DbConn::Postgres),
    };
    conn.map_err(|e| format!("cannot connect to {}: {e}", crate::db::redact(url)))
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Nullable<Text>)]
    version: Option<String>,
}

/// The tables salesops keeps: SQLite's, or those in PostgreSQL's current schema.
pub fn tables(conn: &mut DbConn) -> Result<Vec<String>, String> {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    let names: Vec<Name> = diesel::sql_query(sql)
        .load(conn)
        .map_err(|e| format!("cannot list the tables: {e}"))?;
    Ok(names.into_iter().map(|n| n.name).collect())
}

/// Every table's row count, in the connection's current snapshot.
pub fn row_counts(conn: &mut DbConn) -> Result<BTreeMap<String, i64>, String> {
    let mut rows = BTreeMap::new();
    for table in tables(conn)? {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{}\"",
            table.replace('"', "\"\"")
        );
        let count: Count = diesel::sql_query(sql)
            .get_result(conn)
            .map_err(|e| format!("cannot count the rows of {table}: {e}"))?;
        rows.insert(table, count.n);
    }
    Ok(rows)
}

/// The newest migration applied, `None` when the migrations table is missing or empty.
pub fn schema_version(conn: &mut DbConn) -> Result<Option<String>, String> {
    if !tables(conn)?
        .iter()
        .any(|t| t == "__diesel_schema_migrations")
    {
        return Ok(None);
    }
    let v: Version =
        diesel::sql_query("SELECT MAX(version) AS version FROM __diesel_schema_migrations")
            .get_result(conn)
            .map_err(|e| format!("cannot read the schema version: {e}"))?;
    Ok(v.version)
}

/// A PostgreSQL client tool (`pg_dump`, `pg_restore`): on `PATH`, else the newest under
/// `/usr/lib/postgresql/*/bin` (Debian's layout, which does not put every version on PATH).
pub fn pg_tool(name: &str) -> Result<PathBuf, String> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(found) = on_path.iter().map(|d| d.join(name)).find(|p| p.is_file()) {
        return Ok(found);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let v = e.file_name().to_str()?.parse::<u32>().ok()?;
                    let tool = e.path().join("bin").join(name);
                    tool.is_file().then_some((v, tool))
                })
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions.pop().map(|(_, p)| p).ok_or_else(|| {
        format!(
            "`{name}` was not found on PATH or in /usr/lib/postgresql/*/bin: install the \
             PostgreSQL client tools of the server's major version or newer (Debian and \
             Ubuntu: `apt-get install postgresql-client`)"
        )
    })
}

/// `url` without its password, and the password (percent-decoded): the tools get it in
/// `PGPASSWORD`, so it never shows in the process list.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let (Some(s), Some(at)) = (url.find("://"), url.rfind('@')) else {
        return (url.to_owned(), None);
    };
    if at < s {
        return (url.to_owned(), None);
    }
    let creds = &url[s + 3..at];
    match creds.split_once(':') {
        Some((user, password)) => (
            format!("{}{user}{}", &url[..s + 3], &url[at..]),
            Some(percent_decode(password)),
        ),
        None => (url.to_owned(), None),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a PostgreSQL tool against `url` with `args`; its error output is the failure's reason.
pub fn run_pg_tool(name: &str, url: &str, args: &[std::ffi::OsString]) -> Result<(), String> {
    let tool = pg_tool(name)?;
    let (url, password) = split_password(url);
    let mut cmd = Command::new(&tool);
    cmd.args(args).arg(format!("--dbname={url}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {}: {e}", tool.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} failed ({}): {}",
            tool.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A file or folder removed when dropped (the work files of a backup or restore).
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.0.is_dir() {
            let _ = std::fs::remove_dir_all(&self.0);
        } else {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

/// `path` with `suffix` added to its file name.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// What a backup wrote or a restore read, for the command's one line on stderr.
#[derive(Debug)]
pub struct Summary {
    pub manifest: Manifest,
    pub archive_bytes: u64,
    pub seconds: f64,
    /// A restore (read and migrated) rather than a backup (written).
    pub restored: bool,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = &self.manifest;
        let (verb, after) = if self.restored {
            ("read", ", migrated,")
        } else {
            ("written", "")
        };
        write!(
            f,
            "{} bytes {verb} ({} database of {}: {} bytes, {} rows in {} tables; {} files: \
             {} bytes){after} in {:.2} s",
            self.archive_bytes,
            m.backend,
            m.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            m.database_bytes,
            m.total_rows(),
            m.rows.len(),
            m.file_count,
            m.file_bytes,
            self.seconds
        )
    }
}
