//! Two `salesops` processes on one PostgreSQL database (issue 15), started together on an
//! empty schema and driven alternately: one admin and one token secret between them, a
//! session from one accepted by the other and its sign-out effective there at once, an
//! `Idempotency-Key` replayed across them, and sign-in failures counted together.

use std::time::Duration;

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use salesops::db::schema::{instance_secrets, teams, users};
use salesops::db::{Backend, Db};
use salesops_domain::Role;
use serde_json::{Value, json};

use super::Proc;
use crate::money::line;
use crate::support::{ADMIN_PASSWORD, PASSWORD, TestDb};

struct Http(reqwest::Client);

impl Http {
    async fn call(
        &self,
        method: Method,
        url: String,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value, bool) {
        let mut req = self.0.request(method, url).timeout(Duration::from_secs(10));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("an answer");
        let status = res.status();
        let replayed = res.headers().contains_key("idempotent-replayed");
        (status, res.json().await.unwrap_or(Value::Null), replayed)
    }

    async fn login(&self, base: &str, user: &str, password: &str) -> (StatusCode, Value) {
        let body = json!({"username": user, "password": password});
        let (s, b, _) = self
            .call(
                Method::POST,
                format!("{base}/api/v1/auth/login"),
                None,
                None,
                Some(body),
            )
            .await;
        (s, b)
    }

    async fn token(&self, base: &str, user: &str, password: &str) -> String {
        let (s, b) = self.login(base, user, password).await;
        assert_eq!(s, StatusCode::OK, "login {user}: {b}");
        b["access_token"].as_str().expect("token").to_owned()
    }
}

/// A manager over one salesperson, straight into the database both processes use.
fn seed(db: &Db) -> (i64, i64) {
    let hash = salesops::access::password::hash(PASSWORD).expect("hash");
    let mut conn = db.get().expect("connection");
    salesops::db::write(&mut conn, |tx| {
        let boss = salesops::users::create_system_user(
            tx,
            "boss",
            "王经理",
            &hash,
            &[Role::Manager],
            None,
        )?;
        let now = salesops::clock::now();
        let team: i64 = diesel::insert_into(teams::table)
            .values((
                teams::name.eq("华东一部"),
                teams::manager_id.eq(Some(boss)),
                teams::created_at.eq(now),
                teams::updated_at.eq(now),
            ))
            .returning(teams::id)
            .get_result(tx.conn())?;
        diesel::update(users::table.find(boss))
            .set(users::team_id.eq(Some(team)))
            .execute(tx.conn())?;
        let sp = salesops::users::create_system_user(
            tx,
            "sp1",
            "李业务",
            &hash,
            &[Role::Salesperson],
            Some(team),
        )?;
        Ok((boss, sp))
    })
    .expect("seed")
}

#[actix_web::test]
async fn two_processes_on_one_postgres() {
    let test_db = TestDb::new(Backend::Postgres);
    // No SALESOPS_JWT_SECRET: the first to start makes one and keeps it in the database.
    let mut a = Proc::new(&test_db.url, None);
    let mut b = Proc::new(&test_db.url, None);
    a.spawn();
    b.spawn();
    let ready = (a.wait_ready(), b.wait_ready());
    let (pa, pb) = (a.base(), b.base());
    let db = Db::connect(&test_db.url, 1).expect("pool");
    {
        let mut conn = db.get().expect("connection");
        let secrets: i64 = instance_secrets::table
            .count()
            .get_result(&mut *conn)
            .expect("n");
        let admins: i64 = users::table.count().get_result(&mut *conn).expect("n");
        assert_eq!(
            (secrets, admins),
            (1, 1),
            "one secret and one admin between them"
        );
    }
    let (_, sp1_id) = seed(&db);
    let http = Http(
        reqwest::Client::builder()
            .pool_idle_timeout(crate::support::IDLE_CONNECTION)
            .build()
            .expect("client"),
    );

    // A session from A works on B; signed out on B, A refuses it at once.
    let admin = http.token(&pa, "admin", ADMIN_PASSWORD).await;
    let me = format!("{pb}/api/v1/me");
    let (s, body, _) = http.call(Method::GET, me, Some(&admin), None, None).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let out = format!("{pb}/api/v1/auth/logout");
    let (s, _, _) = http.call(Method::POST, out, Some(&admin), None, None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let me = format!("{pa}/api/v1/me");
    let (s, body, _) = http.call(Method::GET, me, Some(&admin), None, None).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("session_revoked"))
    );

    // A claim sent to A with a key, sent again to B: B replays A's answer; one claim.
    let boss = http.token(&pb, "boss", PASSWORD).await;
    let budget = json!({"owner_id": sp1_id, "month": "2026-12", "category": "per_diem", "amount_fen": 100000});
    let (s, body, _) = http
        .call(
            Method::POST,
            format!("{pa}/api/v1/budgets"),
            Some(&boss),
            None,
            Some(budget),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let sp1 = http.token(&pa, "sp1", PASSWORD).await;
    let claim = json!({"lines": [line("2026-12-01", "per_diem", 1200)]});
    let send = |base: &str| format!("{base}/api/v1/expense-claims");
    let first = http
        .call(
            Method::POST,
            send(&pa),
            Some(&sp1),
            Some("across-1"),
            Some(claim.clone()),
        )
        .await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.1);
    let again = http
        .call(
            Method::POST,
            send(&pb),
            Some(&sp1),
            Some("across-1"),
            Some(claim),
        )
        .await;
    assert_eq!(
        (again.0, again.2),
        (StatusCode::CREATED, true),
        "{}",
        again.1
    );
    assert_eq!(again.1, first.1, "B answers what A answered");
    let (_, list, _) = http
        .call(Method::GET, send(&pb), Some(&sp1), None, None)
        .await;
    assert_eq!(list["total"], 1, "{list}");

    // Sign-in failures on A and B add up to one limit.
    for base in [&pa, &pb, &pa, &pb, &pa] {
        let (s, _) = http.login(base, "boss", "wrong-password").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    for base in [&pb, &pa] {
        let (s, body) = http.login(base, "boss", PASSWORD).await;
        assert_eq!(
            (s, body["code"].as_str()),
            (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts"))
        );
    }
    eprintln!("two processes on one PostgreSQL: ready after {ready:?}");
}
