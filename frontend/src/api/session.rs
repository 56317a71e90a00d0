//! Sending with the session: the Bearer token, and the refresh on a 401 (one at a time in
//! this tab, under a browser-wide lock across tabs).

use std::cell::RefCell;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use gloo_net::http::Method;
use salesops_domain::auth::{RefreshRequest, TokenResponse};

use super::{Api, ApiError, Call, Raw, check, decode, problem_from, send_raw};
use crate::auth::lock::with_lock;
use crate::auth::{Auth, Session};

/// The name of the browser-wide lock held while the session is refreshed.
const REFRESH_LOCK: &str = "salesops.refresh";

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
    /// Sends `call` with the session's token; on a 401 renews the session once and retries.
    pub(super) async fn send(&self, call: Call) -> Result<Raw, ApiError> {
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
            let used = used.to_owned();
            let fut = async move { refresh_session(auth, used).await }
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

/// Renews the session whose access token `used` was refused, holding the browser-wide
/// refresh lock: another tab may have renewed it meanwhile, and then its stored session is the
/// one to take (its refresh token is the only one still good).
async fn refresh_session(auth: Auth, used: String) -> RefreshOutcome {
    with_lock(REFRESH_LOCK, move || async move {
        let session = match auth.stored() {
            // Signed out in another tab.
            None => return RefreshOutcome::Refused,
            Some(stored) if stored.access_token != used => {
                auth.adopt(Some(stored.clone()));
                return RefreshOutcome::Renewed(stored);
            }
            Some(stored) => stored,
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
    })
    .await
}
