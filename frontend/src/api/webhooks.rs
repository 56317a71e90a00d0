//! Webhooks (issue #14): `/webhooks` and their deliveries.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::webhooks::{
    CreatedWebhookDto, DeliveryDto, WebhookDto, WebhookPatch, WebhookRequest,
};

use super::{Api, ApiError, Call};

impl Api {
    /// The caller's webhooks (an admin's: everyone's), oldest first.
    pub async fn webhooks(&self) -> Result<Vec<WebhookDto>, ApiError> {
        self.fetch(Call::new(Method::GET, "/webhooks")).await
    }

    /// Creates a webhook: the answer holds the signing secret, shown once.
    pub async fn create_webhook(
        &self,
        request: &WebhookRequest,
    ) -> Result<CreatedWebhookDto, ApiError> {
        self.post("/webhooks", request).await
    }

    /// Switches a webhook on (which clears its failures) or off.
    pub async fn set_webhook_enabled(&self, id: i64, on: bool) -> Result<WebhookDto, ApiError> {
        let patch = WebhookPatch {
            enabled: Some(on),
            ..WebhookPatch::default()
        };
        self.patch(format!("/webhooks/{id}"), &patch).await
    }

    pub async fn delete_webhook(&self, id: i64) -> Result<(), ApiError> {
        self.execute(Call::new(Method::DELETE, format!("/webhooks/{id}")))
            .await
    }

    /// The newest page of a webhook's deliveries.
    pub async fn webhook_deliveries(&self, id: i64) -> Result<Page<DeliveryDto>, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/webhooks/{id}/deliveries")))
            .await
    }

    pub async fn retry_delivery(&self, id: i64, delivery: i64) -> Result<DeliveryDto, ApiError> {
        self.fetch(Call::new(
            Method::POST,
            format!("/webhooks/{id}/deliveries/{delivery}/retry"),
        ))
        .await
    }
}
