//! `salesops-bench`: seeds a large database (salespeople, clients, follow-ups) and measures, against
//! the real server started in-process, the scoped client search by phone prefix and by Chinese
//! name fragment, the due list, and `/healthz` as the ceiling; and the finance reports on a
//! million claim lines (issue 11) and the receivables' aging and collection rate on 200,000
//! schedule lines through the API against the same SQL in `psql` / `sqlite3`.
//! See `docs/benchmarks.md`.
//!
//! ```text
//! cargo run --release -p salesops-bench -- --backend sqlite,postgres --clients 10000,100000
//! cargo run --release -p salesops-bench -- --endpoints expenses,budget --money-lines 1000000
//! cargo run --release -p salesops-bench -- --endpoints aging,collections --deal-lines 200000
//! ```

mod child;
mod deals;
mod harness;
mod load;
mod mixed;
mod money;
mod options;
mod raw;
mod reports;
mod seed;
mod soak;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use salesops::db::{Backend, Db};
use salesops::state::AppState;

use crate::harness::{BenchDb, RunningServer, login, settings};
use crate::load::Stats;
pub use crate::options::Options;
use crate::options::parse_args;

/// One measured row of the report.
struct Row {
    backend: &'static str,
    /// Which of [`options::ENDPOINTS`] this row measured.
    key: &'static str,
    clients: usize,
    endpoint: String,
    stats: Stats,
    /// The raw floor of the same request ([`raw`]), when measured.
    raw: Option<Stats>,
}

