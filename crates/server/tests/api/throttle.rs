//! The sign-in throttle (issue 9): per username and address, per address, closed against
//! parallel guesses, and pruned. Client addresses are played with `X-Forwarded-For` behind a
//! trusted proxy (the addresses are made up; every request goes to 127.0.0.1).

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops::db::schema::login_failures;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{ADMIN_PASSWORD, Resp, TestApp};

on_both_backends!(
    five_failures_lock_one_username_from_one_address_only,
    thirty_failures_lock_the_address,
    parallel_guesses_all_count,
    old_failures_are_pruned,
);

async fn behind_proxy(b: Backend) -> TestApp {
    TestApp::spawn_with(b, |s| s.trust_proxy = true).await
}

/// A sign-in attempt from client address `addr`.
async fn login_from(app: &TestApp, addr: &str, username: &str, password: &str) -> Resp {
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", addr)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login request");
    Resp::from(res).await
}

fn assert_throttled(res: &Resp) {
    res.assert_problem(429, "too_many_attempts");
    let retry: i64 = res
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry), "retry-after {retry}");
}

async fn five_failures_lock_one_username_from_one_address_only(b: Backend) {
    let app = behind_proxy(b).await;
    let a = "203.0.113.10";
    for n in 0..5 {
        let res = login_from(&app, a, "admin", "wrong-password").await;
        assert_eq!(
            res.status,
            StatusCode::UNAUTHORIZED,
            "attempt {n}: {}",
            res.text
        );
    }
    // The sixth from A is refused even with the right password.
    assert_throttled(&login_from(&app, a, "admin", ADMIN_PASSWORD).await);
    assert_throttled(&login_from(&app, a, "Admin ", ADMIN_PASSWORD).await);
    // Nobody elsewhere keeps admin locked out.
    let b_res = login_from(&app, "198.51.100.20", "admin", ADMIN_PASSWORD).await;
    assert_eq!(b_res.status, StatusCode::OK, "{}", b_res.text);
    // A right password from B forgives nothing of A's.
    assert_throttled(&login_from(&app, a, "admin", ADMIN_PASSWORD).await);
    // Another username from A is still let through.
    let other = login_from(&app, a, "someone", "wrong-password").await;
    other.assert_problem(401, "invalid_credentials");
}

async fn thirty_failures_lock_the_address(b: Backend) {
    let app = behind_proxy(b).await;
    let c = "203.0.113.30";
    for n in 0..30 {
        let res = login_from(&app, c, &format!("made-up-{n}"), "wrong-password").await;
        res.assert_problem(401, "invalid_credentials");
    }
    assert_throttled(&login_from(&app, c, "yet-another", "wrong-password").await);
    // The right password of a real account does not get through from C either.
    assert_throttled(&login_from(&app, c, "admin", ADMIN_PASSWORD).await);
    // From D it is the usual answer.
    login_from(&app, "198.51.100.40", "yet-another", "wrong-password")
        .await
        .assert_problem(401, "invalid_credentials");
    let ok = login_from(&app, "198.51.100.40", "admin", ADMIN_PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}

async fn parallel_guesses_all_count(b: Backend) {
    // A connection for every guess, so all twelve can be decided at the same moment.
    let app = TestApp::spawn_with(b, |s| {
        s.trust_proxy = true;
        s.db_pool_size = 12;
    })
    .await;
    let addr = "203.0.113.50";
    for round in 0..3 {
        let username = format!("target{round}");
        // Twelve open connections first, so the guesses leave together.
        let warm = (0..12).map(|_| app.client.get(app.url("/healthz")).send());
        for res in futures_util::future::join_all(warm).await {
            assert_eq!(res.unwrap().status(), StatusCode::OK);
        }
        let guesses = (0..12).map(|n| {
            let (app, username) = (&app, &username);
            async move { login_from(app, addr, username, &format!("guess-{n}")).await }
        });
        let answers = futures_util::future::join_all(guesses).await;
        let statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
        let refused = statuses.iter().filter(|s| **s == 401).count();
        let throttled = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!(refused + throttled, 12, "{statuses:?}");
        assert!(
            refused <= 5,
            "{refused} guesses were checked, at most 5 may be: {statuses:?}"
        );
        assert!(refused >= 1, "{statuses:?}");
        for r in answers.iter().filter(|r| r.status.as_u16() == 429) {
            assert_throttled(r);
        }
        // And the username stays locked from there.
        assert_throttled(&login_from(&app, addr, &username, "guess-13").await);
    }
}

async fn old_failures_are_pruned(b: Backend) {
    let app = behind_proxy(b).await;
    let now = salesops::clock::now();
    {
        let mut conn = app.db.get().unwrap();
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::username.eq("old-guess"),
                login_failures::client_addr.eq("203.0.113.70"),
                login_failures::failed_at.eq(now - Duration::hours(1)),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let count = |username: &str| -> i64 {
        let mut conn = app.db.get().unwrap();
        login_failures::table
            .filter(login_failures::username.eq(username.to_owned()))
            .count()
            .get_result(&mut *conn)
            .unwrap()
    };
    assert_eq!(count("old-guess"), 1);
    login_from(&app, "198.51.100.70", "fresh-guess", "wrong-password")
        .await
        .assert_problem(401, "invalid_credentials");
    assert_eq!(count("old-guess"), 0, "the hour-old failure is still there");
    assert_eq!(count("fresh-guess"), 1, "the new failure counts");
}
