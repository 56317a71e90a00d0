//! The raw floor (issue 10): what a request does in the database, without HTTP, tokens, the
//! pool or the hop to a blocking thread — the server's own functions (the admission read
//! `Principal::load`, then the handler's service: `auth::service::me`,
//! `clients::list::list`) called back to back on one connection per thread, `threads`
//! threads for `duration`. The same statements in the same order as the request, so API ÷
//! raw is what the rest of the request path costs.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::{Connection as _, InstrumentationEvent};
use diesel::prelude::*;
use salesops::access::{Ctx, Principal};
use salesops::config::Settings;
use salesops::db::schema::sessions;
use salesops::db::{Db, DbConn};
use salesops_domain::client_changes::ClientListQuery;
use salesops_domain::page::PageQuery;

use crate::load::{Stats, percentile};

/// The request a raw row stands for.
#[derive(Debug, Clone)]
pub enum Case {
    Me,
    Clients { q: String, per_page: u32 },
}

/// The page the case asks for (`per_page` only; `/me` has none, 20 is the default).
fn page_of(case: &Case) -> Result<PageQuery, String> {
    let per_page = match case {
        Case::Me => 20,
        Case::Clients { per_page, .. } => *per_page,
    };
    serde_json::from_value(serde_json::json!({ "per_page": per_page })).map_err(|e| e.to_string())
}

/// The session a signed-in user's latest login made (what their token names).
pub fn latest_session(db: &Db, username: &str) -> Result<(i64, i64), String> {
    use salesops::db::schema::users;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    sessions::table
        .inner_join(users::table)
        .filter(users::username.eq(username))
        .order(sessions::id.desc())
        .select((sessions::user_id, sessions::id))
        .first::<(i64, i64)>(&mut *conn)
        .map_err(|e| format!("the session of {username}: {e}"))
}

fn once(
    conn: &mut DbConn,
    settings: &Arc<Settings>,
    (user_id, session_id): (i64, i64),
    case: &Case,
    page: &PageQuery,
) -> Result<usize, String> {
    let principal = Principal::load(conn, user_id, session_id, None).map_err(|e| e.to_string())?;
    let ctx = Ctx::new(principal, settings.clone());
    match case {
        Case::Me => salesops::auth::service::me(conn, &ctx)
            .map(|_| 1)
            .map_err(|e| e.to_string()),
        Case::Clients { q, .. } => {
            let filter = ClientListQuery {
                q: Some(q.clone()),
                ..ClientListQuery::default()
            };
            salesops::clients::list::list(conn, &ctx, &filter, page)
                .map(|p| p.items.len())
                .map_err(|e| e.to_string())
        }
    }
}

/// Runs `case` from `threads` threads for `duration`, each on a connection of its own.
pub fn run(
    db: &Db,
    settings: Arc<Settings>,
    who: (i64, i64),
    case: &Case,
    threads: usize,
    duration: Duration,
) -> Result<Stats, String> {
    let page = page_of(case)?;
    let start = Instant::now();
    let deadline = start + duration;
    let results: Vec<Result<(Vec<u64>, u64), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (settings, page) = (settings.clone(), page.clone());
                s.spawn(move || {
                    let mut conn = db.get().map_err(|e| e.to_string())?;
                    let mut samples = Vec::with_capacity(64 * 1024);
                    let mut errors = 0u64;
                    while Instant::now() < deadline {
                        let t0 = Instant::now();
                        match once(&mut conn, &settings, who, case, &page) {
                            Ok(_) => samples.push(t0.elapsed().as_micros() as u64),
                            Err(_) => errors += 1,
                        }
                    }
                    Ok((samples, errors))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a raw thread panicked".to_owned()))
            })
            .collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let mut all = Vec::new();
    let mut errors = 0;
    for r in results {
        let (s, e) = r?;
        all.extend(s);
        errors += e;
    }
    all.sort_unstable();
    let ms = |us: u64| us as f64 / 1000.0;
    Ok(Stats {
        requests: all.len() as u64,
        errors,
        rps: all.len() as f64 / elapsed.max(1e-9),
        p50_ms: ms(percentile(&all, 0.50)),
        p99_ms: ms(percentile(&all, 0.99)),
        max_ms: ms(all.last().copied().unwrap_or(0)),
    })
}

/// Runs the raw call once: the items it found (to compare with the API's) and the number of
/// statements it sent.
pub fn check(
    db: &Db,
    settings: &Arc<Settings>,
    who: (i64, i64),
    case: &Case,
) -> Result<(usize, usize), String> {
    let page = page_of(case)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    // The statements the call sends, counted and shown once (diesel's instrumentation),
    // then the connection goes back to the pool without the counter.
    let statements: Arc<Mutex<Vec<String>>> = Arc::default();
    {
        let seen = statements.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { query, .. } = event
                && let Ok(mut seen) = seen.lock()
            {
                seen.push(query.to_string());
            }
        });
    }
    let found = once(&mut conn, settings, who, case, &page);
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    let sent = statements.lock().map(|s| s.clone()).unwrap_or_default();
    eprintln!("raw {case:?}: {} statements", sent.len());
    for (i, q) in sent.iter().enumerate() {
        eprintln!("  {}. {}", i + 1, q.chars().take(400).collect::<String>());
    }
    Ok((found?, sent.len()))
}
