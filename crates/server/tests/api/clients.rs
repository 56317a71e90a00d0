use reqwest::StatusCode;
use salesops::db::Backend;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{PASSWORD, Resp, Session, TestApp};

on_both_backends!(
    clients_are_created_read_changed_and_archived,
    client_input_is_validated_field_by_field,
    double_claims_are_refused,
    lists_filter_search_sort_and_page,
    salespeople_cannot_touch_each_others_clients,
    managers_reach_child_teams_and_reassign_within_scope,
    satisfaction_shows_latest_and_average,
    exports_are_scoped_and_audited,
    demo_data_has_clients_to_show,
    concurrent_claims_of_one_number_make_one_client,
    search_follows_every_change_of_a_client,
    clients_stored_before_the_search_index_are_found_after_start_up,
    landline_spellings_are_one_number,
    stored_phones_are_renormalized_once_at_start_up,
);

/// Two regions: 华东 (manager `east.boss`, salespeople `s1`, `s2`, and a child team 上海 with
/// `s3`) and 华南 (manager `south.boss`, salesperson `s4`); plus `fin` (finance) and `hr` (HR).
pub struct Org {
    pub admin: Session,
    pub east_boss: Session,
    pub south_boss: Session,
    pub s1: Session,
    pub s2: Session,
    pub s3: Session,
    pub s4: Session,
    pub fin: Session,
    pub hr: Session,
    pub east: i64,
    pub shanghai: i64,
}

pub async fn org(app: &TestApp) -> Org {
    let admin = app.admin().await;
    let t = &admin.token;
    let eb = app.create_user(t, "east.boss", &["manager"], None).await;
    let sb = app.create_user(t, "south.boss", &["manager"], None).await;
    let east = app.create_team(t, "华东", Some(eb), None).await;
    let shanghai = app.create_team(t, "上海", None, Some(east)).await;
    let south = app.create_team(t, "华南", Some(sb), None).await;
    app.create_user(t, "sp1", &["salesperson"], Some(east))
        .await;
    app.create_user(t, "sp2", &["salesperson"], Some(east))
        .await;
    app.create_user(t, "sp3", &["salesperson"], Some(shanghai))
        .await;
    app.create_user(t, "sp4", &["salesperson"], Some(south))
        .await;
    app.create_user(t, "fin", &["finance"], None).await;
    app.create_user(t, "hr.user", &["hr"], None).await;
    Org {
        east_boss: app.login("east.boss", PASSWORD).await,
        south_boss: app.login("south.boss", PASSWORD).await,
        s1: app.login("sp1", PASSWORD).await,
        s2: app.login("sp2", PASSWORD).await,
        s3: app.login("sp3", PASSWORD).await,
        s4: app.login("sp4", PASSWORD).await,
        fin: app.login("fin", PASSWORD).await,
        hr: app.login("hr.user", PASSWORD).await,
        admin,
        east,
        shanghai,
    }
}

/// Creates a client and returns its id (asserting 201).
pub async fn new_client(app: &TestApp, token: &str, body: Value) -> i64 {
    let res = app.post("/api/v1/clients", token, body).await;
    assert_eq!(
        res.status,
        StatusCode::CREATED,
        "create client: {}",
        res.text
    );
    res.id()
}

pub fn ids(res: &Resp) -> Vec<i64> {
    res.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {}", res.text))
        .iter()
        .map(|i| i["id"].as_i64().or(i["client_id"].as_i64()).unwrap())
        .collect()
}

