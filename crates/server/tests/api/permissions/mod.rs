//! The permission matrix (issue 15): every operation of the OpenAPI document against every
//! kind of caller, the answers compared with the committed table (`matrix.tsv`), from which
//! `docs/permissions.md` is generated. An operation without a row fails, and so does a row
//! for an operation the document no longer lists.
//!
//! `SALESOPS_BLESS=1 cargo test -p salesops --test api -- permissions::sqlite` rewrites the
//! table (keeping its notes) and the page from what the server answered: review the diff.
//! Apart from the table, the invariants are checked in code (`invariants`). The PostgreSQL run
//! compares with the same table (a bless writes from the SQLite run only).
//!
//! One server and one fixture world per database; the cells are taken in the document's
//! order, each operation's callers in [`CALLERS`]'s. Operations that remove or move their
//! target get a new one per caller (`World::fresh`); a step that really changes the fixture's
//! record (a plan's or report's submit, a case's resolve) shows in the cells after it, and the
//! notes say where. About 15–25 s on SQLite and 30–35 s on PostgreSQL on a loaded machine.

use std::collections::{BTreeMap, HashMap};

use reqwest::Method;
use salesops::access::key_routes::{KeyRoute, key_route};
use salesops::db::Backend;
use salesops_domain::api_keys::ApiScope;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, Resp, TestApp};

mod bodies;
mod invariants;
mod table;
mod world;

use bodies::Body;
use table::{CALLERS, Row, Table};
use world::World;

on_both_backends!(permission_matrix);

/// An operation of the document.
pub struct Op {
    pub method: String,
    pub path: String,
    pub tag: String,
}

async fn documented(app: &TestApp) -> Vec<Op> {
    let spec: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("openapi json");
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                ops.push(Op {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    tag: op["tags"][0].as_str().unwrap_or("untagged").to_owned(),
                });
            }
        }
    }
    ops.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    ops
}

/// The record a path's `{id}` names (the fixture's), and a note saying which.
fn target(w: &World<'_>, path: &str) -> i64 {
    let ids = &w.ids;
    let first = path
        .trim_start_matches("/api/v1/")
        .split('/')
        .next()
        .unwrap_or_default();
    match first {
        "advances" => ids.advance,
        "api-keys" => ids.api_key,
        "budget-supplements" => ids.supplement,
        "budgets" => ids.budget,
        "cases" => ids.case,
        "clients" => ids.client,
        "contracts" => ids.contract,
        "daily-logs" => ids.daily_log,
        "expense-claims" => ids.claim,
        "expense-standards" => ids.standard,
        "improvement-plans" => ids.improvement_plan,
        "jobs" => ids.job,
        "leavings" => ids.leaving,
        "monthly-reports" => ids.monthly_report,
        "plans" => ids.plan,
        "projects" => ids.project,
        "receipts" => ids.receipt,
        "rubrics" => ids.rubric,
        "scores" => ids.score,
        "spot-checks" => ids.spot_check,
        "visits" => ids.visit,
        "teams" => w.team_a,
        "trainings" => ids.training,
        "users" => w.sp_a1.id,
        "webhooks" => ids.webhook,
        "weekly-reports" => ids.weekly_report,
        other => panic!("no fixture record for `{other}` ({path}): add one to the world"),
    }
}

/// A person's session token; a fresh one for sign-out, which ends it.
async fn session(w: &World<'_>, caller: &str, op: &Op) -> Option<String> {
    let p = match caller {
        "sp_own" => &w.sp_a1,
        "sp_other" | "sp_missing" => &w.sp_a2,
        "mgr_in" => &w.mgr_a,
        "mgr_out" => &w.mgr_b,
        "finance" => &w.fin,
        "hr" => &w.hr,
        "admin" => &w.admin,
        _ => return None,
    };
    if op.path == "/api/v1/auth/logout" {
        let password = if caller == "admin" {
            crate::support::ADMIN_PASSWORD
        } else {
            PASSWORD
        };
        return Some(w.app.login(&p.username, password).await.token);
    }
    Some(p.token.clone())
}

fn owner_id(w: &World<'_>, kind: &str) -> i64 {
    match kind {
        "sp_own" => w.sp_a1.id,
        "mgr_in" => w.mgr_a.id,
        "finance" => w.fin.id,
        "hr" => w.hr.id,
        _ => w.admin.id,
    }
}

