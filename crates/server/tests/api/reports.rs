//! Weekly and monthly reports over HTTP: figures from the records, freezing, deadlines,
//! review with spot-check zeroing, the team status list, the print view.

use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::period::{IsoWeek, WeeklyDeadline};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, Resp, Team, TestApp};

on_both_backends!(
    figures_come_from_the_records,
    figures_freeze_at_submission,
    report_deadline_at_the_boundary,
    review_marks_and_spot_check_zeroing,
    status_lists_all_four_kinds,
    monthly_reports_due_by_the_30th,
    print_view_has_the_figures,
);

fn full_sections() -> Value {
    json!({"sales_volume": "本周销售 12 万", "collections": "回款 8 万", "client_visits": "拜访 3 家",
           "sales_expenses": "差旅 1,200 元", "key_clients": "华润跟进中"})
}

/// A report for `week` with the sections filled and next week's plan linked.
async fn ready_report(app: &TestApp, token: &str, week: IsoWeek) -> Value {
    let next = app
        .post(
            "/api/v1/plans",
            token,
            json!({"kind": "weekly", "period": week.next().to_string()}),
        )
        .await;
    assert_eq!(next.status, StatusCode::CREATED, "{}", next.text);
    let res = app
        .post("/api/v1/weekly-reports", token, json!({"week": week.to_string(), "next_plan_id": next.id(), "sections": full_sections()}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

fn figure(report: &Value, key: &str) -> i64 {
    report["figures"]
        .as_array()
        .unwrap_or_else(|| panic!("no figures in {report}"))
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no figure {key} in {report}"))["value"]
        .as_i64()
        .unwrap()
}

async fn client(app: &TestApp, token: &str, name: &str, phone: &str) -> i64 {
    let res = app
        .post(
            "/api/v1/clients",
            token,
            json!({"name": name, "company": format!("{name}公司"), "phone": phone}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.id()
}

/// Visits, calls, clients and cases in the week, and others outside it or of other people that
/// must not count.
async fn figures_come_from_the_records(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    let week: IsoWeek = "2026-W48".parse().unwrap();
    let c1 = client(&app, &t.sp1, "甲", "13800000011").await;
    let c2 = client(&app, &t.sp1, "乙", "13800000012").await;
    let other = client(&app, &t.sp2, "丙", "13800000013").await;
    let plan = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W48"}),
        )
        .await
        .id();
    let mut vs = Vec::new();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"] {
        vs.push(
            app.post(
                &format!("/api/v1/plans/{plan}/visits"),
                &t.sp1,
                json!({"client_id": c1, "planned_date": day}),
            )
            .await
            .id(),
        );
    }
    app.post(
        &format!("/api/v1/visits/{}/complete", vs[0]),
        &t.sp1,
        json!({"summary": "ok"}),
    )
    .await;
    app.post(
        &format!("/api/v1/visits/{}/complete", vs[1]),
        &t.sp1,
        json!({"summary": "ok"}),
    )
    .await;
    app.post(
        &format!("/api/v1/visits/{}/miss", vs[2]),
        &t.sp1,
        json!({"reason": "改期"}),
    )
    .await;
    app.post(
        "/api/v1/visits",
        &t.sp1,
        json!({"client_id": c2, "planned_date": "2026-11-27"}),
    )
    .await;
    // Outside the week and another person's: never counted.
    app.post(
        "/api/v1/visits",
        &t.sp1,
        json!({"client_id": c2, "planned_date": "2026-11-30"}),
    )
    .await;
    app.post(
        "/api/v1/visits",
        &t.sp2,
        json!({"client_id": other, "planned_date": "2026-11-25"}),
    )
    .await;
    // Calls: a daily log on Tuesday (its count wins that day) and call follow-ups on Wednesday.
    app.post(
        "/api/v1/daily-logs",
        &t.sp1,
        json!({"log_date": "2026-11-24", "calls_made": 25, "visits": 1}),
    )
    .await;
    for _ in 0..2 {
        app.post(
            &format!("/api/v1/clients/{c1}/follow-ups"),
            &t.sp1,
            json!({"kind": "call", "summary": "电话", "occurred_at": "2026-11-25T03:00:00Z"}),
        )
        .await;
    }
    app.post(
        &format!("/api/v1/clients/{c1}/follow-ups"),
        &t.sp1,
        json!({"kind": "call", "summary": "上周电话", "occurred_at": "2026-11-18T03:00:00Z"}),
    )
    .await;
    app.post(
        "/api/v1/daily-logs",
        &t.sp2,
        json!({"log_date": "2026-11-24", "calls_made": 99, "visits": 0}),
    )
    .await;
    // Credit turned bad this week.
    let flagged = app
        .patch(
            &format!("/api/v1/clients/{c2}"),
            &t.sp1,
            json!({"credit": "bad"}),
        )
        .await;
    assert_eq!(flagged.status, StatusCode::OK, "{}", flagged.text);
    let report = app
        .post(
            "/api/v1/weekly-reports",
            &t.sp1,
            json!({"week": "2026-W48"}),
        )
        .await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text);
    let r = &report.body;
    assert_eq!(figure(r, "visits_planned"), 4);
    assert_eq!(figure(r, "visits_done"), 2);
    assert_eq!(figure(r, "visits_missed"), 1);
    assert_eq!(figure(r, "visits_unplanned"), 1);
    assert_eq!(figure(r, "calls"), 27);
    // The two clients were created today, and one turned bad today: those figures count in
    // the current week's report (which is 2026-W48 itself when the tests run that week).
    let this_week = IsoWeek::of((Utc::now() + Duration::hours(8)).date_naive());
    let current = if this_week == week {
        report.body.clone()
    } else {
        let res = app
            .post(
                "/api/v1/weekly-reports",
                &t.sp1,
                json!({"week": this_week.to_string()}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        assert_eq!(
            figure(r, "new_clients"),
            0,
            "no client was created in 2026-W48"
        );
        res.body
    };
    assert_eq!(figure(&current, "new_clients"), 2);
    assert_eq!(figure(&current, "clients_credit_flagged"), 1);
    // Figures are not writable: a PATCH that sends them is refused, naming the field, and
    // changes nothing.
    let res = app
        .patch(
            &format!("/api/v1/weekly-reports/{}", r["id"]),
            &t.sp1,
            json!({"figures": [{"key": "calls", "value": 999, "unit": "count"}]}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.body["errors"][0]["code"], "unknown_field");
    assert_eq!(res.error_fields(), vec!["figures"]);
    let res = app
        .get(&format!("/api/v1/weekly-reports/{}", r["id"]), &t.sp1)
        .await;
    assert_eq!(figure(&res.body, "calls"), 27);
    // One report per person per week; another person's is invisible.
    app.post(
        "/api/v1/weekly-reports",
        &t.sp1,
        json!({"week": "2026-W48"}),
    )
    .await
    .assert_problem(409, "duplicate_report");
    app.get(&format!("/api/v1/weekly-reports/{}", r["id"]), &t.sp2)
        .await
        .assert_problem(404, "not_found");
    app.patch(
        &format!("/api/v1/weekly-reports/{}", r["id"]),
        &t.sp2,
        json!({"sections": {"sales_volume": "x"}}),
    )
    .await
    .assert_problem(404, "not_found");
    app.post(
        &format!("/api/v1/weekly-reports/{}/submit", r["id"]),
        &t.sp2,
        json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    assert_eq!(
        app.get("/api/v1/weekly-reports", &t.sp2).await.body["total"],
        0
    );
    let expected = if this_week == week { 1 } else { 2 };
    assert_eq!(
        app.get("/api/v1/weekly-reports", &t.boss).await.body["total"],
        expected
    );
}

async fn figures_freeze_at_submission(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    let week: IsoWeek = "2026-W48".parse().unwrap();
    let c = client(&app, &t.sp1, "丁", "13800000021").await;
    let report = ready_report(&app, &t.sp1, week).await;
    let id = report["id"].as_i64().unwrap();
    assert_eq!(figure(&report, "visits_unplanned"), 0);
    app.post(
        "/api/v1/visits",
        &t.sp1,
        json!({"client_id": c, "planned_date": "2026-11-24"}),
    )
    .await;
    // Live while a draft.
    let live = app
        .get(&format!("/api/v1/weekly-reports/{id}"), &t.sp1)
        .await;
    assert_eq!(figure(&live.body, "visits_unplanned"), 1);
    let submitted = app
        .post(
            &format!("/api/v1/weekly-reports/{id}/submit"),
            &t.sp1,
            json!({}),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    assert_eq!(submitted.body["state"], "submitted");
    app.post(
        "/api/v1/visits",
        &t.sp1,
        json!({"client_id": c, "planned_date": "2026-11-25"}),
    )
    .await;
    let frozen = app
        .get(&format!("/api/v1/weekly-reports/{id}"), &t.boss)
        .await;
    assert_eq!(
        figure(&frozen.body, "visits_unplanned"),
        1,
        "frozen as at submission"
    );
    // Submitted reports are not edited.
    app.patch(
        &format!("/api/v1/weekly-reports/{id}"),
        &t.sp1,
        json!({"sections": {"sales_volume": "x"}}),
    )
    .await
    .assert_problem(409, "invalid_state");
    // Submission needs the required sections and next week's plan.
    let empty = app
        .post(
            "/api/v1/weekly-reports",
            &t.sp2,
            json!({"week": "2026-W48"}),
        )
        .await;
    let res = app
        .post(
            &format!("/api/v1/weekly-reports/{}/submit", empty.id()),
            &t.sp2,
            json!({}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    let fields = res.error_fields();
    assert!(
        fields.contains(&"sections.sales_volume".to_owned()),
        "{fields:?}"
    );
    assert!(fields.contains(&"next_plan_id".to_owned()));
    // next_plan_id must be the author's plan for the following week.
    let wrong = app
        .post(
            "/api/v1/plans",
            &t.sp2,
            json!({"kind": "weekly", "period": "2026-W50"}),
        )
        .await;
    let res = app
        .patch(
            &format!("/api/v1/weekly-reports/{}", empty.id()),
            &t.sp2,
            json!({"next_plan_id": wrong.id()}),
        )
        .await;
    assert_eq!(res.error_fields(), vec!["next_plan_id"]);
    let others =
        app.get("/api/v1/plans?period=2026-W49", &t.sp1).await.body["items"][0]["id"].clone();
    let res = app
        .patch(
            &format!("/api/v1/weekly-reports/{}", empty.id()),
            &t.sp2,
            json!({"next_plan_id": others}),
        )
        .await;
    assert_eq!(res.error_fields(), vec!["next_plan_id"]);
}

async fn report_deadline_at_the_boundary(b: Backend) {
    for (offset_minutes, expect_late) in [(2i64, false), (-2, true)] {
        let beijing = chrono_tz::Asia::Shanghai;
        let deadline = Utc::now().with_timezone(&beijing) + Duration::minutes(offset_minutes);
        // The deadline falls in the week after the report's week.
        let week = IsoWeek::of(deadline.date_naive()).prev();
        let app = TestApp::spawn_with(b, |s| {
            s.report_deadline = WeeklyDeadline {
                week_offset: 1,
                weekday: deadline.weekday(),
                time: chrono::NaiveTime::from_hms_opt(
                    chrono::Timelike::hour(&deadline),
                    chrono::Timelike::minute(&deadline),
                    0,
                )
                .unwrap(),
            };
        })
        .await;
        let t = Team::new(&app, 3).await;
        let report = ready_report(&app, &t.sp1, week).await;
        let s = app
            .post(
                &format!("/api/v1/weekly-reports/{}/submit", report["id"]),
                &t.sp1,
                json!({}),
            )
            .await;
        assert_eq!(
            s.body["late"], expect_late,
            "offset {offset_minutes}: {}",
            s.text
        );
    }
    // By default, Monday 12:00 of the following week: long past for 2026-W01.
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    let old = ready_report(&app, &t.sp1, "2026-W01".parse().unwrap()).await;
    let s = app
        .post(
            &format!("/api/v1/weekly-reports/{}/submit", old["id"]),
            &t.sp1,
            json!({}),
        )
        .await;
    assert_eq!(s.body["late"], true);
    let future = ready_report(&app, &t.sp1, "2030-W10".parse().unwrap()).await;
    let s = app
        .post(
            &format!("/api/v1/weekly-reports/{}/submit", future["id"]),
            &t.sp1,
            json!({}),
        )
        .await;
    assert_eq!(s.body["late"], false);
}

async fn review_marks_and_spot_check_zeroing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    let rival_id = app.create_user(&t.admin, "rival", &["manager"], None).await;
    app.create_team(&t.admin, "华南", Some(rival_id), None)
        .await;
    let rival = app.login("rival", PASSWORD).await.token;
    let week: IsoWeek = "2026-W48".parse().unwrap();
    let c = client(&app, &t.sp1, "戊", "13800000031").await;
    let plan = app
        .post(
            "/api/v1/plans",
            &t.sp1,
            json!({"kind": "weekly", "period": "2026-W48"}),
        )
        .await
        .id();
    let v = app
        .post(
            &format!("/api/v1/plans/{plan}/visits"),
            &t.sp1,
            json!({"client_id": c, "planned_date": "2026-11-24"}),
        )
        .await
        .id();
    app.post(
        &format!("/api/v1/visits/{v}/complete"),
        &t.sp1,
        json!({"summary": "见了客户"}),
    )
    .await;
    let check = app
        .post(
            "/api/v1/spot-checks",
            &t.boss,
            json!({"visit_id": v, "result": "not_confirmed", "note": "客户否认"}),
        )
        .await;
    assert_eq!(check.status, StatusCode::CREATED, "{}", check.text);
    let report = ready_report(&app, &t.sp1, week).await;
    let id = report["id"].as_i64().unwrap();
    let s = app
        .post(
            &format!("/api/v1/weekly-reports/{id}/submit"),
            &t.sp1,
            json!({}),
        )
        .await;
    let version = s.body["version"].clone();
    let marks = json!([{"section": "client_visits", "mark": "full"}, {"section": "sales_volume", "mark": "partial", "note": "数据不全"}]);
    // Someone else's manager: not found. The author: forbidden.
    app.post(
        &format!("/api/v1/weekly-reports/{id}/review"),
        &rival,
        json!({"version": version, "marks": marks}),
    )
    .await
    .assert_problem(404, "not_found");
    app.post(
        &format!("/api/v1/weekly-reports/{id}/review"),
        &t.sp1,
        json!({"version": version, "marks": marks}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/weekly-reports/{id}/review"),
        &t.boss,
        json!({"version": 999, "marks": marks}),
    )
    .await
    .assert_problem(409, "stale_version");
    let bad = app
        .post(
            &format!("/api/v1/weekly-reports/{id}/review"),
            &t.boss,
            json!({"version": version, "marks": [{"section": "weather", "mark": "full"}]}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    let reviewed = app
        .post(
            &format!("/api/v1/weekly-reports/{id}/review"),
            &t.boss,
            json!({"version": version, "comment": "注意拜访真实性", "marks": marks}),
        )
        .await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.text);
    assert_eq!(reviewed.body["state"], "reviewed");
    let visits_mark = reviewed.body["marks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["section"] == "client_visits")
        .unwrap()
        .clone();
    assert_eq!(
        visits_mark["mark"], "zero",
        "the false visit zeroes the section whatever the manager chose"
    );
    assert_eq!(visits_mark["forced"], true);
    assert!(
        visits_mark["note"]
            .as_str()
            .unwrap()
            .contains(&format!("#{v}"))
    );
    let sales_mark = reviewed.body["marks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["section"] == "sales_volume")
        .unwrap()
        .clone();
    assert_eq!(sales_mark["mark"], "partial");
    // A reviewed report is locked.
    app.post(
        &format!("/api/v1/weekly-reports/{id}/review"),
        &t.boss,
        json!({"version": reviewed.body["version"], "marks": []}),
    )
    .await
    .assert_problem(409, "invalid_state");
    app.patch(
        &format!("/api/v1/weekly-reports/{id}"),
        &t.sp1,
        json!({"sections": {"sales_volume": "改"}}),
    )
    .await
    .assert_problem(409, "invalid_state");
}

async fn status_lists_all_four_kinds(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    // sp1: submitted late (2026-W01 is long past) and reviewed; sp2: submitted late, waiting;
    // sp3: nothing. Then the same week with an on-time one is not possible in the past, so a
    // future week shows "awaiting_review" on time.
    let w01: IsoWeek = "2026-W01".parse().unwrap();
    let r1 = ready_report(&app, &t.sp1, w01).await;
    let s1 = app
        .post(
            &format!("/api/v1/weekly-reports/{}/submit", r1["id"]),
            &t.sp1,
            json!({}),
        )
        .await;
    app.post(
        &format!("/api/v1/weekly-reports/{}/review", r1["id"]),
        &t.boss,
        json!({"version": s1.body["version"], "marks": []}),
    )
    .await;
    let r2 = ready_report(&app, &t.sp2, w01).await;
    app.post(
        &format!("/api/v1/weekly-reports/{}/submit", r2["id"]),
        &t.sp2,
        json!({}),
    )
    .await;
    let st = app
        .get("/api/v1/weekly-reports/status?week=2026-W01", &t.boss)
        .await;
    assert_eq!(st.status, StatusCode::OK, "{}", st.text);
    let by_id = |body: &Value, id: i64| {
        body["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["user_id"] == id)
            .cloned()
            .unwrap()
    };
    let sp1 = by_id(&st.body, t.sp1_id);
    assert_eq!(sp1["status"], "reviewed");
    assert!(sp1["review_hours"].as_f64().is_some());
    let statuses: Vec<&str> = st.body["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 3);
    assert!(
        statuses.contains(&"late")
            && statuses.contains(&"missing")
            && statuses.contains(&"reviewed"),
        "{statuses:?}"
    );
    let w10: IsoWeek = "2030-W10".parse().unwrap();
    let r3 = ready_report(&app, t.sp3(), w10).await;
    app.post(
        &format!("/api/v1/weekly-reports/{}/submit", r3["id"]),
        t.sp3(),
        json!({}),
    )
    .await;
    let st = app
        .get("/api/v1/weekly-reports/status?week=2030-W10", &t.boss)
        .await;
    let statuses: Vec<&str> = st.body["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"awaiting_review"), "{statuses:?}");
    // Salespeople do not see the team's status.
    app.get("/api/v1/weekly-reports/status?week=2026-W01", &t.sp1)
        .await
        .assert_problem(403, "forbidden");
}

async fn monthly_reports_due_by_the_30th(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    let top_id = app.create_user(&t.admin, "top", &["manager"], None).await;
    let region = app
        .create_team(&t.admin, "华东大区", Some(top_id), None)
        .await;
    let boss_team = app.get("/api/v1/me", &t.boss).await.body["team_id"]
        .as_i64()
        .unwrap();
    app.patch(
        &format!("/api/v1/teams/{boss_team}"),
        &t.admin,
        json!({"parent_id": region}),
    )
    .await;
    let top = app.login("top", PASSWORD).await.token;
    app.post(
        "/api/v1/monthly-reports",
        &t.sp1,
        json!({"month": "2026-02"}),
    )
    .await
    .assert_problem(403, "forbidden");
    let feb = app
        .post(
            "/api/v1/monthly-reports",
            &t.boss,
            json!({"month": "2026-02", "summary": "二月总结"}),
        )
        .await;
    assert_eq!(feb.status, StatusCode::CREATED, "{}", feb.text);
    assert_eq!(feb.body["due_date"], "2026-02-28");
    let oct = app
        .post(
            "/api/v1/monthly-reports",
            &t.boss,
            json!({"month": "2026-10"}),
        )
        .await;
    assert_eq!(
        oct.body["due_date"], "2026-10-30",
        "a 31-day month is still due on the 30th"
    );
    app.post(
        "/api/v1/monthly-reports",
        &t.boss,
        json!({"month": "2026-10"}),
    )
    .await
    .assert_problem(409, "duplicate_report");
    let incomplete = app
        .post(
            &format!("/api/v1/monthly-reports/{}/submit", feb.id()),
            &t.boss,
            json!({}),
        )
        .await;
    incomplete.assert_problem(422, "validation_failed");
    assert_eq!(
        incomplete.error_fields(),
        vec!["next_month_plan", "proposals"]
    );
    app.patch(
        &format!("/api/v1/monthly-reports/{}", feb.id()),
        &t.boss,
        json!({"next_month_plan": "三月计划", "proposals": "加大投放"}),
    )
    .await;
    let s = app
        .post(
            &format!("/api/v1/monthly-reports/{}/submit", feb.id()),
            &t.boss,
            json!({}),
        )
        .await;
    assert_eq!(s.body["state"], "submitted", "{}", s.text);
    assert_eq!(s.body["late"], true, "February 2026 is long past");
    // Reviewed by the manager's manager, not by the author nor a salesperson.
    let v = s.body["version"].clone();
    app.post(
        &format!("/api/v1/monthly-reports/{}/review", feb.id()),
        &t.boss,
        json!({"version": v}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.post(
        &format!("/api/v1/monthly-reports/{}/review", feb.id()),
        &t.sp1,
        json!({"version": v}),
    )
    .await
    .assert_problem(404, "not_found");
    let ok = app
        .post(
            &format!("/api/v1/monthly-reports/{}/review", feb.id()),
            &top,
            json!({"version": v, "comment": "好"}),
        )
        .await;
    assert_eq!(ok.body["state"], "reviewed", "{}", ok.text);
    let future = app
        .post(
            "/api/v1/monthly-reports",
            &t.boss,
            json!({"month": "2030-03", "summary": "s", "next_month_plan": "p", "proposals": "x"}),
        )
        .await;
    let s = app
        .post(
            &format!("/api/v1/monthly-reports/{}/submit", future.id()),
            &t.boss,
            json!({}),
        )
        .await;
    assert_eq!(s.body["late"], false);
    assert_eq!(
        app.get("/api/v1/monthly-reports", &top).await.body["total"],
        3
    );
}

async fn print_view_has_the_figures(b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = Team::new(&app, 3).await;
    let c = client(&app, &t.sp1, "己", "13800000041").await;
    app.post(
        "/api/v1/visits",
        &t.sp1,
        json!({"client_id": c, "planned_date": "2026-11-24"}),
    )
    .await;
    let report = ready_report(&app, &t.sp1, "2026-W48".parse().unwrap()).await;
    let id = report["id"].as_i64().unwrap();
    for res in [
        app.client
            .get(app.url(&format!("/api/v1/weekly-reports/{id}?format=html")))
            .bearer_auth(&t.sp1)
            .send()
            .await
            .unwrap(),
        app.client
            .get(app.url(&format!("/api/v1/weekly-reports/{id}")))
            .bearer_auth(&t.boss)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap(),
    ] {
        let res = Resp::from(res).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.header("content-type").unwrap().starts_with("text/html"));
        assert!(res.text.contains("周工作汇报表"));
        assert!(res.text.contains("2026-W48"));
        assert!(
            res.text.contains(r#"data-figure="visits_unplanned">1<"#),
            "{}",
            res.text
        );
        assert!(res.text.contains("本周销售 12 万"));
        assert!(!res.text.contains("<script"));
    }
    let other = app
        .client
        .get(app.url(&format!("/api/v1/weekly-reports/{id}?format=html")))
        .bearer_auth(t.sp3())
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}
