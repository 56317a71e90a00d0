//! API keys (admin, issue #14): `/api-keys`.

use gloo_net::http::Method;
use salesops_domain::api_keys::{ApiKeyDto, ApiKeyRequest, CreatedApiKeyDto};

use super::{Api, ApiError, Call, Listing};

impl Api {
    /// Every key, newest first (never the keys themselves).
    pub async fn all_api_keys(&self) -> Result<Listing<ApiKeyDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/api-keys")).await
    }

    /// Creates a key: the answer holds the key itself, shown once.
    pub async fn create_api_key(
        &self,
        request: &ApiKeyRequest,
    ) -> Result<CreatedApiKeyDto, ApiError> {
        self.post("/api-keys", request).await
    }

    pub async fn revoke_api_key(&self, id: i64) -> Result<(), ApiError> {
        self.execute(Call::new(Method::DELETE, format!("/api-keys/{id}")))
            .await
    }
}