/// A GET that must answer 200 with a page holding `min_items` or more items (a sanity check
/// that the search finds what was seeded).
async fn check(client: &reqwest::Client, url: &str, token: &str) -> Result<(usize, i64), String> {
    let res = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("GET {url}: {status} {body}"));
    }
    let items = body["items"].as_array().map_or(0, Vec::len);
    let total = body["total"].as_i64().unwrap_or(-1);
    Ok((items, total))
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn bench_one(
    o: &Options,
    backend: Backend,
    clients: usize,
    rows: &mut Vec<Row>,
    money_rows: &mut Vec<reports::ReportRow>,
) -> Result<(), String> {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let bench_db = BenchDb::new(backend, &o.pg_url, o.keep, &format!("{name}_{clients}"))?;
    let db = Db::connect(&bench_db.url, o.pool)?;
    db.migrate()?;
    let seeded = {
        let db = db.clone();
        let (n, f, s) = (clients, o.follow_ups_per_client, o.salespeople);
        tokio::task::spawn_blocking(move || seed::seed(&db, n, f, s))
            .await
            .map_err(|e| e.to_string())??
    };
    eprintln!(
        "[{name} {clients}] seeded in {:.1}s: {} users, {} clients, {} follow-ups ({} clients overdue)",
        seeded.elapsed.as_secs_f64(),
        seeded.users,
        seeded.clients,
        seeded.follow_ups,
        seeded.overdue
    );
    if o.money() {
        let db = db.clone();
        let lines = o.money_lines;
        let m = tokio::task::spawn_blocking(move || money::seed(&db, lines))
            .await
            .map_err(|e| e.to_string())??;
        eprintln!(
            "[{name} {clients}] money seeded in {:.1}s: {} claims, {} lines, {} budgets, {} plan budgets, {} supplements",
            m.elapsed.as_secs_f64(),
            m.claims,
            m.lines,
            m.budgets,
            m.plan_budgets,
            m.supplements
        );
    }
    if o.deals() {
        let db = db.clone();
        let lines = o.deal_lines;
        let d = tokio::task::spawn_blocking(move || deals::seed(&db, lines))
            .await
            .map_err(|e| e.to_string())??;
        eprintln!(
            "[{name} {clients}] deals seeded in {:.1}s: {} clients, {} contracts, {} schedule lines, {} payments, {} allocations",
            d.elapsed.as_secs_f64(),
            d.clients,
            d.contracts,
            d.lines,
            d.payments,
            d.allocations
        );
    }
    let settings = settings(&bench_db.url, &bench_db.dir, o.pool);
    let settings_copy = settings.clone();
    let secret = settings.jwt_secret.clone().unwrap_or_default();
    let server = RunningServer::start(AppState::new(db.clone(), Arc::new(settings), &secret)?)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.connections)
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let result = async {
        let token = login(&client, &server.base, &seeded.sign_in).await?;
        let base = &server.base;
        let phone = enc(&seeded.phone_prefix);
        let fragment = enc(&seeded.name_fragment);
        let surname = enc(&seeded.name_fragment.chars().take(1).collect::<String>());
        let surname_text: String = seeded.name_fragment.chars().take(1).collect();
        let clients_case = |q: &str, per_page: u32| {
            Some(raw::Case::Clients {
                q: q.to_owned(),
                per_page,
            })
        };
        let mut cases: Vec<(&str, String, String, bool, Option<raw::Case>)> = vec![
            (
                "ceiling",
                "GET /healthz (ceiling)".to_owned(),
                format!("{base}/healthz"),
                false,
                None,
            ),
            (
                "me",
                "GET /me (sign-in check + 1 query)".to_owned(),
                format!("{base}/api/v1/me"),
                true,
                Some(raw::Case::Me),
            ),
        ];
        for per_page in [20, 200] {
            cases.push((
                "phone",
                format!(
                    "clients?q={} (phone prefix), per_page {per_page}",
                    seeded.phone_prefix
                ),
                format!("{base}/api/v1/clients?q={phone}&per_page={per_page}"),
                true,
                clients_case(&seeded.phone_prefix, per_page),
            ));
            cases.push((
                "name",
                format!(
                    "clients?q={} (name fragment), per_page {per_page}",
                    seeded.name_fragment
                ),
                format!("{base}/api/v1/clients?q={fragment}&per_page={per_page}"),
                true,
                clients_case(&seeded.name_fragment, per_page),
            ));
            cases.push((
                "surname",
                format!(
                    "clients?q={} (surname: many matches), per_page {per_page}",
                    seeded.name_fragment.chars().take(1).collect::<String>()
                ),
                format!("{base}/api/v1/clients?q={surname}&per_page={per_page}"),
                true,
                clients_case(&surname_text, per_page),
            ));
        }
        cases.push((
            "due",
            "follow-ups/due, per_page 20".to_owned(),
            format!("{base}/api/v1/follow-ups/due?per_page=20"),
            true,
            None,
        ));
        cases.retain(|c| o.endpoints.iter().any(|e| e == c.0));
        // The raw floor's own connections (one per load connection), and the session the
        // token above names.
        let raw_db = Db::connect(&bench_db.url, o.connections as u32)?;
        let who = raw::latest_session(&raw_db, &seeded.sign_in)?;
        let raw_settings = Arc::new(settings_copy.clone());
        for (key, label, url, auth, raw_case) in cases {
            let token = auth.then(|| token.clone());
            if let Some(t) = &token {
                let (items, total) = check(&client, &url, t).await?;
                eprintln!("[{name} {clients}] {label}: {items} items of {total}");
            }
            load::run(
                &client,
                &url,
                token.as_deref(),
                o.connections,
                o.warmup,
                1_000_000,
            )
            .await?;
            let stats = load::run(
                &client,
                &url,
                token.as_deref(),
                o.connections,
                o.duration,
                5_000_000,
            )
            .await?;
            eprintln!("[{name} {clients}] {label}: {}", stats.summary());
            let raw_row = match (&raw_case, o.raw) {
                (Some(case), true) => {
                    let (db, settings, case) = (raw_db.clone(), raw_settings.clone(), case.clone());
                    let (c, d, w) = (o.connections, o.duration, o.warmup);
                    let (found, statements) = raw::check(&db, &settings, who, &case)?;
                    let raw_stats = tokio::task::spawn_blocking(move || {
                        raw::run(&db, settings.clone(), who, &case, c, w)?;
                        raw::run(&db, settings, who, &case, c, d)
                    })
                    .await
                    .map_err(|e| e.to_string())??;
                    eprintln!(
                        "[{name} {clients}] raw {label} ({found} items, {statements} statements): {}",
                        raw_stats.summary()
                    );
                    Some(raw_stats)
                }
                _ => None,
            };
            rows.push(Row {
                backend: name,
                clients,
                key,
                endpoint: label,
                stats,
                raw: raw_row,
            });
        }
        if o.reports() {
            let target = match backend {
                Backend::Sqlite => reports::RawTarget::Sqlite(bench_db.dir.join("bench.db")),
                Backend::Postgres => reports::RawTarget::Postgres(bench_db.url.clone()),
            };
            let slow = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(120))
                .build()
                .map_err(|e| e.to_string())?;
            let token = login(&slow, base, money::FINANCE_USER).await?;
            money_rows.extend(
                reports::measure(
                    name,
                    &db,
                    &target,
                    &bench_db.dir,
                    &slow,
                    base,
                    &token,
                    &o.endpoints,
                    o.runs,
                    o.rounds,
                )
                .await?,
            );
        }
        Ok::<(), String>(())
    }
    .await;
    server.stop().await;
    drop(db);
    drop(bench_db);
    result
}

