//! The job runner on the database (issue 14): one run per run key, retries with back-off
//! ending `failed` (listed for admin, retried), expired leases reclaimed, two instances
//! escalating a complaint once, and the monthly score drafts.

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops::db::schema::{audit_events, cases, jobs, notifications, scores};
use salesops::jobs::queries::{NewJob, enqueue};
use serde_json::{Value, json};

use crate::clients::{new_client, org};
use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    a_run_key_enqueued_twice_runs_once,
    a_failing_job_backs_off_ends_failed_and_is_retried,
    an_expired_lease_is_reclaimed,
    two_instances_escalate_a_complaint_once,
    score_drafts_are_made_once_for_whoever_has_none,
);

async fn with_runner(b: Backend) -> TestApp {
    TestApp::spawn_with(b, |s| s.jobs = true).await
}

/// Enqueues a job straight into the database; true when this call inserted it.
pub fn put_job(
    app: &TestApp,
    kind: &str,
    run_key: &str,
    payload: Value,
    max_attempts: i32,
) -> bool {
    let mut conn = app.db.get().unwrap();
    salesops::db::write(&mut conn, |tx| {
        enqueue(
            tx,
            &NewJob {
                kind,
                run_key,
                payload: &payload,
                run_at: salesops::clock::now(),
                max_attempts,
            },
        )
    })
    .unwrap()
}

/// `(id, state, attempts, locked_by, run_at, created_at)` of the job with this run key.
type JobLine = (
    i64,
    String,
    i32,
    Option<String>,
    NaiveDateTime,
    NaiveDateTime,
);

fn job_by_key(app: &TestApp, run_key: &str) -> Vec<JobLine> {
    let mut conn = app.db.get().unwrap();
    jobs::table
        .filter(jobs::run_key.eq(run_key))
        .select((
            jobs::id,
            jobs::state,
            jobs::attempts,
            jobs::locked_by,
            jobs::run_at,
            jobs::created_at,
        ))
        .load(&mut *conn)
        .unwrap()
}

/// Waits (up to 15 s) until the job with `run_key` is in `state`.
pub async fn wait_for_state(app: &TestApp, run_key: &str, state: &str) -> JobLine {
    let start = Instant::now();
    loop {
        if let Some(job) = job_by_key(app, run_key).into_iter().next()
            && job.1 == state
        {
            return job;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "job {run_key} never became {state}: {:?}",
            job_by_key(app, run_key)
        );
        actix_web::rt::time::sleep(Duration::from_millis(30)).await;
    }
}

async fn a_run_key_enqueued_twice_runs_once(b: Backend) {
    let app = with_runner(b).await;
    assert!(put_job(
        &app,
        "escalate_cases",
        "escalate_cases:test",
        json!({}),
        5
    ));
    assert!(
        !put_job(&app, "escalate_cases", "escalate_cases:test", json!({}), 5),
        "the second enqueue of one run key inserted a row"
    );
    let (_, _, attempts, locked_by, _, _) =
        wait_for_state(&app, "escalate_cases:test", "done").await;
    assert_eq!(attempts, 1, "the run was tried more than once");
    assert_eq!(locked_by, None, "a done job keeps its lease");
    assert_eq!(job_by_key(&app, "escalate_cases:test").len(), 1);
    // The scheduler's own periodic runs are there, once each.
    let mut conn = app.db.get().unwrap();
    let keys: Vec<String> = jobs::table
        .filter(jobs::run_key.like("overdue_receivables:%"))
        .select(jobs::run_key)
        .load(&mut *conn)
        .unwrap();
    assert!(!keys.is_empty() && keys.len() <= 2, "{keys:?}");
}

