//! The inbox (待办): `GET /inbox`, what waits for the signed-in user with its counts.

use gloo_net::http::Method;
use salesops_domain::inbox::InboxDto;

use super::{Api, ApiError, Call};

impl Api {
    pub async fn inbox(&self) -> Result<InboxDto, ApiError> {
        self.fetch(Call::new(Method::GET, "/inbox")).await
    }
}
