//! The open loop of the mixed workload and the soak (issue 15): requests sent at a fixed rate
//! whatever the answers' speed (a late answer does not delay the next request, so queueing
//! shows in the latencies instead of lowering the rate), a line per interval, and the end
//! checks: no error, and the server's memory and p99 in the last interval within 10 % of
//! the interval that ends at minute 5 (or half-way, for a shorter run).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use salesops::db::{Backend, Db};

use crate::Options;
use crate::child::{ServerProcess, server_binary};
use crate::harness::BenchDb;
use crate::load::percentile;
use crate::mixed::{self, World, draw};
use crate::seed;

/// At most this many requests in flight; a request due when all are taken is not sent and
/// counts as an error (the server has fallen behind the rate).
const IN_FLIGHT: usize = 1024;

/// One interval's line.
#[derive(Debug, Clone)]
pub struct Line {
    pub at_s: f64,
    pub requests: u64,
    pub errors: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub rss_mib: f64,
}

/// p50/p99/max in ms of microsecond samples (sorted here).
fn quantiles(samples: &mut [u64]) -> (f64, f64, f64) {
    samples.sort_unstable();
    let ms = |us: u64| us as f64 / 1000.0;
    (
        ms(percentile(samples, 0.50)),
        ms(percentile(samples, 0.99)),
        ms(samples.last().copied().unwrap_or(0)),
    )
}

