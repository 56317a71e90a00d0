//! The server as a child process (the mixed workload and the soak): the release `salesops`
//! binary on the seeded database, so its memory can be read from `/proc` apart from the load
//! generator's, and it runs exactly as deployed (its own workers, its own pool).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ServerProcess {
    pub base: String,
    child: Child,
    log: PathBuf,
}

/// The `salesops` binary next to this one (`target/release/salesops` beside
/// `target/release/salesops-bench`) unless `explicit` names one.
pub fn server_binary(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let me = std::env::current_exe().map_err(|e| format!("current exe: {e}"))?;
    let bin = me
        .parent()
        .map(|d| d.join("salesops"))
        .ok_or("the bench binary has no folder")?;
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "{} not found: build it first (cargo build --release -p salesops) or pass --server-bin",
            bin.display()
        ))
    }
}

impl ServerProcess {
    /// Starts the server on `database_url` with `pool` connections and waits (up to 60 s) for
    /// `/readyz`. Background jobs are off, as in the other benchmark rows: the load is the
    /// requests.
    pub async fn start(
        bin: &Path,
        database_url: &str,
        dir: &Path,
        pool: u32,
        client: &reqwest::Client,
    ) -> Result<ServerProcess, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("a free port: {e}"))?;
        let log = dir.join("server.log");
        let out = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let secret = format!(
            "bench-secret-{}-0123456789abcdef0123456789",
            std::process::id()
        );
        let child = Command::new(bin)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("SALESOPS_BIND", format!("127.0.0.1:{port}"))
            .env("SALESOPS_DATABASE_URL", database_url)
            .env("SALESOPS_DATA_DIR", dir)
            .env("SALESOPS_WEB_DIR", dir)
            .env("SALESOPS_JWT_SECRET", secret)
            .env("SALESOPS_DB_POOL_SIZE", pool.to_string())
            .env("SALESOPS_JOBS", "0")
            .env("SALESOPS_LOG", "warn")
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let mut server = ServerProcess {
            base: format!("http://127.0.0.1:{port}"),
            child,
            log,
        };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "the server exited ({status}): {}",
                    server.log_tail()
                ));
            }
            let ready = client
                .get(format!("{}/readyz", server.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!(
            "the server was not ready in 60 s: {}",
            server.log_tail()
        ))
    }

    /// The resident memory of the server process in MiB (`VmRSS` of `/proc/<pid>/status`).
    pub fn rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(2_000);
        text.get(start..).unwrap_or_default().to_owned()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
