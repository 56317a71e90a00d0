//! The change feed (issue 14): everything in scope once, in a stable order; a transaction
//! committing after a later-numbered one is neither skipped nor repeated; keys see what
//! their scopes grant.

use std::sync::mpsc;
use std::time::Duration;

use reqwest::StatusCode;
use salesops::access::Actor;
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::clients::{new_client, org};
use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    changes_show_each_change_once_in_scope,
    changes_survive_transactions_committing_out_of_order,
    changes_refuse_bad_cursors_and_types,
    changes_through_a_key_follow_its_scopes,
);

#[derive(diesel::QueryableByName)]
struct Settled {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    settled: bool,
}

/// Waits until every committed event is below PostgreSQL's horizon. The horizon is the
/// cluster's oldest running writer, and the other tests' databases share this cluster, so
/// a just-committed event shows a moment later (on SQLite at once).
pub async fn settle(app: &TestApp) {
    use diesel::RunQueryDsl;
    let start = std::time::Instant::now();
    loop {
        let mut conn = app.db.get().unwrap();
        let done = match &mut *conn {
            salesops::db::DbConn::Postgres(c) => {
                diesel::sql_query(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint \
                     > COALESCE((SELECT max(txid) FROM audit_events), 0) AS settled",
                )
                .get_result::<Settled>(c)
                .unwrap()
                .settled
            }
            salesops::db::DbConn::Sqlite(_) => true,
        };
        drop(conn);
        if done {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the horizon never passed"
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Every event from `after` on, page by page of `limit`; the last cursor.
async fn pull(
    app: &TestApp,
    token: &str,
    after: &str,
    extra: &str,
    limit: u32,
) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    let mut cursor = after.to_owned();
    for _ in 0..1000 {
        let res = app
            .get(
                &format!("/api/v1/changes?after={cursor}&limit={limit}{extra}"),
                token,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        let page = res.body["items"].as_array().cloned().unwrap_or_default();
        cursor = res.str("next_cursor");
        let more = res.body["has_more"].as_bool().unwrap();
        assert_eq!(
            more,
            page.len() == limit as usize,
            "has_more is whether the page was full"
        );
        items.extend(page);
        if !more {
            return (items, cursor);
        }
    }
    panic!("the feed never ended");
}

fn seqs(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["seq"].as_i64().unwrap()).collect()
}

fn events_of<'a>(items: &'a [Value], ty: &str) -> Vec<&'a Value> {
    items.iter().filter(|i| i["type"] == ty).collect()
}

