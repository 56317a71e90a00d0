//! Trainings and assessments: who trains whom, changes before the first assessment, the
//! retraining list until a later assessment passes, scope.

use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use super::Inputs;
use crate::on_both_backends;
use crate::support::Resp;

on_both_backends!(
    a_failed_attendee_is_listed_for_retraining_until_a_later_assessment_passes,
    a_manager_trains_only_the_members_of_their_teams,
    trainings_are_read_in_scope_and_filtered,
);

fn body(date: &str, trainer: i64, attendees: &[i64]) -> Value {
    json!({"date": date, "topic": "新品灯具知识", "kind": "product", "trainer_id": trainer,
           "attendee_ids": attendees, "notes": "第一期"})
}

async fn train(i: &Inputs, token: &str, date: &str, trainer: i64, attendees: &[i64]) -> Resp {
    i.app
        .post("/api/v1/trainings", token, body(date, trainer, attendees))
        .await
}

async fn trained(i: &Inputs, token: &str, date: &str, trainer: i64, attendees: &[i64]) -> Value {
    let res = train(i, token, date, trainer, attendees).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

async fn assess(i: &Inputs, token: &str, training: &Value, user: i64, passed: bool) -> Resp {
    i.app
        .post(
            &format!("/api/v1/trainings/{}/assessments", training["id"]),
            token,
            json!({"user_id": user, "passed": passed, "score": if passed { 85 } else { 40 },
                   "note": "笔试"}),
        )
        .await
}

async fn assessed(i: &Inputs, token: &str, training: &Value, user: i64, passed: bool) -> Value {
    let res = assess(i, token, training, user, passed).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body
}

fn listed(retraining: &Value) -> Vec<i64> {
    retraining
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_id"].as_i64().unwrap())
        .collect()
}

async fn a_failed_attendee_is_listed_for_retraining_until_a_later_assessment_passes(b: Backend) {
    let i = Inputs::new(b).await;
    let (sp1, sp2, boss) = (i.t.sp1_id, i.sp2_id, i.t.boss_id);
    let first = trained(&i, &i.t.boss, "2026-12-03", boss, &[sp2, sp1, sp1]).await;
    assert_eq!(
        first["attendee_ids"],
        json!([sp1.min(sp2), sp1.max(sp2)]),
        "once each"
    );
    assert_eq!(first["kind"], "product");
    assert_eq!(first["version"], 1);

    // Before anyone is assessed the training may change; a stale version is refused.
    let mut edit = body("2026-12-04", boss, &[sp1, sp2]);
    edit["version"] = first["version"].clone();
    let res = i
        .app
        .patch(
            &format!("/api/v1/trainings/{}", first["id"]),
            &i.t.boss,
            edit.clone(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let first = res.body;
    assert_eq!(
        (first["date"].clone(), first["version"].clone()),
        (json!("2026-12-04"), json!(2))
    );
    let res = i
        .app
        .patch(
            &format!("/api/v1/trainings/{}", first["id"]),
            &i.t.boss,
            edit,
        )
        .await;
    res.assert_problem(409, "stale_version");

    let a = assessed(&i, &i.t.boss, &first, sp1, false).await;
    assert_eq!(
        (a["passed"].clone(), a["score"].clone()),
        (json!(false), json!(40))
    );
    assessed(&i, &i.t.boss, &first, sp2, true).await;
    let r = i.get(&i.t.boss, "/api/v1/trainings/retraining").await;
    assert_eq!(listed(&r), vec![sp1], "{r}");
    assert_eq!(r[0]["training_id"], first["id"]);
    assert_eq!(r[0]["assessment_id"], a["id"]);
    assert_eq!(
        listed(&i.get(&i.hr, "/api/v1/trainings/retraining").await),
        vec![sp1]
    );
    // Each salesperson sees only themself.
    assert_eq!(
        listed(&i.get(&i.t.sp1, "/api/v1/trainings/retraining").await),
        vec![sp1]
    );
    assert!(listed(&i.get(&i.t.sp2, "/api/v1/trainings/retraining").await).is_empty());
    assert!(listed(&i.get(&i.boss2, "/api/v1/trainings/retraining").await).is_empty());

    // Assessed: the training is no longer changed.
    let mut edit = body("2026-12-05", boss, &[sp1, sp2]);
    edit["version"] = first["version"].clone();
    let res = i
        .app
        .patch(
            &format!("/api/v1/trainings/{}", first["id"]),
            &i.t.boss,
            edit,
        )
        .await;
    res.assert_problem(409, "assessed");
    let shown = i
        .get(&i.t.boss, &format!("/api/v1/trainings/{}", first["id"]))
        .await;
    assert_eq!(shown["assessments"].as_array().map(Vec::len), Some(2));

    // A pass on an earlier training recorded afterwards does not clear the failure.
    let earlier = trained(&i, &i.hr, "2026-11-20", i.hr_id, &[sp1]).await;
    assessed(&i, &i.hr, &earlier, sp1, true).await;
    assert_eq!(
        listed(&i.get(&i.hr, "/api/v1/trainings/retraining").await),
        vec![sp1]
    );
    // A later failure still lists them (naming the later one); a later pass clears it.
    let retake = trained(&i, &i.t.boss, "2026-12-10", boss, &[sp1]).await;
    let again = assessed(&i, &i.t.boss, &retake, sp1, false).await;
    let r = i.get(&i.hr, "/api/v1/trainings/retraining").await;
    assert_eq!(r[0]["assessment_id"], again["id"], "{r}");
    assessed(&i, &i.t.boss, &retake, sp1, true).await;
    assert!(listed(&i.get(&i.hr, "/api/v1/trainings/retraining").await).is_empty());
    assert!(listed(&i.get(&i.t.sp1, "/api/v1/trainings/retraining").await).is_empty());
}

async fn a_manager_trains_only_the_members_of_their_teams(b: Backend) {
    let i = Inputs::new(b).await;
    let (sp1, boss, out1) = (i.t.sp1_id, i.t.boss_id, i.out1_id);
    let res = train(&i, &i.t.boss, "2026-12-03", boss, &[sp1, out1]).await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["attendee_ids"], "{}", res.text);
    // Not themself either, nor someone unknown.
    let res = train(&i, &i.t.boss, "2026-12-03", boss, &[sp1, boss]).await;
    assert_eq!(res.error_fields(), vec!["attendee_ids"], "{}", res.text);
    let res = train(&i, &i.t.boss, "2026-12-03", boss, &[999_999]).await;
    assert_eq!(res.error_fields(), vec!["attendee_ids"], "{}", res.text);
    let res = train(&i, &i.t.boss, "2026-12-03", 999_999, &[sp1]).await;
    assert_eq!(res.error_fields(), vec!["trainer_id"], "{}", res.text);
    // A salesperson records no trainings; an empty list of attendees is refused.
    train(&i, &i.t.sp1, "2026-12-03", boss, &[i.sp2_id])
        .await
        .assert_problem(403, "forbidden");
    let res = train(&i, &i.t.boss, "2026-12-03", boss, &[]).await;
    assert_eq!(res.error_fields(), vec!["attendee_ids"], "{}", res.text);

    // HR trains anyone enabled, across teams.
    let hr = trained(&i, &i.hr, "2026-12-03", i.hr_id, &[sp1, out1, boss]).await;
    assert_eq!(hr["attendees"].as_array().map(Vec::len), Some(3));
    // A manager assesses only members of their teams, and only on a training they recorded.
    let res = assess(&i, &i.t.boss, &hr, sp1, true).await;
    res.assert_problem(403, "forbidden");
    let own = trained(&i, &i.t.boss, "2026-12-04", boss, &[sp1]).await;
    let res = assess(&i, &i.t.boss, &own, i.sp2_id, true).await;
    assert_eq!(
        res.error_fields(),
        vec!["user_id"],
        "not an attendee: {}",
        res.text
    );
    assess(&i, &i.boss2, &own, sp1, true)
        .await
        .assert_problem(404, "not_found");
    // HR assesses anyone on it; nobody assesses themself.
    assessed(&i, &i.hr, &hr, out1, true).await;
    assess(&i, &i.t.boss, &own, boss, true)
        .await
        .assert_problem(403, "forbidden");
    // A manager may not move an HR training's attendees into another team by editing.
    let mut edit = body("2026-12-04", boss, &[sp1, out1]);
    edit["version"] = own["version"].clone();
    let res = i
        .app
        .patch(&format!("/api/v1/trainings/{}", own["id"]), &i.t.boss, edit)
        .await;
    assert_eq!(res.error_fields(), vec!["attendee_ids"], "{}", res.text);
}

async fn trainings_are_read_in_scope_and_filtered(b: Backend) {
    let i = Inputs::new(b).await;
    let (sp1, sp2, boss, out1) = (i.t.sp1_id, i.sp2_id, i.t.boss_id, i.out1_id);
    let a = trained(&i, &i.t.boss, "2026-11-03", boss, &[sp1]).await;
    let c = trained(&i, &i.t.boss, "2026-12-03", boss, &[sp1, sp2]).await;
    let other = trained(&i, &i.hr, "2026-12-05", i.hr_id, &[out1]).await;

    let ids = |page: &Value| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let id = |t: &Value| t["id"].as_i64().unwrap();
    assert_eq!(
        ids(&i.get(&i.hr, "/api/v1/trainings").await),
        vec![id(&other), id(&c), id(&a)]
    );
    assert_eq!(
        ids(&i.get(&i.t.boss, "/api/v1/trainings").await),
        vec![id(&c), id(&a)]
    );
    assert_eq!(
        ids(&i.get(&i.t.sp2, "/api/v1/trainings").await),
        vec![id(&c)]
    );
    assert_eq!(
        ids(&i.get(&i.boss2, "/api/v1/trainings").await),
        vec![id(&other)]
    );
    for token in [&i.boss2, &i.t.sp2] {
        i.app
            .get(&format!("/api/v1/trainings/{}", id(&a)), token)
            .await
            .assert_problem(404, "not_found");
    }
    assert_eq!(
        i.get(&i.t.sp1, &format!("/api/v1/trainings/{}", id(&a)))
            .await["topic"],
        "新品灯具知识"
    );

    // Filters: month, attendee, team.
    let page = i.get(&i.hr, "/api/v1/trainings?month=2026-12").await;
    assert_eq!(ids(&page), vec![id(&other), id(&c)]);
    let page = i
        .get(&i.hr, &format!("/api/v1/trainings?attendee_id={sp1}"))
        .await;
    assert_eq!(ids(&page), vec![id(&c), id(&a)]);
    let page = i
        .get(
            &i.hr,
            &format!("/api/v1/trainings?team_id={}&month=2026-11", i.t.team_id),
        )
        .await;
    assert_eq!(ids(&page), vec![id(&a)]);
    // A filter never widens the scope.
    let page = i
        .get(&i.boss2, &format!("/api/v1/trainings?attendee_id={sp1}"))
        .await;
    assert!(ids(&page).is_empty());
}
