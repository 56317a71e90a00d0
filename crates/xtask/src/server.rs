//! The real server as a child process for the browser and contract tests.

use std::net::TcpListener;
use std::process::Child;
use std::time::{Duration, Instant};

/// The running server; killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Waits until `/readyz` answers 200 (at most a minute).
pub fn wait_ready(bind: &str) -> Result<(), String> {
    use std::io::{Read, Write};
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(mut stream) = std::net::TcpStream::connect(bind) {
            let _ = stream
                .write_all(format!("GET /readyz HTTP/1.0\r\nHost: {bind}\r\n\r\n").as_bytes());
            let mut buf = String::new();
            let _ = stream.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("the server on {bind} did not become ready"))
}