/// The mix as fast as `connections` callers go, for `duration`: requests per second.
async fn capacity(
    world: &Arc<World>,
    client: &reqwest::Client,
    connections: usize,
    duration: Duration,
    seq: &Arc<AtomicU64>,
) -> (f64, u64) {
    let deadline = Instant::now() + duration;
    let start = Instant::now();
    let errors = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (w, c, seq, errors, done) = (
            world.clone(),
            client.clone(),
            seq.clone(),
            errors.clone(),
            done.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let n = seq.fetch_add(1, Ordering::Relaxed);
                match w.perform(&c, draw(n)).await {
                    Ok(()) => done.fetch_add(1, Ordering::Relaxed),
                    Err(e) => {
                        w.note_error(e);
                        errors.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let rps = done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64().max(1e-9);
    (rps, errors.load(Ordering::Relaxed))
}

/// The whole run for one backend: seed, start the server process, measure the capacity,
/// then the open loop; `Ok(false)` when the soak's checks failed.
pub async fn run(o: &Options, backend: Backend) -> Result<bool, String> {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let clients = o.clients.first().copied().unwrap_or(100_000);
    let bench_db = BenchDb::new(backend, &o.pg_url, o.keep, &format!("mixed_{name}"))?;
    let db = Db::connect(&bench_db.url, o.pool)?;
    db.migrate()?;
    let seeded = {
        let db = db.clone();
        let (f, s) = (o.follow_ups_per_client, o.salespeople);
        tokio::task::spawn_blocking(move || {
            let seeded = seed::seed(&db, clients, f, s)?;
            mixed::prepare_users(&db)?;
            Ok::<_, String>(seeded)
        })
        .await
        .map_err(|e| e.to_string())??
    };
    drop(db);
    eprintln!(
        "[{name} mixed] seeded in {:.1}s: {} users, {} clients, {} follow-ups",
        seeded.elapsed.as_secs_f64(),
        seeded.users,
        seeded.clients,
        seeded.follow_ups
    );
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let bin = server_binary(o.server_bin.as_deref())?;
    let server = ServerProcess::start(&bin, &bench_db.url, &bench_db.dir, o.pool, &client).await?;
    let world = Arc::new(mixed::world(&client, &server.base).await?);
    let seq = Arc::new(AtomicU64::new(0));
    let rate = if o.rate > 0.0 {
        o.rate
    } else {
        capacity(&world, &client, o.connections, o.warmup, &seq).await;
        world.op_table();
        let (cap, errors) = capacity(&world, &client, o.connections, o.probe, &seq).await;
        println!(
            "\n{name}: capacity {cap:.0} req/s ({} callers, {} s), by operation:\n\n{}",
            o.connections,
            o.probe.as_secs(),
            world.op_table()
        );
        eprintln!(
            "[{name} mixed] capacity: {cap:.0} req/s with {} callers over {} s ({errors} errors); \
             the open loop runs at half",
            o.connections,
            o.probe.as_secs()
        );
        (cap / 2.0).max(1.0)
    };
    world.op_table();
    let outcome = open_loop(
        name, &world, &client, &server, rate, o.duration, o.interval, seq,
    )
    .await;
    println!(
        "\n{name}: the open loop by operation:\n\n{}",
        world.op_table()
    );
    if let Ok(errors) = world.errors.lock() {
        for e in errors.iter() {
            eprintln!("[{name} mixed] error: {e}");
        }
    }
    outcome
}

#[allow(clippy::too_many_arguments)]
async fn open_loop(
    name: &str,
    world: &Arc<World>,
    client: &reqwest::Client,
    server: &ServerProcess,
    rate: f64,
    duration: Duration,
    interval: Duration,
    seq: Arc<AtomicU64>,
) -> Result<bool, String> {
    eprintln!(
        "[{name} mixed] open loop: {rate:.0} req/s for {} s, a line every {} s",
        duration.as_secs(),
        interval.as_secs()
    );
    let samples: Arc<Mutex<Vec<u64>>> = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(AtomicU64::new(0));
    let slots = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let start = tokio::time::Instant::now();
    let end = start + duration;
    let mut lines: Vec<Line> = Vec::new();
    let mut line_start = Instant::now();
    let mut next_line = start + interval;
    let take_line = |lines: &mut Vec<Line>, line_start: &mut Instant| -> Result<(), String> {
        let mut s = std::mem::take(&mut *samples.lock().map_err(|e| e.to_string())?);
        let errs = errors.swap(0, Ordering::Relaxed);
        let secs = line_start.elapsed().as_secs_f64().max(1e-9);
        *line_start = Instant::now();
        let (p50, p99, max) = quantiles(&mut s);
        let line = Line {
            at_s: start.elapsed().as_secs_f64(),
            requests: s.len() as u64,
            errors: errs,
            rps: s.len() as f64 / secs,
            p50_ms: p50,
            p99_ms: p99,
            max_ms: max,
            rss_mib: server.rss_mib().unwrap_or(0.0),
        };
        eprintln!(
            "[{name} mixed] {:>6.0} s: {} answers ({:.0}/s), p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms, {} errors, server RSS {:.1} MiB",
            line.at_s,
            line.requests,
            line.rps,
            line.p50_ms,
            line.p99_ms,
            line.max_ms,
            line.errors,
            line.rss_mib
        );
        lines.push(line);
        Ok(())
    };
    let mut i: u64 = 0;
    loop {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        if due >= end {
            break;
        }
        tokio::time::sleep_until(due).await;
        if tokio::time::Instant::now() >= next_line {
            take_line(&mut lines, &mut line_start)?;
            next_line += interval;
        }
        i += 1;
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            errors.fetch_add(1, Ordering::Relaxed);
            world.note_error("not sent: every in-flight slot taken".to_owned());
            continue;
        };
        let (w, c, samples, errors) = (
            world.clone(),
            client.clone(),
            samples.clone(),
            errors.clone(),
        );
        let n = seq.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(async move {
            let _permit = permit;
            match w.perform(&c, draw(n)).await {
                // From when it was due, not when it left: a late send is the server's delay.
                Ok(()) => {
                    if let Ok(mut s) = samples.lock() {
                        s.push(due.elapsed().as_micros() as u64);
                    }
                }
                Err(e) => {
                    w.note_error(e);
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
    // The answers still on the way, then the last interval.
    let _all = slots
        .acquire_many(IN_FLIGHT as u32)
        .await
        .map_err(|e| e.to_string())?;
    take_line(&mut lines, &mut line_start)?;
    Ok(report(name, rate, &lines))
}

/// The table and the end checks; `true` when they pass.
fn report(name: &str, rate: f64, lines: &[Line]) -> bool {
    let requests: u64 = lines.iter().map(|l| l.requests).sum();
    let errors: u64 = lines.iter().map(|l| l.errors).sum();
    println!("\n{name}: open loop at {rate:.0} req/s\n");
    println!("| at s | answers | req/s | p50 ms | p99 ms | max ms | errors | server RSS MiB |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for l in lines {
        println!(
            "| {:.0} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {:.1} |",
            l.at_s, l.requests, l.rps, l.p50_ms, l.p99_ms, l.max_ms, l.errors, l.rss_mib
        );
    }
    // The last full interval against the one ending at minute 5 (half-way when shorter);
    // the tail (the answers after the last due time) is too short to judge.
    let full = if lines.len() > 1 {
        &lines[..lines.len() - 1]
    } else {
        lines
    };
    let base = full.len().div_ceil(2).clamp(1, 5) - 1;
    let (Some(b), Some(e)) = (full.get(base), full.last()) else {
        println!("{name}: no interval measured");
        return false;
    };
    let rss = e.rss_mib / b.rss_mib.max(1e-9);
    let p99 = e.p99_ms / b.p99_ms.max(1e-9);
    let pass = errors == 0 && (rss - 1.0).abs() <= 0.10 && p99 <= 1.10;
    println!(
        "\n{name}: {requests} answers, {errors} errors; at {:.0} s against {:.0} s: server RSS {:.1} → {:.1} MiB ({:+.1} %), p99 {:.2} → {:.2} ms ({:+.1} %): {}",
        e.at_s,
        b.at_s,
        b.rss_mib,
        e.rss_mib,
        (rss - 1.0) * 100.0,
        b.p99_ms,
        e.p99_ms,
        (p99 - 1.0) * 100.0,
        if pass {
            "PASS"
        } else {
            "FAIL (0 errors, RSS within 10 %, p99 not over +10 %)"
        }
    );
    pass
}
