//! `cargo xtask test`: every check and test, in the order that fails fastest.
//! `--skip-browser` leaves out the Chromium test (for a quick local run).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::run::{cargo, run, run_env};
use crate::server::{Server, free_port, wait_ready};

pub fn test(root: &Path, args: &[String]) -> Result<(), String> {
    let skip_browser = args.iter().any(|a| a == "--skip-browser");
    let skip_contract = args.iter().any(|a| a == "--skip-contract");
    let cargo = cargo();
    run(root, &cargo, &["fmt", "--all", "--", "--check"])?;
    run(
        root,
        &cargo,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(
        root,
        &cargo,
        &[
            "clippy",
            "-p",
            "salesops_web",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    shared_crate_is_pure(root, &cargo)?;
    // Unit tests and the HTTP tests, each scenario on SQLite and on PostgreSQL.
    run(root, &cargo, &["test", "--workspace"])?;
    // The contract: schemathesis against the binary the HTTP tests built.
    if !skip_contract {
        crate::contract::contract_tests(root)?;
    }
    if skip_browser {
        return Ok(());
    }
    let started = std::time::Instant::now();
    crate::web::build_with(root, crate::web::TEST)?;
    eprintln!(
        "xtask: browser app built ({}) in {:.0} s",
        crate::web::TEST,
        started.elapsed().as_secs_f64()
    );
    // `cargo test --workspace` built target/debug/salesops already (the HTTP tests start the
    // binary), with the workspace's feature set; building it again alone would recompile the
    // dependencies with another one.
    browser_tests(root)
}

/// The shared crate compiles for the browser and pulls in no server crate.
fn shared_crate_is_pure(root: &Path, cargo: &str) -> Result<(), String> {
    run(
        root,
        cargo,
        &[
            "check",
            "-p",
            "salesops_domain",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "salesops_domain",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cargo tree: {e}"))?;
    let tree = String::from_utf8_lossy(&out.stdout);
    for forbidden in ["diesel", "actix", "tokio", "jsonwebtoken"] {
        if tree.lines().any(|l| l.starts_with(forbidden)) {
            return Err(format!(
                "salesops_domain depends on {forbidden}; it must stay free of I/O"
            ));
        }
    }
    Ok(())
}

/// Starts the real server on a fresh SQLite database and runs the Chromium tests against it.
fn browser_tests(root: &Path) -> Result<(), String> {
    let e2e = root.join("e2e");
    if !e2e.join("node_modules/playwright-core").exists() {
        run(&e2e, "npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    let data = std::env::temp_dir().join(format!("salesops-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
    let port = free_port()?;
    let bind = format!("127.0.0.1:{port}");
    let admin_password = "e2e-admin-pass";
    let log = std::fs::File::create(data.join("server.log")).map_err(|e| e.to_string())?;
    let child = Command::new(root.join("target/debug/salesops"))
        .current_dir(root)
        .env("SALESOPS_BIND", &bind)
        .env("SALESOPS_DATA_DIR", &data)
        .env(
            "SALESOPS_DATABASE_URL",
            format!("sqlite://{}", data.join("e2e.db").display()),
        )
        .env("SALESOPS_ADMIN_PASSWORD", admin_password)
        .env("SALESOPS_WEB_DIR", root.join("dist"))
        // The webhooks test's receiver listens on 127.0.0.1; two quick tries, then failed.
        .env("SALESOPS_WEBHOOK_ALLOW_PRIVATE", "1")
        .env("SALESOPS_WEBHOOK_BACKOFF", "1")
        .stdout(Stdio::from(log.try_clone().map_err(|e| e.to_string())?))
        .stderr(Stdio::from(log))
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let server = Server(child);
    wait_ready(&bind)?;
    let url = format!("http://{bind}");
    let result = run_env(
        &e2e,
        "node",
        &["--test", "--test-concurrency=1", "tests/"],
        &[
            ("SALESOPS_URL", &url),
            ("SALESOPS_ADMIN_PASSWORD", admin_password),
        ],
    );
    drop(server);
    if let (Err(_), Ok(log)) = (&result, std::fs::read_to_string(data.join("server.log"))) {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        eprintln!("--- server log (last lines) ---");
        for line in tail.into_iter().rev() {
            eprintln!("{line}");
        }
    }
    let _ = std::fs::remove_dir_all(&data);
    result
}
