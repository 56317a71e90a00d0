//! The permission matrix's fixture world: two teams with a manager each, salespeople in team A,
//! finance, HR and admin, and one record of each kind owned by the first salesperson of team A
//! (`sp_a1`), made through the API the way its owner would.

use std::cell::Cell;

use reqwest::StatusCode;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::support::{PASSWORD, Resp, TestApp};

/// A signed-in user of the world.
pub struct Person {
    pub username: String,
    pub id: i64,
    pub token: String,
}

/// The records' ids the matrix fills into paths.
#[derive(Default)]
pub struct Ids {
    pub client: i64,
    pub case: i64,
    /// A weekly plan left in draft (W48), with `visit` in it.
    pub plan: i64,
    pub visit: i64,
    /// An approved weekly plan (W49) with an expense estimate: what advances and claims name.
    pub plan_approved: i64,
    /// A visit of that plan, done and spot-checked (by mgr_a).
    pub checked_visit: i64,
    /// The check of `checked_visit`.
    pub spot_check: i64,
    pub daily_log: i64,
    pub weekly_report: i64,
    /// Manager A's monthly report.
    pub monthly_report: i64,
    pub budget: i64,
    pub standard: i64,
    pub supplement: i64,
    pub advance: i64,
    pub receipt: i64,
    pub claim: i64,
    pub project: i64,
    pub contract: i64,
    pub score: i64,
    pub improvement_plan: i64,
    pub training: i64,
    pub leaving: i64,
    /// Admin's webhook, with `delivery` written straight in.
    pub webhook: i64,
    pub delivery: i64,
    pub job: i64,
    /// Admin's key for sp_a1.
    pub api_key: i64,
    pub rubric: i64,
    pub rubric_items: Value,
}

pub struct World<'a> {
    pub app: &'a TestApp,
    pub admin: Person,
    pub mgr_a: Person,
    pub mgr_b: Person,
    pub sp_a1: Person,
    pub sp_a2: Person,
    pub fin: Person,
    pub hr: Person,
    pub team_a: i64,
    pub ids: Ids,
    counter: Cell<u32>,
}

fn created(res: &Resp, what: &str) -> i64 {
    assert!(
        res.status == StatusCode::CREATED || res.status == StatusCode::OK,
        "fixture {what}: {} {}",
        res.status,
        res.text
    );
    res.id()
}

/// A tiny PNG, unique by `seed`.
pub fn png(seed: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    b.extend_from_slice(&seed.to_be_bytes());
    b.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    b
}

pub fn line(fen: i64, receipts: &[i64]) -> Value {
    json!({"date": "2026-11-30", "place": "上海", "reason": "拜访客户", "category": "travel",
           "amount_fen": fen, "receipt_ids": receipts})
}

fn contract_body(client: i64, project: i64, n: u32) -> Value {
    json!({"client_id": client, "project_id": project,
           "number": format!("PM-HT-{n}"), "title": "照明合同", "amount_fen": 1_000_000,
           "schedule": [{"due_on": "2026-12-10", "amount_fen": 1_000_000, "label": "全款"}]})
}

