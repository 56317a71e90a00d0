//! The load generator: `connections` tokio tasks sharing one keep-alive client, each sending
//! GETs back to back until the time is up or the request budget is spent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub requests: u64,
    pub errors: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Stats {
    pub fn summary(&self) -> String {
        format!(
            "{} requests, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} errors",
            self.requests, self.rps, self.p50_ms, self.p99_ms, self.max_ms, self.errors
        )
    }
}

/// The nearest-rank percentile (`q` in 0..=1) of sorted samples; 0 for none.
pub fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Loads `url` from `connections` concurrent tasks for `duration` (at most `max_requests`).
/// Latency is measured per request from send to the last body byte; non-2xx answers and
/// transport errors count as errors and are left out of the latencies.
pub async fn run(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    connections: usize,
    duration: Duration,
    max_requests: u64,
) -> Result<Stats, String> {
    let budget = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let client = client.clone();
        let url = url.to_owned();
        let token = token.map(str::to_owned);
        let budget = budget.clone();
        let errors = errors.clone();
        tasks.push(tokio::spawn(async move {
            let mut samples: Vec<u64> = Vec::with_capacity(16 * 1024);
            while Instant::now() < deadline && budget.fetch_add(1, Ordering::Relaxed) < max_requests
            {
                let t0 = Instant::now();
                let mut req = client.get(&url);
                if let Some(t) = &token {
                    req = req.bearer_auth(t);
                }
                let ok = match req.send().await {
                    Ok(res) => {
                        let success = res.status().is_success();
                        res.bytes().await.is_ok() && success
                    }
                    Err(_) => false,
                };
                if ok {
                    samples.push(t0.elapsed().as_micros() as u64);
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            samples
        }));
    }
    let mut all: Vec<u64> = Vec::new();
    for t in tasks {
        all.extend(t.await.map_err(|e| format!("load task: {e}"))?);
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let ms = |us: u64| us as f64 / 1000.0;
    Ok(Stats {
        requests: all.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        rps: all.len() as f64 / elapsed.max(1e-9),
        p50_ms: ms(percentile(&all, 0.50)),
        p99_ms: ms(percentile(&all, 0.99)),
        max_ms: ms(all.last().copied().unwrap_or(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.50), 50);
        assert_eq!(percentile(&v, 0.99), 99);
        assert_eq!(percentile(&v, 1.0), 100);
        assert_eq!(percentile(&v, 0.0), 1);
        assert_eq!(percentile(&[7], 0.99), 7);
        assert_eq!(percentile(&[], 0.5), 0);
    }
}