async fn clients_are_created_read_changed_and_archived(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let created = app
        .post(
            "/api/v1/clients",
            &o.s1.token,
            json!({"name": " 王建国 ", "company": "华通建材有限公司", "position": "采购经理",
                   "phone": "138 0013 8000", "phone2": "021-5555 6666", "email": "wjg@huatong.cn",
                   "address": "上海市浦东新区", "region": "华东", "industry": "建材",
                   "source": "trade_fair", "tier": "key", "needs": "年底采购", "interests": "钓鱼",
                   "latitude": 31.2, "longitude": 121.5}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.id();
    let c = &created.body;
    assert_eq!(c["name"], "王建国");
    assert_eq!(c["owner_id"], o.s1.user_id);
    assert_eq!(c["stage"], "prospect");
    assert_eq!(c["credit"], "normal");
    assert_eq!(c["tier"], "key");
    assert_eq!(c["source"], "trade_fair");
    assert_eq!(c["version"], 1);
    assert_eq!(c["overdue"], false);
    assert!(c["next_follow_up_date"].is_string(), "{c}");
    let got = app.get(&format!("/api/v1/clients/{id}"), &o.s1.token).await;
    assert_eq!(got.body, created.body);

    let path = format!("/api/v1/clients/{id}");
    let changed = app
        .patch(
            &path,
            &o.s1.token,
            json!({"stage": "intent", "credit": "abnormal", "needs": null, "version": 1}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["stage"], "intent");
    assert_eq!(changed.body["needs"], Value::Null);
    assert_eq!(changed.body["version"], 2);
    // A stale version is refused, and so is a stage move the rules forbid.
    app.patch(&path, &o.s1.token, json!({"name": "x", "version": 1}))
        .await
        .assert_problem(409, "stale_version");
    app.patch(&path, &o.s1.token, json!({"stage": "customer"}))
        .await;
    let back = app
        .patch(&path, &o.s1.token, json!({"stage": "prospect"}))
        .await;
    back.assert_problem(409, "invalid_state");
    assert!(
        back.body["detail"].as_str().unwrap().contains("customer"),
        "{}",
        back.text
    );
    let history = app.get(&format!("{path}/history"), &o.s1.token).await;
    let rows: Vec<(String, Value, Value)> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["field"].as_str().unwrap().to_owned(),
                h["old_value"].clone(),
                h["new_value"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("stage".to_owned(), Value::Null, json!("prospect")),
            ("credit".to_owned(), Value::Null, json!("normal")),
            ("stage".to_owned(), json!("prospect"), json!("intent")),
            ("credit".to_owned(), json!("normal"), json!("abnormal")),
            ("stage".to_owned(), json!("intent"), json!("customer")),
        ]
    );
    // Archive: gone from the list, still readable, back on restore. Nothing is deleted.
    let archived = app
        .post(&format!("{path}/archive"), &o.s1.token, json!({}))
        .await;
    assert_eq!(archived.body["archived"], true, "{}", archived.text);
    assert_eq!(archived.body["next_follow_up_date"], Value::Null);
    let list = app.get("/api/v1/clients", &o.s1.token).await;
    assert_eq!(list.body["total"], 0);
    let list = app.get("/api/v1/clients?archived=true", &o.s1.token).await;
    assert_eq!(ids(&list), vec![id]);
    let restored = app
        .post(&format!("{path}/restore"), &o.s1.token, json!({}))
        .await;
    assert_eq!(restored.body["archived"], false);
    app.request(reqwest::Method::DELETE, &path, Some(&o.s1.token), None)
        .await
        .assert_problem(405, "method_not_allowed");
    let audit = app
        .get(
            &format!("/api/v1/audit-events?entity_type=client&entity_id={id}"),
            &o.admin.token,
        )
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec![
            "client.restore",
            "client.archive",
            "client.update",
            "client.update",
            "client.create"
        ]
    );
}

async fn client_input_is_validated_field_by_field(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let cases = [
        (json!({"name": "a", "email": "not-an-email"}), "email"),
        (json!({"name": "a", "phone": "138-0013-800O"}), "phone"),
        (json!({"name": "a", "tier": "vip"}), "tier"),
        (json!({"name": "a", "stage": "won"}), "stage"),
        (json!({"name": "a", "source": "tv"}), "source"),
        (json!({"name": "x".repeat(65)}), "name"),
        (json!({"name": "a", "needs": "长".repeat(2001)}), "needs"),
        (json!({"name": "   "}), "name"),
        (json!({"company": "c"}), "name"),
        (json!({"name": "a", "latitude": 91.0}), "latitude"),
    ];
    for (body, field) in cases {
        let res = app.post("/api/v1/clients", &o.s1.token, body.clone()).await;
        res.assert_problem(422, "validation_failed");
        assert_eq!(
            res.error_fields(),
            vec![field.to_owned()],
            "{body}: {}",
            res.text
        );
    }
    let id = new_client(&app, &o.s1.token, json!({"name": "ok"})).await;
    let res = app
        .patch(
            &format!("/api/v1/clients/{id}"),
            &o.s1.token,
            json!({"credit": "awful"}),
        )
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["credit"]);
    let res = app
        .patch(
            &format!("/api/v1/clients/{id}"),
            &o.s1.token,
            json!({"email": "x@"}),
        )
        .await;
    assert_eq!(res.error_fields(), vec!["email"]);
    // A salesperson cannot pick another owner; nothing was created by the refusals.
    app.post(
        "/api/v1/clients",
        &o.s1.token,
        json!({"name": "b", "owner_id": o.s2.user_id}),
    )
    .await
    .assert_problem(403, "forbidden");
    assert_eq!(
        app.get("/api/v1/clients", &o.admin.token).await.body["total"],
        1
    );
}

