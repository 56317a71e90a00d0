//! Money out over HTTP (issue 11): standards, budgets and supplements, advances, receipts,
//! claims with their rules and two approvals, idempotency, finance's reports.

mod advances;
mod claims;
mod demo;
mod idempotency;
mod receipts;
mod report_files;
mod reports;
mod rules;

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::support::{PASSWORD, Resp, Team, TestApp};

/// Makes each fixture client different (phones and names are checked for duplicates).
static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A team (manager `boss` over `sp1`, `sp2`), a finance clerk `fin`, and admin.
pub struct Money {
    pub app: TestApp,
    pub t: Team,
    pub fin: String,
    pub fin_id: i64,
}

impl Money {
    pub async fn new(b: Backend) -> Money {
        Money::on(TestApp::spawn(b).await).await
    }

    pub async fn on(app: TestApp) -> Money {
        let t = Team::new(&app, 2).await;
        let fin_id = app.seed_user("fin", &[Role::Finance], None);
        let fin = app.login("fin", PASSWORD).await.token;
        Money {
            app,
            t,
            fin,
            fin_id,
        }
    }

    pub async fn standard(&self, body: Value) -> i64 {
        let res = self
            .app
            .post("/api/v1/expense-standards", &self.t.admin, body)
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "standard: {}", res.text);
        res.id()
    }

    /// `sp`'s weekly plan for `week` with `estimate`, a visit on each of `days`, submitted
    /// and approved by the boss. Returns the plan id and the visit ids.
    pub async fn approved_plan(
        &self,
        sp: &str,
        week: &str,
        estimate: Value,
        days: &[&str],
    ) -> (i64, Vec<i64>) {
        let app = &self.app;
        let plan = app
            .post(
                "/api/v1/plans",
                sp,
                json!({"kind": "weekly", "period": week, "expense_estimate": estimate}),
            )
            .await;
        assert_eq!(plan.status, StatusCode::CREATED, "plan: {}", plan.text);
        let plan_id = plan.id();
        let mut visits = Vec::new();
        for day in days {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let client = app
                .post(
                    "/api/v1/clients",
                    sp,
                    json!({"name": format!("客户{n}"), "company": format!("公司{n}"),
                           "phone": format!("1390000{n:04}")}),
                )
                .await;
            assert_eq!(
                client.status,
                StatusCode::CREATED,
                "client: {}",
                client.text
            );
            let v = app
                .post(
                    &format!("/api/v1/plans/{plan_id}/visits"),
                    sp,
                    json!({"client_id": client.id(), "planned_date": day}),
                )
                .await;
            assert_eq!(v.status, StatusCode::CREATED, "visit: {}", v.text);
            visits.push(v.id());
        }
        let s = app
            .post(&format!("/api/v1/plans/{plan_id}/submit"), sp, json!({}))
            .await;
        assert_eq!(s.status, StatusCode::OK, "submit plan: {}", s.text);
        let a = app
            .post(
                &format!("/api/v1/plans/{plan_id}/approve"),
                &self.t.boss,
                json!({"version": s.body["version"]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "approve plan: {}", a.text);
        (plan_id, visits)
    }

    pub async fn budget(&self, owner: i64, month: &str, category: &str, fen: i64) -> i64 {
        let res = self
            .app
            .post(
                "/api/v1/budgets",
                &self.t.boss,
                json!({"owner_id": owner, "month": month, "category": category, "amount_fen": fen}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "budget: {}", res.text);
        res.id()
    }

    pub async fn claim(&self, sp: &str, body: Value) -> Value {
        let res = self.app.post("/api/v1/expense-claims", sp, body).await;
        assert_eq!(res.status, StatusCode::CREATED, "claim: {}", res.text);
        res.body
    }

    /// `POST /expense-claims/{id}/{action}` with `body` plus the claim's current version.
    pub async fn step(&self, token: &str, claim: &Value, action: &str, mut body: Value) -> Resp {
        let id = claim["id"].as_i64().expect("claim id");
        body["version"] = claim["version"].clone();
        self.app
            .post(
                &format!("/api/v1/expense-claims/{id}/{action}"),
                token,
                body,
            )
            .await
    }

    /// Asserts the step answered 200 and returns the claim after it.
    pub async fn ok(&self, token: &str, claim: &Value, action: &str, body: Value) -> Value {
        let res = self.step(token, claim, action, body).await;
        assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.text);
        res.body
    }

    pub async fn get(&self, token: &str, path: &str) -> Value {
        let res = self.app.get(path, token).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.text);
        res.body
    }

    /// Uploads `bytes` as a receipt of `token`'s.
    pub async fn upload(
        &self,
        token: &str,
        name: &str,
        bytes: Vec<u8>,
        invoice: Option<&str>,
    ) -> Resp {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("image/jpeg")
                .expect("mime"),
        );
        if let Some(n) = invoice {
            form = form.text("invoice_number", n.to_owned());
        }
        let res = self
            .app
            .client
            .post(self.app.url("/api/v1/receipts"))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        Resp::from(res).await
    }

    /// A receipt of `token`'s: a small PNG, made unique by `seed`.
    pub async fn receipt(&self, token: &str, seed: u32) -> i64 {
        let res = self.upload(token, "receipt.png", png(seed), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "receipt: {}", res.text);
        res.id()
    }
}

/// A tiny PNG (its signature and header chunk) with `seed` in it, so each is a new file.
pub fn png(seed: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    b.extend_from_slice(&seed.to_be_bytes());
    b.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    b
}

/// One claim line.
pub fn line(date: &str, category: &str, fen: i64) -> Value {
    json!({"date": date, "place": "上海", "reason": "拜访客户", "category": category,
           "amount_fen": fen, "receipt_ids": []})
}

pub fn flags(claim: &Value, line: usize) -> Vec<String> {
    claim["lines"][line]["flags"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
