//! The disk under SQLite filling up (issue 15): the database and the receipts live in a small
//! tmpfs which the test fills with a file of zeros. Writes then answer 503 `storage_full`
//! and leave nothing half-written (every stored claim has all its lines and its audit
//! event), reads and signed-in sessions go on, and once the filler is removed the same
//! requests, retried with their `Idempotency-Key`, are stored, each once.
//!
//! Mounting needs root (CI and this machine run as root); where `mount` is refused the test
//! says so on stderr and does nothing, as a test of a missing capability cannot tell anything.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::schema::{audit_events as a, expense_claim_lines as l, expense_claims as c};
use serde_json::{Value, json};

use crate::money::{Money, line, png};
use crate::support::{TestApp, TestDb};

/// Lines per claim: enough that the log of each write takes some pages.
const LINES: usize = 40;

/// A tmpfs of its own, unmounted when the test ends.
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    fn mount(megabytes: u32) -> Option<Tmpfs> {
        let path =
            std::env::temp_dir().join(format!("salesops-full-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            let _ = std::fs::remove_dir(&path);
            return None;
        }
        Some(Tmpfs { path })
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Writes zeros to `file` until the file system refuses: the disk is then full.
fn fill(file: &Path) {
    let mut out = std::fs::File::create(file).expect("filler");
    for size in [1 << 16, 1 << 12, 1] {
        let chunk = vec![0u8; size];
        loop {
            match out.write(&chunk) {
                Ok(n) if n == size => {}
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
    }
}

fn claim_body(i: usize) -> Value {
    let lines: Vec<Value> = (0..LINES)
        .map(|n| line("2026-12-01", "per_diem", 1_000 + (i * LINES + n) as i64))
        .collect();
    json!({ "lines": lines })
}

async fn post_claim(m: &Money, i: usize) -> (StatusCode, Value) {
    let res = m
        .app
        .client
        .post(m.app.url("/api/v1/expense-claims"))
        .bearer_auth(&m.t.sp1)
        .header("Idempotency-Key", format!("full-{i}"))
        .json(&claim_body(i))
        .send()
        .await
        .expect("claim request");
    let status = res.status();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

/// Claims, lines and claim-creation audit events stored, counted in the database.
fn stored(app: &TestApp) -> (i64, i64, i64) {
    let mut conn = app.db.get().expect("connection");
    let claims = c::table.count().get_result(&mut conn).expect("claims");
    let lines = l::table.count().get_result(&mut conn).expect("lines");
    let events = a::table
        .filter(a::entity_type.eq("expense_claim"))
        .filter(a::action.eq("expense_claim.create"))
        .count()
        .get_result(&mut conn)
        .expect("audit events");
    (claims, lines, events)
}

#[actix_web::test]
async fn sqlite_disk_full_refuses_writes_whole_keeps_reading_and_resumes() {
    let Some(disk) = Tmpfs::mount(24) else {
        eprintln!("disk_full: `mount -t tmpfs` was refused (not root?); nothing was tested");
        return;
    };
    let files = disk.path.join("files");
    let test_db = TestDb::sqlite_in(disk.path.clone());
    let url = test_db.url.clone();
    let app = TestApp::spawn_on_with(test_db, &url, |s| s.data_dir = files.clone()).await;
    let m = Money::on(app).await;
    m.budget(m.t.sp1_id, "2026-12", "per_diem", 1_000_000_000)
        .await;
    let first = post_claim(&m, 0).await;
    assert_eq!(
        first.0,
        StatusCode::CREATED,
        "before the disk fills: {}",
        first.1
    );

    let filler = disk.path.join("filler");
    fill(&filler);
    // Some writes may still fit in pages the database already holds; keep writing until the
    // disk refuses, a few times over.
    let mut acknowledged = vec![0usize];
    let mut refused = Vec::new();
    for i in 1..400 {
        let (status, body) = post_claim(&m, i).await;
        match status {
            StatusCode::CREATED => acknowledged.push(i),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(body["code"], "storage_full", "claim {i}: {body}");
                assert!(
                    body["detail"]
                        .as_str()
                        .is_some_and(|d| d.contains("disk is full")),
                    "claim {i}: {body}"
                );
                refused.push(i);
                if refused.len() == 5 {
                    break;
                }
            }
            other => panic!("claim {i} while the disk is full: {other} {body}"),
        }
    }
    assert_eq!(refused.len(), 5, "the disk never refused a write");
    eprintln!(
        "disk_full: {} claims acknowledged, then {} refused with 503 storage_full",
        acknowledged.len(),
        refused.len()
    );

    // Nothing half-written: what is stored is exactly the acknowledged claims, whole.
    let n = acknowledged.len() as i64;
    assert_eq!(
        stored(&m.app),
        (n, n * LINES as i64, n),
        "stored while full"
    );

    // Reads and the sessions already signed in go on.
    let list = m.app.get("/api/v1/expense-claims", &m.t.sp1).await;
    assert_eq!(
        list.status,
        StatusCode::OK,
        "list while full: {}",
        list.text
    );
    assert!(
        list.body["items"].as_array().is_some_and(|i| !i.is_empty()),
        "list while full: {}",
        list.text
    );
    let me = m.app.get("/api/v1/me", &m.t.boss).await;
    assert_eq!(me.status, StatusCode::OK, "me while full: {}", me.text);
    // Signing in stores a session, so it waits for space too, and says why.
    m.app
        .login_raw("boss", crate::support::PASSWORD)
        .await
        .assert_problem(503, "storage_full");
    // A receipt cannot be kept either.
    let receipt = m.upload(&m.t.sp1, "r.png", png(7), None).await;
    receipt.assert_problem(503, "storage_full");

    // Space returns: the refused requests, retried with their keys, are stored once each.
    std::fs::remove_file(&filler).expect("remove the filler");
    let freed = Instant::now();
    let mut first_stored = None;
    for &i in &refused {
        loop {
            let (status, body) = post_claim(&m, i).await;
            match status {
                StatusCode::CREATED => break,
                // The key the failed write could not release (the disk was full) is taken
                // over after its abandonment time.
                StatusCode::CONFLICT if body["code"] == "idempotency_in_progress" => {}
                other => panic!("claim {i} after space returned: {other} {body}"),
            }
            assert!(
                freed.elapsed() < Duration::from_secs(30),
                "claim {i} never stored"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        first_stored.get_or_insert(freed.elapsed());
        // Sent again, the same key answers the stored claim and stores nothing more.
        let (status, _) = post_claim(&m, i).await;
        assert_eq!(status, StatusCode::CREATED, "replay of claim {i}");
    }
    eprintln!(
        "disk_full: first write stored {:.1} s after space returned",
        first_stored.unwrap_or_default().as_secs_f64()
    );
    let n = (acknowledged.len() + refused.len()) as i64;
    assert_eq!(stored(&m.app), (n, n * LINES as i64, n), "stored after");
    m.receipt(&m.t.sp1, 8).await;
}
