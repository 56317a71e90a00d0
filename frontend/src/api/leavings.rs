//! Leavings (离职, issue 13): `/leavings`, their checklist, the manager's decision, closing
//! and the history.

use gloo_net::http::Method;
use salesops_domain::budgets::DecideRequest;
use salesops_domain::expenses::RejectRequest;
use salesops_domain::leavings::{ChecklistRequest, CreateLeavingRequest, LeavingDto, LeavingState};
use salesops_domain::workflow::HistoryEntry;

use super::{Api, ApiError, Call, Listing};

/// The steps of a leaving that take a [`DecideRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeavingStep {
    Approve,
    Cancel,
    Close,
}

impl LeavingStep {
    fn path(self) -> &'static str {
        match self {
            LeavingStep::Approve => "approve",
            LeavingStep::Cancel => "cancel",
            LeavingStep::Close => "close",
        }
    }
}

impl Api {
    /// Leavings in scope (HR: everyone's; a manager: their teams'; anyone else: their own),
    /// newest first.
    pub async fn leavings(
        &self,
        state: Option<LeavingState>,
        user_id: Option<i64>,
    ) -> Result<Listing<LeavingDto>, ApiError> {
        self.fetch_all(
            Call::new(Method::GET, "/leavings")
                .opt("state", state.map(|s| s.as_str()))
                .opt("user_id", user_id),
        )
        .await
    }

    pub async fn leaving(&self, id: i64) -> Result<LeavingDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/leavings/{id}")))
            .await
    }

    pub async fn create_leaving(
        &self,
        request: &CreateLeavingRequest,
    ) -> Result<LeavingDto, ApiError> {
        self.post("/leavings", request).await
    }

    pub async fn leaving_checklist(
        &self,
        id: i64,
        request: &ChecklistRequest,
    ) -> Result<LeavingDto, ApiError> {
        self.patch(format!("/leavings/{id}/checklist"), request)
            .await
    }

    pub async fn leaving_step(
        &self,
        id: i64,
        step: LeavingStep,
        request: &DecideRequest,
    ) -> Result<LeavingDto, ApiError> {
        self.post(format!("/leavings/{id}/{}", step.path()), request)
            .await
    }

    pub async fn reject_leaving(
        &self,
        id: i64,
        request: &RejectRequest,
    ) -> Result<LeavingDto, ApiError> {
        self.post(format!("/leavings/{id}/reject"), request).await
    }

    pub async fn leaving_history(&self, id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/leavings/{id}/history")))
            .await
    }
}
