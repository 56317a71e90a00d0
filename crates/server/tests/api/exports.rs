//! CSV exports: capped with a clear error, and read without holding SQLite's write lock.

use diesel::RunQueryDsl;
use reqwest::StatusCode;
use salesops::db::{Backend, DbConn};
use serde_json::json;

use crate::clients::{new_client, org};
use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    client_exports_over_the_limit_ask_to_narrow_the_filter,
    follow_up_exports_over_the_limit_ask_to_narrow_the_filter,
    an_export_lets_writes_through_while_it_reads,
);

/// The export limit (`salesops::clients::csv::EXPORT_MAX_ROWS`).
const LIMIT: i64 = salesops::clients::csv::EXPORT_MAX_ROWS;

/// The numbers 1..=n as a subquery `numbers(i)`, and a timestamp literal, in the backend's SQL.
fn numbers(conn: &DbConn, n: i64) -> (String, &'static str) {
    match conn {
        DbConn::Sqlite(_) => (
            format!(
                "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
                 SELECT i FROM n) AS numbers"
            ),
            "'2026-01-05 08:00:00'",
        ),
        DbConn::Postgres(_) => (
            format!("generate_series(1, {n}) AS numbers(i)"),
            "TIMESTAMP '2026-01-05 08:00:00'",
        ),
    }
}

/// `n` clients of `owner`, straight into the table (no search keys, no history).
pub fn bulk_clients(app: &TestApp, owner: i64, n: i64) {
    let mut conn = app.db.get().unwrap();
    let (numbers, at) = numbers(&conn, n);
    diesel::sql_query(format!(
        "INSERT INTO clients (name, source, tier, stage, credit, owner_id, created_at, updated_at) \
         SELECT 'bulk ' || CAST(i AS TEXT), 'other', 'general', 'prospect', 'normal', {owner}, \
         {at}, {at} FROM {numbers}"
    ))
    .execute(&mut *conn)
    .unwrap();
}

async fn client_exports_over_the_limit_ask_to_narrow_the_filter(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    new_client(
        &app,
        &o.s1.token,
        json!({"name": "意向客户", "stage": "intent"}),
    )
    .await;
    bulk_clients(&app, o.s1.user_id, LIMIT);
    // One over the limit.
    let res = app.get("/api/v1/clients/export", &o.s1.token).await;
    res.assert_problem(422, "too_many_rows");
    assert_eq!(res.error_fields(), vec!["filter"]);
    let detail = res.str("detail");
    assert!(detail.contains("50000"), "{detail}");
    assert!(detail.contains("narrow the filter"), "{detail}");
    // A refused export exports nothing, so it leaves no audit event.
    let audit = app
        .get(
            "/api/v1/audit-events?entity_type=client&entity_id=export",
            &o.admin.token,
        )
        .await;
    assert_eq!(audit.body["total"], 0, "{}", audit.text);
    // Narrowed, it works.
    let res = app
        .get("/api/v1/clients/export?stage=intent", &o.s1.token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.text.lines().count(), 2, "{}", res.text);
    // Another salesperson's export is not counted against the first one's clients.
    let res = app.get("/api/v1/clients/export", &o.s2.token).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

async fn follow_up_exports_over_the_limit_ask_to_narrow_the_filter(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let client = new_client(&app, &o.s1.token, json!({"name": "常联系"})).await;
    {
        let mut conn = app.db.get().unwrap();
        let (numbers, at) = numbers(&conn, LIMIT + 1);
        diesel::sql_query(format!(
            "INSERT INTO follow_ups (client_id, author_id, kind, occurred_at, occurred_on, summary, \
             created_at) SELECT {client}, {}, 'call', {at}, '2026-01-05', 'call ' || CAST(i AS TEXT), \
             {at} FROM {numbers}",
            o.s1.user_id
        ))
        .execute(&mut *conn)
        .unwrap();
    }
    let res = app.get("/api/v1/follow-ups/export", &o.s1.token).await;
    res.assert_problem(422, "too_many_rows");
    assert_eq!(res.error_fields(), vec!["filter"]);
    assert!(res.str("detail").contains("50000"), "{}", res.text);
    let res = app
        .get("/api/v1/follow-ups/export?kind=letter", &o.s1.token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.text.lines().count(), 1, "{}", res.text);
}

/// While a large export reads, other requests still write: on SQLite the export holds no write
/// lock until its audit event. Clients created during the export commit before that event.
async fn an_export_lets_writes_through_while_it_reads(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    bulk_clients(&app, o.s1.user_id, LIMIT);
    let export = {
        let client = app.client.clone();
        let url = app.url("/api/v1/clients/export");
        let token = o.s1.token.clone();
        actix_web::rt::spawn(async move {
            let res = client.get(url).bearer_auth(token).send().await.unwrap();
            (res.status(), res.text().await.unwrap().lines().count())
        })
    };
    // Let the export reach the database first.
    actix_web::rt::time::sleep(std::time::Duration::from_millis(150)).await;
    let mut created = 0;
    while !export.is_finished() && created < 20 {
        new_client(
            &app,
            &o.s2.token,
            json!({"name": format!("导出期间 {created}")}),
        )
        .await;
        created += 1;
    }
    let (status, lines) = export.await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lines as i64, LIMIT + 1);
    // The order in which the audit events were written: the export's comes last only if it
    // never stopped the creates.
    let events = app
        .get(
            "/api/v1/audit-events?entity_type=client&per_page=500",
            &o.admin.token,
        )
        .await;
    let order: Vec<(i64, String)> = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_i64().unwrap(),
                e["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let export_id = order
        .iter()
        .find(|(_, a)| a == "client.export")
        .map(|(id, _)| *id)
        .unwrap();
    let before = order
        .iter()
        .filter(|(id, a)| a == "client.create" && *id < export_id)
        .count();
    assert!(
        before > 0,
        "no client was created while the export read ({created} tried): {order:?}"
    );
}
