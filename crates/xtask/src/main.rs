//! `cargo xtask <task>`: the project's build and test entry points.
//!
//! - `start [--demo]` builds the browser app and the server, then runs the product on SQLite.
//! - `web` builds the browser app into `dist/` (wasm32 + wasm-bindgen as a library: no downloads).
//! - `test` runs every check and test: formatting, lints, unit and HTTP tests on SQLite and
//!   PostgreSQL, OpenAPI drift, the browser test.

mod web;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("web") => web::build(&workspace_root()),
        Some(other) => Err(format!("unknown task `{other}`")),
        None => Err("usage: cargo xtask <start|web|test>".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives at `crates/xtask`).
fn workspace_root() -> std::path::PathBuf {
    let here = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).map(|p| p.to_path_buf()).unwrap_or(here)
}
