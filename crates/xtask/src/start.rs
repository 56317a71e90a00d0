//! `cargo xtask start [--demo]`: build everything and run the product on SQLite.

use std::path::Path;
use std::process::Command;

use crate::run::{cargo, run};

pub fn start(root: &Path, args: &[String]) -> Result<(), String> {
    let demo = args.iter().any(|a| a == "--demo");
    crate::web::build(root)?;
    run(root, &cargo(), &["build", "--release", "-p", "salesops"])?;
    let binary = root.join("target/release/salesops");
    let mut cmd = Command::new(&binary);
    cmd.current_dir(root);
    if std::env::var_os("SALESOPS_WEB_DIR").is_none() {
        cmd.env("SALESOPS_WEB_DIR", root.join("dist"));
    }
    if demo {
        cmd.env("SALESOPS_DEMO", "1");
    }
    eprintln!(
        "\n==> salesops on http://{}",
        std::env::var("SALESOPS_BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned())
    );
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("salesops exited with {status}"))
    }
}
