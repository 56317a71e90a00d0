//! The contract test: schemathesis against the real server with a salesperson's, a manager's
//! and an admin's token in turn, every check, all four phases (the stateful one in a run of
//! its own), a fixed seed and a time box per run.
//! The server runs on a fresh SQLite database with the demo company, so the stateful phase
//! has data to walk. Configuration (what is relaxed, and why) is `openapi/schemathesis.toml`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::run::run;
use crate::server::{Server, free_port, wait_ready};

/// The paths that end or change the session the run holds (sign-out, token refresh, the
/// password, disabling a user) are left out: the run would lock itself out.
const EXCLUDED: &str = "/auth/(logout|refresh)|/me/password|/disable$";

/// Where schemathesis is: `SALESOPS_ST`, the virtualenv `.ci/run` makes, or `st` on PATH.
fn st_command(root: &Path) -> String {
    if let Ok(st) = std::env::var("SALESOPS_ST") {
        return st;
    }
    let venv: PathBuf = root.join("target/st-venv/bin/st");
    if venv.exists() {
        return venv.display().to_string();
    }
    "st".to_owned()
}

/// Signs in over plain HTTP and returns the access token.
fn sign_in(bind: &str, username: &str, password: &str) -> Result<String, String> {
    let body = format!(r#"{{"username":"{username}","password":"{password}"}}"#);
    let request = format!(
        "POST /api/v1/auth/login HTTP/1.0\r\nHost: {bind}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream =
        std::net::TcpStream::connect(bind).map_err(|e| format!("connect {bind}: {e}"))?;
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("sign-in request: {e}"))?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("sign-in answer: {e}"))?;
    let key = r#""access_token":""#;
    let start = answer
        .find(key)
        .map(|i| i + key.len())
        .ok_or_else(|| format!("sign-in as {username} failed: {answer}"))?;
    let end = answer[start..]
        .find('"')
        .map(|i| start + i)
        .ok_or("no token in the sign-in answer")?;
    Ok(answer[start..end].to_owned())
}

pub fn contract_tests(root: &Path) -> Result<(), String> {
    let st = st_command(root);
    let seconds = std::env::var("SALESOPS_ST_SECONDS").unwrap_or_else(|_| "60".to_owned());
    // Two runs per caller, each with its own time box: in one run of all four phases the
    // stateful phase got what fuzzing left (9 s of 60, 5 of 2,656 inferred links); alone for
    // 60 s it reaches 115–130 of the 217 operations. `SALESOPS_ST_PHASES` runs one list.
    let phase_runs: Vec<String> = match std::env::var("SALESOPS_ST_PHASES") {
        Ok(phases) => vec![phases],
        Err(_) => vec![
            "examples,coverage,fuzzing".to_owned(),
            "stateful".to_owned(),
        ],
    };
    let data = std::env::temp_dir().join(format!("salesops-st-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let port = free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let log = std::fs::File::create(data.join("server.log")).map_err(|e| e.to_string())?;
    let child = Command::new(root.join("target/debug/salesops"))
        .current_dir(root)
        .env("SALESOPS_BIND", &bind)
        .env("SALESOPS_DATA_DIR", &data)
        .env(
            "SALESOPS_DATABASE_URL",
            format!("sqlite://{}", data.join("st.db").display()),
        )
        .env("SALESOPS_ADMIN_PASSWORD", "st-admin-pass")
        .env("SALESOPS_DEMO", "1")
        .env("SALESOPS_DEMO_PASSWORD", "st-demo-pass")
        .env("SALESOPS_WEB_DIR", &data)
        .env("SALESOPS_LOG", "warn")
        .stdout(Stdio::from(log.try_clone().map_err(|e| e.to_string())?))
        .stderr(Stdio::from(log))
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let server = Server(child);
    wait_ready(&bind)?;
    let spec = format!("http://{bind}/api/v1/openapi.json");
    let base = format!("http://{bind}");
    let config = root.join("openapi/schemathesis.toml").display().to_string();
    // Both sign in before either run: a run tries sign-ins with made-up names, and from one
    // address those soon lock the address out (the throttle per client address) for fifteen
    // minutes, longer than both runs take with the tokens they hold.
    // The salesperson and the manager run first: the admin's run may hand over or disable
    // demo users.
    let mut signed_in = Vec::new();
    for (who, password) in [
        ("wang.fang", "st-demo-pass"),
        ("zhang.wei", "st-demo-pass"),
        ("admin", "st-admin-pass"),
    ] {
        signed_in.push((who, sign_in(&bind, who, password)?));
    }
    let mut result = Ok(());
    let runs = signed_in
        .iter()
        .flat_map(|(who, token)| phase_runs.iter().map(move |p| (who, token, p)));
    for (who, token, phases) in runs {
        let header = format!("Authorization: Bearer {token}");
        let outcome = run(
            root,
            &st,
            &[
                "--config-file",
                &config,
                "run",
                &spec,
                "--url",
                &base,
                "-H",
                &header,
                "--checks",
                "all",
                "--phases",
                phases,
                "--max-time",
                &seconds,
                // One worker: with two, hypothesis (describing filters) sometimes parses
                // source in both threads at once and CPython 3.11 fails with "AST
                // constructor recursion depth mismatch", an error of the tool, not the API.
                "-w",
                "1",
                "--seed",
                "1",
                "--max-examples",
                "30",
                "--exclude-path-regex",
                EXCLUDED,
            ],
        )
        .map_err(|e| format!("schemathesis ({phases}) as {who}: {e}"));
        if outcome.is_err() && result.is_ok() {
            result = outcome;
        }
    }
    drop(server);
    if result.is_err()
        && let Ok(log) = std::fs::read_to_string(data.join("server.log"))
    {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        eprintln!("--- server log (last lines) ---");
        for line in tail.into_iter().rev() {
            eprintln!("{line}");
        }
    }
    let _ = std::fs::remove_dir_all(&data);
    result
}