/// What the route needs of a key.
fn needs(op: &Op, filled: &str) -> KeyRoute {
    let method = actix_web::http::Method::from_bytes(op.method.as_bytes()).expect("method");
    key_route(&method, filled)
}

/// The scopes of the key without what `route` needs (every scope where none opens it).
fn scopes_without(route: KeyRoute) -> Vec<&'static str> {
    let missing = match route {
        KeyRoute::Needs(cap) => ApiScope::granting(cap),
        KeyRoute::Open | KeyRoute::Closed => Vec::new(),
    };
    ApiScope::ALL
        .iter()
        .filter(|s| !missing.contains(s))
        .map(|s| s.as_str())
        .collect()
}

/// The tokens that must not pass: `expired`, `invalid` (another secret) and `bad_key` (a real
/// key's prefix with another secret).
struct BadTokens {
    expired: String,
    invalid: String,
    bad_key: String,
}

/// An access token of `user` signed with `secret`, expiring `ttl` seconds from now.
fn token(user: i64, secret: &[u8], ttl: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"sub": user.to_string(), "roles": ["salesperson"], "exp": now + ttl,
                        "iat": now - 60, "jti": "matrix", "sid": 1});
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .expect("sign")
}

async fn bad_tokens(w: &World<'_>) -> BadTokens {
    let secret = w.app.settings.jwt_secret.as_deref().expect("secret");
    let (_, key) = w.api_key(w.sp_a1.id, &["clients:read"]).await;
    let (head, _) = key.rsplit_once('_').expect("a key's shape");
    BadTokens {
        expired: token(w.sp_a1.id, secret, -60),
        invalid: token(w.sp_a1.id, b"another-secret-entirely", 600),
        bad_key: format!("{head}_{}", "A".repeat(43)),
    }
}

async fn send(w: &World<'_>, op: &Op, url: &str, token: Option<&str>, body: Body) -> Resp {
    let method = Method::from_bytes(op.method.as_bytes()).expect("method");
    let mut req = w.app.client.request(method, w.app.url(url));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req = match body {
        Body::None => req,
        Body::Json(v) => req.json(&v),
        Body::Csv(text) => req.header("content-type", "text/csv").body(text),
        Body::Receipt(seed) => req.multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(world::png(seed)).file_name("receipt.png"),
        )),
    };
    Resp::from(req.send().await.expect("request")).await
}

/// Puts the client back as the fixture had it (an archive or a restore may have run).
async fn client_as(w: &World<'_>, action: &str) {
    let path = format!("/api/v1/clients/{}/{action}", w.ids.client);
    w.app.post(&path, &w.admin.token, json!({})).await;
}

