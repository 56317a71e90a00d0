//! The reports through the API against the same SQL in `psql` / `sqlite3`: the finance
//! reports on a million claim lines (issue 11) and the receivables' aging and collection rate
//! on 200,000 schedule lines.
//!
//! The raw side runs the very text the server runs, made by the server's functions with the
//! arguments its service passes for a finance user (no owner filter: finance sees everyone):
//! `salesops::finance::sql::expenses` and `budget_vs_actual`, `salesops::receivables::sql::aging`
//! and `collections`. Each round runs one `psql` / `sqlite3` session with the
//! statement `1 + batch` times and reads the tool's own per-statement timer (`\timing`,
//! `.timer on`; output to /dev/null), then makes `1 + batch` sequential API calls on one
//! keep-alive connection; the first of each is dropped on both sides (warm-up).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{Datelike, NaiveDate};

use diesel::connection::SimpleConnection as _;
use salesops::db::{Db, DbConn};
use salesops::finance::sql;
use salesops::receivables::sql as receivables_sql;
use salesops_domain::finance::parse_groups;

use crate::load::percentile;
use crate::{deals, money};

/// The finance report endpoints, as `--endpoints` names them (money tables seeded).
pub const MONEY_ENDPOINTS: [&str; 2] = ["expenses", "budget"];
/// The receivables endpoints (deal tables seeded).
pub const DEAL_ENDPOINTS: [&str; 2] = ["aging", "collections"];

/// Where the raw side connects: a SQLite file, or a PostgreSQL URL (with its search_path).
#[derive(Debug, Clone)]
pub enum RawTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

#[derive(Debug, Clone, Default)]
pub struct Timing {
    pub samples: usize,
    pub median_ms: f64,
    pub p90_ms: f64,
}

impl Timing {
    fn of(mut us: Vec<u64>) -> Timing {
        us.sort_unstable();
        let ms = |v: u64| v as f64 / 1000.0;
        Timing {
            samples: us.len(),
            median_ms: ms(percentile(&us, 0.5)),
            p90_ms: ms(percentile(&us, 0.9)),
        }
    }
}

pub struct ReportRow {
    pub backend: &'static str,
    pub report: String,
    pub rows: usize,
    pub raw: Timing,
    pub api: Timing,
    /// The same statement run to completion in the bench process on one of the server's own
    /// pooled connections (its SQLite build, its session settings), without HTTP: tells the
    /// engine's share from the API's when the two sides differ.
    pub engine: Timing,
}

impl ReportRow {
    pub fn ratio(&self) -> f64 {
        self.api.median_ms / self.raw.median_ms.max(1e-9)
    }

    pub fn engine_ratio(&self) -> f64 {
        self.api.median_ms / self.engine.median_ms.max(1e-9)
    }
}

/// `sql` run `n` times to completion on one pooled connection of `db`, timed in µs.
fn engine_session(db: &Db, sql: &str, n: usize) -> Result<Vec<u64>, String> {
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let conn: &mut DbConn = &mut conn;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        conn.batch_execute(sql)
            .map_err(|e| format!("engine: {e}"))?;
        out.push(t0.elapsed().as_micros() as u64);
    }
    Ok(out)
}

/// A figure compared between the two sides: its column in the raw rows, where it is in each
/// of the API's rows (a JSON pointer), and the API's grand total of it, if it has one.
struct Figure {
    raw: &'static str,
    row: String,
    total: Option<String>,
}

fn fig(raw: &'static str, row: &str, total: Option<&str>) -> Figure {
    Figure {
        raw,
        row: row.to_owned(),
        total: total.map(str::to_owned),
    }
}

struct Case {
    label: String,
    path: String,
    sql: String,
    /// Where the API's rows are (a JSON pointer to an array).
    rows: &'static str,
    /// Figures whose sum over the raw rows must equal the sum over the API's rows.
    sums: Vec<Figure>,
}