fn report(o: &Options, rows: &[Row]) {
    println!(
        "\n{} connections, {} s per endpoint after {} s warm-up, pool {}, {} salespeople, {} follow-ups per client\n",
        o.connections,
        o.duration.as_secs(),
        o.warmup.as_secs(),
        o.pool,
        o.salespeople,
        o.follow_ups_per_client
    );
    println!(
        "| backend | clients | endpoint | req/s | p50 ms | p99 ms | max ms | % of ceiling | raw req/s | raw p99 ms | API ÷ raw | errors |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let ceiling = rows
            .iter()
            .find(|c| c.backend == r.backend && c.clients == r.clients && c.key == "ceiling")
            .map_or(0.0, |c| c.stats.rps);
        let pct = if ceiling > 0.0 {
            format!("{:.0}%", r.stats.rps / ceiling * 100.0)
        } else {
            "–".to_owned()
        };
        let (raw_rps, raw_p99, ratio) = match &r.raw {
            Some(raw) => (
                format!("{:.0}", raw.rps),
                format!("{:.2}", raw.p99_ms),
                format!("{:.0}%", r.stats.rps / raw.rps.max(1e-9) * 100.0),
            ),
            None => ("–".to_owned(), "–".to_owned(), "–".to_owned()),
        };
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {} | {} | {} | {} |",
            r.backend,
            r.clients,
            r.endpoint,
            r.stats.rps,
            r.stats.p50_ms,
            r.stats.p99_ms,
            r.stats.max_ms,
            pct,
            raw_rps,
            raw_p99,
            ratio,
            r.stats.errors + r.raw.as_ref().map_or(0, |x| x.errors)
        );
    }
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    if o.mixed {
        let outcome = runtime.block_on(async {
            let mut pass = true;
            for backend in &o.backends {
                pass &= soak::run(&o, *backend).await?;
            }
            Ok::<bool, String>(pass)
        });
        return match outcome {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut rows = Vec::new();
    let mut money_rows = Vec::new();
    let outcome = runtime.block_on(async {
        for backend in &o.backends {
            for &n in &o.clients {
                bench_one(&o, *backend, n, &mut rows, &mut money_rows).await?;
            }
        }
        Ok::<(), String>(())
    });
    if !rows.is_empty() {
        report(&o, &rows);
    }
    let within = reports::print(&money_rows, o.max_ratio);
    match outcome {
        Ok(()) if within => ExitCode::SUCCESS,
        Ok(()) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
