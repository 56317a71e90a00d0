//! Attendance: the formula, one record per person and day, scope, removal.

use reqwest::{Method, StatusCode};
use salesops::db::Backend;
use serde_json::{Value, json};

use super::Inputs;
use crate::on_both_backends;
use crate::support::Resp;

on_both_backends!(
    the_attendance_score_costs_four_points_a_day_and_stops_at_zero,
    one_record_per_person_and_day,
    attendance_is_read_in_scope_and_nobody_records_their_own,
    a_record_entered_by_mistake_is_removed_and_audited,
);

async fn record(i: &Inputs, token: &str, user: i64, date: &str, kind: &str) -> Resp {
    i.app
        .post(
            "/api/v1/attendance",
            token,
            json!({"user_id": user, "date": date, "kind": kind, "note": "病假"}),
        )
        .await
}

async fn recorded(i: &Inputs, token: &str, user: i64, date: &str, kind: &str) -> Value {
    let res = record(i, token, user, date, kind).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

async fn summary(i: &Inputs, token: &str, user: i64, month: &str) -> Value {
    i.get(
        token,
        &format!("/api/v1/attendance/summary?month={month}&user_id={user}"),
    )
    .await
}

async fn the_attendance_score_costs_four_points_a_day_and_stops_at_zero(b: Backend) {
    let i = Inputs::new(b).await;
    let sp1 = i.t.sp1_id;
    let s = summary(&i, &i.t.boss, sp1, "2026-11").await;
    assert_eq!(
        s,
        json!({"user_id": sp1, "month": "2026-11", "absent_days": 0, "half_days": 0,
               "score": 100.0, "score_tenths": 1000})
    );

    recorded(&i, &i.t.boss, sp1, "2026-11-03", "absent").await;
    recorded(&i, &i.t.boss, sp1, "2026-11-04", "half_day").await;
    // Another month's days do not count in November.
    recorded(&i, &i.t.boss, sp1, "2026-10-31", "absent").await;
    let s = summary(&i, &i.t.boss, sp1, "2026-11").await;
    assert_eq!(s["absent_days"], 1);
    assert_eq!(s["half_days"], 1, "a half day counts as a day");
    assert_eq!(s["score_tenths"], 920);
    assert_eq!(s["score"], 92.0);
    assert_eq!(summary(&i, &i.t.boss, sp1, "2026-10").await["score"], 96.0);

    // Two half days cost what two days cost.
    recorded(&i, &i.t.boss, i.sp2_id, "2026-11-05", "half_day").await;
    recorded(&i, &i.t.boss, i.sp2_id, "2026-11-06", "half_day").await;
    let s = summary(&i, &i.t.boss, i.sp2_id, "2026-11").await;
    assert_eq!(
        (s["half_days"].clone(), s["score"].clone()),
        (json!(2), json!(92.0))
    );

    // 24 days absent leave 4 points; the 25th and any more leave 0, never below.
    for day in 1..=24 {
        recorded(&i, &i.hr, sp1, &format!("2026-12-{day:02}"), "absent").await;
    }
    let s = summary(&i, &i.hr, sp1, "2026-12").await;
    assert_eq!(
        (s["absent_days"].clone(), s["score_tenths"].clone()),
        (json!(24), json!(40))
    );
    recorded(&i, &i.hr, sp1, "2026-12-25", "absent").await;
    assert_eq!(summary(&i, &i.hr, sp1, "2026-12").await["score"], 0.0);
    recorded(&i, &i.hr, sp1, "2026-12-26", "half_day").await;
    let s = summary(&i, &i.hr, sp1, "2026-12").await;
    assert_eq!(
        (
            s["absent_days"].clone(),
            s["half_days"].clone(),
            s["score_tenths"].clone()
        ),
        (json!(25), json!(1), json!(0))
    );

    // The list pages through them, newest day first.
    let page = i
        .get(
            &i.hr,
            &format!("/api/v1/attendance?user_id={sp1}&month=2026-12&per_page=10"),
        )
        .await;
    assert_eq!(page["total"], 26);
    assert_eq!(page["items"].as_array().map(Vec::len), Some(10));
    assert_eq!(page["items"][0]["date"], "2026-12-26");
    assert_eq!(page["items"][0]["kind"], "half_day");
    assert_eq!(
        page["items"][0]["user_name"].as_str().map(str::is_empty),
        Some(false)
    );
}

async fn one_record_per_person_and_day(b: Backend) {
    let i = Inputs::new(b).await;
    let sp1 = i.t.sp1_id;
    recorded(&i, &i.t.boss, sp1, "2026-11-03", "absent").await;
    let again = record(&i, &i.hr, sp1, "2026-11-03", "half_day").await;
    again.assert_problem(422, "validation_failed");
    assert_eq!(again.error_fields(), vec!["date"], "{}", again.text);
    // Another person on that day, and the same person the next day, are fine.
    recorded(&i, &i.t.boss, i.sp2_id, "2026-11-03", "absent").await;
    recorded(&i, &i.t.boss, sp1, "2026-11-04", "absent").await;
    assert_eq!(summary(&i, &i.hr, sp1, "2026-11").await["absent_days"], 2);

    // Strict bodies: an unknown field, a kind that is not one, a date out of range.
    let res = i
        .app
        .post(
            "/api/v1/attendance",
            &i.hr,
            json!({"user_id": sp1, "date": "2026-11-05", "kind": "absent", "hours": 4}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(
        res.body["errors"][0]["code"], "unknown_field",
        "{}",
        res.text
    );
    let res = record(&i, &i.hr, sp1, "2026-11-05", "late").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    let res = record(&i, &i.hr, sp1, "1999-12-31", "absent").await;
    assert_eq!(res.error_fields(), vec!["date"], "{}", res.text);
}

async fn attendance_is_read_in_scope_and_nobody_records_their_own(b: Backend) {
    let i = Inputs::new(b).await;
    let (sp1, sp2) = (i.t.sp1_id, i.sp2_id);
    recorded(&i, &i.t.boss, sp1, "2026-11-03", "absent").await;
    recorded(&i, &i.t.boss, sp2, "2026-11-03", "half_day").await;
    recorded(&i, &i.hr, i.out1_id, "2026-11-03", "absent").await;
    recorded(&i, &i.hr, i.t.boss_id, "2026-11-04", "absent").await;

    // A salesperson reads only their own records and summary.
    let own = i.get(&i.t.sp1, "/api/v1/attendance").await;
    assert_eq!(own["total"], 1, "{own}");
    assert_eq!(own["items"][0]["user_id"], sp1);
    let mine = i
        .get(&i.t.sp1, "/api/v1/attendance/summary?month=2026-11")
        .await;
    assert_eq!(
        (mine["user_id"].clone(), mine["score"].clone()),
        (json!(sp1), json!(96.0))
    );
    for path in [
        format!("/api/v1/attendance/summary?month=2026-11&user_id={sp2}"),
        format!("/api/v1/attendance?user_id={sp2}"),
    ] {
        i.app
            .get(&path, &i.t.sp1)
            .await
            .assert_problem(404, "not_found");
    }
    record(&i, &i.t.sp1, sp2, "2026-11-05", "absent")
        .await
        .assert_problem(403, "forbidden");

    // The manager reads their team and themself; HR everyone.
    assert_eq!(i.get(&i.t.boss, "/api/v1/attendance").await["total"], 3);
    assert_eq!(i.get(&i.hr, "/api/v1/attendance").await["total"], 4);

    // A manager outside the team: 404 on reading, 422 naming the person on recording.
    i.app
        .get(
            &format!("/api/v1/attendance/summary?month=2026-11&user_id={sp1}"),
            &i.boss2,
        )
        .await
        .assert_problem(404, "not_found");
    assert_eq!(i.get(&i.boss2, "/api/v1/attendance").await["total"], 1);
    let res = record(&i, &i.boss2, sp1, "2026-11-06", "absent").await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["user_id"]);
    let res = record(&i, &i.hr, 999_999, "2026-11-06", "absent").await;
    assert_eq!(res.error_fields(), vec!["user_id"]);

    // Nobody records their own absence: not a manager, not HR, not an admin.
    record(&i, &i.t.boss, i.t.boss_id, "2026-11-07", "absent")
        .await
        .assert_problem(403, "forbidden");
    record(&i, &i.hr, i.hr_id, "2026-11-07", "absent")
        .await
        .assert_problem(403, "forbidden");
    let admin_id = i.app.admin().await.user_id;
    record(&i, &i.t.admin, admin_id, "2026-11-07", "absent")
        .await
        .assert_problem(403, "forbidden");
    // HR records the manager's; the admin anyone's.
    recorded(&i, &i.t.admin, i.hr_id, "2026-11-07", "half_day").await;
}

async fn a_record_entered_by_mistake_is_removed_and_audited(b: Backend) {
    let i = Inputs::new(b).await;
    let sp1 = i.t.sp1_id;
    let wrong = recorded(&i, &i.t.boss, sp1, "2026-11-03", "absent").await;
    let id = wrong["id"].as_i64().unwrap();
    let bosses = recorded(&i, &i.hr, i.t.boss_id, "2026-11-03", "absent").await;
    let path = |id: i64| format!("/api/v1/attendance/{id}");
    let delete = |token: String, id: i64| {
        let app = &i.app;
        let p = path(id);
        async move { app.request(Method::DELETE, &p, Some(&token), None).await }
    };

    delete(i.t.sp1.clone(), id)
        .await
        .assert_problem(403, "forbidden");
    delete(i.boss2.clone(), id)
        .await
        .assert_problem(404, "not_found");
    // The manager cannot remove their own record either.
    delete(i.t.boss.clone(), bosses["id"].as_i64().unwrap())
        .await
        .assert_problem(403, "forbidden");
    let res = delete(i.t.boss.clone(), id).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    delete(i.t.boss.clone(), id)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(summary(&i, &i.hr, sp1, "2026-11").await["absent_days"], 0);
    // The day is free again.
    recorded(&i, &i.t.boss, sp1, "2026-11-03", "half_day").await;

    let trail = i
        .get(
            &i.t.admin,
            &format!("/api/v1/audit-events?entity_type=attendance&entity_id={id}"),
        )
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"attendance.create"), "{trail}");
    assert!(actions.contains(&"attendance.delete"), "{trail}");
}