/// Keys by (owner kind, scopes), made once.
type Keys = HashMap<(String, Vec<&'static str>), String>;

async fn key(w: &World<'_>, keys: &mut Keys, owner: &str, scopes: Vec<&'static str>) -> String {
    let k = (owner.to_owned(), scopes);
    if let Some(key) = keys.get(&k) {
        return key.clone();
    }
    let (_, key) = w.api_key(owner_id(w, owner), &k.1).await;
    keys.insert(k, key.clone());
    key
}

/// An id no record has.
const MISSING: i64 = 999_999_999;

/// One operation's cells.
async fn row(w: &World<'_>, keys: &mut Keys, bad: &BadTokens, op: &Op) -> Row {
    let mut cells: Vec<String> = Vec::new();
    let mut key_as = String::from("admin");
    for caller in CALLERS {
        if caller == "key" {
            key_as = ["sp_own", "mgr_in", "finance", "hr", "admin"]
                .into_iter()
                .find(|k| table::authorised(&cells[table::col(k)]))
                .unwrap_or("admin")
                .to_owned();
        }
        let id = if caller == "sp_missing" {
            if !op.path.contains("{id}") {
                cells.push("-".to_owned());
                continue;
            }
            Some(MISSING)
        } else {
            match w.fresh(&op.method, &op.path).await {
                Some(id) => Some(id),
                None if op.path.contains("{id}") => Some(target(w, &op.path)),
                None => None,
            }
        };
        let mut filled = op
            .path
            .replace("{delivery_id}", &w.ids.delivery.to_string());
        if let Some(id) = id {
            filled = filled.replace("{id}", &id.to_string());
        }
        let all: Vec<&'static str> = ApiScope::ALL.iter().map(|s| s.as_str()).collect();
        let token = match caller {
            "key" => Some(key(w, keys, &key_as, all).await),
            "key_noscope" => {
                let scopes = scopes_without(needs(op, &filled));
                Some(key(w, keys, &key_as, scopes).await)
            }
            "key_exact" => match needs(op, &filled) {
                KeyRoute::Needs(cap) => {
                    let scopes = ApiScope::granting(cap).iter().map(|s| s.as_str()).collect();
                    Some(key(w, keys, &key_as, scopes).await)
                }
                KeyRoute::Open | KeyRoute::Closed => {
                    cells.push("-".to_owned());
                    continue;
                }
            },
            "none" => None,
            "expired" => Some(bad.expired.clone()),
            "invalid" => Some(bad.invalid.clone()),
            "bad_key" => Some(bad.bad_key.clone()),
            person => session(w, person, op).await,
        };
        let n = w.next();
        let body = if op.path == "/api/v1/auth/refresh" {
            let fresh = w.app.login(&w.sp_a1.username, PASSWORD).await;
            Body::Json(json!({"refresh_token": fresh.refresh}))
        } else {
            bodies::body(w, &op.method, &op.path, n)
        };
        if op.path == "/api/v1/clients/{id}/restore" {
            client_as(w, "archive").await;
        }
        let url = format!("{filled}{}", bodies::query(w, &op.method, &op.path));
        let res = send(w, op, &url, token.as_deref(), body).await;
        if op.path.ends_with("/archive") || op.path.ends_with("/restore") {
            client_as(w, "restore").await;
        }
        if std::env::var_os("SALESOPS_MATRIX_TRACE").is_some() {
            println!(
                "{} {url} as {caller}: {} {}",
                op.method, res.status, res.text
            );
        }
        cells.push(table::class(res.status.as_u16()));
    }
    Row {
        cells,
        key_as,
        notes: String::new(),
    }
}

async fn permission_matrix(b: Backend) {
    let started = std::time::Instant::now();
    let app = TestApp::spawn(b).await;
    let ops = documented(&app).await;
    let w = World::new(&app).await;
    let bad = bad_tokens(&w).await;
    let mut keys = Keys::new();
    let mut observed = Table::new();
    let mut tags = BTreeMap::new();
    for op in &ops {
        let k = (op.path.clone(), op.method.clone());
        observed.insert(k.clone(), row(&w, &mut keys, &bad, op).await);
        tags.insert(k, op.tag.clone());
    }
    let committed = table::read();
    for (k, row) in &mut observed {
        if let Some(old) = committed.get(k) {
            row.notes = old.notes.clone();
        }
    }
    let cells = observed.len() * CALLERS.len();
    let bless = b == Backend::Sqlite && std::env::var_os("SALESOPS_BLESS").is_some();
    if bless {
        table::write(&observed);
        table::write_docs(&observed, &tags, invariants::target_note);
        println!(
            "permission matrix: blessed {cells} cells into matrix.tsv and docs/permissions.md"
        );
    }
    let broken = invariants::check(&observed);
    let mut diff = Vec::new();
    for (k, row) in &observed {
        match committed.get(k) {
            None => diff.push(format!("{} {}: no row in matrix.tsv", k.1, k.0)),
            Some(old) => {
                for (i, caller) in CALLERS.iter().enumerate() {
                    if old.cells[i] != row.cells[i] {
                        diff.push(format!(
                            "{} {} as {caller}: expected {}, got {}",
                            k.1, k.0, old.cells[i], row.cells[i]
                        ));
                    }
                }
                if old.key_as != row.key_as {
                    diff.push(format!(
                        "{} {}: key as {}, expected {}",
                        k.1, k.0, row.key_as, old.key_as
                    ));
                }
            }
        }
    }
    for k in committed.keys().filter(|k| !observed.contains_key(*k)) {
        diff.push(format!(
            "{} {}: a row for an operation the document does not list",
            k.1, k.0
        ));
    }
    println!(
        "permission matrix ({b:?}): {} operations × {} callers = {cells} cells checked in {:.1} s",
        observed.len(),
        CALLERS.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        broken.is_empty(),
        "{} invariant violations:\n{}",
        broken.len(),
        broken.join("\n")
    );
    if bless {
        println!("changed from the committed table:\n{}", diff.join("\n"));
        return;
    }
    assert!(
        diff.is_empty(),
        "{} differences from matrix.tsv (SALESOPS_BLESS=1 to rewrite it, then review):\n{}",
        diff.len(),
        diff.join("\n")
    );
}
