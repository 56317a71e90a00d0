//! The runner: a background task in every instance (unless `SALESOPS_JOBS=0`). Each tick it
//! enqueues the periodic runs due now (one row per run key, whichever instance is first),
//! then claims and runs due jobs one at a time until none is left or it is told to stop,
//! then fans out and sends the webhook deliveries due (`webhooks::deliver`).
//!
//! Stopping (the server's graceful shutdown, SIGTERM): the job being run finishes and is
//! marked done (or failed); a job claimed but not begun is given back; nothing is left
//! `running` but by an instance that died, whose lease then runs out.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use salesops_domain::jobs::{backoff, due_runs};
use tokio::sync::watch;

use crate::clock;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::jobs::queries::{self as q, Claim, NewJob};
use crate::jobs::work;

/// Tries a periodic job gets before it is `failed`.
pub const MAX_ATTEMPTS: i32 = 5;

/// The most jobs one tick runs, so a flood of due jobs does not starve the scheduler.
const PER_TICK: usize = 50;

/// A started runner; [`Runner::stop`] ends it gracefully.
pub struct Runner {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Runner {
    /// Asks the runner to stop and waits until the job in hand is finished.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "job runner ended abnormally");
        }
    }

    /// Asks the runner to stop without waiting (a test's app going away).
    pub fn signal_stop(&self) {
        let _ = self.stop.send(true);
    }
}

/// This instance's name in `locked_by`: unique per process start.
fn worker_name() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

/// Starts the runner when the settings allow it (on the current actix/tokio runtime).
pub fn start(db: Db, settings: Arc<Settings>) -> Option<Runner> {
    if !settings.jobs {
        return None;
    }
    let (stop, mut stopped) = watch::channel(false);
    let worker = worker_name();
    tracing::info!(%worker, tick_ms = settings.job_tick_ms, "job runner started");
    let task = actix_web::rt::spawn(async move {
        let mut interval =
            tokio::time::interval(StdDuration::from_millis(settings.job_tick_ms.max(10)));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stopped.changed() => break,
            }
            if let Err(e) = tick(&db, &settings, &worker, &stopped).await {
                tracing::warn!(error = %e, "job runner tick failed");
            }
            if !*stopped.borrow()
                && let Err(e) = crate::webhooks::deliver::tick(&db, &settings, &worker).await
            {
                tracing::warn!(error = %e, "webhook deliveries failed this tick");
            }
            if *stopped.borrow() {
                break;
            }
        }
        tracing::info!(%worker, "job runner stopped");
    });
    Some(Runner { stop, task })
}

/// Enqueues the periodic runs due now (`ON CONFLICT DO NOTHING`: once per run key).
pub fn schedule(conn: &mut db::DbConn, settings: &Settings) -> AppResult<usize> {
    let now = clock::now();
    let runs = due_runs(
        now,
        settings.timezone,
        settings.plan_deadline,
        settings.report_deadline,
    );
    db::write(conn, |tx| {
        let mut added = 0;
        for run in &runs {
            let job = NewJob {
                kind: run.kind.as_str(),
                run_key: &run.run_key,
                payload: &run.payload,
                run_at: now,
                max_attempts: MAX_ATTEMPTS,
            };
            added += usize::from(q::enqueue(tx, &job)?);
        }
        Ok(added)
    })
}

async fn tick(
    db: &Db,
    settings: &Arc<Settings>,
    worker: &str,
    stopped: &watch::Receiver<bool>,
) -> AppResult<()> {
    let s = settings.clone();
    db.run(move |conn| schedule(conn, &s)).await?;
    for _ in 0..PER_TICK {
        let lease = Duration::milliseconds(i64::try_from(settings.job_lease_ms).unwrap_or(300_000));
        let w = worker.to_owned();
        let claim = db
            .run(move |conn| q::claim(conn, &w, clock::now(), lease))
            .await?;
        let job = match claim {
            Claim::Nothing => return Ok(()),
            Claim::Exhausted(id) => {
                tracing::warn!(job = id, "job failed: its lease ran out on the last try");
                continue;
            }
            Claim::Job(job) => job,
        };
        let (s, w) = (settings.clone(), worker.to_owned());
        if *stopped.borrow() {
            // Stopping before it began: give it back, untried.
            db.run(move |conn| q::release(conn, &job, &w, clock::now()))
                .await?;
            return Ok(());
        }
        // The work and its outcome run on one blocking thread: once begun, the job is
        // finished and marked whatever happens to the runner's task meanwhile.
        db.run(move |conn| {
            let started = clock::now();
            let outcome = work::run(conn, &s, &job, started);
            let now = clock::now();
            match outcome {
                Ok(what) => {
                    if q::finish(conn, job.id, &w, now)? {
                        tracing::info!(job = job.id, kind = %job.kind, "job done: {what}");
                    } else {
                        tracing::warn!(job = job.id, "job done, but its lease had passed to another instance");
                    }
                }
                Err(e) => {
                    let base = Duration::milliseconds(i64::try_from(s.job_backoff_ms).unwrap_or(30_000));
                    let wait = backoff(base, job.attempts);
                    q::fail(conn, &job, &w, &e.to_string(), now, wait)?;
                    tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job try failed");
                }
            }
            Ok(())
        })
        .await?;
        if *stopped.borrow() {
            return Ok(());
        }
    }
    Ok(())
}
