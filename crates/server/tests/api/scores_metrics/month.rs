//! One month of a salesperson's and their manager's records, scored: each computed item is
//! checked against the count this test makes from the records it made.

use chrono::{Datelike, Duration, NaiveTime, Weekday};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::period::{IsoWeek, Month, WeeklyDeadline};
use serde_json::json;

use super::{
    created, half_up, item, labels, ok, plan, pts, submitted_report, thursday_weeks, today,
    working_days,
};
use crate::on_both_backends;
use crate::support::{PASSWORD, Team, TestApp};

on_both_backends!(every_computed_point_is_counted_from_the_records);

async fn every_computed_point_is_counted_from_the_records(b: Backend) {
    // A month well past: about six weeks before this one.
    let month = Month::of(today() - Duration::days(i64::from(today().day()) + 40));
    let weeks = thursday_weeks(month);
    let n = weeks.len() as i64;
    assert!(n == 4 || n == 5, "{month}: {weeks:?}");
    let thu = |w: IsoWeek| w.monday() + Duration::days(3);
    // Reports are due so that week 1 of the month is long late and weeks 3… are still on
    // time: the deadline of week 3 falls next Monday.
    let this_monday = IsoWeek::of(today()).monday();
    let offset = (this_monday - weeks[2].monday()).num_days() / 7 + 1;
    let app = TestApp::spawn_with(b, |s| {
        s.report_deadline = WeeklyDeadline {
            week_offset: offset,
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        };
    })
    .await;
    let t = Team::new(&app, 2).await;
    let sp2_id = app.get("/api/v1/me", &t.sp2).await.body["id"]
        .as_i64()
        .unwrap();
    // The boss's manager: `top`, over the region the boss's team belongs to.
    let top_id = app.create_user(&t.admin, "top", &["manager"], None).await;
    let region = app
        .create_team(&t.admin, "华东大区", Some(top_id), None)
        .await;
    let res = app
        .patch(
            &format!("/api/v1/teams/{}", t.team_id),
            &t.admin,
            json!({"parent_id": region}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let top = app.login("top", PASSWORD).await.token;

    // --- The salesperson's month.
    let client = created(
        &app,
        &t.sp1,
        "/api/v1/clients",
        json!({"name": "华润", "company": "华润公司", "phone": "13800000071"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    // Week 1's plan approved at 10 calls a day with two visits; the others drafts (30 a day).
    let (_, w1_visits) = plan(
        &app,
        &t.sp1,
        weeks[0],
        10,
        Some(&t.boss),
        &[(client, thu(weeks[0])), (client, thu(weeks[0]))],
    )
    .await;
    let mut next_plans = Vec::new();
    for (i, w) in weeks.iter().enumerate().skip(1) {
        let visits = match i {
            2 | 3 => vec![(client, thu(*w))],
            _ => vec![],
        };
        next_plans.push(plan(&app, &t.sp1, *w, 30, None, &visits).await);
    }
    let after = plan(&app, &t.sp1, weeks[weeks.len() - 1].next(), 30, None, &[])
        .await
        .0;
    next_plans.push((after, vec![]));
    let false_visit = next_plans[1].1[0]; // week 3's
    ok(
        &app,
        &t.sp1,
        &format!("/api/v1/visits/{}/complete", w1_visits[0]),
        json!({"summary": "见了客户"}),
    )
    .await;
    ok(
        &app,
        &t.sp1,
        &format!("/api/v1/visits/{}/miss", w1_visits[1]),
        json!({"reason": "客户出差"}),
    )
    .await;
    ok(
        &app,
        &t.sp1,
        &format!("/api/v1/visits/{false_visit}/complete"),
        json!({"summary": "见了客户"}),
    )
    .await;
    // Week 4's visit stays planned. Planned 4, done 2 (the false one was reported done).
    let (planned, done) = (4, 2);
    let check = created(
        &app,
        &t.boss,
        "/api/v1/spot-checks",
        json!({"visit_id": false_visit, "result": "not_confirmed", "note": "客户否认"}),
    )
    .await;
    let mut calls = 0;
    for (day, made) in [
        (thu(weeks[0]), 100),
        (thu(weeks[2]), 50),
        (month.first_day() - Duration::days(1), 999),
    ] {
        created(
            &app,
            &t.sp1,
            "/api/v1/daily-logs",
            json!({"log_date": day.to_string(), "calls_made": made, "visits": 1}),
        )
        .await;
        if month.contains(day) {
            calls += made;
        }
    }
    // Reports: week 1 late, week 2 missing, week 3 untrue (its false visit), the rest fine.
    let late = submitted_report(&app, &t.sp1, weeks[0], next_plans[0].0).await;
    assert_eq!(late["late"], true, "{late}");
    let untrue = submitted_report(&app, &t.sp1, weeks[2], next_plans[2].0).await;
    assert_eq!(untrue["late"], false, "{untrue}");
    let reviewed = ok(&app, &t.boss, &format!("/api/v1/weekly-reports/{}/review", untrue["id"]),
        json!({"version": untrue["version"], "marks": [{"section": "client_visits", "mark": "full"}]})).await;
    assert!(
        reviewed["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["forced"] == true),
        "{reviewed}"
    );
    for i in 3..weeks.len() {
        let r = submitted_report(&app, &t.sp1, weeks[i], next_plans[i].0).await;
        assert_eq!(r["late"], false, "{r}");
    }
    let bad_weeks = 3;

    let score = created(
        &app,
        &t.boss,
        "/api/v1/scores",
        json!({"user_id": t.sp1_id, "month": month.to_string()}),
    )
    .await;
    let weekly = item(&score, "weekly_reports");
    assert_eq!(weekly["occurrences"], bad_weeks, "{weekly}");
    assert_eq!(
        weekly["points"],
        pts(half_up(400 * (n - bad_weeks), n)),
        "{weekly}"
    );
    assert_eq!(
        labels(weekly),
        vec![
            format!("{} late", weeks[0]),
            format!("{} missing", weeks[1]),
            format!("{} untrue content (spot-check)", weeks[2]),
        ]
    );
    let ids: Vec<_> = weekly["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity_id"].clone())
        .collect();
    assert_eq!(
        ids,
        vec![late["id"].clone(), json!(0), untrue["id"].clone()]
    );

    let calls_target: i64 = working_days(month)
        .iter()
        .map(|(w, _)| if *w == weeks[0] { 10 } else { 30 })
        .sum();
    let capped = calls.min(calls_target);
    let earned = half_up(
        300 * (done * calls_target + capped * planned),
        2 * planned * calls_target,
    );
    let execution = item(&score, "plan_execution");
    assert_eq!(execution["occurrences"], 1, "{execution}");
    assert_eq!(
        execution["points"],
        pts((earned - 100).max(0)),
        "{execution}"
    );
    assert_eq!(
        labels(execution),
        vec![
            format!("visit completion {done}/{planned}"),
            format!("calls {calls}/{calls_target}"),
            format!("not confirmed: 华润 {}", thu(weeks[2])),
        ]
    );
    assert_eq!(execution["evidence"][2]["entity_id"], check["id"]);
    // Manual items: full until the manager enters them.
    assert_eq!(item(&score, "rebate_forms")["points"], 5.0);
    let daily_work = score["daily_work"].as_f64().unwrap();

    // --- The manager's month: a team report unreviewed for three days, no training in the
    // month (one the month after), the monthly report late and marked.
    let sp2_next = plan(&app, &t.sp2, weeks[1], 30, None, &[]).await.0;
    let stale = submitted_report(&app, &t.sp2, weeks[0], sp2_next).await;
    let stale_id = stale["id"].as_i64().unwrap();
    {
        use diesel::prelude::*;
        use salesops::db::schema::weekly_reports;
        let mut conn = app.db.get().unwrap();
        salesops::db::write(&mut conn, |tx| {
            diesel::update(weekly_reports::table.find(stale_id))
                .set(
                    weekly_reports::submitted_at
                        .eq(Some(salesops::clock::now() - Duration::hours(72))),
                )
                .execute(tx.conn())?;
            Ok(())
        })
        .unwrap();
    }
    created(
        &app,
        &t.boss,
        "/api/v1/trainings",
        json!({"date": (month.last_day() + Duration::days(1)).to_string(), "topic": "新品知识",
               "kind": "product", "trainer_id": t.boss_id, "attendee_ids": [t.sp1_id, sp2_id]}),
    )
    .await;
    let report = created(&app, &t.boss, "/api/v1/monthly-reports",
        json!({"month": month.to_string(), "summary": "总结", "next_month_plan": "计划", "proposals": "建议"})).await;
    let report = ok(
        &app,
        &t.boss,
        &format!("/api/v1/monthly-reports/{}/submit", report["id"]),
        json!({}),
    )
    .await;
    assert_eq!(report["late"], true);
    let review = |marks| json!({"version": report["version"], "marks": marks});
    let path = format!("/api/v1/monthly-reports/{}/review", report["id"]);
    app.post(
        &path,
        &top,
        review(json!([{"section": "summary", "points": 21}])),
    )
    .await
    .assert_problem(422, "validation_failed");
    app.post(
        &path,
        &top,
        review(json!([{"section": "summary", "points": 1}, {"section": "summary", "points": 2}])),
    )
    .await
    .assert_problem(422, "validation_failed");
    let marked = ok(&app, &top, &path,
        review(json!([{"section": "summary", "points": 17, "note": "清楚"}, {"section": "plan", "points": 12}]))).await;
    assert_eq!(marked["marks"].as_array().unwrap().len(), 2, "{marked}");

    let boss_score = created(
        &app,
        &top,
        "/api/v1/scores",
        json!({"user_id": t.boss_id, "month": month.to_string()}),
    )
    .await;
    let got = |code: &str| {
        let i = item(&boss_score, code);
        (
            i["occurrences"].as_i64().unwrap(),
            i["points"].as_f64().unwrap(),
        )
    };
    assert_eq!(got("summary"), (0, 17.0));
    assert_eq!(got("plan"), (0, 12.0));
    assert_eq!(got("proposals"), (1, 0.0));
    assert_eq!(
        labels(item(&boss_score, "summary")),
        vec![format!(
            "monthly report {month}: summary marked 17/20 (清楚)"
        )]
    );
    assert_eq!(
        labels(item(&boss_score, "proposals")),
        vec![format!("monthly report {month}: proposals not marked")]
    );
    // Late (the previous month's absence doubles only a missing report).
    assert_eq!(got("monthly_report_on_time"), (1, 0.0));
    assert_eq!(
        labels(item(&boss_score, "monthly_report_on_time")),
        vec![format!("monthly report {month} late")]
    );
    // One team report waited over 48 h: −2.
    let reviews = item(&boss_score, "weekly_reviews");
    assert_eq!(got("weekly_reviews"), (1, 8.0), "{reviews}");
    assert_eq!(reviews["evidence"][0]["entity_id"], stale_id);
    assert_eq!(got("trainings"), (1, 0.0));
    assert_eq!(
        labels(item(&boss_score, "trainings")),
        vec![format!("no training recorded in {month}")]
    );
    // Team discipline from sp1's daily work (sp2 is not scored).
    let dw = (daily_work * 10.0).round() as i64;
    assert_eq!(got("team_discipline"), (0, pts(half_up(100 * dw, 1000))));
    assert_eq!(
        labels(item(&boss_score, "team_discipline")),
        vec![format!("User sp1 {daily_work:.1}")]
    );
}
