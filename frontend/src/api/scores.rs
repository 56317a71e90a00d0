//! Scoring (考核, issue 13): `/scores` and their steps, `/scores/status`, `/scores/annual`,
//! `/alerts`, `/improvement-plans`, `/trainings` and `/attendance`.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::attendance::{AttendanceDto, AttendanceRequest, AttendanceSummary};
use salesops_domain::scoring::improvement::{
    CloseImprovementPlanRequest, ImprovementPlanDto, ImprovementPlanRequest, ImprovementState,
};
use salesops_domain::scoring::score::{
    AdjustScoreRequest, AlertDto, AnnualScore, CreateScoreRequest, DisputeScoreRequest,
    FinalizeScoreRequest, ResolveScoreRequest, ScoreDto, ScoreState, ScoreStatus, ScoreStepRequest,
};
use salesops_domain::trainings::{
    AssessmentDto, AssessmentRequest, RetrainingDto, TrainingDto, TrainingRequest,
};
use salesops_domain::workflow::HistoryEntry;

use super::{Api, ApiError, Call, Listing};

/// Filters of `GET /scores`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreFilter {
    pub user_id: Option<i64>,
    pub month: Option<String>,
    pub state: Option<ScoreState>,
    pub team_id: Option<i64>,
}

impl ScoreFilter {
    fn call(&self) -> Call {
        Call::new(Method::GET, "/scores")
            .opt("user_id", self.user_id)
            .opt("month", self.month.clone())
            .opt("state", self.state.map(|s| s.as_str()))
            .opt("team_id", self.team_id)
    }
}

/// The steps that take a [`ScoreStepRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreStep {
    Recompute,
    Acknowledge,
    Reopen,
}

impl ScoreStep {
    fn path(self) -> &'static str {
        match self {
            ScoreStep::Recompute => "recompute",
            ScoreStep::Acknowledge => "acknowledge",
            ScoreStep::Reopen => "reopen",
        }
    }
}

impl Api {
    // --- scores

    pub async fn scores(&self, f: &ScoreFilter) -> Result<Listing<ScoreDto>, ApiError> {
        self.fetch_all(f.call()).await
    }

    /// One person's latest `n` months (newest first).
    pub async fn score_trend(&self, user_id: i64, n: u32) -> Result<Vec<ScoreDto>, ApiError> {
        let page: Page<ScoreDto> = self
            .fetch(
                Call::new(Method::GET, "/scores")
                    .query("user_id", user_id)
                    .query("per_page", n),
            )
            .await?;
        Ok(page.items)
    }

    pub async fn score(&self, id: i64) -> Result<ScoreDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/scores/{id}")))
            .await
    }

    pub async fn create_score(&self, request: &CreateScoreRequest) -> Result<ScoreDto, ApiError> {
        self.post("/scores", request).await
    }

    pub async fn adjust_score(
        &self,
        id: i64,
        request: &AdjustScoreRequest,
    ) -> Result<ScoreDto, ApiError> {
        self.patch(format!("/scores/{id}"), request).await
    }

    pub async fn score_step(
        &self,
        id: i64,
        step: ScoreStep,
        request: &ScoreStepRequest,
    ) -> Result<ScoreDto, ApiError> {
        self.post(format!("/scores/{id}/{}", step.path()), request)
            .await
    }

    pub async fn finalize_score(
        &self,
        id: i64,
        request: &FinalizeScoreRequest,
    ) -> Result<ScoreDto, ApiError> {
        self.post(format!("/scores/{id}/finalize"), request).await
    }

    pub async fn dispute_score(
        &self,
        id: i64,
        request: &DisputeScoreRequest,
    ) -> Result<ScoreDto, ApiError> {
        self.post(format!("/scores/{id}/dispute"), request).await
    }

    pub async fn resolve_score(
        &self,
        id: i64,
        request: &ResolveScoreRequest,
    ) -> Result<ScoreDto, ApiError> {
        self.post(format!("/scores/{id}/resolve"), request).await
    }

    pub async fn score_history(&self, id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/scores/{id}/history")))
            .await
    }

    pub async fn score_status(&self, month: &str) -> Result<ScoreStatus, ApiError> {
        self.fetch(Call::new(Method::GET, "/scores/status").query("month", month))
            .await
    }

    pub async fn annual_score(&self, year: i32, user_id: i64) -> Result<AnnualScore, ApiError> {
        self.fetch(
            Call::new(Method::GET, "/scores/annual")
                .query("year", year)
                .query("user_id", user_id),
        )
        .await
    }

    pub async fn alerts(&self, month: &str) -> Result<Vec<AlertDto>, ApiError> {
        self.fetch(Call::new(Method::GET, "/alerts").query("month", month))
            .await
    }

    // --- improvement plans

    pub async fn improvement_plans(
        &self,
        state: Option<ImprovementState>,
    ) -> Result<Listing<ImprovementPlanDto>, ApiError> {
        self.fetch_all(
            Call::new(Method::GET, "/improvement-plans").opt("state", state.map(|s| s.as_str())),
        )
        .await
    }

    pub async fn open_improvement_plan(
        &self,
        request: &ImprovementPlanRequest,
    ) -> Result<ImprovementPlanDto, ApiError> {
        self.post("/improvement-plans", request).await
    }

    pub async fn close_improvement_plan(
        &self,
        id: i64,
        request: &CloseImprovementPlanRequest,
    ) -> Result<ImprovementPlanDto, ApiError> {
        self.post(format!("/improvement-plans/{id}/close"), request)
            .await
    }

    // --- trainings

    pub async fn trainings(&self, month: Option<&str>) -> Result<Listing<TrainingDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/trainings").opt("month", month))
            .await
    }

    pub async fn training(&self, id: i64) -> Result<TrainingDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/trainings/{id}")))
            .await
    }

    pub async fn create_training(
        &self,
        request: &TrainingRequest,
    ) -> Result<TrainingDto, ApiError> {
        self.post("/trainings", request).await
    }

    /// Changes a training (`version` is the one read).
    pub async fn update_training(
        &self,
        id: i64,
        request: &TrainingRequest,
    ) -> Result<TrainingDto, ApiError> {
        self.patch(format!("/trainings/{id}"), request).await
    }

    pub async fn assess(
        &self,
        training_id: i64,
        request: &AssessmentRequest,
    ) -> Result<AssessmentDto, ApiError> {
        self.post(format!("/trainings/{training_id}/assessments"), request)
            .await
    }

    pub async fn retraining(&self) -> Result<Vec<RetrainingDto>, ApiError> {
        self.fetch(Call::new(Method::GET, "/trainings/retraining"))
            .await
    }

    // --- attendance

    pub async fn attendance(&self, month: &str) -> Result<Listing<AttendanceDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/attendance").query("month", month))
            .await
    }

    pub async fn record_attendance(
        &self,
        request: &AttendanceRequest,
    ) -> Result<AttendanceDto, ApiError> {
        self.post("/attendance", request).await
    }

    pub async fn remove_attendance(&self, id: i64) -> Result<(), ApiError> {
        self.execute(Call::new(Method::DELETE, format!("/attendance/{id}")))
            .await
    }

    pub async fn attendance_summary(
        &self,
        month: &str,
        user_id: i64,
    ) -> Result<AttendanceSummary, ApiError> {
        self.fetch(
            Call::new(Method::GET, "/attendance/summary")
                .query("month", month)
                .query("user_id", user_id),
        )
        .await
    }

    /// A visit (for the evidence link: its week and owner).
    pub async fn visit(&self, id: i64) -> Result<salesops_domain::visits::VisitDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/visits/{id}")))
            .await
    }
}
