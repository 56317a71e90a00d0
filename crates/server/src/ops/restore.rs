//! `salesops restore --from FILE`: a backup into an empty database and its file store, then
//! the migrations (and the rest of start-up's upgrades), so an older backup comes up to date.
//!
//! Nothing is overwritten: the target database must have no tables, or the restore is
//! refused before anything is written. The database comes last and whole — SQLite's file is
//! staged beside its place and renamed into it, PostgreSQL's dump is loaded in one
//! transaction — so a restore that fails leaves an empty database to try again on (files
//! already put are content-addressed: the same key always holds the same bytes).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::archive::{self, Manifest, Scratch, Summary};
use crate::config::Settings;
use crate::db::{Backend, Db};
use crate::files::FileStore;

/// The most a manifest may be (it is a few kilobytes).
const MANIFEST_LIMIT: u64 = 1 << 20;

pub fn run(settings: &Settings, from: &Path) -> Result<Summary, String> {
    let started = Instant::now();
    let backend = Backend::from_url(&settings.database_url)?;
    let file = File::open(from).map_err(|e| format!("cannot open {}: {e}", from.display()))?;
    let archive_bytes = file
        .metadata()
        .map_err(|e| format!("cannot read {}: {e}", from.display()))?
        .len();
    let mut tar = tar::Archive::new(BufReader::new(file));
    let mut entries = tar
        .entries()
        .map_err(|e| format!("{} is not a backup archive: {e}", from.display()))?;
    let manifest = match entries.next() {
        Some(Ok(entry)) => read_manifest(entry)?,
        Some(Err(e)) => return Err(format!("{} is not a backup archive: {e}", from.display())),
        None => return Err(format!("{} is empty", from.display())),
    };
    if manifest.backend != archive::backend_name(backend) {
        return Err(format!(
            "this backup is of a {} database but SALESOPS_DATABASE_URL names a {} one: a \
             backup restores only into the backend it was taken from",
            manifest.backend,
            archive::backend_name(backend)
        ));
    }
    ensure_empty(backend, &settings.database_url)?;

    let store = FileStore::open(settings)?;
    let runtime = super::backup::runtime()?;
    let staged = Scratch(staging_path(backend, &settings.database_url)?);
    let (mut saw_database, mut file_count, mut file_bytes) = (false, 0u64, 0u64);
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("the archive is damaged: {e}"))?;
        let name = entry
            .path()
            .map_err(|e| format!("the archive is damaged: {e}"))?
            .to_str()
            .map(str::to_owned)
            .ok_or("the archive names an entry in other than UTF-8")?;
        if name == manifest.database {
            let mut out = File::create(&staged.0)
                .map_err(|e| format!("cannot create {}: {e}", staged.0.display()))?;
            std::io::copy(&mut entry, &mut out)
                .and_then(|_| out.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", staged.0.display()))?;
            saw_database = true;
        } else if let Some(key) = name.strip_prefix(archive::FILES_PREFIX) {
            check_key(key)?;
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read {name} from the archive: {e}"))?;
            check_content(key, &bytes)?;
            file_count += 1;
            file_bytes += bytes.len() as u64;
            runtime
                .block_on(store.put(key, bytes.into()))
                .map_err(|e| format!("cannot store the file {key}: {e}"))?;
        } else {
            return Err(format!("the archive holds an unexpected entry `{name}`"));
        }
    }
    if !saw_database {
        return Err(format!("the archive lacks {}", manifest.database));
    }
    if (file_count, file_bytes) != (manifest.file_count, manifest.file_bytes) {
        return Err(format!(
            "the archive holds {file_count} files ({file_bytes} bytes) where its manifest \
             says {} ({} bytes)",
            manifest.file_count, manifest.file_bytes
        ));
    }

    match backend {
        Backend::Sqlite => {
            let url = format!("sqlite://{}", staged.0.display());
            check_rows(&manifest, &mut archive::connect(backend, &url)?)?;
            let target = archive::sqlite_path(&settings.database_url);
            for stale in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(archive::beside(&target, stale));
            }
            std::fs::rename(&staged.0, &target)
                .map_err(|e| format!("cannot move the database to {}: {e}", target.display()))?;
        }
        Backend::Postgres => {
            let args = [
                "--no-owner".into(),
                "--no-privileges".into(),
                "--single-transaction".into(),
                "--exit-on-error".into(),
                staged.0.clone().into_os_string(),
            ];
            archive::run_pg_tool("pg_restore", &settings.database_url, &args)?;
            check_rows(
                &manifest,
                &mut archive::connect(backend, &settings.database_url)?,
            )?;
        }
    }

    // Up to date, exactly as `salesops migrate` does.
    let db = Db::connect_with(&settings.database_url, 1, settings.statement_timeout_ms)?;
    let up = Arc::new(Settings {
        demo: false,
        ..settings.clone()
    });
    crate::bootstrap::start_up(&db, &up)?;
    Ok(Summary {
        manifest,
        archive_bytes,
        seconds: started.elapsed().as_secs_f64(),
        restored: true,
    })
}

