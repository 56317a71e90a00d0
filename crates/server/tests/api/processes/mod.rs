//! The real binary as separate processes (issue 15): killed with SIGKILL in the middle of a
//! stream of money writes and started again, and two processes on one PostgreSQL.

mod kill;
mod two;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TempDir;

/// One `salesops` process with fixed settings, which can be killed and started again on the
/// same port.
pub struct Proc {
    pub port: u16,
    env: Vec<(String, String)>,
    dir: TempDir,
    child: Option<Child>,
    starts: u32,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Proc {
    /// Settings for a process on `database_url`, signing with `jwt_secret`.
    pub fn new(database_url: &str, jwt_secret: Option<&[u8]>) -> Proc {
        let dir = TempDir::new();
        let port = free_port();
        let mut env = vec![
            ("SALESOPS_BIND".to_owned(), format!("127.0.0.1:{port}")),
            ("SALESOPS_DATABASE_URL".to_owned(), database_url.to_owned()),
            (
                "SALESOPS_DATA_DIR".to_owned(),
                dir.path.display().to_string(),
            ),
            (
                "SALESOPS_WEB_DIR".to_owned(),
                dir.path.display().to_string(),
            ),
            (
                "SALESOPS_ADMIN_PASSWORD".to_owned(),
                crate::support::ADMIN_PASSWORD.to_owned(),
            ),
            ("SALESOPS_JOBS".to_owned(), "0".to_owned()),
            ("SALESOPS_LOG".to_owned(), "warn".to_owned()),
        ];
        if let Some(secret) = jwt_secret {
            let secret = String::from_utf8(secret.to_vec()).expect("a text secret");
            env.push(("SALESOPS_JWT_SECRET".to_owned(), secret));
        }
        Proc {
            port,
            env,
            dir,
            child: None,
            starts: 0,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path.join(format!("server-{}.log", self.starts))
    }

    /// Starts the process (without waiting for it to be ready).
    pub fn spawn(&mut self) {
        self.starts += 1;
        let log = std::fs::File::create(self.log_path()).expect("log file");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_salesops"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let child = cmd
            .stdout(Stdio::from(log.try_clone().expect("log")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("the salesops binary starts");
        self.child = Some(child);
    }

    /// Waits (up to 30 s) until `/readyz` answers 200.
    pub fn wait_ready(&self) -> Duration {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let _ = s.write_all(b"GET /readyz HTTP/1.0\r\n\r\n");
                let mut buf = String::new();
                let _ = s.read_to_string(&mut buf);
                if buf.starts_with("HTTP/1.0 200") {
                    return start.elapsed();
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the server on port {} never became ready: {}",
            self.port,
            std::fs::read_to_string(self.log_path()).unwrap_or_default()
        );
    }

    pub fn start(&mut self) -> Duration {
        self.spawn();
        self.wait_ready()
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill9();
    }
}