/// The figure columns of a finance report: the same name on both sides, the grand total (if
/// any) under `total`.
fn money_figures(cols: &[&'static str]) -> Vec<Figure> {
    cols.iter()
        .map(|c| Figure {
            raw: c,
            row: format!("/{c}"),
            total: Some(format!("/total/{c}")),
        })
        .collect()
}

fn cases(keys: &[String]) -> Result<Vec<Case>, String> {
    let months = money::months();
    let (first, last) = match (months.first(), months.last()) {
        (Some(f), Some(l)) => (f.first_day(), l.last_day()),
        _ => return Err("no months".to_owned()),
    };
    let mut out = Vec::new();
    if keys.iter().any(|k| k == "expenses") {
        // As the service: parse_groups of the query's text, owners None for finance.
        let groups = parse_groups("team,month").ok_or("group_by team,month does not parse")?;
        out.push(Case {
            label: format!("expenses?group_by=team,month&from={first}&to={last}"),
            path: format!("/api/v1/reports/expenses?group_by=team%2Cmonth&from={first}&to={last}"),
            sql: sql::expenses(&groups, Some(first), Some(last), None),
            rows: "/rows",
            sums: money_figures(&["count", "total_fen", "approved_fen", "paid_fen"]),
        });
    }
    if keys.iter().any(|k| k == "budget") {
        let month = months[5];
        out.push(Case {
            label: format!("budget-vs-actual?month={month}"),
            path: format!("/api/v1/reports/budget-vs-actual?month={month}"),
            sql: sql::budget_vs_actual(month, None),
            rows: "/rows",
            sums: money_figures(&["budget_fen", "claimed_fen", "approved_fen", "paid_fen"]),
        });
    }
    if keys.iter().any(|k| k == "aging") {
        // As receivables::service::aging for finance: no owner filter, no team.
        let as_of = deals::today();
        out.push(Case {
            label: format!("receivables/aging?as_of={as_of}"),
            path: format!("/api/v1/receivables/aging?as_of={as_of}"),
            sql: receivables_sql::aging(as_of, &receivables_sql::Filter::default()),
            rows: "/people",
            sums: vec![
                fig("current_fen", "/buckets/current", Some("/totals/current")),
                fig("d1_30_fen", "/buckets/d1_30", Some("/totals/d1_30")),
                fig("d31_60_fen", "/buckets/d31_60", Some("/totals/d31_60")),
                fig("d61_90_fen", "/buckets/d61_90", Some("/totals/d61_90")),
                fig(
                    "d90_plus_fen",
                    "/buckets/d90_plus",
                    Some("/totals/d90_plus"),
                ),
            ],
        });
    }
    if keys.iter().any(|k| k == "collections") {
        // The year of `as_of`, as receivables::service::collections for finance (by person).
        let to = deals::today();
        let from = NaiveDate::from_ymd_opt(to.year(), 1, 1).ok_or("no 1 January")?;
        let to = NaiveDate::from_ymd_opt(to.year(), 12, 31).ok_or("no 31 December")?;
        out.push(Case {
            label: format!("reports/collections?from={from}&to={to}"),
            path: format!("/api/v1/reports/collections?from={from}&to={to}"),
            sql: receivables_sql::collections(from, to, None),
            rows: "/rows",
            sums: vec![
                fig("due_fen", "/due_fen", Some("/due_fen")),
                fig("received_fen", "/received_fen", Some("/received_fen")),
            ],
        });
    }
    Ok(out)
}

fn run(mut cmd: Command, stdin: Option<&Path>) -> Result<String, String> {
    if let Some(p) = stdin {
        cmd.stdin(std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?);
    } else {
        cmd.stdin(Stdio::null());
    }
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?}: {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn psql(url: &str) -> Command {
    let mut cmd = Command::new("psql");
    cmd.arg(url).args(["-X", "-q", "-v", "ON_ERROR_STOP=1"]);
    cmd
}

/// One raw session running `sql` `n` times; the tool's timer of each, in µs.
fn raw_session(target: &RawTarget, sql: &str, n: usize, dir: &Path) -> Result<Vec<u64>, String> {
    let file = dir.join("raw-session.sql");
    let (head, cmd, prefix) = match target {
        RawTarget::Postgres(url) => {
            let mut cmd = psql(url);
            cmd.args(["-o", "/dev/null", "-f"]).arg(&file);
            ("\\timing on\n", cmd, "Time: ")
        }
        RawTarget::Sqlite(path) => {
            let mut cmd = Command::new("sqlite3");
            cmd.arg("-bail").arg(path);
            (".output /dev/null\n.timer on\n", cmd, "Run Time: real ")
        }
    };
    let mut text = head.to_owned();
    for _ in 0..n {
        text.push_str(sql);
        text.push_str(";\n");
    }
    std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    let stdin = matches!(target, RawTarget::Sqlite(_)).then_some(file.as_path());
    let out = run(cmd, stdin)?;
    let times: Vec<u64> = out
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .map(|v| match target {
            RawTarget::Postgres(_) => (v * 1000.0) as u64,    // ms
            RawTarget::Sqlite(_) => (v * 1_000_000.0) as u64, // s
        })
        .collect();
    if times.len() != n {
        return Err(format!(
            "raw session: {} timings of {n} in:\n{out}",
            times.len()
        ));
    }
    Ok(times)
}

/// The raw rows (header first, `|`-separated, NULL as empty) of one run of `sql`.
fn raw_rows(target: &RawTarget, sql: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let out = match target {
        RawTarget::Postgres(url) => {
            let mut cmd = psql(url);
            cmd.args(["-A", "-P", "footer=off", "-c", sql]);
            run(cmd, None)?
        }
        RawTarget::Sqlite(path) => {
            let mut cmd = Command::new("sqlite3");
            cmd.args(["-bail", "-header", "-list"]).arg(path).arg(sql);
            run(cmd, None)?
        }
    };
    let mut lines = out.lines();
    let header: Vec<String> = lines
        .next()
        .ok_or("raw: no header")?
        .split('|')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect();
    Ok((header, rows))
}

fn raw_sum(header: &[String], rows: &[Vec<String>], col: &str) -> Result<i64, String> {
    let i = header
        .iter()
        .position(|h| h == col)
        .ok_or(format!("raw: no column {col} in {header:?}"))?;
    rows.iter().try_fold(0i64, |acc, r| {
        let v = r.get(i).map_or("", String::as_str);
        let v: i64 = if v.is_empty() {
            0
        } else {
            v.parse().map_err(|_| format!("raw: {col} = `{v}`"))?
        };
        Ok(acc + v)
    })
}

/// One GET, timed from send to the last body byte.
async fn get(client: &reqwest::Client, url: &str, token: &str) -> Result<(u64, Vec<u8>), String> {
    let t0 = Instant::now();
    let res = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| format!("GET {url}: {e}"))?;
    let us = t0.elapsed().as_micros() as u64;
    if !status.is_success() {
        return Err(format!(
            "GET {url}: {status} {}",
            String::from_utf8_lossy(&body)
        ));
    }
    Ok((us, body.to_vec()))
}

/// Checks the API's answer against the raw rows: the row count and every figure of `sums`
/// (and its grand total, where the API has one). Returns the row count.
fn check(case: &Case, body: &[u8], target: &RawTarget) -> Result<usize, String> {
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let rows = json
        .pointer(case.rows)
        .and_then(|r| r.as_array())
        .ok_or(format!("API: no {} in the answer", case.rows))?;
    let (header, raw) = raw_rows(target, &case.sql)?;
    if rows.len() != raw.len() {
        return Err(format!(
            "{}: the API answered {} rows, the raw SQL {}",
            case.label,
            rows.len(),
            raw.len()
        ));
    }
    for f in &case.sums {
        let want = raw_sum(&header, &raw, f.raw)?;
        let api: i64 = rows
            .iter()
            .filter_map(|r| r.pointer(&f.row).and_then(|v| v.as_i64()))
            .sum();
        let total = f
            .total
            .as_deref()
            .and_then(|t| json.pointer(t))
            .and_then(|v| v.as_i64());
        if api != want || total.is_some_and(|t| t != want) {
            return Err(format!(
                "{}: {}: API rows sum {api} (grand total {total:?}), raw SQL {want}",
                case.label, f.raw
            ));
        }
    }
    Ok(rows.len())
}

#[allow(clippy::too_many_arguments)]
pub async fn measure(
    backend: &'static str,
    db: &Db,
    target: &RawTarget,
    dir: &Path,
    client: &reqwest::Client,
    base: &str,
    token: &str,
    keys: &[String],
    runs: usize,
    rounds: usize,
) -> Result<Vec<ReportRow>, String> {
    let mut out = Vec::new();
    let rounds = rounds.clamp(1, runs.max(1));
    let batch = runs.div_ceil(rounds);
    for case in cases(keys)? {
        let url = format!("{base}{}", case.path);
        let (_, body) = get(client, &url, token).await?;
        let rows = check(&case, &body, target)?;
        eprintln!(
            "[{backend}] {}: {rows} rows, the API's figures equal the raw SQL's",
            case.label
        );
        let (mut raw, mut api, mut engine) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let (t, s, d) = (target.clone(), case.sql.clone(), dir.to_path_buf());
            let times = tokio::task::spawn_blocking(move || raw_session(&t, &s, batch + 1, &d))
                .await
                .map_err(|e| e.to_string())??;
            raw.extend(times.into_iter().skip(1));
            for i in 0..=batch {
                let (us, _) = get(client, &url, token).await?;
                if i > 0 {
                    api.push(us);
                }
            }
            let (db, s) = (db.clone(), case.sql.clone());
            let times = tokio::task::spawn_blocking(move || engine_session(&db, &s, batch + 1))
                .await
                .map_err(|e| e.to_string())??;
            engine.extend(times.into_iter().skip(1));
        }
        let row = ReportRow {
            backend,
            report: case.label,
            rows,
            raw: Timing::of(raw),
            api: Timing::of(api),
            engine: Timing::of(engine),
        };
        eprintln!(
            "[{backend}] {}: raw median {:.1} ms (p90 {:.1}), API median {:.1} ms (p90 {:.1}), API ÷ raw {:.2}; \
             server's engine in-process median {:.1} ms (API ÷ that {:.2})",
            row.report,
            row.raw.median_ms,
            row.raw.p90_ms,
            row.api.median_ms,
            row.api.p90_ms,
            row.ratio(),
            row.engine.median_ms,
            row.engine_ratio()
        );
        out.push(row);
    }
    Ok(out)
}

/// Prints the table; whether every ratio is within `limit`.
pub fn print(rows: &[ReportRow], limit: f64) -> bool {
    if rows.is_empty() {
        return true;
    }
    println!(
        "\n| backend | report | rows | runs | raw median ms | raw p90 ms | API median ms | API p90 ms | API ÷ raw | in-process median ms | API ÷ in-process |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut ok = true;
    for r in rows {
        let over = r.ratio() > limit;
        ok &= !over;
        println!(
            "| {} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2}{} | {:.1} | {:.2} |",
            r.backend,
            r.report,
            r.rows,
            r.api.samples,
            r.raw.median_ms,
            r.raw.p90_ms,
            r.api.median_ms,
            r.api.p90_ms,
            r.ratio(),
            if over { " (over the limit)" } else { "" },
            r.engine.median_ms,
            r.engine_ratio()
        );
    }
    if !ok {
        println!("\nAPI ÷ raw above {limit} in at least one row");
    }
    ok
}
