//! `salesops` — the server binary.
//!
//! `salesops` (or `salesops serve`) runs the product; `salesops openapi` prints the OpenAPI
//! document; `salesops migrate` applies migrations and exits; `salesops backup --to FILE`
//! and `salesops restore --from FILE` copy the database and the stored files out and in.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use salesops::config::Settings;
use salesops::db::{self, Db};
use salesops::state::AppState;
use salesops::{app, bootstrap};

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SALESOPS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> ExitCode {
    let cmd = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    let result = match cmd.as_str() {
        "openapi" => {
            print!("{}", app::openapi_json());
            Ok(())
        }
        "migrate" => Settings::from_env().and_then(|s| {
            init_logging(s.log_json);
            let db = Db::connect_with(&s.database_url, 1, s.statement_timeout_ms)?;
            // Start-up without serving: migrations, search backfill, admin, shared secret.
            let s = Arc::new(Settings { demo: false, ..s });
            bootstrap::start_up(&db, &s).map(|_| ())
        }),
        "backup" => path_flag("--to").and_then(|to| {
            let s = Settings::from_env()?;
            let summary = salesops::ops::backup::run(&s, &to)?;
            eprintln!("backup {}: {summary}", to.display());
            Ok(())
        }),
        "restore" => path_flag("--from").and_then(|from| {
            let s = Settings::from_env()?;
            init_logging(s.log_json);
            let summary = salesops::ops::restore::run(&s, &from)?;
            eprintln!("restore from {}: {summary}", from.display());
            Ok(())
        }),
        "serve" => serve(),
        "--help" | "-h" | "help" => {
            println!(
                "usage: salesops [serve|migrate|openapi]\n       salesops backup --to FILE\n       salesops restore --from FILE\nSettings come from SALESOPS_* environment variables; see the README."
            );
            Ok(())
        }
        other => Err(format!("unknown command `{other}`; try `salesops --help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("salesops: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The one argument after the command: `FLAG FILE` or `FLAG=FILE`.
fn path_flag(flag: &str) -> Result<PathBuf, String> {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let value = match args.as_slice() {
        [f, value] if f == flag => Some(value.clone()),
        [one] => one
            .strip_prefix(flag)
            .and_then(|v| v.strip_prefix('='))
            .map(str::to_owned),
        _ => None,
    };
    value
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| format!("expected `{flag} FILE`; try `salesops --help`"))
}

fn serve() -> Result<(), String> {
    let settings = Arc::new(Settings::from_env()?);
    init_logging(settings.log_json);
    tracing::info!(?settings, "starting");
    let db = Db::connect_with(
        &settings.database_url,
        settings.db_pool_size,
        settings.statement_timeout_ms,
    )?;
    let start = bootstrap::start_up(&db, &settings)?;
    if let Some(pw) = &start.generated_admin_password {
        // Printed once, on the first start only; it is not stored anywhere in clear.
        tracing::warn!("created user `admin` with generated password: {pw}");
    }
    let listener = TcpListener::bind(&settings.bind)
        .map_err(|e| format!("cannot listen on {}: {e}", settings.bind))?;
    tracing::info!(
        "listening on http://{} ({} database)",
        settings.bind,
        match db.backend() {
            db::Backend::Sqlite => "SQLite",
            db::Backend::Postgres => "PostgreSQL",
        }
    );
    let state = AppState::new(db, settings, &start.jwt_secret)?;
    let runtime = actix_web::rt::System::new();
    runtime
        .block_on(async move {
            if state.settings.demo {
                // The same bytes under the same key every start: putting them again is harmless.
                for (key, bytes) in salesops::demo::receipt_files() {
                    state
                        .files
                        .put(&key, bytes.into())
                        .await
                        .map_err(|e| std::io::Error::other(e.to_string()))?;
                }
            }
            let runner = salesops::jobs::runner::start(state.db.clone(), state.settings.clone());
            let server = app::serve(listener, state)?;
            let served = server.await;
            // After the server's graceful stop (SIGTERM): the job in hand finishes first.
            if let Some(runner) = runner {
                runner.stop().await;
            }
            served
        })
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}