async fn double_claims_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let first = new_client(
        &app,
        &o.s1.token,
        json!({"name": "张伟", "company": "北京华通（集团）有限公司", "phone": "138 0013 8000", "phone2": "010-6552 1234"}),
    )
    .await;
    for phone in [
        "13800138000",
        "+86 138-0013-8000",
        "0086 13800138000",
        "(+86) 138 0013 8000",
        "１３８００１３８０００",
        "＋８６　１３８－００１３－８０００",
        "(010) 6552-1234",
    ] {
        let res = app
            .post(
                "/api/v1/clients",
                &o.s1.token,
                json!({"name": "另一个人", "phone": phone}),
            )
            .await;
        res.assert_problem(409, "duplicate_client");
        assert_eq!(
            res.body["existing_client_id"], first,
            "{phone}: {}",
            res.text
        );
        assert_eq!(res.error_fields(), vec!["phone"]);
    }
    // Same company and contact, spelled differently.
    let res = app
        .post(
            "/api/v1/clients",
            &o.s1.token,
            json!({"name": " 张伟", "company": "北京华通(集团)有限公司 "}),
        )
        .await;
    res.assert_problem(409, "duplicate_client");
    assert_eq!(res.body["existing_client_id"], first);
    // Another region's salesperson learns only that the client is registered: neither its id
    // nor who owns it (else the 409 would be a company-wide phone-number lookup).
    for body in [
        json!({"name": "李四", "phone2": "+8613800138000"}),
        json!({"name": "张伟", "company": "北京华通（集团）有限公司"}),
    ] {
        let res = app.post("/api/v1/clients", &o.s4.token, body).await;
        res.assert_problem(409, "duplicate_client");
        assert!(res.body.get("existing_client_id").is_none(), "{}", res.text);
        assert!(
            res.body.get("existing_owner_team").is_none(),
            "{}",
            res.text
        );
        assert!(!res.text.contains("华东"), "{}", res.text);
        assert!(
            res.str("detail").contains("already registered"),
            "{}",
            res.text
        );
    }
    // Their manager (another region) learns no more.
    let res = app
        .post(
            "/api/v1/clients",
            &o.south_boss.token,
            json!({"name": "王五", "phone": "13800138000"}),
        )
        .await;
    res.assert_problem(409, "duplicate_client");
    assert!(res.body.get("existing_client_id").is_none(), "{}", res.text);
    assert!(
        res.body.get("existing_owner_team").is_none(),
        "{}",
        res.text
    );
    // The manager of the owner sees the id.
    let res = app
        .post(
            "/api/v1/clients",
            &o.east_boss.token,
            json!({"name": "王五", "phone": "13800138000"}),
        )
        .await;
    res.assert_problem(409, "duplicate_client");
    assert_eq!(res.body["existing_client_id"], first);
    assert!(
        res.body.get("existing_owner_team").is_none(),
        "{}",
        res.text
    );
    // Changing another client onto a taken number is refused too.
    let other = new_client(
        &app,
        &o.s1.token,
        json!({"name": "赵六", "phone": "13900000000"}),
    )
    .await;
    app.patch(
        &format!("/api/v1/clients/{other}"),
        &o.s1.token,
        json!({"phone": "138-0013-8000"}),
    )
    .await
    .assert_problem(409, "duplicate_client");
    // Keeping its own number is not a duplicate.
    let res = app
        .patch(
            &format!("/api/v1/clients/{other}"),
            &o.s1.token,
            json!({"phone": "139 0000 0000"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        app.get("/api/v1/clients", &o.admin.token).await.body["total"],
        2
    );
}

async fn lists_filter_search_sort_and_page(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let a = new_client(&app, t, json!({"name": "王建国", "company": "ACME Trading", "phone": "13900001111", "tier": "key", "region": "华东", "source": "online"})).await;
    let bb = new_client(&app, t, json!({"name": "Alice Zhou", "company": "华通建材", "phone": "13800002222", "stage": "intent", "credit": "bad"})).await;
    let c = new_client(&app, t, json!({"name": "陈静", "company": "大华贸易", "phone": "+86 137 0000 3333", "region": "华南"})).await;
    let d = new_client(
        &app,
        &o.s2.token,
        json!({"name": "刘洋", "phone": "13600004444"}),
    )
    .await;
    let q = |s: &str| format!("/api/v1/clients?{s}");
    assert_eq!(ids(&app.get(&q("q=%E5%BB%BA%E5%9B%BD"), t).await), vec![a]); // 建国 (name 王建国)
    assert_eq!(ids(&app.get(&q("q=%E5%8D%8E&sort=name"), t).await).len(), 2); // 华: 华通, 大华
    assert_eq!(ids(&app.get(&q("q=acme"), t).await), vec![a]);
    assert_eq!(ids(&app.get(&q("q=ALICE"), t).await), vec![bb]);
    assert_eq!(ids(&app.get(&q("q=1390"), t).await), vec![a]); // phone prefix
    assert_eq!(ids(&app.get(&q("q=0000%203333"), t).await), vec![c]); // phone contains
    assert_eq!(ids(&app.get(&q("q=%2B86137"), t).await), vec![c]); // +86137
    assert_eq!(ids(&app.get(&q("q=%25"), t).await), Vec::<i64>::new()); // LIKE wildcards are literal
    assert_eq!(ids(&app.get(&q("tier=key"), t).await), vec![a]);
    assert_eq!(ids(&app.get(&q("stage=intent"), t).await), vec![bb]);
    assert_eq!(ids(&app.get(&q("credit=bad"), t).await), vec![bb]);
    assert_eq!(ids(&app.get(&q("source=online"), t).await), vec![a]);
    assert_eq!(
        ids(&app.get(&q("region=%E5%8D%8E%E5%8D%97"), t).await),
        vec![c]
    );
    assert_eq!(
        ids(&app
            .get(&q(&format!("owner_id={}", o.s2.user_id)), &o.admin.token)
            .await),
        vec![d]
    );
    assert_eq!(
        ids(&app
            .get(&q(&format!("team_id={}", o.east)), &o.admin.token)
            .await)
        .len(),
        4
    );
    assert_eq!(
        ids(&app
            .get(
                &q("created_from=2000-01-01T00:00:00Z&created_to=2000-01-02T00:00:00Z"),
                t
            )
            .await)
        .len(),
        0
    );
    assert_eq!(
        ids(&app.get(&q("updated_from=2000-01-01T00:00:00Z"), t).await).len(),
        3
    );
    app.get(&q("tier=vip"), t)
        .await
        .assert_problem(400, "bad_request");
    app.get(&q("per_page=501"), t)
        .await
        .assert_problem(422, "validation_failed");
    // Sorts, each with a stable order, and pages that neither repeat nor skip.
    let by_name = ids(&app.get(&q("sort=name"), t).await);
    assert_eq!(by_name, vec![bb, a, c]); // "Alice…" < "王…" < "陈…" by code point
    let updated = ids(&app.get(&q("sort=updated"), t).await);
    assert_eq!(updated, vec![c, bb, a]);
    let mut paged = Vec::new();
    for page in 1..=2 {
        paged.extend(ids(&app
            .get(&q(&format!("sort=updated&per_page=2&page={page}")), t)
            .await));
    }
    assert_eq!(paged, updated);
    // A follow-up with a next date in the past makes the client overdue; it sorts first.
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(2)).date_naive();
    let fu = app
        .post(
            &format!("/api/v1/clients/{c}/follow-ups"),
            t,
            json!({"kind": "call", "summary": "打过电话", "next_follow_up_date": yesterday}),
        )
        .await;
    assert_eq!(fu.status, StatusCode::CREATED, "{}", fu.text);
    assert_eq!(ids(&app.get(&q("overdue=true"), t).await), vec![c]);
    assert_eq!(
        ids(&app.get(&q("overdue=false&sort=name"), t).await),
        vec![bb, a]
    );
    assert_eq!(ids(&app.get(&q("sort=next_follow_up"), t).await)[0], c);
    let one = app.get(&format!("/api/v1/clients/{c}"), t).await;
    assert_eq!(one.body["overdue"], true);
}

