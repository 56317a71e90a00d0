//! The inbox's later kinds (issue #14): monthly reports to review, open complaints, this
//! week's visits to spot-check and last month's score alerts — seeded, then each count checked
//! against the list its line links to and against what was seeded.

use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::schema::{monthly_reports, scores, spot_checks, visits};
use salesops_domain::period::{IsoWeek, Month};
use salesops_domain::scoring::previous;
use serde_json::json;

use super::seed::{World, ago};
use super::{assert_count, count_of, inbox};
use crate::support::TestApp;

/// Today in the business time zone (the tests' server runs on the default, Asia/Shanghai).
fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
}

/// A client of the caller's (its own phone number); its id.
async fn client(app: &TestApp, token: &str, n: u32) -> i64 {
    let res = app
        .post(
            "/api/v1/clients",
            token,
            json!({"name": format!("客诉客户{n}"), "phone": format!("1390013{n:04}")}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "client: {}", res.text);
    res.id()
}

/// A case on `client` as `token`, then `action` (`escalate`, `resolve` or none); its id.
async fn case(app: &TestApp, token: &str, client: i64, action: Option<&str>) -> i64 {
    let res = app
        .post(
            "/api/v1/cases",
            token,
            json!({"client_id": client, "summary": "产品有质量问题"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "case: {}", res.text);
    let id = res.id();
    let body = match action {
        Some("resolve") => json!({"resolution": "已更换"}),
        _ => json!({}),
    };
    if let Some(action) = action {
        let res = app
            .post(&format!("/api/v1/cases/{id}/{action}"), token, body)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.text);
    }
    id
}

/// Monthly reports, cases and visits; `batch` 0, 1 … seeds the same again (reports a year
/// earlier, new clients, visits a year earlier besides this week's).
pub async fn seed_queues(app: &TestApp, w: &World, batch: u32) {
    let sp1_client = client(app, &w.sp1, 100 + batch * 10).await;
    let sp3_client = client(app, &w.sp3, 101 + batch * 10).await;
    // sp1: one open, one escalated, one resolved; sp3: one open.
    case(app, &w.sp1, sp1_client, None).await;
    case(app, &w.sp1, sp1_client, Some("escalate")).await;
    case(app, &w.sp1, sp1_client, Some("resolve")).await;
    case(app, &w.sp3, sp3_client, None).await;

    let mut conn = app.db.get().unwrap();
    let c = &mut *conn;
    let year = 2026 - i32::try_from(batch).unwrap();
    for (owner, month, state) in [
        (w.boss_id, format!("{year}-11"), "submitted"),
        (w.boss_id, format!("{year}-10"), "draft"),
        (w.chief_id, format!("{year}-11"), "submitted"),
        (w.south_id, format!("{year}-11"), "submitted"),
        (w.south_id, format!("{year}-10"), "reviewed"),
    ] {
        diesel::insert_into(monthly_reports::table)
            .values((
                monthly_reports::owner_id.eq(owner),
                monthly_reports::month.eq(month),
                monthly_reports::state.eq(state),
                monthly_reports::submitted_at.eq((state != "draft").then(|| ago(12))),
                monthly_reports::created_at.eq(ago(13)),
                monthly_reports::updated_at.eq(ago(12)),
            ))
            .execute(c)
            .unwrap();
    }
    // This week's visits (the 2nd batch too: the week is the one the inbox counts), one
    // checked, one not done; last week's and a year-old one done and unchecked.
    let today = today();
    let days_ago = |d: i64| (today - Duration::days(d)).format("%Y-%m-%d").to_string();
    let year_ago = 364 * (i64::from(batch) + 1);
    for (owner, client, date, status, checked) in [
        (w.sp1_id, sp1_client, days_ago(0), "done", false),
        (w.sp1_id, sp1_client, days_ago(0), "done", false),
        (w.sp1_id, sp1_client, days_ago(0), "done", true),
        (w.sp1_id, sp1_client, days_ago(0), "planned", false),
        (w.sp1_id, sp1_client, days_ago(7), "done", false),
        (w.sp1_id, sp1_client, days_ago(year_ago), "done", false),
        (w.boss_id, sp1_client, days_ago(0), "done", false),
        (w.sp3_id, sp3_client, days_ago(0), "done", false),
    ] {
        let visit: i64 = diesel::insert_into(visits::table)
            .values((
                visits::owner_id.eq(owner),
                visits::client_id.eq(client),
                visits::planned_date.eq(date),
                visits::status.eq(status),
                visits::completed_at.eq((status == "done").then(|| ago(2))),
                visits::created_at.eq(ago(30)),
                visits::updated_at.eq(ago(2)),
            ))
            .returning(visits::id)
            .get_result(c)
            .unwrap();
        if checked {
            diesel::insert_into(spot_checks::table)
                .values((
                    spot_checks::visit_id.eq(visit),
                    spot_checks::checker_id.eq(w.boss_id),
                    spot_checks::result.eq("confirmed"),
                    spot_checks::created_at.eq(ago(1)),
                ))
                .execute(c)
                .unwrap();
        }
    }
}

/// Last month's scores (and the two months before), acknowledged: sp2 below 60 (the months
/// before are drafts, which never count); sp1 below 70 three months running; sp3 both; boss
/// fine. The months are the three before this one, so they are seeded once.
pub fn seed_alerts(app: &TestApp, w: &World) {
    let last = previous(Month::of(today()));
    let months = [last, previous(last), previous(previous(last))];
    let mut conn = app.db.get().unwrap();
    for (user, totals, earlier_state) in [
        (w.sp2_id, [550, 500, 500], "draft"),
        (w.sp1_id, [650, 680, 690], "acknowledged"),
        (w.sp3_id, [500, 600, 650], "acknowledged"),
        (w.boss_id, [800, 500, 500], "acknowledged"),
    ] {
        for (i, (month, total)) in months.iter().zip(totals).enumerate() {
            let state = if i == 0 {
                "acknowledged"
            } else {
                earlier_state
            };
            diesel::insert_into(scores::table)
                .values((
                    scores::user_id.eq(user),
                    scores::month.eq(month.to_string()),
                    scores::role.eq("salesperson"),
                    scores::state.eq(state),
                    scores::rubric_version.eq(1),
                    scores::daily_work.eq(total),
                    scores::attendance.eq(1000),
                    scores::total.eq(total),
                    scores::items_json.eq("[]"),
                    scores::finalized_by.eq((state != "draft").then_some(w.chief_id)),
                    scores::finalized_at.eq((state != "draft").then(|| ago(48))),
                    scores::created_by.eq(w.chief_id),
                    scores::created_at.eq(ago(100)),
                    scores::updated_at.eq(ago(48)),
                ))
                .execute(&mut *conn)
                .unwrap();
        }
    }
}

/// The inbox's `score_alerts` equals the length of `GET /alerts?month=<last month>` and what
/// was seeded.
async fn assert_alerts(app: &TestApp, token: &str, seeded: i64) {
    let last = previous(Month::of(today()));
    let res = app
        .get(&format!("/api/v1/alerts?month={last}"), token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "alerts: {}", res.text);
    let listed = i64::try_from(res.body.as_array().unwrap().len()).unwrap();
    let box_ = inbox(app, token).await;
    let count = count_of(&box_, "score_alerts");
    assert_eq!(
        count, listed,
        "score_alerts against /alerts: {box_} {}",
        res.text
    );
    assert_eq!(count, seeded, "score_alerts as seeded: {box_}");
    if count > 0 {
        let line = box_["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "score_alerts")
            .unwrap();
        assert_eq!(line["link"], "/hr/alerts");
        assert!(line["oldest_at"].is_string(), "{line}");
    }
}

/// Each new kind for each role: the list's total (or length) and the seeded number.
pub async fn assert_new_counts(app: &TestApp, w: &World) {
    let week = IsoWeek::of(today());
    let monthly = "/monthly-reports?to_review=true&state=submitted";
    let cases = "/cases?unresolved=true";
    let visits = format!("/visits?to_check=true&week={week}");
    // The chief reviews the boss's monthly report, never his own; the boss reviews none.
    assert_count(app, &w.chief, "monthly_reports_to_review", monthly, 1).await;
    assert_count(app, &w.boss, "monthly_reports_to_review", monthly, 0).await;
    assert_count(app, &w.south, "monthly_reports_to_review", monthly, 0).await;
    // Complaints: sp1's open and escalated ones, for sp1 and the managers above; sp3's.
    assert_count(app, &w.sp1, "open_complaints", cases, 2).await;
    assert_count(app, &w.boss, "open_complaints", cases, 2).await;
    assert_count(app, &w.chief, "open_complaints", cases, 2).await;
    assert_count(app, &w.sp3, "open_complaints", cases, 1).await;
    assert_count(app, &w.south, "open_complaints", cases, 1).await;
    // This week's done, unchecked visits of the people managed: the boss sp1's two (never
    // his own), the chief the boss's too, south sp3's.
    assert_count(app, &w.boss, "spot_checks_due", &visits, 2).await;
    assert_count(app, &w.chief, "spot_checks_due", &visits, 3).await;
    assert_count(app, &w.south, "spot_checks_due", &visits, 1).await;
    let sample = app
        .get(
            &format!("/api/v1/spot-checks/sample?week={week}&size=50"),
            &w.chief,
        )
        .await;
    assert_eq!(sample.status, StatusCode::OK, "{}", sample.text);
    assert_eq!(sample.body["items"].as_array().unwrap().len(), 3);
    // Alerts: HR everyone's (sp2, sp1, sp3 twice), a manager their teams'.
    assert_alerts(app, &w.hr, 4).await;
    assert_alerts(app, &w.chief, 2).await;
    assert_alerts(app, &w.boss, 2).await;
    assert_alerts(app, &w.south, 2).await;
    // Nobody's own work is among them, and no salesperson or finance sees these queues.
    let sp1_box = inbox(app, &w.sp1).await;
    let fin_box = inbox(app, &w.finance).await;
    for kind in [
        "monthly_reports_to_review",
        "spot_checks_due",
        "score_alerts",
    ] {
        assert_eq!(count_of(&sp1_box, kind), 0, "{sp1_box}");
        assert_eq!(count_of(&fin_box, kind), 0, "{fin_box}");
    }
    assert_eq!(count_of(&fin_box, "open_complaints"), 0, "{fin_box}");
    let links = [
        ("monthly_reports_to_review", &w.chief, "/reports/monthly"),
        ("open_complaints", &w.sp1, "/cases"),
        ("spot_checks_due", &w.boss, "/manager/spot-checks"),
    ];
    for (kind, token, link) in links {
        let box_ = inbox(app, token).await;
        let line = box_["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == kind)
            .unwrap();
        assert_eq!(line["link"], link, "{kind}");
        assert!(line["oldest_at"].is_string(), "{line}");
    }
}
