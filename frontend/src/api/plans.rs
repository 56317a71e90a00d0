//! `/plans`, `/visits`, `/spot-checks`, `/daily-logs` and the client picker of the planner.

use chrono::NaiveDate;
use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::clients::ClientDto;
use salesops_domain::daily_logs::{CreateDailyLogRequest, DailyLogDto, UpdateDailyLogRequest};
use salesops_domain::plans::{
    ApprovePlanRequest, CreatePlanRequest, PlanDto, PlanKind, PlanRevisionsDto, PlanState,
    RejectPlanRequest, SubmitPlanRequest, UpdatePlanRequest,
};
use salesops_domain::progress::WeekSummary;
use salesops_domain::spot_checks::{CreateSpotCheckRequest, SpotCheckDto, SpotCheckSample};
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, PlanVisitRequest, RescheduleVisitRequest, VisitDto,
};

use super::{Api, ApiError, Call, Listing};

/// A new weekly plan of the caller for `week` (`2026-W48`), with nothing filled in yet.
pub fn weekly_plan_request(week: &str) -> CreatePlanRequest {
    CreatePlanRequest {
        kind: PlanKind::Weekly,
        period: week.to_owned(),
        owner_id: None,
        calls_per_day: None,
        visits_per_week: None,
        new_clients: None,
        sales_target: None,
        other_tasks: None,
        expense_estimate: None,
    }
}

impl Api {
    /// The caller's own weekly plan for `week` (`2026-W48`), if there is one.
    pub async fn my_week_plan(
        &self,
        owner_id: i64,
        week: &str,
    ) -> Result<Option<PlanDto>, ApiError> {
        let page: Page<PlanDto> = self
            .fetch(
                Call::new(Method::GET, "/plans")
                    .query("kind", PlanKind::Weekly.as_str())
                    .query("period", week)
                    .query("owner_id", owner_id)
                    .query("per_page", 5),
            )
            .await?;
        Ok(page.items.into_iter().find(|p| p.owner_id == owner_id))
    }

    /// The approval inbox: submitted plans the caller may decide on.
    pub async fn plans_to_review(&self) -> Result<Listing<PlanDto>, ApiError> {
        self.fetch_all(
            Call::new(Method::GET, "/plans")
                .query("to_review", true)
                .query("state", PlanState::Submitted.as_str()),
        )
        .await
    }

    pub async fn create_plan(&self, request: &CreatePlanRequest) -> Result<PlanDto, ApiError> {
        self.post("/plans", request).await
    }

    pub async fn update_plan(
        &self,
        id: i64,
        request: &UpdatePlanRequest,
    ) -> Result<PlanDto, ApiError> {
        self.patch(format!("/plans/{id}"), request).await
    }

    pub async fn submit_plan(&self, id: i64, version: i64) -> Result<PlanDto, ApiError> {
        let body = SubmitPlanRequest {
            version: Some(version),
        };
        self.post(format!("/plans/{id}/submit"), &body).await
    }

    pub async fn approve_plan(
        &self,
        id: i64,
        request: &ApprovePlanRequest,
    ) -> Result<PlanDto, ApiError> {
        self.post(format!("/plans/{id}/approve"), request).await
    }

    pub async fn reject_plan(
        &self,
        id: i64,
        request: &RejectPlanRequest,
    ) -> Result<PlanDto, ApiError> {
        self.post(format!("/plans/{id}/reject"), request).await
    }

    pub async fn plan_revisions(&self, id: i64) -> Result<PlanRevisionsDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/plans/{id}/revisions")))
            .await
    }

    pub async fn plan_visits(&self, id: i64) -> Result<Vec<VisitDto>, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/plans/{id}/visits")))
            .await
    }

    pub async fn add_plan_visit(
        &self,
        plan_id: i64,
        request: &PlanVisitRequest,
    ) -> Result<VisitDto, ApiError> {
        self.post(format!("/plans/{plan_id}/visits"), request).await
    }

    pub async fn remove_plan_visit(&self, id: i64) -> Result<(), ApiError> {
        self.execute(Call::new(Method::DELETE, format!("/visits/{id}")))
            .await
    }

    pub async fn complete_visit(
        &self,
        id: i64,
        request: &CompleteVisitRequest,
    ) -> Result<VisitDto, ApiError> {
        self.post(format!("/visits/{id}/complete"), request).await
    }

    pub async fn miss_visit(
        &self,
        id: i64,
        request: &MissVisitRequest,
    ) -> Result<VisitDto, ApiError> {
        self.post(format!("/visits/{id}/miss"), request).await
    }

    pub async fn reschedule_visit(
        &self,
        id: i64,
        request: &RescheduleVisitRequest,
    ) -> Result<VisitDto, ApiError> {
        self.post(format!("/visits/{id}/reschedule"), request).await
    }

    /// Clients to plan visits to (the caller's own scope), by name, company or phone.
    pub async fn plan_client_choices(&self, q: &str) -> Result<Vec<ClientDto>, ApiError> {
        let mut call = Call::new(Method::GET, "/clients").query("per_page", 20);
        let q = q.trim();
        if !q.is_empty() {
            call = call.query("q", q);
        }
        let page: Page<ClientDto> = self.fetch(call).await?;
        Ok(page.items)
    }

    pub async fn week_summary(&self, week: &str) -> Result<WeekSummary, ApiError> {
        self.fetch(Call::new(Method::GET, "/plans/summary").query("week", week))
            .await
    }

    pub async fn spot_check_sample(
        &self,
        week: &str,
        size: u32,
        seed: Option<u64>,
    ) -> Result<SpotCheckSample, ApiError> {
        let mut call = Call::new(Method::GET, "/spot-checks/sample")
            .query("week", week)
            .query("size", size);
        if let Some(seed) = seed {
            call = call.query("seed", seed);
        }
        self.fetch(call).await
    }

    pub async fn record_spot_check(
        &self,
        request: &CreateSpotCheckRequest,
    ) -> Result<SpotCheckDto, ApiError> {
        self.post("/spot-checks", request).await
    }

    pub async fn my_daily_logs(
        &self,
        owner_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Listing<DailyLogDto>, ApiError> {
        self.fetch_all(
            Call::new(Method::GET, "/daily-logs")
                .query("owner_id", owner_id)
                .query("from", from)
                .query("to", to),
        )
        .await
    }

    pub async fn create_daily_log(
        &self,
        request: &CreateDailyLogRequest,
    ) -> Result<DailyLogDto, ApiError> {
        self.post("/daily-logs", request).await
    }

    pub async fn update_daily_log(
        &self,
        id: i64,
        request: &UpdateDailyLogRequest,
    ) -> Result<DailyLogDto, ApiError> {
        self.patch(format!("/daily-logs/{id}"), request).await
    }
}
