//! The typed HTTP client for `/api/v1` (same origin).
//!
//! Every call carries the session's Bearer token. On a 401 the client refreshes the session
//! once (one refresh at a time, shared by every call that needs it) and retries; when the
//! refresh is refused the session is cleared, which sends the app to the sign-in page.

pub mod auth;
pub mod clients;
pub mod plans;
pub mod reports;
pub mod teams;
pub mod users;

use std::cell::RefCell;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use gloo_net::http::{Method, RequestBuilder};
use salesops_domain::Problem;
use salesops_domain::auth::{RefreshRequest, TokenResponse};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::{Auth, Session, use_auth};

pub const BASE: &str = "/api/v1";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error (`application/problem+json`, or one made up from
    /// the status when the body was not a problem).
    Problem {
        /// Boxed: it is large, and errors travel through every `Result`.
        problem: Box<Problem>,
        /// Seconds from a `Retry-After` header (429).
        retry_after: Option<u64>,
    },
    /// The request did not reach the server, or its answer could not be read.
    Network(String),
    /// The session was refused and has been cleared.
    SignedOut,
}

impl ApiError {
    /// The field errors of a 422, if any.
    pub fn field_errors(&self) -> &[salesops_domain::FieldError] {
        match self {
            ApiError::Problem { problem, .. } => &problem.errors,
            _ => &[],
        }
    }
}

/// A raw answer: status, body text and the headers the app looks at.
struct Raw {
    status: u16,
    text: String,
    retry_after: Option<u64>,
}

/// The client; cheap to copy. Get one with `use_api()` inside a component.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    auth: Auth,
}

pub fn use_api() -> Api {
    Api { auth: use_auth() }
}

/// A request to make: method, path under [`BASE`], query pairs and a JSON body.
#[derive(Debug, Clone)]
pub struct Call {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<String>,
    /// A body that is not JSON (a CSV upload): its content type and the bytes (a `Blob`).
    raw: Option<(&'static str, wasm_bindgen::JsValue)>,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            raw: None,
        }
    }

    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    pub fn json<B: Serialize>(mut self, body: &B) -> Result<Self, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
        self.body = Some(text);
        Ok(self)
    }
}

#[derive(Debug, Clone)]
enum RefreshOutcome {
    Renewed(Session),
    Refused,
    Failed(ApiError),
}

thread_local! {
    /// The refresh in flight, shared by every call that got a 401 meanwhile.
    static REFRESHING: RefCell<Option<Shared<LocalBoxFuture<'static, RefreshOutcome>>>> =
        const { RefCell::new(None) };
}

impl Api {
    /// Sends `call` and decodes a JSON answer.
    pub async fn fetch<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let raw = self.send(call).await?;
        decode(&raw.text)
    }

    /// Sends `call` and ignores the answer's body (204 and the like).
    pub async fn execute(&self, call: Call) -> Result<(), ApiError> {
        self.send(call).await.map(|_| ())
    }

    /// Sends without a session and without refreshing (sign-in).
    pub async fn fetch_anonymous<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let raw = check(send_raw(&call, None).await?)?;
        decode(&raw.text)
    }

    pub fn auth(&self) -> Auth {
        self.auth
    }

    async fn send(&self, call: Call) -> Result<Raw, ApiError> {
        let Some(session) = self.auth.current() else {
            return check(send_raw(&call, None).await?);
        };
        let raw = send_raw(&call, Some(&session.access_token)).await?;
        if raw.status != 401 {
            return check(raw);
        }
        let renewed = match self.refresh(&session.access_token).await {
            RefreshOutcome::Renewed(s) => s,
            RefreshOutcome::Refused => {
                self.auth.clear();
                return Err(ApiError::SignedOut);
            }
            RefreshOutcome::Failed(e) => return Err(e),
        };
        let raw = send_raw(&call, Some(&renewed.access_token)).await?;
        if raw.status == 401 {
            self.auth.clear();
            return Err(ApiError::SignedOut);
        }
        check(raw)
    }

    /// Renews the session whose access token `used` was refused, unless another call did so
    /// already.
    async fn refresh(&self, used: &str) -> RefreshOutcome {
        match self.auth.current() {
            None => return RefreshOutcome::Refused,
            Some(s) if s.access_token != used => return RefreshOutcome::Renewed(s),
            Some(_) => {}
        }
        let shared = REFRESHING.with(|slot| {
            let mut slot = slot.borrow_mut();
            if let Some(f) = slot.as_ref() {
                return f.clone();
            }
            let auth = self.auth;
            let fut = async move { refresh_session(auth).await }
                .boxed_local()
                .shared();
            *slot = Some(fut.clone());
            fut
        });
        let outcome = shared.await;
        REFRESHING.with(|slot| slot.borrow_mut().take());
        outcome
    }
}

async fn refresh_session(auth: Auth) -> RefreshOutcome {
    let Some(session) = auth.current() else {
        return RefreshOutcome::Refused;
    };
    let body = RefreshRequest {
        refresh_token: session.refresh_token,
    };
    let call = match Call::new(Method::POST, "/auth/refresh").json(&body) {
        Ok(c) => c,
        Err(e) => return RefreshOutcome::Failed(e),
    };
    let raw = match send_raw(&call, None).await {
        Ok(raw) => raw,
        Err(e) => return RefreshOutcome::Failed(e),
    };
    if !(200..300).contains(&raw.status) {
        // 401 (and any other refusal, e.g. 400 for a malformed token) ends the session.
        return if raw.status >= 500 {
            RefreshOutcome::Failed(problem_from(&raw))
        } else {
            RefreshOutcome::Refused
        };
    }
    match decode::<TokenResponse>(&raw.text) {
        Ok(tokens) => {
            let session = Session::from(tokens);
            auth.store(session.clone());
            RefreshOutcome::Renewed(session)
        }
        Err(e) => RefreshOutcome::Failed(e),
    }
}

async fn send_raw(call: &Call, token: Option<&str>) -> Result<Raw, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{}", call.path))
        .method(call.method.clone())
        .header("Accept", "application/json, application/problem+json");
    if !call.query.is_empty() {
        builder = builder.query(call.query.iter().map(|(k, v)| (*k, v.as_str())));
    }
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match (&call.body, &call.raw) {
        (Some(body), _) => builder
            .header("Content-Type", "application/json")
            .body(body.clone()),
        (None, Some((content_type, raw))) => builder
            .header("Content-Type", content_type)
            .body(raw.clone()),
        (None, None) => builder.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse().ok());
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok(Raw {
        status,
        text,
        retry_after,
    })
}

fn check(raw: Raw) -> Result<Raw, ApiError> {
    if (200..300).contains(&raw.status) {
        Ok(raw)
    } else {
        Err(problem_from(&raw))
    }
}

fn problem_from(raw: &Raw) -> ApiError {
    // Not a problem body (a proxy's error page, say): make one from the status. Built from
    // JSON so that fields added to `Problem` later keep their defaults.
    let parsed = serde_json::from_str::<Problem>(&raw.text).or_else(|_| {
        let code = if raw.status >= 500 {
            "server_error".to_owned()
        } else {
            format!("http_{}", raw.status)
        };
        serde_json::from_value::<Problem>(serde_json::json!({
            "title": format!("HTTP {}", raw.status),
            "status": raw.status,
            "code": code,
        }))
    });
    match parsed {
        Ok(problem) => ApiError::Problem {
            problem: Box::new(problem),
            retry_after: raw.retry_after,
        },
        Err(e) => ApiError::Network(format!("HTTP {}: {e}", raw.status)),
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Network(format!("unreadable answer: {e}")))
}
