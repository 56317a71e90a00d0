//! `/notifications` (the bell) and `/jobs` (the failed-jobs page).

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::jobs::{JobDto, JobState};
use salesops_domain::notifications::{MarkReadRequest, NotificationDto, UnreadCount};

use super::{Api, ApiError, Call, Listing};

/// How many notifications the bell's panel shows.
pub const PANEL_SIZE: u32 = 20;

impl Api {
    pub async fn unread_count(&self) -> Result<UnreadCount, ApiError> {
        self.fetch(Call::new(Method::GET, "/notifications/unread-count"))
            .await
    }

    /// The newest notifications (the panel's first page).
    pub async fn latest_notifications(&self) -> Result<Page<NotificationDto>, ApiError> {
        self.fetch(
            Call::new(Method::GET, "/notifications")
                .query("per_page", PANEL_SIZE)
                .query("page", 1),
        )
        .await
    }

    pub async fn mark_read(&self, ids: Vec<i64>) -> Result<UnreadCount, ApiError> {
        let request = MarkReadRequest {
            ids: Some(ids),
            all: None,
        };
        self.post("/notifications/read", &request).await
    }

    pub async fn mark_all_read(&self) -> Result<UnreadCount, ApiError> {
        let request = MarkReadRequest {
            ids: None,
            all: Some(true),
        };
        self.post("/notifications/read", &request).await
    }

    /// Jobs in `state` (admin).
    pub async fn jobs(&self, state: JobState) -> Result<Listing<JobDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/jobs").query("state", state.as_str()))
            .await
    }

    pub async fn retry_job(&self, id: i64) -> Result<JobDto, ApiError> {
        self.fetch(Call::new(Method::POST, format!("/jobs/{id}/retry")))
            .await
    }
}
