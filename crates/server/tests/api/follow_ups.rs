use chrono::{Days, NaiveDate, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::clients::{ids, new_client, org};
use crate::on_both_backends;
use crate::support::TestApp;

on_both_backends!(
    follow_ups_are_recorded_listed_and_exported,
    follow_ups_of_others_are_out_of_reach,
    the_due_list_follows_the_cadence,
);

/// Today in the business time zone the tests run with (Asia/Shanghai).
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

async fn follow_ups_are_recorded_listed_and_exported(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let c1 = new_client(&app, &o.s1.token, json!({"name": "客户甲"})).await;
    let c2 = new_client(&app, &o.s2.token, json!({"name": "客户乙"})).await;
    let p1 = format!("/api/v1/clients/{c1}/follow-ups");
    let res = app
        .post(
            &p1,
            &o.s1.token,
            json!({"kind": "call", "occurred_at": "2026-11-02T02:00:00Z",
            "summary": "电话沟通报价", "needs": "要样品", "next_step": "寄样品",
            "next_follow_up_date": "2026-11-09"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.body["author_id"], o.s1.user_id);
    assert_eq!(res.body["client_name"], "客户甲");
    assert_eq!(res.body["next_follow_up_date"], "2026-11-09");
    app.post(
        &p1,
        &o.s1.token,
        json!({"kind": "visit", "occurred_at": "2026-11-05T02:00:00Z", "summary": "上门拜访"}),
    )
    .await;
    // The manager records one too; the author stays who wrote it.
    let by_boss = app
        .post(
            &p1,
            &o.east_boss.token,
            json!({"kind": "letter", "occurred_at": "2026-11-06T02:00:00Z", "summary": "寄催款函"}),
        )
        .await;
    assert_eq!(by_boss.body["author_id"], o.east_boss.user_id);
    app.post(
        &format!("/api/v1/clients/{c2}/follow-ups"),
        &o.s2.token,
        json!({"kind": "call", "occurred_at": "2026-11-03T02:00:00Z", "summary": "乙的电话"}),
    )
    .await;
    // Validation names the field.
    let bad = app
        .post(&p1, &o.s1.token, json!({"kind": "fax", "summary": "x"}))
        .await;
    assert_eq!(bad.error_fields(), vec!["kind"]);
    let bad = app
        .post(&p1, &o.s1.token, json!({"kind": "call", "summary": ""}))
        .await;
    assert_eq!(bad.error_fields(), vec!["summary"]);

    let timeline = app.get(&p1, &o.s1.token).await;
    assert_eq!(timeline.body["total"], 3);
    assert_eq!(timeline.body["items"][0]["kind"], "letter"); // newest first
    let mine = app.get("/api/v1/follow-ups", &o.s1.token).await;
    assert_eq!(mine.body["total"], 3, "{}", mine.text);
    let team = app.get("/api/v1/follow-ups", &o.east_boss.token).await;
    assert_eq!(team.body["total"], 4);
    let calls = app
        .get("/api/v1/follow-ups?kind=call", &o.east_boss.token)
        .await;
    assert_eq!(calls.body["total"], 2);
    let by_owner = app
        .get(
            &format!("/api/v1/follow-ups?owner_id={}", o.s2.user_id),
            &o.east_boss.token,
        )
        .await;
    assert_eq!(by_owner.body["items"][0]["client_id"], c2);
    let range = app
        .get(
            "/api/v1/follow-ups?from=2026-11-03&to=2026-11-05",
            &o.admin.token,
        )
        .await;
    assert_eq!(range.body["total"], 2);
    // The client's last contact moved; the explicit next date was superseded by later ones.
    let client = app.get(&format!("/api/v1/clients/{c1}"), &o.s1.token).await;
    assert_eq!(client.body["last_follow_up_at"], "2026-11-06T02:00:00Z");
    assert_eq!(client.body["next_follow_up_date"], "2026-11-20");
    // The call register as CSV, audited.
    let csv = app
        .get("/api/v1/follow-ups/export?kind=call", &o.s1.token)
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.text);
    assert!(
        lines[1].contains("电话沟通报价") && lines[1].contains("2026-11-02 10:00"),
        "{}",
        lines[1]
    );
    let audit = app
        .get(
            "/api/v1/audit-events?entity_type=follow_up&entity_id=export",
            &o.admin.token,
        )
        .await;
    assert_eq!(audit.body["total"], 1);
    // A case opened without a complaint written says what the follow-up was about.
    let with_case = app
        .post(
            &p1,
            &o.s1.token,
            json!({"kind": "call", "summary": "客户要求换货", "open_case": true}),
        )
        .await;
    assert_eq!(with_case.status, 201, "{}", with_case.text);
    let cases = app
        .get(&format!("/api/v1/cases?client_id={c1}"), &o.s1.token)
        .await;
    assert!(
        cases.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["summary"] == "客户要求换货"),
        "{}",
        cases.text
    );
}

async fn follow_ups_of_others_are_out_of_reach(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let c1 = new_client(&app, &o.s1.token, json!({"name": "客户甲"})).await;
    let p1 = format!("/api/v1/clients/{c1}/follow-ups");
    app.post(&p1, &o.s1.token, json!({"kind": "call", "summary": "私密"}))
        .await;
    let before = app.get(&p1, &o.admin.token).await.body;
    app.get(&p1, &o.s2.token)
        .await
        .assert_problem(404, "not_found");
    app.post(&p1, &o.s2.token, json!({"kind": "call", "summary": "冒充"}))
        .await
        .assert_problem(404, "not_found");
    app.get(&p1, &o.s4.token)
        .await
        .assert_problem(404, "not_found");
    app.get(&p1, &o.south_boss.token)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get("/api/v1/follow-ups", &o.s2.token).await.body["total"],
        0
    );
    assert_eq!(
        app.get("/api/v1/follow-ups", &o.south_boss.token)
            .await
            .body["total"],
        0
    );
    let csv = app.get("/api/v1/follow-ups/export", &o.s2.token).await;
    assert!(!csv.text.contains("私密"));
    assert_eq!(app.get(&p1, &o.admin.token).await.body, before);
}