fn read_manifest<R: Read>(mut entry: tar::Entry<'_, R>) -> Result<Manifest, String> {
    let is_manifest = entry
        .path()
        .map(|p| p.as_os_str() == archive::MANIFEST)
        .unwrap_or(false);
    if !is_manifest {
        return Err(format!(
            "not a salesops backup: its first entry is not {}",
            archive::MANIFEST
        ));
    }
    let mut text = String::new();
    entry
        .by_ref()
        .take(MANIFEST_LIMIT)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the manifest: {e}"))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("the manifest is not valid: {e}"))?;
    if manifest.format_version != archive::FORMAT_VERSION {
        return Err(format!(
            "the backup's format is version {}; this salesops ({}) reads version {}",
            manifest.format_version,
            env!("CARGO_PKG_VERSION"),
            archive::FORMAT_VERSION
        ));
    }
    Ok(manifest)
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Refuses a target that holds any table: SQLite's file must be missing, empty, or a
/// database without tables; PostgreSQL's database must have no tables outside the system
/// schemas (a new one from `createdb`).
fn ensure_empty(backend: Backend, url: &str) -> Result<(), String> {
    let found = match backend {
        Backend::Sqlite => {
            let path = archive::sqlite_path(url);
            match std::fs::metadata(&path) {
                Err(_) => return Ok(()),
                Ok(m) if m.len() == 0 => return Ok(()),
                Ok(_) => {}
            }
            let mut conn = archive::connect(backend, url)?;
            archive::tables(&mut conn).map_err(|e| {
                format!(
                    "{} exists and is not an empty SQLite database ({e}); restore refused",
                    path.display()
                )
            })?
        }
        Backend::Postgres => {
            let mut conn = archive::connect(backend, url)?;
            let names: Vec<Name> = diesel::sql_query(
                "SELECT table_schema || '.' || table_name AS name \
                 FROM information_schema.tables \
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema') \
                 AND table_schema NOT LIKE 'pg\\_%' ORDER BY 1",
            )
            .load(&mut conn)
            .map_err(|e| format!("cannot list the target's tables: {e}"))?;
            names.into_iter().map(|n| n.name).collect()
        }
    };
    if found.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the target database {} is not empty ({} tables, e.g. {}): restore only into a new, \
         empty database; nothing was changed",
        crate::db::redact(url),
        found.len(),
        found.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
    ))
}

/// Where the database copy waits: beside SQLite's file (so the rename stays on one file
/// system), or in the temporary folder for `pg_restore`.
fn staging_path(backend: Backend, url: &str) -> Result<PathBuf, String> {
    let suffix = format!(".restoring-{}", std::process::id());
    match backend {
        Backend::Sqlite => {
            let target = archive::sqlite_path(url);
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            Ok(archive::beside(&target, &suffix))
        }
        Backend::Postgres => {
            Ok(std::env::temp_dir().join(format!("salesops-{}{suffix}.pgdump", uuid_ish())))
        }
    }
}

fn uuid_ish() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A store key: `/`-separated, no empty, `.` or `..` segment.
fn check_key(key: &str) -> Result<(), String> {
    let bad = key.is_empty()
        || key.starts_with('/')
        || key
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == ".." || s.contains('\\'));
    if bad {
        return Err(format!(
            "the archive names a file `{key}` outside the store"
        ));
    }
    Ok(())
}

/// A file named by a SHA-256 (every receipt) must have those bytes.
fn check_content(key: &str, bytes: &[u8]) -> Result<(), String> {
    let last = key.rsplit('/').next().unwrap_or(key);
    let hashed = last.len() == 64 && last.bytes().all(|b| b.is_ascii_hexdigit());
    if hashed && !last.eq_ignore_ascii_case(&crate::hashing::sha256_hex(bytes)) {
        return Err(format!(
            "the file {key} in the archive is damaged (its bytes do not match its name)"
        ));
    }
    Ok(())
}

/// The loaded copy holds the rows the manifest counted.
fn check_rows(manifest: &Manifest, conn: &mut crate::db::DbConn) -> Result<(), String> {
    let rows = archive::row_counts(conn)?;
    if rows != manifest.rows {
        let differ: Vec<String> = manifest
            .rows
            .iter()
            .filter(|(t, n)| rows.get(*t) != Some(n))
            .map(|(t, n)| format!("{t}: {n} expected, {:?} found", rows.get(t)))
            .take(5)
            .collect();
        return Err(format!(
            "the restored database differs from the manifest: {}",
            differ.join("; ")
        ));
    }
    Ok(())
}
