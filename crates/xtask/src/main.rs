//! `cargo xtask <task>`: the project's build and test entry points.
//!
//! - `start [--demo]` builds the browser app and the server (release), then runs the product
//!   on SQLite at http://127.0.0.1:8080.
//! - `web [--test]` builds the browser app into `dist/` (wasm32 + wasm-bindgen as a library: no
//!   downloads); `--test` with the browser tests' quicker profile, wasm-test.
//! - `contract` runs schemathesis against the debug server binary (built by the tests).
//! - `test` runs every check and test: formatting, lints, the shared crate's purity, unit and
//!   HTTP tests on SQLite and PostgreSQL, OpenAPI drift, schemathesis against the real server
//!   (`--skip-contract` leaves it out), and the browser tests in Chromium (`--skip-browser`).

mod contract;
mod run;
mod server;
mod start;
mod test;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match args.first().map(String::as_str) {
        Some("start") => start::start(&root, rest),
        // `--test`: the browser tests' quicker build (profile wasm-test) instead of the shipped one.
        Some("web") if rest.iter().any(|a| a == "--test") => web::build_with(&root, web::TEST),
        Some("web") => web::build(&root),
        Some("test") => test::test(&root, rest),
        Some("contract") => contract::contract_tests(&root),
        Some(other) => Err(format!(
            "unknown task `{other}`; tasks: start, web, test, contract"
        )),
        None => {
            Err("usage: cargo xtask <start [--demo] | web [--test] | test | contract>".to_owned())
        }
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
fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .map(|p| p.to_path_buf())
        .unwrap_or(here)
}
