//! `salesops backup --to FILE`: a consistent copy of the database and every stored file,
//! taken while the server runs.
//!
//! The database is copied first, in one snapshot: SQLite's `VACUUM INTO` (one read
//! transaction, so writers carry on under WAL), or `pg_dump` in a snapshot exported by a
//! transaction that also counts the rows. The files are listed after: they are
//! content-addressed and never overwritten or deleted, and a row is written only after its
//! file, so every file the copy names is in the list.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::archive::{self, Manifest, Scratch, Summary};
use crate::config::Settings;
use crate::db::Backend;
use crate::files::FileStore;

/// Writes the archive to `to`, which must not exist yet. It appears there only when complete.
pub fn run(settings: &Settings, to: &Path) -> Result<Summary, String> {
    let started = Instant::now();
    if to.exists() {
        return Err(format!(
            "{} already exists; name a new file (a backup never overwrites one)",
            to.display()
        ));
    }
    let backend = Backend::from_url(&settings.database_url)?;
    let work = Scratch(archive::beside(
        to,
        &format!(".work-{}", std::process::id()),
    ));
    std::fs::create_dir_all(&work.0)
        .map_err(|e| format!("cannot create {}: {e}", work.0.display()))?;
    let copy = work.0.join("database");
    let (rows, schema_version) = match backend {
        Backend::Sqlite => copy_sqlite(&settings.database_url, &copy)?,
        Backend::Postgres => copy_postgres(&settings.database_url, &copy)?,
    };
    let database_bytes = std::fs::metadata(&copy)
        .map_err(|e| format!("cannot read the database copy: {e}"))?
        .len();

    // The files after the database: see the module's note.
    let runtime = runtime()?;
    let store = FileStore::open(settings)?;
    let mut files = runtime
        .block_on(store.list())
        .map_err(|e| format!("cannot list the stored files: {e}"))?;
    files.sort();
    let manifest = Manifest {
        format_version: archive::FORMAT_VERSION,
        backend: archive::backend_name(backend).to_owned(),
        created_at: chrono::Utc::now(),
        salesops_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        database: archive::database_entry(backend).to_owned(),
        database_bytes,
        rows,
        file_count: files.len() as u64,
        file_bytes: files.iter().map(|(_, size)| size).sum(),
    };

    let partial = Scratch(archive::beside(to, ".partial"));
    let out = File::create(&partial.0)
        .map_err(|e| format!("cannot create {}: {e}", partial.0.display()))?;
    let mut tar = tar::Builder::new(BufWriter::new(out));
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| format!("cannot write the manifest: {e}"))?;
    append(
        &mut tar,
        archive::MANIFEST,
        json.len() as u64,
        json.as_slice(),
    )?;
    let db_file = File::open(&copy).map_err(|e| format!("cannot read the database copy: {e}"))?;
    append(&mut tar, &manifest.database, database_bytes, db_file)?;
    for (key, _) in &files {
        let bytes = runtime
            .block_on(store.get(key))
            .map_err(|e| format!("cannot read the stored file {key}: {e}"))?;
        let name = format!("{}{key}", archive::FILES_PREFIX);
        append(&mut tar, &name, bytes.len() as u64, bytes.as_ref())?;
    }
    let mut out = tar
        .into_inner()
        .map_err(|e| format!("cannot finish the archive: {e}"))?;
    out.flush()
        .map_err(|e| format!("cannot write the archive: {e}"))?;
    let file = out
        .into_inner()
        .map_err(|e| format!("cannot write the archive: {e}"))?;
    file.sync_all()
        .map_err(|e| format!("cannot write the archive: {e}"))?;
    let archive_bytes = file
        .metadata()
        .map_err(|e| format!("cannot read the archive: {e}"))?
        .len();
    drop(file);
    std::fs::rename(&partial.0, to)
        .map_err(|e| format!("cannot move the archive to {}: {e}", to.display()))?;
    Ok(Summary {
        manifest,
        archive_bytes,
        seconds: started.elapsed().as_secs_f64(),
        restored: false,
    })
}

/// A runtime for the file store's calls.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))
}

fn append<R: std::io::Read>(
    tar: &mut tar::Builder<BufWriter<File>>,
    name: &str,
    size: u64,
    data: R,
) -> Result<(), String> {
    let mut header = tar::Header::new_gnu();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mtime(u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0));
    tar.append_data(&mut header, name, data)
        .map_err(|e| format!("cannot write {name} into the archive: {e}"))
}

type Copied = (BTreeMap<String, i64>, Option<String>);

/// `VACUUM INTO`: one read transaction of the live database, written out as a new file.
fn copy_sqlite(url: &str, copy: &Path) -> Result<Copied, String> {
    let live = archive::sqlite_path(url);
    if !live.is_file() {
        return Err(format!("there is no SQLite database at {}", live.display()));
    }
    let mut conn = archive::connect(Backend::Sqlite, url)?;
    conn.batch_execute("PRAGMA busy_timeout = 5000")
        .map_err(|e| format!("cannot set the busy timeout: {e}"))?;
    if archive::schema_version(&mut conn)?.is_none() {
        return Err(format!(
            "{} holds no salesops database (no migrations applied)",
            live.display()
        ));
    }
    let target = copy
        .to_str()
        .ok_or_else(|| format!("the path {} is not UTF-8", copy.display()))?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(&mut conn)
        .map_err(|e| format!("VACUUM INTO failed: {e}"))?;
    drop(conn);
    // Counted in the copy, so the manifest says exactly what the archive holds.
    let mut copied = archive::connect(Backend::Sqlite, &format!("sqlite://{target}"))?;
    Ok((
        archive::row_counts(&mut copied)?,
        archive::schema_version(&mut copied)?,
    ))
}

#[derive(QueryableByName)]
struct Snapshot {
    #[diesel(sql_type = Text)]
    id: String,
}

/// `pg_dump` in a snapshot exported by a transaction that counts the rows in it, so the
/// counts are the dump's.
fn copy_postgres(url: &str, copy: &Path) -> Result<Copied, String> {
    let mut conn = archive::connect(Backend::Postgres, url)?;
    conn.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .map_err(|e| format!("cannot begin the snapshot: {e}"))?;
    let snapshot: Snapshot = diesel::sql_query("SELECT pg_export_snapshot() AS id")
        .get_result(&mut conn)
        .map_err(|e| format!("cannot export the snapshot: {e}"))?;
    let schema_version = archive::schema_version(&mut conn)?;
    if schema_version.is_none() {
        return Err(format!(
            "{} holds no salesops database (no migrations applied)",
            crate::db::redact(url)
        ));
    }
    let rows = archive::row_counts(&mut conn)?;
    let mut file = std::ffi::OsString::from("--file=");
    file.push(copy);
    let args = [
        "--format=custom".into(),
        "--no-owner".into(),
        "--no-privileges".into(),
        format!("--snapshot={}", snapshot.id).into(),
        file,
    ];
    // The exporting transaction stays open until pg_dump has taken the snapshot (and done).
    let dumped = archive::run_pg_tool("pg_dump", url, &args);
    let _ = conn.batch_execute("COMMIT");
    dumped?;
    Ok((rows, schema_version))
}