async fn changes_show_each_change_once_in_scope(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    settle(&app).await;
    let (_, start) = pull(&app, &o.admin.token, "0", "", 500).await;
    let c1 = new_client(&app, &o.s1.token, json!({"name": "一号客户"})).await;
    let c4 = new_client(&app, &o.s4.token, json!({"name": "四号客户"})).await;
    let res = app
        .patch(
            &format!("/api/v1/clients/{c1}"),
            &o.s1.token,
            json!({"company": "一号公司", "version": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    settle(&app).await;

    // Admin: all three, in order, each once — walked one by one or in one page alike.
    let (all, end) = pull(&app, &o.admin.token, &start, "&types=client", 500).await;
    let (one_by_one, end2) = pull(&app, &o.admin.token, &start, "&types=client", 1).await;
    assert_eq!(seqs(&all), seqs(&one_by_one), "paging changed the feed");
    assert_eq!(end, end2);
    let got: Vec<(String, String)> = all
        .iter()
        .map(|i| {
            (
                i["event"].as_str().unwrap().to_owned(),
                i["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("client.created".to_owned(), c1.to_string()),
            ("client.created".to_owned(), c4.to_string()),
            ("client.updated".to_owned(), c1.to_string()),
        ]
    );
    let update = &all[2];
    assert_eq!(update["action"], "updated");
    assert_eq!(update["actor_id"], o.s1.user_id);
    assert_eq!(update["before"]["company"], Value::Null);
    assert_eq!(update["after"]["company"], "一号公司");
    // Nothing new: the cursor stays and the page is empty.
    let (again, same) = pull(&app, &o.admin.token, &end, "", 500).await;
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(same, end);

    // A salesperson: their own client only; the east manager: sp1's, not sp4's (south).
    let (mine, _) = pull(&app, &o.s1.token, &start, "", 500).await;
    let ids: Vec<&str> = events_of(&mine, "client")
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![c1.to_string(), c1.to_string()]);
    let (east, _) = pull(&app, &o.east_boss.token, &start, "&types=client", 500).await;
    let c1_id = c1.to_string();
    assert!(east.iter().all(|i| i["id"] == c1_id.as_str()), "{east:?}");
    assert_eq!(east.len(), 2);
    // Finance reads no clients at all.
    let (fin, _) = pull(&app, &o.fin.token, &start, "&types=client", 500).await;
    assert!(fin.is_empty(), "{fin:?}");
    // Types the caller may not read are not an error: they are empty.
    let (fin_all, _) = pull(&app, &o.fin.token, &start, "", 500).await;
    assert!(events_of(&fin_all, "client").is_empty());
}

/// Writes an audit event for a client in its own thread's transaction; with `hold`, the
/// transaction tells the first channel once written and commits only when the second says so.
fn writer(
    app: &TestApp,
    id: &'static str,
    hold: Option<(mpsc::Sender<()>, mpsc::Receiver<()>)>,
) -> std::thread::JoinHandle<()> {
    let db = app.db.clone();
    std::thread::spawn(move || {
        let mut conn = db.get().unwrap();
        salesops::db::write(&mut conn, |tx| {
            salesops::audit::record::<(), _>(
                tx,
                &Actor::SYSTEM,
                "client.update",
                "client",
                id,
                None,
                Some(&json!({"name": id})),
            )?;
            if let Some((written, release)) = &hold {
                written.send(()).ok();
                release.recv().ok();
            }
            Ok(())
        })
        .unwrap();
    })
}

/// Event A is written first (the lower number) and commits last; event B is written and
/// committed in between. A puller reading by number alone would take B, move past A's
/// number, and never see A. The feed holds B back until A commits, then gives A and B once.
async fn changes_survive_transactions_committing_out_of_order(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    settle(&app).await;
    let (_, start) = pull(&app, &admin, "0", "", 500).await;
    let (written_tx, written) = mpsc::channel();
    let (release, release_rx) = mpsc::channel();
    let a = writer(&app, "late-A", Some((written_tx, release_rx)));
    written.recv_timeout(Duration::from_secs(10)).unwrap();
    let mut b_writer = Some(writer(&app, "early-B", None));
    if b == Backend::Postgres {
        // B commits now, while A is still open.
        b_writer.take().unwrap().join().unwrap();
    } else {
        // SQLite: B waits for A's write lock; writers take turns.
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    let (during, mid) = pull(&app, &admin, &start, "&types=client", 500).await;
    assert!(
        during.is_empty(),
        "an event showed while an earlier-numbered transaction was open: {during:?}"
    );
    release.send(()).unwrap();
    a.join().unwrap();
    if let Some(w) = b_writer {
        w.join().unwrap();
    }
    settle(&app).await;
    let (after, _) = pull(&app, &admin, &mid, "&types=client", 500).await;
    let ids: Vec<&str> = after.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        vec!["early-B", "late-A"],
        "lost or repeated: {ids:?}"
    );
    // The whole feed from the start gives the same two, in the same order.
    let (whole, _) = pull(&app, &admin, &start, "&types=client", 1).await;
    assert_eq!(seqs(&whole), seqs(&after));
    if b == Backend::Postgres {
        // A's number is the lower one: ordering by number alone would have skipped it.
        let seq_of = |id: &str| {
            after.iter().find(|i| i["id"] == id).unwrap()["seq"]
                .as_i64()
                .unwrap()
        };
        assert!(seq_of("late-A") < seq_of("early-B"));
    }
}

async fn changes_refuse_bad_cursors_and_types(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    for (query, field) in [
        ("after=abc", "after"),
        ("after=12", "after"),
        ("after=1.-2", "after"),
        ("types=client,nothing", "types"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
    ] {
        let res = app.get(&format!("/api/v1/changes?{query}"), &admin).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(
            res.error_fields(),
            vec![field.to_owned()],
            "{query}: {}",
            res.text
        );
    }
    let res = app.get("/api/v1/changes", "").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

async fn changes_through_a_key_follow_its_scopes(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let admin = &o.admin.token;
    let key = |scopes: Value, owner: i64| {
        let app = &app;
        async move {
            let res = app
                .post(
                    "/api/v1/api-keys",
                    admin,
                    json!({"name": "mirror", "owner_id": owner, "scopes": scopes}),
                )
                .await;
            assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
            res.str("key")
        }
    };
    settle(&app).await;
    let (_, start) = pull(&app, admin, "0", "", 500).await;
    new_client(&app, &o.s1.token, json!({"name": "钥匙客户"})).await;
    let admin_id = app.get("/api/v1/me", admin).await.body["id"]
        .as_i64()
        .unwrap();
    // Admin's key with clients:read sees the client; with finance:read it does not.
    let clients_key = key(json!(["clients:read"]), admin_id).await;
    settle(&app).await;
    let (seen, _) = pull(&app, &clients_key, &start, "", 500).await;
    assert_eq!(events_of(&seen, "client").len(), 1, "{seen:?}");
    assert!(seen.iter().all(|i| i["type"] == "client"), "{seen:?}");
    let money_key = key(json!(["finance:read"]), admin_id).await;
    settle(&app).await;
    let (seen, _) = pull(&app, &money_key, &start, "", 500).await;
    assert!(events_of(&seen, "client").is_empty(), "{seen:?}");
    // Admin's own types (keys, jobs) never reach a key, whatever its scopes.
    assert!(events_of(&seen, "api_key").is_empty());
    let (admin_seen, _) = pull(&app, admin, &start, "&types=api_key", 500).await;
    assert_eq!(admin_seen.len(), 2, "the two keys made: {admin_seen:?}");
    // A finance user's key with clients:read still reads no clients: never beyond the owner.
    let fin_key = key(json!(["clients:read"]), o.fin.user_id).await;
    settle(&app).await;
    let (seen, _) = pull(&app, &fin_key, &start, "", 500).await;
    assert!(seen.is_empty(), "{seen:?}");
}
