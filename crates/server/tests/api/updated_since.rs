//! `updated_since` on the lists (a mirror's pull): only the records changed at or after a
//! time, in `(updated_at, id)` order, paged by cursor without losing or repeating a row,
//! even rows sharing one `updated_at`; a bad time is 422 naming the field.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::money::{Money, line};
use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(
    clients_changed_since,
    rows_sharing_a_time_page_once,
    claims_changed_since,
    plans_changed_since,
    users_changed_since,
    a_workflow_step_moves_updated_at,
);

/// A time between what was done before and what is done after (the server and the tests
/// share one clock; the pauses keep both sides of it apart).
async fn mark() -> String {
    tokio::time::sleep(Duration::from_millis(15)).await;
    let t = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
    tokio::time::sleep(Duration::from_millis(15)).await;
    t
}

fn time(v: &Value) -> DateTime<Utc> {
    let text = v.as_str().unwrap_or_else(|| panic!("no time in {v}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {page}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// The ids `list` shows changed at or after `since`, read three ways that must agree: one
/// page, pages of one by cursor (`cursor=0`, then each `next_cursor`) and numbered pages of
/// one. The one page must be in strict `(updated_at, id)` order.
async fn changed(app: &TestApp, token: &str, list: &str, since: &str) -> Vec<i64> {
    let sep = if list.contains('?') { '&' } else { '?' };
    let url = |extra: &str| format!("{list}{sep}updated_since={since}&{extra}");
    let one = app.get(&url("per_page=500"), token).await;
    assert_eq!(one.status, StatusCode::OK, "{list}: {}", one.text);
    let all = ids(&one.body);
    assert_eq!(one.body["total"].as_i64(), Some(all.len() as i64));
    let keys: Vec<(DateTime<Utc>, i64)> = one.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (time(&i["updated_at"]), i["id"].as_i64().unwrap()))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "{list}: not in (updated_at, id) order: {keys:?}"
    );
    let mut pulled = Vec::new();
    let mut cursor = "0".to_owned();
    loop {
        let page = app
            .get(&url(&format!("per_page=1&cursor={cursor}")), token)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{list}: {}", page.text);
        assert_eq!(page.body["total"].as_i64(), Some(all.len() as i64));
        pulled.extend(ids(&page.body));
        assert!(pulled.len() <= all.len(), "{list}: {pulled:?} past {all:?}");
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(pulled, all, "{list}: by cursor");
    let mut numbered = Vec::new();
    for n in 1..=all.len() + 1 {
        let page = app.get(&url(&format!("per_page=1&page={n}")), token).await;
        assert_eq!(page.status, StatusCode::OK, "{list}: {}", page.text);
        assert!(page.body["next_cursor"].is_null());
        numbered.extend(ids(&page.body));
    }
    assert_eq!(numbered, all, "{list}: numbered");
    all
}

/// A bad `updated_since` is 422 naming it, on `list`.
async fn refuses_bad_times(app: &TestApp, token: &str, list: &str) {
    let sep = if list.contains('?') { '&' } else { '?' };
    for bad in [
        "yesterday",
        "2026-12-01",
        "2026-12-01T08:00:00",
        "2026-13-01T00:00:00Z",
    ] {
        let res = app
            .get(&format!("{list}{sep}updated_since={bad}"), token)
            .await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(res.error_fields(), vec!["updated_since"], "{list} {bad}");
    }
}

async fn client(app: &TestApp, token: &str, n: u32) -> Value {
    let res = app
        .post(
            "/api/v1/clients",
            token,
            json!({"name": format!("客户{n}"), "phone": format!("1380000{n:04}")}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "client: {}", res.text);
    res.body
}

async fn patch(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let res = app.patch(path, token, body).await;
    assert_eq!(res.status, StatusCode::OK, "PATCH {path}: {}", res.text);
    res.body
}

async fn clients_changed_since(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    app.seed_user("sp", &[Role::Salesperson], None);
    let sp = app.login("sp", PASSWORD).await.token;
    let a = client(&app, &sp, 1).await;
    let bb = client(&app, &sp, 2).await;
    client(&app, &sp, 3).await;
    let since = mark().await;
    patch(
        &app,
        &sp,
        &format!("/api/v1/clients/{}", bb["id"]),
        json!({"needs": "要报价", "version": bb["version"]}),
    )
    .await;
    let d = client(&app, &sp, 4).await;
    patch(
        &app,
        &sp,
        &format!("/api/v1/clients/{}", a["id"]),
        json!({"tier": "key", "version": a["version"]}),
    )
    .await;
    let (a, bb, d) = (a["id"].as_i64(), bb["id"].as_i64(), d["id"].as_i64());
    let expected: Vec<i64> = [bb, d, a].into_iter().flatten().collect();
    assert_eq!(
        changed(&app, &sp, "/api/v1/clients", &since).await,
        expected
    );
    // The admin sees the same; filters still apply; a later time shows nothing.
    assert_eq!(
        changed(&app, &admin, "/api/v1/clients", &since).await,
        expected
    );
    assert_eq!(
        changed(&app, &sp, "/api/v1/clients?tier=key", &since).await,
        a.into_iter().collect::<Vec<_>>()
    );
    let later = mark().await;
    assert!(
        changed(&app, &sp, "/api/v1/clients", &later)
            .await
            .is_empty()
    );
    // Without it the list is as before: every client, newest change first.
    let plain = app.get("/api/v1/clients", &sp).await;
    assert_eq!(plain.body["total"], 4);
    assert_eq!(
        ids(&plain.body)[..3],
        expected.iter().rev().copied().collect::<Vec<_>>()
    );
    // An offset other than Z, written with its `+` escaped, is the same time.
    let t = time(&json!(since));
    let shanghai = t
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .to_rfc3339_opts(SecondsFormat::Micros, false)
        .replace('+', "%2B");
    assert_eq!(
        changed(&app, &sp, "/api/v1/clients", &shanghai).await,
        expected
    );
    refuses_bad_times(&app, &sp, "/api/v1/clients").await;
}

/// Rows written by one transaction share its time (a handover, marking all read): the
/// cursor holds the time and the id, so a page boundary inside the tie loses nothing.
async fn rows_sharing_a_time_page_once(b: Backend) {
    use diesel::prelude::*;
    use salesops::db::schema::clients;
    let app = TestApp::spawn(b).await;
    app.seed_user("sp", &[Role::Salesperson], None);
    let sp = app.login("sp", PASSWORD).await.token;
    let mut all = Vec::new();
    for n in 1..=5 {
        all.push(client(&app, &sp, n).await["id"].as_i64().unwrap());
    }
    let since = mark().await;
    let tie = salesops::clock::now();
    let later = tie + chrono::Duration::milliseconds(1);
    let mut conn = app.db.get().unwrap();
    salesops::db::write(&mut conn, |tx| {
        // 5, 2, 4 at one time, then 1: the tie in id order, then the later one.
        diesel::update(clients::table.filter(clients::id.eq_any([all[4], all[1], all[3]])))
            .set(clients::updated_at.eq(tie))
            .execute(tx.conn())?;
        diesel::update(clients::table.find(all[0]))
            .set(clients::updated_at.eq(later))
            .execute(tx.conn())?;
        Ok(())
    })
    .unwrap();
    assert_eq!(
        changed(&app, &sp, "/api/v1/clients", &since).await,
        vec![all[1], all[3], all[4], all[0]]
    );
    // A cursor from the pull also continues it alone (a mirror resuming after a crash).
    let first = app
        .get(
            &format!("/api/v1/clients?updated_since={since}&per_page=2&cursor=0"),
            &sp,
        )
        .await;
    assert_eq!(ids(&first.body), vec![all[1], all[3]]);
    let next = first.str("next_cursor");
    let rest = app
        .get(
            &format!("/api/v1/clients?updated_since={since}&cursor={next}"),
            &sp,
        )
        .await;
    assert_eq!(ids(&rest.body), vec![all[4], all[0]]);
    assert!(rest.body["next_cursor"].is_null());
}

/// sp1's approved week and three draft claims on it.
async fn three_claims(m: &Money) -> Vec<Value> {
    let (plan, _) = m
        .approved_plan(&m.t.sp1, "2026-W49", json!({"travel": 500000}), &[])
        .await;
    let mut claims = Vec::new();
    for day in ["2026-12-01", "2026-12-02", "2026-12-03"] {
        let body = json!({"plan_id": plan, "lines": [line(day, "travel", 10000)]});
        claims.push(m.claim(&m.t.sp1, body).await);
    }
    claims
}

async fn claims_changed_since(b: Backend) {
    let m = Money::new(b).await;
    let claims = three_claims(&m).await;
    let plan = claims[0]["plan_id"].clone();
    let since = mark().await;
    let submitted = m.ok(&m.t.sp1, &claims[1], "submit", json!({})).await;
    let fourth = m
        .claim(
            &m.t.sp1,
            json!({"plan_id": plan, "lines": [line("2026-12-04", "travel", 20000)]}),
        )
        .await;
    let expected = vec![
        submitted["id"].as_i64().unwrap(),
        fourth["id"].as_i64().unwrap(),
    ];
    let list = "/api/v1/expense-claims";
    assert_eq!(changed(&m.app, &m.t.sp1, list, &since).await, expected);
    assert_eq!(changed(&m.app, &m.fin, list, &since).await, expected);
    // With the approval queue's filter: only the submitted one waits for the boss.
    assert_eq!(
        changed(
            &m.app,
            &m.t.boss,
            &format!("{list}?to_approve=true"),
            &since
        )
        .await,
        expected[..1]
    );
    let plain = m.get(&m.t.sp1, list).await;
    assert_eq!(plain["total"], 4);
    refuses_bad_times(&m.app, &m.t.sp1, list).await;
}

async fn plans_changed_since(b: Backend) {
    let m = Money::new(b).await;
    let app = &m.app;
    let mut plans = Vec::new();
    for week in ["2026-W50", "2026-W51", "2026-W52"] {
        let res = app
            .post(
                "/api/v1/plans",
                &m.t.sp1,
                json!({"kind": "weekly", "period": week}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "plan: {}", res.text);
        plans.push(res.body);
    }
    let since = mark().await;
    let edited = patch(
        app,
        &m.t.sp1,
        &format!("/api/v1/plans/{}", plans[1]["id"]),
        json!({"calls_per_day": 30, "version": plans[1]["version"]}),
    )
    .await;
    let month = app
        .post(
            "/api/v1/plans",
            &m.t.sp1,
            json!({"kind": "monthly", "period": "2027-01"}),
        )
        .await;
    assert_eq!(month.status, StatusCode::CREATED, "plan: {}", month.text);
    let expected = vec![edited["id"].as_i64().unwrap(), month.id()];
    assert_eq!(
        changed(app, &m.t.sp1, "/api/v1/plans", &since).await,
        expected
    );
    assert_eq!(
        changed(app, &m.t.boss, "/api/v1/plans", &since).await,
        expected
    );
    assert_eq!(
        changed(app, &m.t.sp1, "/api/v1/plans?kind=weekly", &since).await,
        expected[..1]
    );
    assert_eq!(m.get(&m.t.sp1, "/api/v1/plans").await["total"], 4);
    refuses_bad_times(app, &m.t.sp1, "/api/v1/plans").await;
}

async fn users_changed_since(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.token;
    let u1 = app.seed_user("user1", &[Role::Salesperson], None);
    let u2 = app.seed_user("user2", &[Role::Salesperson], None);
    app.seed_user("user3", &[Role::Salesperson], None);
    let since = mark().await;
    patch(
        &app,
        &admin,
        &format!("/api/v1/users/{u2}"),
        json!({"display_name": "李伟"}),
    )
    .await;
    let u4 = app
        .create_user(&admin, "user4", &["salesperson"], None)
        .await;
    let disabled = app
        .post(&format!("/api/v1/users/{u1}/disable"), &admin, json!({}))
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.text);
    assert_eq!(
        changed(&app, &admin, "/api/v1/users", &since).await,
        vec![u2, u4, u1]
    );
    assert_eq!(
        changed(&app, &admin, "/api/v1/users?disabled=false", &since).await,
        vec![u2, u4]
    );
    assert_eq!(app.get("/api/v1/users", &admin).await.body["total"], 5);
    refuses_bad_times(&app, &admin, "/api/v1/users").await;
}

/// A step of a document's workflow is a change of it: a submitted claim's `updated_at` moves
/// to the step's time, and a pull from before the step shows it.
async fn a_workflow_step_moves_updated_at(b: Backend) {
    let m = Money::new(b).await;
    let claims = three_claims(&m).await;
    let before = time(&claims[0]["updated_at"]);
    let since = mark().await;
    let submitted = m.ok(&m.t.sp1, &claims[0], "submit", json!({})).await;
    let after = time(&submitted["updated_at"]);
    assert!(after > before, "{before} → {after}");
    assert!(after >= time(&json!(since)));
    assert_eq!(after, time(&submitted["submitted_at"]));
    let id = submitted["id"].as_i64().unwrap();
    let list = "/api/v1/expense-claims";
    assert_eq!(changed(&m.app, &m.t.sp1, list, &since).await, vec![id]);
    // The manager's approval moves it again.
    let since = mark().await;
    let approved = m.ok(&m.t.boss, &submitted, "approve", json!({})).await;
    assert!(time(&approved["updated_at"]) > after);
    assert_eq!(changed(&m.app, &m.fin, list, &since).await, vec![id]);
}
