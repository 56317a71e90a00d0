//! `salesops` — the server binary.
//!
//! `salesops` (or `salesops serve`) runs the product; `salesops openapi` prints the OpenAPI
//! document; `salesops migrate` applies migrations and exits.

use std::net::TcpListener;
use std::process::ExitCode;

use salesops::config::Settings;
use salesops::db::{self, Db};
use salesops::state::AppState;
use salesops::{app, bootstrap, clients, demo};

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
            let db = Db::connect(&s.database_url, 1)?;
            migrate(&db)
        }),
        "serve" => serve(),
        "--help" | "-h" | "help" => {
            println!(
                "usage: salesops [serve|migrate|openapi]\nSettings come from SALESOPS_* environment variables; see the README."
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

/// Applies pending migrations, recomputes the stored phone forms when their normal form
/// changed, then indexes for search any client stored before the search index existed (each a
/// no-op once done).
fn migrate(db: &Db) -> Result<(), String> {
    db.migrate()?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let renormalized = clients::phones::renormalize(&mut conn).map_err(|e| e.to_string())?;
    if renormalized > 0 {
        tracing::info!(
            renormalized,
            "client phones recomputed in their new normal form"
        );
    }
    let indexed = clients::search::backfill(&mut conn).map_err(|e| e.to_string())?;
    if indexed > 0 {
        tracing::info!(indexed, "clients indexed for search");
    }
    Ok(())
}

fn serve() -> Result<(), String> {
    let settings = Settings::from_env()?;
    init_logging(settings.log_json);
    tracing::info!(?settings, "starting");
    let db = Db::connect(&settings.database_url, settings.db_pool_size)?;
    migrate(&db)?;
    {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        if let Some(pw) = bootstrap::ensure_admin(&mut conn, settings.admin_password.as_deref())
            .map_err(|e| e.to_string())?
        {
            // Printed once, on the first start only; it is not stored anywhere in clear.
            tracing::warn!("created user `admin` with generated password: {pw}");
        }
        if settings.demo {
            let (pw, announce) = match settings.demo_password.clone() {
                Some(p) => (p, false),
                None => ("demo-pass-2026".to_owned(), true),
            };
            if demo::seed_all(&mut conn, &pw, &settings).map_err(|e| e.to_string())? && announce {
                tracing::warn!(
                    "demo data seeded; every demo user's password is `{pw}` (set SALESOPS_DEMO_PASSWORD to choose)"
                );
            }
        }
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
    let state = AppState::new(db, settings);
    let runtime = actix_web::rt::System::new();
    runtime
        .block_on(async move {
            let server = app::serve(listener, state)?;
            server.await
        })
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}
