//! The command line: the options, their defaults and `--help`.

use std::time::Duration;

use salesops::db::Backend;

use crate::reports;

pub const HELP: &str = "\
salesops-bench: seed a large database and measure the client search, the due list and /healthz

Options (defaults in brackets):
  --backend LIST               sqlite, postgres or both: sqlite,postgres [sqlite,postgres]
  --clients LIST               client counts, one seeded database each [10000,100000]
  --follow-ups-per-client N    follow-ups per client (100000 clients -> 1000000) [10]
  --salespeople N              salespeople, in teams of 10 with a manager each [200]
  --duration SECS              measured seconds per endpoint [10]
  --warmup SECS                unmeasured seconds before each endpoint [2]
  --connections N              concurrent keep-alive connections [16]
  --pool N                     the server's database pool (SALESOPS_DB_POOL_SIZE) [10]
  --pg-url URL                 PostgreSQL server; a fresh schema is made and dropped
                               [postgres://postgres@127.0.0.1:5432/test]
  --endpoints LIST             which to measure: ceiling, me (GET /me), phone, name, surname, due,
                               the finance reports expenses, budget, and the receivables aging,
                               collections (the reports: API vs psql/sqlite3)
                               [ceiling,me,phone,name,surname,due]
  --money-lines N              expense claim lines seeded for expenses/budget [1000000]
  --deal-lines N               contract schedule lines seeded for aging/collections [200000]
  --runs N                     timed runs of each report on each side [20]
  --rounds N                   the runs in N alternating raw/API rounds [4]
  --max-ratio X                API median / raw median allowed; above it exit 1 [1.2]
  --no-raw                     leave out the raw floor rows (the request's statements called
                               directly, one connection per load connection)
  --keep                       keep the SQLite files / PostgreSQL schemas and print where they are

The mixed workload and the soak (issue 15), on the first --clients count, per backend:
  --mixed                      a day's mix against the server binary as a child process:
                               capacity with --connections callers for --probe s, then open
                               loop at --rate for --duration s, a line every --interval s
  --rate N                     requests per second; 0 = half the measured capacity [0]
  --probe SECS                 seconds of the capacity measurement [20]
  --interval SECS              seconds per line of the open loop [60]
  --server-bin PATH            the salesops binary [the one beside this binary]
";

#[derive(Debug, Clone)]
pub struct Options {
    pub backends: Vec<Backend>,
    pub clients: Vec<usize>,
    pub follow_ups_per_client: usize,
    pub salespeople: usize,
    pub duration: Duration,
    pub warmup: Duration,
    pub connections: usize,
    pub pool: u32,
    pub pg_url: String,
    pub endpoints: Vec<String>,
    pub keep: bool,
    pub money_lines: usize,
    pub deal_lines: usize,
    pub runs: usize,
    pub rounds: usize,
    pub max_ratio: f64,
    pub mixed: bool,
    pub rate: f64,
    pub probe: Duration,
    pub interval: Duration,
    pub server_bin: Option<std::path::PathBuf>,
    pub raw: bool,
}

/// The endpoints the tool knows, in the order it measures them.
pub const ENDPOINTS: [&str; 6] = ["ceiling", "me", "phone", "name", "surname", "due"];

impl Options {
    /// Whether a finance report is asked for (the money tables are then seeded).
    pub fn money(&self) -> bool {
        self.endpoints
            .iter()
            .any(|e| reports::MONEY_ENDPOINTS.contains(&e.as_str()))
    }

    /// Whether a receivables report is asked for (the deal tables are then seeded).
    pub fn deals(&self) -> bool {
        self.endpoints
            .iter()
            .any(|e| reports::DEAL_ENDPOINTS.contains(&e.as_str()))
    }

    /// Whether any report measured against its raw SQL is asked for.
    pub fn reports(&self) -> bool {
        self.money() || self.deals()
    }
}

pub fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        backends: vec![Backend::Sqlite, Backend::Postgres],
        clients: vec![10_000, 100_000],
        follow_ups_per_client: 10,
        salespeople: 200,
        duration: Duration::from_secs(10),
        warmup: Duration::from_secs(2),
        connections: 16,
        pool: 10,
        pg_url: std::env::var("SALESOPS_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned()),
        endpoints: ENDPOINTS.iter().map(|e| (*e).to_owned()).collect(),
        keep: false,
        money_lines: 1_000_000,
        deal_lines: 200_000,
        runs: 20,
        rounds: 4,
        max_ratio: 1.2,
        mixed: false,
        rate: 0.0,
        probe: Duration::from_secs(20),
        interval: Duration::from_secs(60),
        server_bin: None,
        raw: true,
    };
    let mut clients_given = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            print!("{HELP}");
            std::process::exit(0);
        }
        if flag == "--keep" {
            o.keep = true;
            continue;
        }
        if flag == "--no-raw" {
            o.raw = false;
            continue;
        }
        if flag == "--mixed" {
            o.mixed = true;
            continue;
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| {
            v.replace('_', "")
                .parse::<usize>()
                .map_err(|_| format!("{flag}: `{v}` is not a number"))
        };
        match flag.as_str() {
            "--backend" => {
                o.backends = value
                    .split(',')
                    .map(|b| match b.trim() {
                        "sqlite" => Ok(Backend::Sqlite),
                        "postgres" => Ok(Backend::Postgres),
                        other => Err(format!("--backend: unknown `{other}`")),
                    })
                    .collect::<Result<_, _>>()?
            }
            "--clients" => {
                o.clients = value.split(',').map(num).collect::<Result<_, _>>()?;
                clients_given = true;
            }
            "--money-lines" => o.money_lines = num(&value)?,
            "--deal-lines" => o.deal_lines = num(&value)?,
            "--runs" => o.runs = num(&value)?.max(1),
            "--rounds" => o.rounds = num(&value)?.max(1),
            "--max-ratio" => {
                o.max_ratio = value
                    .parse()
                    .map_err(|_| format!("--max-ratio: `{value}` is not a number"))?
            }
            "--follow-ups-per-client" => o.follow_ups_per_client = num(&value)?,
            "--salespeople" => o.salespeople = num(&value)?.max(1),
            "--duration" => o.duration = Duration::from_secs(num(&value)? as u64),
            "--warmup" => o.warmup = Duration::from_secs(num(&value)? as u64),
            "--connections" => o.connections = num(&value)?.clamp(1, 256),
            "--pool" => o.pool = num(&value)?.clamp(1, 200) as u32,
            "--pg-url" => o.pg_url = value,
            "--rate" => {
                o.rate = value
                    .parse()
                    .map_err(|_| format!("--rate: `{value}` is not a number"))?
            }
            "--probe" => o.probe = Duration::from_secs(num(&value)?.max(1) as u64),
            "--interval" => o.interval = Duration::from_secs(num(&value)?.max(1) as u64),
            "--server-bin" => o.server_bin = Some(value.into()),
            "--endpoints" => {
                o.endpoints = value.split(',').map(|e| e.trim().to_owned()).collect();
                if let Some(bad) = o.endpoints.iter().find(|e| {
                    !ENDPOINTS.contains(&e.as_str())
                        && !reports::MONEY_ENDPOINTS.contains(&e.as_str())
                        && !reports::DEAL_ENDPOINTS.contains(&e.as_str())
                }) {
                    return Err(format!("--endpoints: unknown `{bad}`"));
                }
            }
            other => return Err(format!("unknown option {other} (see --help)")),
        }
    }
    // Only the reports: the people without clients, unless clients are asked for.
    if !clients_given && o.reports() && !o.endpoints.iter().any(|e| ENDPOINTS.contains(&e.as_str()))
    {
        o.clients = vec![0];
    }
    Ok(o)
}
