//! The typed HTTP client for `/api/v1` (same origin).
//!
//! Every call carries the session's Bearer token. On a 401 the client refreshes the session
//! once and retries; when the refresh is refused the session is cleared, which sends the app
//! to the sign-in page. One refresh at a time: in this tab the calls that need it share one,
//! and across tabs it runs under a browser-wide lock after reading the stored session again,
//! so no tab ever sends a refresh token another tab has spent (which would end the session).
//!
//! Lists: [`Api::fetch_all`] follows the pages of a list, up to [`MAX_PAGES`].

pub mod api_keys;
pub mod auth;
pub mod clients;
pub mod deals;
pub mod finance;
pub mod inbox;
pub mod leavings;
pub mod money;
pub mod notifications;
pub mod pay;
pub mod plans;
pub mod reports;
pub mod rubrics;
pub mod scores;
mod session;
pub mod teams;
pub mod users;
pub mod webhooks;

use gloo_net::http::{Method, RequestBuilder};
use salesops_domain::page::MAX_PER_PAGE;
use salesops_domain::{FieldError, Page, Problem};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::{Auth, use_auth};

pub const BASE: &str = "/api/v1";

/// The most pages [`Api::fetch_all`] reads of one list (of [`MAX_PER_PAGE`] rows each).
pub const MAX_PAGES: u32 = 20;

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
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem { problem, .. } => &problem.errors,
            _ => &[],
        }
    }

    /// Whether the session ended (the app is on its way to the sign-in page, so the page
    /// has nothing more to say).
    pub fn is_signed_out(&self) -> bool {
        matches!(self, ApiError::SignedOut)
    }

    /// The 422 the server would answer for these field errors (a form's own check, made
    /// with the same validators before sending).
    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        let problem = serde_json::from_value::<Problem>(serde_json::json!({
            "title": "Validation failed",
            "status": 422,
            "code": "validation_failed",
            "errors": errors,
        }));
        match problem {
            Ok(problem) => ApiError::Problem {
                problem: Box::new(problem),
                retry_after: None,
            },
            Err(e) => ApiError::Network(e.to_string()),
        }
    }

    /// The HTTP status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem { problem, .. } => Some(problem.status),
            _ => None,
        }
    }

    /// The stable `code` of a refusal.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Problem { problem, .. } => Some(problem.code.as_str()),
            _ => None,
        }
    }
}

/// Every row of a list, or as many as [`MAX_PAGES`] pages hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Rows matching the filter, as the server counts them.
    pub total: i64,
    /// False when the list was cut short at [`MAX_PAGES`].
    pub complete: bool,
}

impl<T> Listing<T> {
    pub fn info(&self) -> ListInfo {
        ListInfo {
            shown: self.items.len(),
            total: self.total,
            complete: self.complete,
        }
    }
}

/// How much of a list a [`Listing`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListInfo {
    pub shown: usize,
    pub total: i64,
    pub complete: bool,
}

impl ListInfo {
    /// Two lists shown as one.
    pub fn and(self, other: ListInfo) -> ListInfo {
        ListInfo {
            shown: self.shown + other.shown,
            total: self.total + other.total,
            complete: self.complete && other.complete,
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

    /// A query pair when there is a value.
    pub fn opt(self, name: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// A multipart form (`FormData`): the browser sets its content type and boundary.
    pub fn form(mut self, form: wasm_bindgen::JsValue) -> Self {
        self.raw = Some(("", form));
        self
    }

    /// A body that is not JSON: a file (`Blob`) sent as it is.
    pub fn raw(mut self, content_type: &'static str, body: wasm_bindgen::JsValue) -> Self {
        self.raw = Some((content_type, body));
        self
    }

    pub fn json<B: Serialize>(mut self, body: &B) -> Result<Self, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
        self.body = Some(text);
        Ok(self)
    }
}

impl Api {
    /// Sends `call` and decodes a JSON answer.
    pub async fn fetch<T: DeserializeOwned>(&self, call: Call) -> Result<T, ApiError> {
        let raw = self.send(call).await?;
        decode(&raw.text)
    }

    /// Every page of the list `call` asks for (without `page`/`per_page`), in order, up to
    /// [`MAX_PAGES`] pages; the listing says when it stopped early.
    pub async fn fetch_all<T: DeserializeOwned>(&self, call: Call) -> Result<Listing<T>, ApiError> {
        let mut items = Vec::new();
        let mut total = 0;
        for page in 1..=MAX_PAGES {
            let got: Page<T> = self
                .fetch(
                    call.clone()
                        .query("page", page)
                        .query("per_page", MAX_PER_PAGE),
                )
                .await?;
            total = got.total;
            let last = got.items.len() < MAX_PER_PAGE as usize;
            items.extend(got.items);
            if last || items.len() as i64 >= total {
                return Ok(Listing {
                    items,
                    total,
                    complete: true,
                });
            }
        }
        Ok(Listing {
            items,
            total,
            complete: false,
        })
    }

    /// `POST`s `body` as JSON to `path` and decodes the answer.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: impl Into<String>,
        body: &B,
    ) -> Result<T, ApiError> {
        self.fetch(Call::new(Method::POST, path).json(body)?).await
    }

    /// `PATCH`es `path` with `body` as JSON and decodes the answer.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: impl Into<String>,
        body: &B,
    ) -> Result<T, ApiError> {
        self.fetch(Call::new(Method::PATCH, path).json(body)?).await
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
        (None, Some(("", form))) => builder.body(form.clone()),
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