/// Every client endpoint, as another salesperson: 404 and no change.
async fn salespeople_cannot_touch_each_others_clients(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let id = new_client(
        &app,
        &o.s1.token,
        json!({"name": "保密客户", "phone": "13512345678"}),
    )
    .await;
    let before = app
        .get(&format!("/api/v1/clients/{id}"), &o.admin.token)
        .await
        .body;
    let p = format!("/api/v1/clients/{id}");
    let t = &o.s2.token;
    app.get(&p, t).await.assert_problem(404, "not_found");
    app.patch(&p, t, json!({"name": "偷改"}))
        .await
        .assert_problem(404, "not_found");
    app.patch(&p, t, json!({"owner_id": o.s2.user_id}))
        .await
        .assert_problem(404, "not_found");
    app.post(&format!("{p}/archive"), t, json!({}))
        .await
        .assert_problem(404, "not_found");
    app.post(&format!("{p}/restore"), t, json!({}))
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("{p}/history"), t)
        .await
        .assert_problem(404, "not_found");
    app.post(&format!("{p}/satisfaction"), t, json!({"score": 1}))
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("{p}/follow-ups"), t)
        .await
        .assert_problem(404, "not_found");
    app.post(
        &format!("{p}/follow-ups"),
        t,
        json!({"kind": "call", "summary": "x"}),
    )
    .await
    .assert_problem(404, "not_found");
    app.post("/api/v1/cases", t, json!({"client_id": id, "summary": "x"}))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(app.get("/api/v1/clients", t).await.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/clients?q=%E4%BF%9D%E5%AF%86", t)
            .await
            .body["total"],
        0
    );
    assert_eq!(
        app.get("/api/v1/follow-ups/due?date=2100-01-01", t)
            .await
            .body["total"],
        0
    );
    // Finance and HR see no client details: lists 403, records 404.
    for s in [&o.fin, &o.hr] {
        app.get("/api/v1/clients", &s.token)
            .await
            .assert_problem(403, "forbidden");
        app.get("/api/v1/follow-ups", &s.token)
            .await
            .assert_problem(403, "forbidden");
        app.get("/api/v1/cases", &s.token)
            .await
            .assert_problem(403, "forbidden");
        app.get(&p, &s.token).await.assert_problem(404, "not_found");
        app.post("/api/v1/clients", &s.token, json!({"name": "x"}))
            .await
            .assert_problem(403, "forbidden");
    }
    let after = app
        .get(&format!("/api/v1/clients/{id}"), &o.admin.token)
        .await
        .body;
    assert_eq!(before, after);
    let fus = app.get(&format!("{p}/follow-ups"), &o.admin.token).await;
    assert_eq!(fus.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/cases", &o.admin.token).await.body["total"],
        0
    );
}

