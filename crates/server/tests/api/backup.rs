//! Backup and restore (issue 15): `salesops backup` run as a process while the server takes
//! writes, `salesops restore` into a fresh database and file store, and a server over the
//! restored copy; and what restore refuses.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::json;

use crate::money::{Money, png};
use crate::on_both_backends;
use crate::support::{PASSWORD, TempDir, TestApp, TestDb};

on_both_backends!(
    backup_while_writing_then_restore,
    restore_refuses_what_it_would_overwrite
);

/// Runs the built binary with `args`, its settings naming `database_url` and `data_dir`
/// only (no other `SALESOPS_*` variable of the test's environment reaches it).
async fn salesops(args: &[&str], database_url: &str, data_dir: &Path) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_salesops"));
    for var in salesops::config::ENV_VARS {
        cmd.env_remove(var);
    }
    cmd.args(args)
        .env("SALESOPS_DATABASE_URL", database_url)
        .env("SALESOPS_DATA_DIR", data_dir)
        .env("SALESOPS_LOG", "warn");
    tokio::task::spawn_blocking(move || cmd.output().expect("run salesops"))
        .await
        .expect("join")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_owned()
}

/// One acknowledged write: a client created over HTTP.
struct Write {
    id: i64,
    name: String,
    sent: Instant,
    acked: Instant,
}

/// Creates clients one after another until `stop`, counting acknowledgements in `acked`.
async fn write_clients(
    app: &TestApp,
    token: &str,
    stop: &AtomicBool,
    acked: &AtomicUsize,
) -> Vec<Write> {
    let mut done = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        let i = done.len() + 1;
        let name = format!("备份客户{i}");
        let sent = Instant::now();
        let res = app
            .post(
                "/api/v1/clients",
                token,
                json!({"name": name, "company": format!("备份公司{i}"),
                       "phone": format!("1380000{i:04}")}),
            )
            .await;
        let at = Instant::now();
        assert_eq!(res.status, StatusCode::CREATED, "client {i}: {}", res.text);
        done.push(Write {
            id: res.id(),
            name,
            sent,
            acked: at,
        });
        acked.fetch_add(1, Ordering::SeqCst);
    }
    done
}

async fn wait_for(acked: &AtomicUsize, n: usize) {
    while acked.load(Ordering::SeqCst) < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn backup_while_writing_then_restore(b: Backend) {
    let m = Money::new(b).await;
    let (app, sp1) = (&m.app, &m.t.sp1);
    let receipt_bytes = png(1501);
    let res = m.upload(sp1, "r.png", receipt_bytes.clone(), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "receipt: {}", res.text);
    let receipt = res.id();

    let dir = TempDir::new();
    let archive = dir.path.join("salesops-backup.tar");
    let archive_arg = archive.to_str().expect("utf-8 path").to_owned();
    let (stop, acked) = (AtomicBool::new(false), AtomicUsize::new(0));
    let (writes, (out, started, finished)) =
        tokio::join!(write_clients(app, sp1, &stop, &acked), async {
            wait_for(&acked, 15).await;
            let started = Instant::now();
            let out = salesops(
                &["backup", "--to", &archive_arg],
                &app.settings.database_url,
                &app.settings.data_dir,
            )
            .await;
            let finished = Instant::now();
            // Writes go on after the backup ended; none of these may be in it.
            let at_end = acked.load(Ordering::SeqCst);
            wait_for(&acked, at_end + 10).await;
            stop.store(true, Ordering::SeqCst);
            (out, started, finished)
        });
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    let backup_says = stderr(&out);
    let backup_secs = (finished - started).as_secs_f64();
    // A receipt uploaded after the backup is not in it.
    let late = m.receipt(sp1, 1502).await;

    let before: Vec<&Write> = writes.iter().filter(|w| w.acked < started).collect();
    let after: Vec<&Write> = writes.iter().filter(|w| w.sent > finished).collect();
    assert!(
        !before.is_empty() && !after.is_empty(),
        "writes on both sides"
    );

    // Into a fresh database and data folder.
    let target = TestDb::empty(b);
    let data = TempDir::new();
    let t = Instant::now();
    let out = salesops(
        &["restore", "--from", &archive_arg],
        &target.url,
        &data.path,
    )
    .await;
    let restore_secs = t.elapsed().as_secs_f64();
    assert!(out.status.success(), "restore failed: {}", stderr(&out));
    let restore_says = stderr(&out);

    let url = target.url.clone();
    let data_dir = data.path.clone();
    let restored = TestApp::start(target, &url, |s| s.data_dir = data_dir).await;
    let sp1 = restored.login("sp1", PASSWORD).await.token;
    let mut present = Vec::new();
    for w in &writes {
        let res = restored
            .get(&format!("/api/v1/clients/{}", w.id), &sp1)
            .await;
        let is_before = w.acked < started;
        let is_after = w.sent > finished;
        match res.status {
            StatusCode::OK => {
                assert!(
                    !is_after,
                    "client {} written after the backup is in it",
                    w.id
                );
                assert_eq!(res.body["name"], w.name.as_str());
                present.push(w.id);
            }
            StatusCode::NOT_FOUND => {
                assert!(
                    !is_before,
                    "client {} acknowledged before the backup is lost",
                    w.id
                );
            }
            other => panic!("GET client {}: {other} {}", w.id, res.text),
        }
    }
    // Nothing else: the restored clients are exactly those found above.
    let listed = restored.get("/api/v1/clients?per_page=500", &sp1).await;
    let mut ids: Vec<i64> = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["id"].as_i64())
        .collect();
    ids.sort();
    assert_eq!(ids, present);
    // Their audit trail came with them.
    let admin = restored.admin().await.token;
    let events = restored
        .get(
            "/api/v1/audit-events?entity_type=client&per_page=500",
            &admin,
        )
        .await;
    assert_eq!(events.status, StatusCode::OK, "{}", events.text);
    let mut audited: Vec<i64> = events.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["action"] == "client.create")
        .filter_map(|e| e["entity_id"].as_str()?.parse().ok())
        .collect();
    audited.sort();
    assert_eq!(audited, present);
    // The receipt's bytes, and not the one uploaded later.
    let file = restored
        .client
        .get(restored.url(&format!("/api/v1/receipts/{receipt}")))
        .bearer_auth(&sp1)
        .send()
        .await
        .expect("download");
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.expect("bytes").as_ref(), receipt_bytes);
    restored
        .get(&format!("/api/v1/receipts/{late}"), &sp1)
        .await
        .assert_problem(404, "not_found");

    let archive_bytes = std::fs::metadata(&archive).expect("archive").len();
    eprintln!(
        "backup {b:?}: archive {archive_bytes} bytes; backup process {backup_secs:.2} s, \
         restore process {restore_secs:.2} s; {} writes: {} before the backup, {} during \
         ({} of them in it), {} after",
        writes.len(),
        before.len(),
        writes.len() - before.len() - after.len(),
        present.len() - before.len(),
        after.len()
    );
    eprintln!("backup {b:?}: {backup_says}");
    eprintln!("backup {b:?}: {restore_says}");
}