async fn the_due_list_follows_the_cadence(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let today = today();
    let key = new_client(&app, t, json!({"name": "大客户", "tier": "key"})).await;
    let general = new_client(&app, t, json!({"name": "一般客户"})).await;
    let sold = new_client(&app, t, json!({"name": "刚成交", "stage": "customer"})).await;
    let lost = new_client(&app, t, json!({"name": "流失", "stage": "lost"})).await;
    let due = |d: NaiveDate| format!("/api/v1/follow-ups/due?date={d}");
    let status = |res: &crate::support::Resp, id: i64| -> Value {
        res.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["client_id"] == id)
            .map(|i| json!([i["status"], i["days_overdue"]]))
            .unwrap_or(Value::Null)
    };
    // Nothing is due today; key clients on day 7, sales (day 0) on day 7, others on day 14.
    assert_eq!(app.get(&due(today), t).await.body["total"], 0);
    assert_eq!(
        ids(&app.get(&due(plus(today, 6)), t).await),
        Vec::<i64>::new()
    );
    let day7 = app.get(&due(plus(today, 7)), t).await;
    assert_eq!(ids(&day7), vec![key, sold]);
    assert_eq!(status(&day7, key), json!(["due_today", 0]));
    let day8 = app.get(&due(plus(today, 8)), t).await;
    assert_eq!(status(&day8, key), json!(["overdue", 1]));
    let day14 = app.get(&due(plus(today, 14)), t).await;
    assert_eq!(ids(&day14), vec![key, sold, general]);
    assert_eq!(status(&day14, general), json!(["due_today", 0]));
    assert!(!ids(&app.get(&due(plus(today, 400)), t).await).contains(&lost));
    // A first after-sale follow-up moves the next to 7 days after it. (Times of follow-ups
    // cannot lie in the future, so the sale is moved four days back instead.)
    {
        use diesel::prelude::*;
        use salesops::db::schema::client_history as h;
        let mut conn = app.db.get().unwrap();
        salesops::db::write(&mut conn, |tx| {
            diesel::update(
                h::table
                    .filter(h::client_id.eq(sold))
                    .filter(h::field.eq("stage")),
            )
            .set(h::changed_at.eq(salesops::clock::now() - chrono::Duration::days(4)))
            .execute(tx.conn())?;
            Ok(())
        })
        .unwrap();
    }
    let res = app
        .post(
            &format!("/api/v1/clients/{sold}/follow-ups"),
            t,
            json!({"kind": "after_sales", "summary": "回访"}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let c = app.get(&format!("/api/v1/clients/{sold}"), t).await;
    assert_eq!(
        c.body["next_follow_up_date"],
        json!(plus(today, 7)),
        "{}",
        c.text
    );
    // A follow-up "done" two days from now is refused, naming the field.
    let future = app
        .post(
            &format!("/api/v1/clients/{sold}/follow-ups"),
            t,
            json!({"kind": "call", "summary": "x", "occurred_at": Utc::now() + chrono::Duration::days(2)}),
        )
        .await;
    future.assert_problem(422, "validation_failed");
    assert_eq!(future.error_fields(), vec!["occurred_at"]);
    // An explicit date wins, even an early one.
    app.post(
        &format!("/api/v1/clients/{general}/follow-ups"),
        t,
        json!({"kind": "call", "summary": "约好后天再打", "next_follow_up_date": plus(today, 2)}),
    )
    .await;
    let day2 = app.get(&due(plus(today, 2)), t).await;
    assert_eq!(ids(&day2), vec![general]);
    assert_eq!(status(&day2, general), json!(["due_today", 0]));
    // Default date is today; the manager sees the team's list; other salespeople do not.
    assert_eq!(app.get("/api/v1/follow-ups/due", t).await.body["total"], 0);
    assert_eq!(
        app.get(&due(plus(today, 14)), &o.east_boss.token)
            .await
            .body["total"],
        3
    );
    assert_eq!(
        app.get(&due(plus(today, 14)), &o.s2.token).await.body["total"],
        0
    );
    let per_person = app
        .get(
            &format!(
                "/api/v1/follow-ups/due?date={}&owner_id={}",
                plus(today, 14),
                o.s1.user_id
            ),
            &o.east_boss.token,
        )
        .await;
    assert_eq!(per_person.body["items"][0]["owner_name"], "User sp1");
}
