//! The audit walk's driver: calls a write, checks it succeeded and added audit events, and
//! remembers its (method, path template); and the write operations the document lists.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{Resp, TestApp};

/// Sessions, not business data.
const SESSION_PATHS: [&str; 3] = [
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
];

/// POSTs that compute an answer and store nothing.
/// Also the reader's own notifications marked read: the reader's state, not business data.
const READ_ONLY_POSTS: [&str; 2] = [
    "/api/v1/expense-claims/preview",
    "/api/v1/notifications/read",
];

pub(super) enum Body {
    None,
    Json(Value),
    Csv(&'static str),
    /// A multipart upload of a receipt file.
    Receipt(Vec<u8>),
}

/// The scenario's driver: each call is checked to succeed and to add audit events, and its
/// (method, path template) is remembered.
pub(super) struct Walk<'a> {
    pub app: &'a TestApp,
    pub admin: String,
    pub done: BTreeSet<(String, String)>,
}

impl Walk<'_> {
    pub async fn events(&self) -> i64 {
        let res = self
            .app
            .get("/api/v1/audit-events?per_page=1", &self.admin)
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        res.body["total"].as_i64().expect("total")
    }

    /// Calls `template` (its `{id}` replaced by `id`) with `query` appended.
    pub async fn send(
        &mut self,
        method: Method,
        template: &str,
        id: Option<i64>,
        query: &str,
        token: &str,
        body: Body,
    ) -> Resp {
        let path = match id {
            Some(id) => template.replace("{id}", &id.to_string()),
            None => template.to_owned(),
        };
        self.send_to(method, template, &path, query, token, body)
            .await
    }

    /// Calls `path`, an instance of `template` (for templates with more than one id).
    pub async fn send_to(
        &mut self,
        method: Method,
        template: &str,
        path: &str,
        query: &str,
        token: &str,
        body: Body,
    ) -> Resp {
        let before = self.events().await;
        let mut req = self
            .app
            .client
            .request(method.clone(), self.app.url(&format!("{path}{query}")))
            .bearer_auth(token);
        req = match body {
            Body::None => req,
            Body::Json(v) => req.json(&v),
            Body::Csv(text) => req.header("content-type", "text/csv").body(text),
            Body::Receipt(bytes) => req.multipart(reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("receipt.png"),
            )),
        };
        let res = Resp::from(req.send().await.expect("request")).await;
        assert!(
            res.status.is_success(),
            "{method} {path}{query}: {}",
            res.text
        );
        let after = self.events().await;
        assert!(
            after > before,
            "{method} {template} succeeded ({}) without an audit event",
            res.status
        );
        self.done.insert((method.to_string(), template.to_owned()));
        res
    }

    pub async fn post(
        &mut self,
        template: &str,
        id: Option<i64>,
        token: &str,
        body: Value,
    ) -> Resp {
        self.send(Method::POST, template, id, "", token, Body::Json(body))
            .await
    }

    pub async fn patch(&mut self, template: &str, id: i64, token: &str, body: Value) -> Resp {
        self.send(
            Method::PATCH,
            template,
            Some(id),
            "",
            token,
            Body::Json(body),
        )
        .await
    }
}

/// The write operations the served document lists, but sign-in and sign-out.
pub(super) async fn documented_writes(app: &TestApp) -> BTreeSet<(String, String)> {
    let spec: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut writes = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        if SESSION_PATHS.contains(&path.as_str()) || READ_ONLY_POSTS.contains(&path.as_str()) {
            continue;
        }
        for method in item.as_object().expect("path item").keys() {
            if matches!(method.as_str(), "post" | "put" | "patch" | "delete") {
                writes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    writes
}

pub(super) fn version(res: &Resp) -> Value {
    res.body["version"].clone()
}
