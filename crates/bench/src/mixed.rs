//! The mixed workload (issue 15): a day's requests in a day's proportions — salespeople
//! reading their book and their week, logging contacts and filing expense claims, their
//! manager approving the claims, finance pulling the expense report — first as fast as
//! `connections` callers can go (the capacity), then open loop at a fixed rate for a set
//! time, with a line per interval (throughput, p50/p99, errors, the server's memory) and
//! the soak's end checks. See docs/benchmarks.md, "Mixed workload and soak".

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use diesel::prelude::*;
use salesops::db::Db;
use salesops::db::schema::users;
use serde_json::{Value, json};

use crate::harness::login;
use crate::load::percentile;
use crate::{money, seed};

/// The salespeople who sign in (team 1, `sales001`–`sales010`) and their manager.
const SELLERS: usize = 10;
const MANAGER: &str = "mgr001";

/// What one request does. The weights add up to 100: a salesperson's day is mostly reading
/// (their clients, what is due, their week), a tenth logging contacts and a few claims;
/// the manager approves what is submitted; finance pulls a report now and then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Me,
    Search,
    Due,
    Client,
    Timeline,
    Plans,
    Unread,
    LogContact,
    /// Create a claim, submit one, or approve one (as the manager): see [`World::claim_step`].
    Claim,
    ToApprove,
    TeamFollowUps,
    Report,
}

const MIX: [(Op, u64); 12] = [
    (Op::Me, 6),
    (Op::Search, 20),
    (Op::Due, 12),
    (Op::Client, 10),
    (Op::Timeline, 8),
    (Op::Plans, 6),
    (Op::Unread, 8),
    (Op::LogContact, 10),
    (Op::Claim, 12),
    (Op::ToApprove, 4),
    (Op::TeamFollowUps, 3),
    (Op::Report, 1),
];

/// The operation's name in the per-operation table.
fn label(op: Op) -> &'static str {
    match op {
        Op::Me => "GET /me",
        Op::Search => "GET clients?q= (2 characters of a client's name)",
        Op::Due => "GET follow-ups/due",
        Op::Client => "GET clients/{id}",
        Op::Timeline => "GET clients/{id}/follow-ups",
        Op::Plans => "GET plans",
        Op::Unread => "GET notifications/unread-count",
        Op::LogContact => "POST clients/{id}/follow-ups",
        Op::Claim => "claim",
        Op::ToApprove => "GET expense-claims?to_approve (manager)",
        Op::TeamFollowUps => "GET follow-ups (manager: the team's)",
        Op::Report => "GET reports/expenses (finance)",
    }
}

fn op_for(draw: u64) -> Op {
    let total: u64 = MIX.iter().map(|(_, w)| w).sum();
    let mut at = draw % total;
    for (op, w) in MIX {
        if at < w {
            return op;
        }
        at -= w;
    }
    Op::Me
}

struct Seller {
    token: String,
    /// (id, first two characters of the name) of some of their clients.
    clients: Vec<(i64, String)>,
}

/// The callers and the claims in flight between requests.
pub struct World {
    base: String,
    sellers: Vec<Seller>,
    manager: String,
    finance: String,
    today: String,
    created: Mutex<VecDeque<(usize, i64, i64)>>,
    submitted: Mutex<VecDeque<(i64, i64)>>,
    claims: AtomicU64,
    /// The first few error answers, to print.
    pub errors: Mutex<Vec<String>>,
    /// Answer times (µs) by operation, for [`World::op_table`].
    op_samples: Mutex<std::collections::BTreeMap<&'static str, Vec<u64>>>,
}

impl World {
    /// One request for `draw` (a pseudo-random number): `Ok` on a 2xx answer. Its time is
    /// kept under the operation's name for [`World::op_table`].
    pub async fn perform(&self, c: &reqwest::Client, draw: u64) -> Result<(), String> {
        let t0 = Instant::now();
        let (label, outcome) = self.perform_op(c, draw).await;
        if outcome.is_ok()
            && let Ok(mut ops) = self.op_samples.lock()
        {
            ops.entry(label)
                .or_default()
                .push(t0.elapsed().as_micros() as u64);
        }
        outcome
    }

