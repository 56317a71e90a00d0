//! Deals over HTTP (issue 12): projects, contracts and their review, payments, receivables,
//! aging, the collection rate, collections and the letter.

mod contracts;
mod projects;
mod receivables;
mod reports;

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use crate::support::{PASSWORD, Resp, Team, TestApp};

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A team (manager `boss` over `sp1`, `sp2`), a finance clerk `fin`, and admin.
pub struct Deals {
    pub app: TestApp,
    pub t: Team,
    pub fin: String,
}

pub fn id(doc: &Value) -> i64 {
    doc["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {doc}"))
}

impl Deals {
    pub async fn new(b: Backend) -> Deals {
        let app = TestApp::spawn(b).await;
        let t = Team::new(&app, 2).await;
        app.seed_user("fin", &[Role::Finance], None);
        let fin = app.login("fin", PASSWORD).await.token;
        Deals { app, t, fin }
    }

    /// A new client of `sp`'s named `name`.
    pub async fn client(&self, sp: &str, name: &str) -> i64 {
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let res = self
            .app
            .post(
                "/api/v1/clients",
                sp,
                json!({"name": name, "phone": format!("1391111{n:04}")}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "client: {}", res.text);
        res.id()
    }

    pub async fn get(&self, token: &str, path: &str) -> Value {
        let res = self.app.get(path, token).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.text);
        res.body
    }

    /// `POST /contracts/{id}/{action}` with `body` plus the contract's version.
    pub async fn step(&self, token: &str, doc: &Value, action: &str, mut body: Value) -> Resp {
        body["version"] = doc["version"].clone();
        self.app
            .post(
                &format!("/api/v1/contracts/{}/{action}", id(doc)),
                token,
                body,
            )
            .await
    }

    pub async fn ok(&self, token: &str, doc: &Value, action: &str, body: Value) -> Value {
        let res = self.step(token, doc, action, body).await;
        assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.text);
        res.body
    }

    /// A drafted contract of `sp`'s on `client` with `schedule` as `(due_on, fen)`.
    pub async fn draft(
        &self,
        sp: &str,
        client: i64,
        number: &str,
        schedule: &[(&str, i64)],
    ) -> Value {
        let res = self
            .app
            .post(
                "/api/v1/contracts",
                sp,
                contract_body(client, number, schedule),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "contract: {}", res.text);
        res.body
    }

    /// The contract drafted, submitted, approved by the boss and signed on `signed_on`.
    pub async fn signed(
        &self,
        sp: &str,
        client: i64,
        number: &str,
        schedule: &[(&str, i64)],
        signed_on: &str,
    ) -> Value {
        let c = self.draft(sp, client, number, schedule).await;
        self.sign_off(sp, c, signed_on).await
    }

    /// Submit, approve (boss) and sign a drafted contract.
    pub async fn sign_off(&self, sp: &str, c: Value, signed_on: &str) -> Value {
        let c = self.ok(sp, &c, "submit", json!({})).await;
        let c = self.ok(&self.t.boss, &c, "approve", json!({})).await;
        self.ok(sp, &c, "sign", json!({"signed_on": signed_on}))
            .await
    }

    /// Finance records a payment; returns the answer.
    pub async fn pay(&self, contract: i64, on: &str, fen: i64) -> Resp {
        self.app
            .post(
                &format!("/api/v1/contracts/{contract}/payments"),
                &self.fin,
                json!({"received_on": on, "amount_fen": fen, "method": "bank_transfer",
                       "reference": format!("BANK-{on}")}),
            )
            .await
    }

    pub async fn paid(&self, contract: i64, on: &str, fen: i64) -> Value {
        let res = self.pay(contract, on, fen).await;
        assert_eq!(res.status, StatusCode::CREATED, "payment: {}", res.text);
        res.body
    }
}

pub fn contract_body(client: i64, number: &str, schedule: &[(&str, i64)]) -> Value {
    let total: i64 = schedule.iter().map(|(_, f)| f).sum();
    let lines: Vec<Value> = schedule
        .iter()
        .enumerate()
        .map(|(i, (due, fen))| json!({"due_on": due, "amount_fen": fen, "label": format!("第{}期", i + 1)}))
        .collect();
    json!({"client_id": client, "number": number, "title": "供货合同", "amount_fen": total,
           "schedule": lines})
}
