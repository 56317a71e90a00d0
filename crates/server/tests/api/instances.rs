//! Two instances on one PostgreSQL (issue 9): started together on an empty schema, they both
//! come up, share the token secret, honour each other's tokens and sign-outs at once, and
//! count sign-in failures together.

use std::sync::{Arc, Barrier};

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use salesops::db::schema::instance_secrets;
use salesops::db::{Backend, Db};

use crate::support::{ADMIN_PASSWORD, TempDir, TestApp, TestDb, test_settings};

#[actix_web::test]
async fn two_instances_share_one_postgres() {
    let test_db = Arc::new(TestDb::new(Backend::Postgres));
    let dir = TempDir::new();
    let mut settings = test_settings(&test_db.url, dir.path.clone());
    settings.jwt_secret = None;
    let settings = Arc::new(settings);

    // Both start at the same moment over the empty schema, each with its own pool.
    let barrier = Arc::new(Barrier::new(2));
    let starts: Vec<_> = (0..2)
        .map(|_| {
            let (url, settings, barrier) = (test_db.url.clone(), settings.clone(), barrier.clone());
            std::thread::spawn(move || {
                let db = Db::connect(&url, settings.db_pool_size).expect("pool");
                barrier.wait();
                let started = salesops::bootstrap::start_up(&db, &settings);
                (db, started)
            })
        })
        .collect();
    let mut instances = Vec::new();
    for start in starts {
        let (db, started) = start.join().expect("start-up thread");
        let started = started.unwrap_or_else(|e| panic!("an instance failed to start: {e}"));
        assert!(
            started.generated_admin_password.is_none(),
            "the admin password is configured"
        );
        instances.push((db, started.jwt_secret));
    }
    assert_eq!(
        instances[0].1, instances[1].1,
        "the instances sign with different secrets"
    );
    assert!(instances[0].1.len() >= 32);
    let serve = |(db, secret): (Db, Vec<u8>)| {
        TestApp::serve_prepared(test_db.clone(), db, (*settings).clone(), &secret)
    };
    let mut instances = instances.into_iter();
    let a = serve(instances.next().unwrap());
    let b = serve(instances.next().unwrap());

    // Both started.
    for app in [&a, &b] {
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), StatusCode::OK);
    }
    // One admin, one secret.
    {
        let mut conn = a.db.get().unwrap();
        let secrets: Vec<String> = instance_secrets::table
            .select(instance_secrets::name)
            .load(&mut *conn)
            .unwrap();
        assert_eq!(secrets, vec!["jwt".to_owned()]);
        let admins: i64 = salesops::db::schema::users::table
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(admins, 1, "each instance created an admin");
    }

    // A token from A works on B; a sign-out on A ends it on B at once.
    let session = a.login("admin", ADMIN_PASSWORD).await;
    let me = b.get("/api/v1/me", &session.token).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.body["username"], "admin");
    let from_b = b.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(
        a.get("/api/v1/me", &from_b.token).await.status,
        StatusCode::OK
    );
    let out = a
        .request(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&session.token),
            None,
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    b.get("/api/v1/me", &session.token)
        .await
        .assert_problem(401, "session_revoked");
    assert_eq!(
        b.get("/api/v1/me", &from_b.token).await.status,
        StatusCode::OK,
        "the other session lives on"
    );

    // Failures on A and B add up to one limit (both see the client as 127.0.0.1).
    for app in [&a, &b, &a, &b, &a] {
        app.login_raw("admin", "wrong-password")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    for app in [&b, &a] {
        let res = app.login_raw("admin", ADMIN_PASSWORD).await;
        res.assert_problem(429, "too_many_attempts");
        assert!(res.header("retry-after").is_some());
    }
}
