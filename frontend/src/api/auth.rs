//! Sign-in, sign-out and the caller's own account.

use gloo_net::http::Method;
use salesops_domain::auth::{ChangePasswordRequest, LoginRequest, TokenResponse};
use salesops_domain::users::UserDto;
use serde_json::json;

use super::{Api, ApiError, Call};

impl Api {
    pub async fn login(&self, request: &LoginRequest) -> Result<TokenResponse, ApiError> {
        self.fetch_anonymous(Call::new(Method::POST, "/auth/login").json(request)?)
            .await
    }

    /// Ends the session on the server (best effort) and forgets it here.
    pub async fn logout(&self) {
        if let Some(session) = self.auth().current() {
            let body = json!({ "refresh_token": session.refresh_token });
            if let Ok(call) = Call::new(Method::POST, "/auth/logout").json(&body) {
                // Whatever the server says, the session ends here.
                let _ = self.execute(call).await;
            }
        }
        self.auth().clear();
    }

    pub async fn me(&self) -> Result<UserDto, ApiError> {
        self.fetch(Call::new(Method::GET, "/me")).await
    }

    pub async fn change_password(&self, request: &ChangePasswordRequest) -> Result<(), ApiError> {
        self.execute(Call::new(Method::PUT, "/me/password").json(request)?)
            .await
    }
}