async fn managers_reach_child_teams_and_reassign_within_scope(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let id = new_client(&app, &o.s3.token, json!({"name": "上海客户"})).await;
    let p = format!("/api/v1/clients/{id}");
    // The regional manager reaches the child team's client; the other region's does not.
    assert_eq!(app.get(&p, &o.east_boss.token).await.status, StatusCode::OK);
    app.get(&p, &o.south_boss.token)
        .await
        .assert_problem(404, "not_found");
    let team = app
        .get(
            &format!("/api/v1/clients?team_id={}", o.shanghai),
            &o.east_boss.token,
        )
        .await;
    assert_eq!(ids(&team), vec![id]);
    // Reassign within scope; out of scope is refused naming the field; salespeople cannot.
    let s4 = o.s4.user_id;
    let res = app
        .patch(&p, &o.east_boss.token, json!({"owner_id": s4}))
        .await;
    res.assert_problem(422, "validation_failed");
    assert_eq!(res.error_fields(), vec!["owner_id"]);
    app.patch(&p, &o.s3.token, json!({"owner_id": o.s1.user_id}))
        .await
        .assert_problem(403, "forbidden");
    let moved = app
        .patch(&p, &o.east_boss.token, json!({"owner_id": o.s1.user_id}))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["owner_id"], o.s1.user_id);
    assert_eq!(moved.body["owner_name"], "User sp1");
    app.get(&p, &o.s3.token)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(app.get(&p, &o.s1.token).await.status, StatusCode::OK);
    let history = app.get(&format!("{p}/history"), &o.s1.token).await;
    let last = history.body.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["field"], "owner_id");
    assert_eq!(last["actor_id"], o.east_boss.user_id);
    // A manager creates for a team member.
    let res = app
        .post(
            "/api/v1/clients",
            &o.east_boss.token,
            json!({"name": "分配客户", "owner_id": o.s3.user_id}),
        )
        .await;
    assert_eq!(res.body["owner_id"], o.s3.user_id, "{}", res.text);
    let res = app
        .post(
            "/api/v1/clients",
            &o.east_boss.token,
            json!({"name": "越界", "owner_id": s4}),
        )
        .await;
    assert_eq!(res.error_fields(), vec!["owner_id"]);
}