    async fn perform_op(
        &self,
        c: &reqwest::Client,
        draw: u64,
    ) -> (&'static str, Result<(), String>) {
        let op = op_for(draw);
        let s = &self.sellers[(draw / 100) as usize % self.sellers.len()];
        let pick = (draw / 1000) as usize;
        let (client_id, name) = s
            .clients
            .get(pick % s.clients.len().max(1))
            .cloned()
            .unwrap_or((0, String::new()));
        let b = &self.base;
        let req = match op {
            Op::Me => c.get(format!("{b}/api/v1/me")).bearer_auth(&s.token),
            Op::Search => c
                .get(format!("{b}/api/v1/clients?q={}&per_page=20", crate::enc(&name)))
                .bearer_auth(&s.token),
            Op::Due => c
                .get(format!("{b}/api/v1/follow-ups/due?per_page=20"))
                .bearer_auth(&s.token),
            Op::Client => c
                .get(format!("{b}/api/v1/clients/{client_id}"))
                .bearer_auth(&s.token),
            Op::Timeline => c
                .get(format!(
                    "{b}/api/v1/clients/{client_id}/follow-ups?per_page=20"
                ))
                .bearer_auth(&s.token),
            Op::Plans => c
                .get(format!("{b}/api/v1/plans?per_page=20"))
                .bearer_auth(&s.token),
            Op::Unread => c
                .get(format!("{b}/api/v1/notifications/unread-count"))
                .bearer_auth(&s.token),
            Op::LogContact => c
                .post(format!("{b}/api/v1/clients/{client_id}/follow-ups"))
                .bearer_auth(&s.token)
                .json(&json!({"kind": "call",
                    "occurred_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "summary": "电话沟通报价", "needs": "要样品", "next_step": "寄样品"})),
            Op::Claim => return self.claim_step(c, draw).await,
            Op::ToApprove => c
                .get(format!(
                    "{b}/api/v1/expense-claims?to_approve=true&per_page=20"
                ))
                .bearer_auth(&self.manager),
            Op::TeamFollowUps => c
                .get(format!("{b}/api/v1/follow-ups?per_page=20"))
                .bearer_auth(&self.manager),
            Op::Report => c
                .get(format!(
                    "{b}/api/v1/reports/expenses?from={}-01&to={}&group_by=person",
                    &self.today[..7],
                    self.today
                ))
                .bearer_auth(&self.finance),
        };
        (label(op), send(req).await.map(drop))
    }

    /// Per operation since the last call: answers, p50, p99 and max (ms), as a table.
    pub fn op_table(&self) -> String {
        let Ok(mut ops) = self.op_samples.lock() else {
            return String::new();
        };
        let mut out = String::from(
            "| operation | answers | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n",
        );
        for (name, samples) in ops.iter_mut() {
            samples.sort_unstable();
            let ms = |us: u64| us as f64 / 1000.0;
            out.push_str(&format!(
                "| {name} | {} | {:.2} | {:.2} | {:.1} |\n",
                samples.len(),
                ms(percentile(samples, 0.50)),
                ms(percentile(samples, 0.99)),
                ms(samples.last().copied().unwrap_or(0)),
            ));
        }
        ops.clear();
        out
    }

    /// A third of the draws create a claim; the others submit the oldest created one or
    /// approve the oldest submitted one (the manager), so each claim goes through the whole
    /// approval in the run and no two requests race for one claim.
    async fn claim_step(
        &self,
        c: &reqwest::Client,
        draw: u64,
    ) -> (&'static str, Result<(), String>) {
        match self.claim_step_inner(c, draw).await {
            Ok(label) => (label, Ok(())),
            Err(e) => ("claim", Err(e)),
        }
    }

    async fn claim_step_inner(
        &self,
        c: &reqwest::Client,
        draw: u64,
    ) -> Result<&'static str, String> {
        let b = &self.base;
        let approve = (draw / 100) % 3 == 2;
        let submit = (draw / 100) % 3 == 1;
        if approve {
            let next = self
                .submitted
                .lock()
                .map_err(|e| e.to_string())?
                .pop_front();
            if let Some((id, version)) = next {
                let req = c
                    .post(format!("{b}/api/v1/expense-claims/{id}/approve"))
                    .bearer_auth(&self.manager)
                    .json(&json!({ "version": version }));
                return send(req)
                    .await
                    .map(|_| "POST expense-claims/{id}/approve (manager)");
            }
        }
        if submit || approve {
            let next = self.created.lock().map_err(|e| e.to_string())?.pop_front();
            if let Some((seller, id, version)) = next {
                let req = c
                    .post(format!("{b}/api/v1/expense-claims/{id}/submit"))
                    .bearer_auth(&self.sellers[seller].token)
                    .json(&json!({ "version": version }));
                let body = send(req).await?;
                let v = body["version"].as_i64().ok_or("submit: no version")?;
                self.submitted
                    .lock()
                    .map_err(|e| e.to_string())?
                    .push_back((id, v));
                return Ok("POST expense-claims/{id}/submit");
            }
        }
        let seller = (draw / 1000) as usize % self.sellers.len();
        let n = self.claims.fetch_add(1, Ordering::Relaxed);
        let req = c
            .post(format!("{b}/api/v1/expense-claims"))
            .bearer_auth(&self.sellers[seller].token)
            .header("Idempotency-Key", format!("mixed-{}-{n}", std::process::id()))
            .json(&json!({"lines": [{"date": self.today, "place": "上海", "reason": "拜访客户",
                "category": "per_diem", "amount_fen": 5_000 + (n % 100) as i64, "receipt_ids": []}]}));
        let body = send(req).await?;
        let id = body["id"].as_i64().ok_or("create: no id")?;
        let v = body["version"].as_i64().ok_or("create: no version")?;
        self.created
            .lock()
            .map_err(|e| e.to_string())?
            .push_back((seller, id, v));
        Ok("POST expense-claims (with Idempotency-Key)")
    }

    pub fn note_error(&self, e: String) {
        if let Ok(mut errors) = self.errors.lock()
            && errors.len() < 5
        {
            errors.push(e);
        }
    }
}

/// Sends and reads the body; an error for a transport failure or a non-2xx answer.
async fn send(req: reqwest::RequestBuilder) -> Result<Value, String> {
    let res = req.send().await.map_err(|e| e.to_string())?;
    let status = res.status();
    let url = res.url().path().to_owned();
    let text = res.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!(
            "{url}: {status} {}",
            text.chars().take(300).collect::<String>()
        ));
    }
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A 64-bit mix (splitmix64) of the request's sequence number: the same draws every run.
pub fn draw(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Gives the signing-in users real password hashes and makes the finance user.
pub fn prepare_users(db: &Db) -> Result<(), String> {
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let hash = salesops::access::password::hash(seed::PASSWORD).map_err(|e| e.to_string())?;
    let mut names: Vec<String> = (1..=SELLERS).map(|s| format!("sales{s:03}")).collect();
    names.push(MANAGER.to_owned());
    diesel::update(users::table.filter(users::username.eq_any(&names)))
        .set(users::password_hash.eq(hash))
        .execute(&mut *conn)
        .map_err(|e| e.to_string())?;
    let now = chrono::Utc::now().format("'%Y-%m-%d %H:%M:%S'").to_string();
    money::ensure_finance_user(&mut conn, &now).map(drop)
}

pub async fn world(client: &reqwest::Client, base: &str) -> Result<World, String> {
    let today = chrono::Utc::now()
        .with_timezone(&seed::TZ)
        .format("%Y-%m-%d")
        .to_string();
    let month = &today[..7];
    let manager = login(client, base, MANAGER).await?;
    let mut sellers = Vec::new();
    for s in 1..=SELLERS {
        let token = login(client, base, &format!("sales{s:03}")).await?;
        let page = send(
            client
                .get(format!("{base}/api/v1/clients?per_page=100"))
                .bearer_auth(&token),
        )
        .await?;
        let me = send(client.get(format!("{base}/api/v1/me")).bearer_auth(&token)).await?;
        let owner = me["id"].as_i64().ok_or("me: no id")?;
        let clients = page["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|c| {
                        let name: String = c["name"].as_str()?.chars().take(2).collect();
                        Some((c["id"].as_i64()?, name))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if clients.is_empty() {
            return Err(format!("sales{s:03} has no clients: seed some (--clients)"));
        }
        // The month's per-diem budget the claims draw on, set by the manager.
        send(
            client
                .post(format!("{base}/api/v1/budgets"))
                .bearer_auth(&manager)
                .json(
                    &json!({"owner_id": owner, "month": month, "category": "per_diem",
                    "amount_fen": 100_000_000}),
                ),
        )
        .await?;
        sellers.push(Seller { token, clients });
    }
    Ok(World {
        base: base.to_owned(),
        sellers,
        manager,
        finance: login(client, base, money::FINANCE_USER).await?,
        today,
        created: Mutex::new(VecDeque::new()),
        submitted: Mutex::new(VecDeque::new()),
        claims: AtomicU64::new(0),
        errors: Mutex::new(Vec::new()),
        op_samples: Mutex::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::{MIX, Op, op_for};

    #[test]
    fn the_mix_adds_up_to_a_hundred_and_every_op_is_drawn() {
        assert_eq!(MIX.iter().map(|(_, w)| w).sum::<u64>(), 100);
        let drawn: Vec<Op> = (0..100).map(op_for).collect();
        for (op, w) in MIX {
            assert_eq!(
                drawn.iter().filter(|d| **d == op).count() as u64,
                w,
                "{op:?}"
            );
        }
    }
}