async fn a_failing_job_backs_off_ends_failed_and_is_retried(b: Backend) {
    let app = with_runner(b).await;
    let admin = app.admin().await;
    let o = org(&app).await;
    assert!(put_job(&app, "no_such_kind", "broken:1", json!({}), 3));
    let (id, _, attempts, _, run_at, created_at) = wait_for_state(&app, "broken:1", "failed").await;
    assert_eq!(attempts, 3);
    // Back-off 20 ms, then 40 ms: the last try was due at least 60 ms after the first.
    assert!(
        run_at - created_at >= chrono::Duration::milliseconds(60),
        "no back-off: {run_at} - {created_at}"
    );
    let list = app.get("/api/v1/jobs?state=failed", &admin.token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let item = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("failed job not listed: {}", list.text));
    assert_eq!(item["state"], "failed");
    assert_eq!(item["attempts"], 3);
    assert!(
        item["last_error"]
            .as_str()
            .unwrap()
            .contains("unknown job kind")
    );
    // The default list is the failed one; others are refused.
    let default = app.get("/api/v1/jobs", &admin.token).await;
    assert_eq!(default.body["total"], list.body["total"]);
    app.get("/api/v1/jobs?state=failed", &o.s1.token)
        .await
        .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/jobs/{id}/retry"),
        &o.east_boss.token,
        json!({}),
    )
    .await
    .assert_problem(403, "forbidden");
    // Retry: pending again with its tries afresh; it fails again three times.
    let retried = app
        .post(&format!("/api/v1/jobs/{id}/retry"), &admin.token, json!({}))
        .await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.text);
    assert_eq!(retried.body["attempts"], 0);
    assert!(matches!(retried.body["state"].as_str(), Some("pending")));
    let (_, _, attempts, _, _, _) = wait_for_state(&app, "broken:1", "failed").await;
    assert_eq!(attempts, 3);
    // Only a failed job is retried; an unknown one is 404.
    assert!(put_job(
        &app,
        "escalate_cases",
        "escalate_cases:fine",
        json!({}),
        5
    ));
    let (done, _, _, _, _, _) = wait_for_state(&app, "escalate_cases:fine", "done").await;
    app.post(
        &format!("/api/v1/jobs/{done}/retry"),
        &admin.token,
        json!({}),
    )
    .await
    .assert_problem(409, "invalid_state");
    app.post("/api/v1/jobs/999999/retry", &admin.token, json!({}))
        .await
        .assert_problem(404, "not_found");
    let mut conn = app.db.get().unwrap();
    let audited: i64 = audit_events::table
        .filter(audit_events::action.eq("job.retry"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(audited, 1);
}

/// A job that exhausted its tries (the runner off, so it stays as put); answers its id.
pub fn put_failed(app: &TestApp, run_key: &str) -> i64 {
    let mut conn = app.db.get().unwrap();
    let now = salesops::clock::now();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq("score_drafts"),
            jobs::run_key.eq(run_key),
            jobs::payload_json.eq(r#"{"month":"2000-01"}"#),
            jobs::state.eq("failed"),
            jobs::attempts.eq(5),
            jobs::max_attempts.eq(5),
            jobs::run_at.eq(now),
            jobs::last_error.eq(Some("database busy")),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .returning(jobs::id)
        .get_result(&mut *conn)
        .unwrap()
}

fn put_running(app: &TestApp, run_key: &str, locked_until: NaiveDateTime) {
    let mut conn = app.db.get().unwrap();
    let now = salesops::clock::now();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq("escalate_cases"),
            jobs::run_key.eq(run_key),
            jobs::payload_json.eq("{}"),
            jobs::state.eq("running"),
            jobs::attempts.eq(1),
            jobs::max_attempts.eq(5),
            jobs::run_at.eq(now - chrono::Duration::minutes(10)),
            jobs::locked_by.eq(Some("a-killed-instance")),
            jobs::locked_until.eq(Some(locked_until)),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .execute(&mut *conn)
        .unwrap();
}

async fn an_expired_lease_is_reclaimed(b: Backend) {
    let app = with_runner(b).await;
    let now = salesops::clock::now();
    put_running(&app, "lease:expired", now - chrono::Duration::seconds(1));
    put_running(&app, "lease:live", now + chrono::Duration::hours(1));
    let (_, _, attempts, locked_by, _, _) = wait_for_state(&app, "lease:expired", "done").await;
    assert_eq!(attempts, 2, "the reclaimed try is counted");
    assert_eq!(locked_by, None);
    // Some ticks later, the job another instance still holds is untouched.
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let live = job_by_key(&app, "lease:live");
    assert_eq!(live[0].1, "running");
    assert_eq!(live[0].3.as_deref(), Some("a-killed-instance"));
}

async fn two_instances_escalate_a_complaint_once(b: Backend) {
    let a = with_runner(b).await;
    let second = a.another_instance();
    assert!(second.runner.is_some(), "the second instance runs jobs too");
    let o = org(&a).await;
    let client = new_client(&a, &o.s1.token, json!({"name": "投诉客户"})).await;
    let mut ids = Vec::new();
    for summary in ["货物破损", "发票有误", "送货延迟"] {
        let res = a
            .post(
                "/api/v1/cases",
                &o.s1.token,
                json!({"client_id": client, "summary": summary}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        ids.push(res.id());
    }
    // Filed three days ago, except the last (a day ago: not yet due).
    {
        let mut conn = a.db.get().unwrap();
        let now = salesops::clock::now();
        diesel::update(cases::table.filter(cases::id.eq_any(&ids[..2])))
            .set(cases::opened_at.eq(now - chrono::Duration::days(3)))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(cases::table.find(ids[2]))
            .set(cases::opened_at.eq(now - chrono::Duration::days(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    // Two runs at once, one claimed on each instance (the scheduler's run of this five
    // minutes may already be over), each enqueued from both instances.
    for app in [&a, &second, &a, &second] {
        put_job(app, "escalate_cases", "escalate_cases:test-a", json!({}), 5);
        put_job(app, "escalate_cases", "escalate_cases:test-b", json!({}), 5);
    }
    wait_for_state(&a, "escalate_cases:test-a", "done").await;
    wait_for_state(&a, "escalate_cases:test-b", "done").await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let boss = o.east_boss.user_id;
    for (i, id) in ids.iter().enumerate() {
        let case = second
            .get(&format!("/api/v1/cases/{id}"), &o.s1.token)
            .await;
        let due = i < 2;
        assert_eq!(
            case.body["state"],
            if due { "escalated" } else { "open" },
            "{}",
            case.text
        );
        if due {
            assert_eq!(case.body["escalated_to"], boss);
            assert!(case.body["escalated_at"].is_string());
        }
    }
    let mut conn = a.db.get().unwrap();
    let events: Vec<(String, Option<i64>)> = audit_events::table
        .filter(audit_events::action.eq("case.escalate"))
        .select((audit_events::entity_id, audit_events::actor_id))
        .order(audit_events::id.asc())
        .load(&mut *conn)
        .unwrap();
    assert_eq!(
        events,
        vec![(ids[0].to_string(), None), (ids[1].to_string(), None)],
        "one audit event per escalated case, by the system"
    );
    let told: Vec<(i64, Option<i64>)> = notifications::table
        .filter(notifications::kind.eq("case_escalated"))
        .select((notifications::user_id, notifications::entity_id))
        .order(notifications::id.asc())
        .load(&mut *conn)
        .unwrap();
    assert_eq!(told, vec![(boss, Some(ids[0])), (boss, Some(ids[1]))]);
    // The manager sees them in the bell.
    let bell = a
        .get("/api/v1/notifications?unread=true", &o.east_boss.token)
        .await;
    assert_eq!(bell.body["total"], 2, "{}", bell.text);
    assert!(
        bell.body["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("投诉客户")
    );
}

async fn score_drafts_are_made_once_for_whoever_has_none(b: Backend) {
    let app = with_runner(b).await;
    let o = org(&app).await;
    let today = chrono::Utc::now().date_naive();
    let first = today.with_day(1).unwrap();
    let month = (first - chrono::Duration::days(1))
        .format("%Y-%m")
        .to_string();
    // sp2's month was scored by hand already.
    let by_hand = app
        .post(
            "/api/v1/scores",
            &o.east_boss.token,
            json!({"user_id": o.s2.user_id, "month": month}),
        )
        .await;
    assert_eq!(by_hand.status, StatusCode::CREATED, "{}", by_hand.text);
    let key = format!("score_drafts:{month}");
    assert!(put_job(
        &app,
        "score_drafts",
        &key,
        json!({"month": month}),
        5
    ));
    assert!(!put_job(
        &app,
        "score_drafts",
        &key,
        json!({"month": month}),
        5
    ));
    wait_for_state(&app, &key, "done").await;
    let count = |app: &TestApp| -> Vec<(i64, i64, i64)> {
        let mut conn = app.db.get().unwrap();
        scores::table
            .filter(scores::month.eq(&month))
            .select((scores::user_id, scores::id, scores::created_by))
            .order(scores::user_id.asc())
            .load(&mut *conn)
            .unwrap()
    };
    let made = count(&app);
    // Two managers and four salespeople; the admin, finance and HR are not scored.
    let mut people: Vec<i64> = [&o.east_boss, &o.south_boss, &o.s1, &o.s2, &o.s3, &o.s4]
        .iter()
        .map(|s| s.user_id)
        .collect();
    people.sort();
    assert_eq!(made.iter().map(|r| r.0).collect::<Vec<_>>(), people);
    let s2 = made.iter().find(|r| r.0 == o.s2.user_id).unwrap();
    assert_eq!(s2.1, by_hand.id(), "sp2's own score was replaced");
    let s1 = made.iter().find(|r| r.0 == o.s1.user_id).unwrap();
    assert_eq!(s1.2, o.east_boss.user_id, "the draft names the manager");
    // The drafts read like any other, as drafts.
    let draft = app
        .get(&format!("/api/v1/scores/{}", s1.1), &o.east_boss.token)
        .await;
    assert_eq!(draft.body["state"], "draft", "{}", draft.text);
    // A second run makes none.
    assert!(put_job(
        &app,
        "score_drafts",
        &format!("{key}:again"),
        json!({"month": month}),
        5
    ));
    wait_for_state(&app, &format!("{key}:again"), "done").await;
    assert_eq!(count(&app), made);
}