impl<'a> World<'a> {
    pub async fn new(app: &'a TestApp) -> World<'a> {
        let admin_token = app.admin().await;
        let mgr_a_id = app.seed_user("mgr_a", &[Role::Manager], None);
        let mgr_b_id = app.seed_user("mgr_b", &[Role::Manager], None);
        let team_a = app.seed_team("华东一部", Some(mgr_a_id), None);
        let team_b = app.seed_team("华南一部", Some(mgr_b_id), None);
        app.seed_user("sp_a1", &[Role::Salesperson], Some(team_a));
        app.seed_user("sp_a2", &[Role::Salesperson], Some(team_a));
        app.seed_user("sp_b1", &[Role::Salesperson], Some(team_b));
        app.seed_user("fin", &[Role::Finance], None);
        app.seed_user("hr", &[Role::Hr], None);
        let person = |username: &str, s: crate::support::Session| Person {
            username: username.to_owned(),
            id: s.user_id,
            token: s.token,
        };
        let mut w = World {
            app,
            admin: person("admin", admin_token),
            mgr_a: person("mgr_a", app.login("mgr_a", PASSWORD).await),
            mgr_b: person("mgr_b", app.login("mgr_b", PASSWORD).await),
            sp_a1: person("sp_a1", app.login("sp_a1", PASSWORD).await),
            sp_a2: person("sp_a2", app.login("sp_a2", PASSWORD).await),
            fin: person("fin", app.login("fin", PASSWORD).await),
            hr: person("hr", app.login("hr", PASSWORD).await),
            team_a,
            ids: Ids::default(),
            counter: Cell::new(0),
        };
        w.ids = w.records().await;
        w
    }

    /// A number unique in this world (for names, phones, dates and months of new records).
    pub fn next(&self) -> u32 {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        n
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> Resp {
        self.app.post(path, token, body).await
    }

    async fn records(&self) -> Ids {
        let (a1, ma) = (&self.sp_a1.token, &self.mgr_a.token);
        let admin = &self.admin.token;
        let app = self.app;
        let mut ids = Ids::default();
        let client = json!({"name": "矩阵客户", "company": "矩阵公司", "phone": "13800009999"});
        ids.client = created(&self.post(a1, "/api/v1/clients", client).await, "client");
        let case = json!({"client_id": ids.client, "summary": "发票有误"});
        ids.case = created(&self.post(a1, "/api/v1/cases", case).await, "case");
        let plan = json!({"kind": "weekly", "period": "2026-W48"});
        ids.plan = created(&self.post(a1, "/api/v1/plans", plan).await, "plan");
        let visit = json!({"client_id": ids.client, "planned_date": "2026-11-24"});
        let path = format!("/api/v1/plans/{}/visits", ids.plan);
        ids.visit = created(&self.post(a1, &path, visit).await, "visit");
        let plan = json!({"kind": "weekly", "period": "2026-W49",
                          "expense_estimate": {"travel": 500000}});
        ids.plan_approved = created(&self.post(a1, "/api/v1/plans", plan).await, "plan W49");
        let visit = json!({"client_id": ids.client, "planned_date": "2026-12-01"});
        let path = format!("/api/v1/plans/{}/visits", ids.plan_approved);
        ids.checked_visit = created(&self.post(a1, &path, visit).await, "visit W49");
        let path = format!("/api/v1/visits/{}/complete", ids.checked_visit);
        let done = self.post(a1, &path, json!({"summary": "见了客户"})).await;
        assert!(done.status.is_success(), "complete: {}", done.text);
        let path = format!("/api/v1/plans/{}/submit", ids.plan_approved);
        let submitted = self.post(a1, &path, json!({})).await;
        let path = format!("/api/v1/plans/{}/approve", ids.plan_approved);
        let approved = self
            .post(ma, &path, json!({"version": submitted.body["version"]}))
            .await;
        assert_eq!(approved.body["state"], "approved", "{}", approved.text);
        let check = json!({"visit_id": ids.checked_visit, "result": "confirmed"});
        let checked = self.post(ma, "/api/v1/spot-checks", check).await;
        ids.spot_check = created(&checked, "spot-check");
        let log = json!({"log_date": "2026-11-24", "calls_made": 20, "visits": 2});
        ids.daily_log = created(&self.post(a1, "/api/v1/daily-logs", log).await, "log");
        let report = json!({"week": "2026-W48", "next_plan_id": ids.plan_approved});
        let res = self.post(a1, "/api/v1/weekly-reports", report).await;
        ids.weekly_report = created(&res, "weekly report");
        let monthly = json!({"month": "2026-11", "summary": "十一月总结"});
        let res = self.post(ma, "/api/v1/monthly-reports", monthly).await;
        ids.monthly_report = created(&res, "monthly report");
        let budget = json!({"owner_id": self.sp_a1.id, "month": "2026-12",
                            "category": "per_diem", "amount_fen": 100000});
        ids.budget = created(&self.post(ma, "/api/v1/budgets", budget).await, "budget");
        let standard = json!({"category": "per_diem", "amount_fen": 10000, "unit": "per_day",
                              "effective_from": "2026-11-01"});
        let res = self
            .post(admin, "/api/v1/expense-standards", standard)
            .await;
        ids.standard = created(&res, "standard");
        let supplement = json!({"period": "2026-12", "category": "per_diem",
                                "amount_fen": 5000, "reason": "展会"});
        let res = self
            .post(a1, "/api/v1/budget-supplements", supplement)
            .await;
        ids.supplement = created(&res, "supplement");
        let advance = json!({"plan_id": ids.plan_approved, "amount_fen": 100000,
                             "reason": "差旅借支"});
        ids.advance = created(&self.post(a1, "/api/v1/advances", advance).await, "advance");
        ids.receipt = created(&self.upload(a1, 1).await, "receipt");
        let claim = json!({"plan_id": ids.plan_approved,
                           "lines": [line(60000, &[ids.receipt])]});
        ids.claim = created(
            &self.post(a1, "/api/v1/expense-claims", claim).await,
            "claim",
        );
        let project = json!({"client_id": ids.client, "name": "厂房照明",
                             "expected_amount_fen": 5_000_000});
        ids.project = created(&self.post(a1, "/api/v1/projects", project).await, "project");
        let contract = contract_body(ids.client, ids.project, 0);
        ids.contract = created(
            &self.post(a1, "/api/v1/contracts", contract).await,
            "contract",
        );
        let score = json!({"user_id": self.sp_a1.id, "month": "2026-10"});
        ids.score = created(&self.post(ma, "/api/v1/scores", score).await, "score");
        let iplan = json!({"user_id": self.sp_a1.id, "goals": "周报按时",
                           "review_on": "2027-02-01", "kind": "coaching"});
        let res = self
            .post(&self.hr.token, "/api/v1/improvement-plans", iplan)
            .await;
        ids.improvement_plan = created(&res, "improvement plan");
        let training = self.training_body("2026-11-25");
        ids.training = created(
            &self.post(ma, "/api/v1/trainings", training).await,
            "training",
        );
        let leaving = json!({"user_id": self.sp_a1.id, "leaving_on": "2026-12-31",
                             "reason": "个人原因"});
        ids.leaving = created(&self.post(a1, "/api/v1/leavings", leaving).await, "leaving");
        ids.webhook = self.webhook().await;
        ids.delivery = self.delivery(ids.webhook).await;
        ids.job = crate::jobs::put_failed(app, "score_drafts:2000-01");
        ids.api_key = self.api_key(self.sp_a1.id, &["clients:read"]).await.0;
        let rubrics = app.get("/api/v1/rubrics?role=salesperson", a1).await;
        ids.rubric = rubrics.body[0]["id"].as_i64().expect("a shipped rubric");
        ids.rubric_items = rubrics.body[0]["items"].clone();
        ids
    }

    pub fn contract_body(&self, n: u32) -> Value {
        contract_body(self.ids.client, self.ids.project, n)
    }

    pub fn training_body(&self, date: &str) -> Value {
        json!({"date": date, "topic": "产品培训", "kind": "product", "trainer_id": self.mgr_a.id,
               "attendee_ids": [self.sp_a1.id]})
    }

    /// A receipt uploaded by `token`.
    pub async fn upload(&self, token: &str, seed: u32) -> Resp {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(png(seed)).file_name("receipt.png"),
        );
        let req = self
            .app
            .client
            .post(self.app.url("/api/v1/receipts"))
            .bearer_auth(token)
            .multipart(form);
        Resp::from(req.send().await.expect("upload")).await
    }

    /// A webhook of admin's.
    pub async fn webhook(&self) -> i64 {
        let body = json!({"url": "https://1.1.1.1/hook", "events": ["*"]});
        created(
            &self.post(&self.admin.token, "/api/v1/webhooks", body).await,
            "webhook",
        )
    }

    /// A delivery of `hook`, written straight in (no job runner here).
    async fn delivery(&self, hook: i64) -> i64 {
        use diesel::prelude::*;
        use salesops::db::schema::audit_events;
        use salesops::webhooks::queries::{NewDelivery, add_delivery};
        let mut conn = self.app.db.get().expect("connection");
        let seq: Option<i64> = audit_events::table
            .select(diesel::dsl::max(audit_events::id))
            .first(&mut *conn)
            .expect("last event");
        salesops::db::write(&mut conn, |tx| {
            add_delivery(
                tx,
                &NewDelivery {
                    webhook_id: hook,
                    event_seq: seq.expect("an event"),
                    event: "client.created",
                    payload: "{}",
                    now: salesops::clock::now(),
                },
            )
        })
        .expect("delivery");
        let path = format!("/api/v1/webhooks/{hook}/deliveries");
        let res = self.app.get(&path, &self.admin.token).await;
        res.body["items"][0]["id"].as_i64().expect("delivery id")
    }

    /// An API key (made by admin) for `owner` with `scopes`: its id and the key.
    pub async fn api_key(&self, owner: i64, scopes: &[&str]) -> (i64, String) {
        let n = self.next();
        let body = json!({"name": format!("矩阵 {n}"), "owner_id": owner, "scopes": scopes});
        let res = self.post(&self.admin.token, "/api/v1/api-keys", body).await;
        (created(&res, "api key"), res.str("key"))
    }

    /// A new record for an operation that removes or moves its target, so each caller finds
    /// one as the fixture left it. `None` when the operation's target is the fixture's.
    pub async fn fresh(&self, method: &str, path: &str) -> Option<i64> {
        let n = self.next();
        let date = format!("2026-10-{:02}", n % 28 + 1);
        let (token, url, body) = match (method, path) {
            ("DELETE", "/api/v1/visits/{id}")
            | ("POST", "/api/v1/visits/{id}/complete")
            | ("POST", "/api/v1/visits/{id}/miss")
            | ("POST", "/api/v1/visits/{id}/reschedule") => (
                &self.sp_a1.token,
                "/api/v1/visits",
                json!({"client_id": self.ids.client, "planned_date": "2026-11-25",
                       "purpose": "路过"}),
            ),
            ("DELETE", "/api/v1/attendance/{id}") => (
                &self.mgr_a.token,
                "/api/v1/attendance",
                json!({"user_id": self.sp_a1.id, "date": date, "kind": "absent"}),
            ),
            ("DELETE", "/api/v1/pay-items/{id}") => (
                &self.fin.token,
                "/api/v1/pay-items",
                json!({"user_id": self.sp_a1.id, "month": "2026-11", "kind": "incentive",
                       "amount_fen": 50_000, "note": "季度之星"}),
            ),
            ("DELETE", "/api/v1/branch-profits/{id}") => (
                &self.fin.token,
                "/api/v1/branch-profits",
                json!({"team_id": self.team_a, "month": format!("20{:02}-01", n % 90 + 10),
                       "profit_fen": 10_000_000, "finance_lead_id": self.fin.id}),
            ),
            ("DELETE", "/api/v1/webhooks/{id}") => return Some(self.webhook().await),
            ("DELETE", "/api/v1/api-keys/{id}") => {
                return Some(self.api_key(self.sp_a1.id, &["clients:read"]).await.0);
            }
            ("POST", "/api/v1/users/{id}/disable") => return Some(self.seed_seller(n)),
            ("POST", "/api/v1/users/{id}/enable") => {
                let id = self.seed_seller(n);
                let path = format!("/api/v1/users/{id}/disable");
                let res = self.post(&self.admin.token, &path, json!({})).await;
                assert!(res.status.is_success(), "disable {id}: {}", res.text);
                return Some(id);
            }
            _ => return None,
        };
        Some(created(&self.post(token, url, body).await, path))
    }

    /// A salesperson of team A with nothing of their own (to disable, enable, hand over).
    pub fn seed_seller(&self, n: u32) -> i64 {
        self.app.seed_user(
            &format!("spare{n}"),
            &[Role::Salesperson],
            Some(self.team_a),
        )
    }
}