async fn satisfaction_shows_latest_and_average(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let id = new_client(&app, &o.s1.token, json!({"name": "满意度"})).await;
    let p = format!("/api/v1/clients/{id}/satisfaction");
    for (score, comment) in [(4, "不错"), (2, "交货慢")] {
        let res = app
            .post(&p, &o.s1.token, json!({"score": score, "comment": comment}))
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        assert_eq!(res.body["author_id"], o.s1.user_id);
    }
    let res = app.post(&p, &o.s1.token, json!({"score": 6})).await;
    assert_eq!(res.error_fields(), vec!["score"]);
    let c = app
        .get(&format!("/api/v1/clients/{id}"), &o.s1.token)
        .await
        .body;
    assert_eq!(c["satisfaction_latest"], 2);
    assert_eq!(c["satisfaction_average"], 3.0);
    assert_eq!(c["satisfaction_count"], 2);
    let listed = app.get("/api/v1/clients", &o.s1.token).await;
    assert_eq!(listed.body["items"][0]["satisfaction_count"], 2);
}

async fn exports_are_scoped_and_audited(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    new_client(
        &app,
        &o.s1.token,
        json!({"name": "导出, \"一\"", "phone": "+86 138 1111 2222"}),
    )
    .await;
    new_client(&app, &o.s2.token, json!({"name": "别人的"})).await;
    let res = app
        .get("/api/v1/clients/export?sort=name", &o.s1.token)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(res.header("content-type").unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = res.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{}", res.text);
    assert!(lines[0].starts_with("id,name,company"));
    assert!(lines[1].contains("\"导出, \"\"一\"\"\""), "{}", lines[1]);
    assert!(lines[1].contains("'+86 138 1111 2222"), "{}", lines[1]);
    assert!(!res.text.contains("别人的"));
    app.get("/api/v1/clients/export", &o.fin.token)
        .await
        .assert_problem(403, "forbidden");
    let audit = app
        .get(
            "/api/v1/audit-events?entity_type=client&entity_id=export",
            &o.admin.token,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.text);
    assert_eq!(audit.body["items"][0]["actor_id"], o.s1.user_id);
    assert_eq!(audit.body["items"][0]["after"]["rows"], 1);
}

async fn demo_data_has_clients_to_show(b: Backend) {
    let app = TestApp::spawn(b).await;
    {
        let mut conn = app.db.get().unwrap();
        assert!(salesops::demo::seed(&mut conn, PASSWORD).unwrap());
    }
    let admin = app.admin().await;
    let all = app.get("/api/v1/clients?per_page=1", &admin.token).await;
    assert_eq!(all.body["total"], 200, "{}", all.text);
    let overdue = app
        .get("/api/v1/clients?overdue=true&per_page=1", &admin.token)
        .await;
    assert!(overdue.body["total"].as_i64().unwrap() > 0);
    let fus = app.get("/api/v1/follow-ups?per_page=1", &admin.token).await;
    assert!(fus.body["total"].as_i64().unwrap() > 200, "{}", fus.text);
    let cases = app
        .get("/api/v1/cases?state=open&per_page=1", &admin.token)
        .await;
    assert!(cases.body["total"].as_i64().unwrap() > 0);
    let mine = app.login("wang.fang", PASSWORD).await;
    assert_eq!(
        app.get("/api/v1/clients?per_page=1", &mine.token)
            .await
            .body["total"],
        25
    );
    let due = app.get("/api/v1/follow-ups/due", &mine.token).await;
    assert!(due.body["total"].as_i64().unwrap() > 0, "{}", due.text);
}

async fn concurrent_claims_of_one_number_make_one_client(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let tokens = [&o.s1.token, &o.s2.token, &o.s3.token, &o.s4.token];
    let attempts = (0..8).map(|i| {
        app.post(
            "/api/v1/clients",
            tokens[i % 4],
            json!({"name": format!("抢单{i}"), "phone": format!("+86 188 0000 {}", if i % 2 == 0 { "0000" } else { "-0000" })}),
        )
    });
    let results = futures_util::future::join_all(attempts).await;
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let refused = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (created, refused),
        (1, 7),
        "{:?}",
        results.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    assert_eq!(
        app.get("/api/v1/clients", &o.admin.token).await.body["total"],
        1
    );
}

/// The search index (`client_search_keys`) is written with every change of a name, company,
/// phone or owner, so search answers what the client file says now, in every scope.
async fn search_follows_every_change_of_a_client(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let found = |res: Resp| ids(&res);
    let search = |q: &str| format!("/api/v1/clients?q={}", urlencode(q));
    let id = new_client(
        &app,
        t,
        json!({"name": "张三丰", "company": "北京武当科技有限公司", "phone": "139-1234-5678"}),
    )
    .await;
    for q in ["三丰", "武当科技", "1391234", "5678", "+86 139 1234"] {
        assert_eq!(found(app.get(&search(q), t).await), vec![id], "{q}");
    }
    // Renamed, new company and phone: the old texts no longer find it, the new ones do.
    let res = app
        .patch(
            &format!("/api/v1/clients/{id}"),
            t,
            json!({"name": "李四光", "company": "上海地质仪器厂", "phone": "13600009999"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    for q in ["三丰", "武当", "1391234"] {
        assert!(found(app.get(&search(q), t).await).is_empty(), "{q}");
    }
    for q in ["四光", "地质", "136000"] {
        assert_eq!(found(app.get(&search(q), t).await), vec![id], "{q}");
    }
    // Texts longer than an index key are confirmed on the client itself.
    let long = "中华人民共和国北京市海淀区中关村科技园区某某有限公司";
    let other = new_client(&app, t, json!({"name": "赵长名", "company": long})).await;
    assert_eq!(found(app.get(&search(long), t).await), vec![other]);
    let near = "中华人民共和国北京市海淀区中关村科技园区别的有限公司";
    assert!(found(app.get(&search(near), t).await).is_empty());
    // A search's total holds on every page, past the end too.
    for n in 1..=3 {
        new_client(&app, t, json!({"name": format!("同名客户{n}")})).await;
    }
    for (page, items) in [(1, 2), (2, 1), (3, 0)] {
        let res = app
            .get(&format!("{}&per_page=2&page={page}", search("同名")), t)
            .await;
        assert_eq!(ids(&res).len(), items, "page {page}");
        assert_eq!(res.body["total"], 3, "page {page}: {}", res.text);
    }
    // Reassigned by the manager: it leaves s1's search and enters s2's; the manager (several
    // owners) and admin (everyone) find it throughout.
    let res = app
        .patch(
            &format!("/api/v1/clients/{id}"),
            &o.east_boss.token,
            json!({"owner_id": o.s2.user_id}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(found(app.get(&search("四光"), t).await).is_empty());
    assert_eq!(found(app.get(&search("四光"), &o.s2.token).await), vec![id]);
    assert_eq!(
        found(app.get(&search("四光"), &o.east_boss.token).await),
        vec![id]
    );
    assert!(found(app.get(&search("四光"), &o.south_boss.token).await).is_empty());
    assert_eq!(
        found(app.get(&search("四光"), &o.admin.token).await),
        vec![id]
    );
    // Handed back over when s2 leaves: s1 finds it again.
    let res = app
        .post(
            "/api/v1/handovers",
            &o.hr.token,
            json!({"from_user_id": o.s2.user_id, "to_user_id": o.s1.user_id}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let mine = found(app.get(&search("四光"), t).await);
    assert_eq!(mine, vec![id]);
    // Archived clients are searched only among the archived.
    let res = app
        .post(&format!("/api/v1/clients/{id}/archive"), t, json!({}))
        .await;
    assert!(res.status.is_success(), "{}", res.text);
    assert!(found(app.get(&search("四光"), t).await).is_empty());
    assert_eq!(
        found(
            app.get(&format!("{}&archived=true", search("四光")), t)
                .await
        ),
        vec![id]
    );
}

/// Clients written before the search index existed (or loaded around the API) have no keys;
/// the server indexes them at start-up, as `salesops serve` and `salesops migrate` do.
async fn clients_stored_before_the_search_index_are_found_after_start_up(b: Backend) {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let id = new_client(&app, t, json!({"name": "钱老板", "phone": "13712340000"})).await;
    let mut conn = app.db.get().unwrap();
    diesel::sql_query("DELETE FROM client_search_keys")
        .execute(&mut *conn)
        .unwrap();
    assert!(ids(&app.get("/api/v1/clients?q=1371234", t).await).is_empty());
    assert_eq!(salesops::clients::search::backfill(&mut conn).unwrap(), 1);
    assert_eq!(salesops::clients::search::backfill(&mut conn).unwrap(), 0);
    assert_eq!(
        ids(&app.get("/api/v1/clients?q=1371234", t).await),
        vec![id]
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn landline_spellings_are_one_number(b: Backend) {
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let first = new_client(
        &app,
        &o.s1.token,
        json!({"name": "北京客户", "phone": "(010) 6552-1234"}),
    )
    .await;
    for phone in [
        "+86 10 6552 1234",
        "0086 10 6552 1234",
        "+86 (0)10 6552 1234",
        "010-65521234",
    ] {
        let res = app
            .post(
                "/api/v1/clients",
                &o.s2.token,
                json!({"name": "另一个人", "phone": phone}),
            )
            .await;
        res.assert_problem(409, "duplicate_client");
        assert_eq!(res.error_fields(), vec!["phone"], "{phone}");
    }
    // The other way round, in phone2, and for a mobile with +86.
    let second = new_client(
        &app,
        &o.s1.token,
        json!({"name": "上海客户", "phone": "+86 21 5555 6666", "phone2": "+86 139 1234 5678"}),
    )
    .await;
    for (field, phone) in [("phone2", "021-5555 6666"), ("phone", "13912345678")] {
        let res = app
            .post(
                "/api/v1/clients",
                &o.s1.token,
                json!({"name": "又一个人", field: phone}),
            )
            .await;
        res.assert_problem(409, "duplicate_client");
        assert_eq!(res.body["existing_client_id"], second, "{phone}");
    }
    // A foreign number is not the mobile its digits would spell.
    new_client(
        &app,
        &o.s1.token,
        json!({"name": "美国客户", "phone": "+1 385 555 0100"}),
    )
    .await;
    new_client(
        &app,
        &o.s1.token,
        json!({"name": "本地客户", "phone": "138 5555 0100"}),
    )
    .await;
    // Search finds the landline in either spelling.
    for q in ["010 6552", "%2B86 10 6552 1234", "65521234"] {
        assert_eq!(
            ids(&app
                .get(&format!("/api/v1/clients?q={q}"), &o.s1.token)
                .await),
            vec![first],
            "{q}"
        );
    }
}

async fn stored_phones_are_renormalized_once_at_start_up(b: Backend) {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn(b).await;
    let o = org(&app).await;
    let t = &o.s1.token;
    let a = new_client(&app, t, json!({"name": "甲", "phone": "+86 10 6552 1234"})).await;
    let z = new_client(&app, t, json!({"name": "乙", "phone": "(010) 6552-0000"})).await;
    // As the old normal form stored them: +86 dropped, no trunk 0; and a number spelt apart.
    let mut conn = app.db.get().unwrap();
    diesel::sql_query(format!(
        "UPDATE clients SET phone_norm = '1065521234' WHERE id = {a}"
    ))
    .execute(&mut *conn)
    .unwrap();
    diesel::sql_query(format!(
        "UPDATE clients SET phone = '+86 10 6552 1234' WHERE id = {z}"
    ))
    .execute(&mut *conn)
    .unwrap();
    diesel::sql_query("DELETE FROM data_upgrades")
        .execute(&mut *conn)
        .unwrap();
    assert_eq!(
        salesops::clients::phones::renormalize(&mut conn).unwrap(),
        2
    );
    assert_eq!(
        salesops::clients::phones::renormalize(&mut conn).unwrap(),
        0
    );
    drop(conn);
    let res = app
        .post(
            "/api/v1/clients",
            &o.s2.token,
            json!({"name": "丙", "phone": "010 6552 1234"}),
        )
        .await;
    res.assert_problem(409, "duplicate_client");
    // Both clients now share one number; each stays editable (only added numbers are checked).
    let res = app
        .patch(
            &format!("/api/v1/clients/{z}"),
            t,
            json!({"stage": "intent"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    // …but moving a third client onto the number is refused.
    let c = new_client(&app, t, json!({"name": "丁", "phone": "13700000000"})).await;
    app.patch(
        &format!("/api/v1/clients/{c}"),
        t,
        json!({"phone2": "+86 10 6552 1234"}),
    )
    .await
    .assert_problem(409, "duplicate_client");
    // The search keys follow the new forms.
    let mut found = ids(&app.get("/api/v1/clients?q=01065521234", t).await);
    found.sort_unstable();
    assert_eq!(found, vec![a, z]);
}