/// What a database holds, table by table (row counts).
fn snapshot(b: Backend, url: &str) -> String {
    let mut conn = salesops::ops::archive::connect(b, url).expect("connect");
    format!(
        "{:?}",
        salesops::ops::archive::row_counts(&mut conn).expect("rows")
    )
}

async fn restore_refuses_what_it_would_overwrite(b: Backend) {
    let m = Money::new(b).await;
    m.receipt(&m.t.sp1, 1601).await;
    let dir = TempDir::new();
    let archive: PathBuf = dir.path.join("b.tar");
    let archive_arg = archive.to_str().expect("utf-8 path").to_owned();
    let (url, data) = (&m.app.settings.database_url, &m.app.settings.data_dir);
    let out = salesops(&["backup", "--to", &archive_arg], url, data).await;
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    let written = std::fs::read(&archive).expect("archive");

    // A backup never overwrites a file.
    let out = salesops(&["backup", "--to", &archive_arg], url, data).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&archive).expect("archive"), written);
    let out = salesops(&["backup"], url, data).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--to FILE"), "{}", stderr(&out));

    // A database with data in it: refused, and left as it was.
    let target = TestApp::spawn(b).await;
    target.seed_user("owner", &[Role::Salesperson], None);
    let owner = target.login("owner", PASSWORD).await.token;
    let res = target
        .post(
            "/api/v1/clients",
            &owner,
            json!({"name": "已有客户", "company": "已有公司", "phone": "13712345678"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let target_url = target.settings.database_url.clone();
    let target_data = TempDir::new();
    let before = snapshot(b, &target_url);
    assert!(before.contains("\"clients\": 1,"), "{before}");
    let out = salesops(
        &["restore", "--from", &archive_arg],
        &target_url,
        &target_data.path,
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(snapshot(b, &target_url), before, "the target is unchanged");
    assert!(
        !target_data.path.join("files").exists(),
        "no file was put into the target's store"
    );

    // The other backend, and something that is not a backup.
    let other = match b {
        Backend::Sqlite => "postgres://nobody@127.0.0.1:1/none".to_owned(),
        Backend::Postgres => format!("sqlite://{}", target_data.path.join("x.db").display()),
    };
    let out = salesops(
        &["restore", "--from", &archive_arg],
        &other,
        &target_data.path,
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("only into the backend"),
        "{}",
        stderr(&out)
    );
    assert!(!target_data.path.join("x.db").exists());
    let junk = dir.path.join("junk.tar");
    std::fs::write(&junk, b"not a tar file at all").expect("junk");
    let fresh = TestDb::empty(b);
    let out = salesops(
        &["restore", "--from", junk.to_str().expect("utf-8")],
        &fresh.url,
        &target_data.path,
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    eprintln!("backup {b:?}: refused: {}", stderr(&out));
}

#[test]
fn backup_hands_the_password_to_the_pg_tools_aside() {
    use salesops::ops::archive::split_password;
    assert_eq!(
        split_password("postgres://app:p%40ss%3Aw@db:5432/sales?sslmode=require"),
        (
            "postgres://app@db:5432/sales?sslmode=require".to_owned(),
            Some("p@ss:w".to_owned())
        )
    );
    assert_eq!(
        split_password("postgres://app@db/sales"),
        ("postgres://app@db/sales".to_owned(), None)
    );
    assert_eq!(
        split_password("postgres://db/sales"),
        ("postgres://db/sales".to_owned(), None)
    );
}
