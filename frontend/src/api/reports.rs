//! `/weekly-reports`, `/monthly-reports` and the weekly plan lookup the report screens need.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::plans::{PlanDto, PlanKind};
use salesops_domain::reports::{
    CreateMonthlyReportRequest, CreateWeeklyReportRequest, MonthlyReportDto, ReviewMonthlyRequest,
    ReviewRequest, UpdateMonthlyReportRequest, UpdateWeeklyReportRequest, WeekReportStatus,
    WeeklyReportDto,
};
use salesops_domain::users::UserDto;
use serde::Serialize;

use super::{Api, ApiError, Call, Listing};

/// The body of a submit (`version` optional).
#[derive(Debug, Serialize)]
struct SubmitBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
}

impl Api {
    /// One person's report for a week, if there is one.
    pub async fn find_weekly_report(
        &self,
        owner_id: i64,
        week: &str,
    ) -> Result<Option<WeeklyReportDto>, ApiError> {
        let page: Page<WeeklyReportDto> = self
            .fetch(
                Call::new(Method::GET, "/weekly-reports")
                    .query("owner_id", owner_id)
                    .query("week", week)
                    .query("page", 1)
                    .query("per_page", 1),
            )
            .await?;
        // Lists carry only frozen figures; the report itself has the live ones of a draft.
        match page.items.into_iter().next() {
            Some(found) => self.get_weekly_report(found.id).await.map(Some),
            None => Ok(None),
        }
    }

    pub async fn create_weekly_report(&self, week: &str) -> Result<WeeklyReportDto, ApiError> {
        let body = CreateWeeklyReportRequest {
            week: week.to_owned(),
            next_plan_id: None,
            sections: None,
        };
        self.post("/weekly-reports", &body).await
    }

    pub async fn get_weekly_report(&self, id: i64) -> Result<WeeklyReportDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/weekly-reports/{id}")))
            .await
    }

    /// The print view (HTML), fetched with the session's token.
    pub async fn weekly_report_html(&self, id: i64) -> Result<String, ApiError> {
        let call = Call::new(Method::GET, format!("/weekly-reports/{id}")).query("format", "html");
        Ok(self.send(call).await?.text)
    }

    pub async fn update_weekly_report(
        &self,
        id: i64,
        body: &UpdateWeeklyReportRequest,
    ) -> Result<WeeklyReportDto, ApiError> {
        self.patch(format!("/weekly-reports/{id}"), body).await
    }

    pub async fn submit_weekly_report(
        &self,
        id: i64,
        version: Option<i64>,
    ) -> Result<WeeklyReportDto, ApiError> {
        self.post(
            format!("/weekly-reports/{id}/submit"),
            &SubmitBody { version },
        )
        .await
    }

    pub async fn review_weekly_report(
        &self,
        id: i64,
        body: &ReviewRequest,
    ) -> Result<WeeklyReportDto, ApiError> {
        self.post(format!("/weekly-reports/{id}/review"), body)
            .await
    }

    pub async fn weekly_report_status(&self, week: &str) -> Result<WeekReportStatus, ApiError> {
        self.fetch(Call::new(Method::GET, "/weekly-reports/status").query("week", week))
            .await
    }

    /// The caller's weekly plan for `week`, if any.
    pub async fn find_weekly_plan(
        &self,
        owner_id: i64,
        week: &str,
    ) -> Result<Option<PlanDto>, ApiError> {
        let page: Page<PlanDto> = self
            .fetch(
                Call::new(Method::GET, "/plans")
                    .query("owner_id", owner_id)
                    .query("kind", PlanKind::Weekly.as_str())
                    .query("period", week)
                    .query("page", 1)
                    .query("per_page", 1),
            )
            .await?;
        Ok(page.items.into_iter().next())
    }

    pub async fn get_user_by_id(&self, id: i64) -> Result<UserDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/users/{id}")))
            .await
    }

    /// Monthly reports the caller may see: their own and those of the managers below them.
    pub async fn list_monthly_reports(&self) -> Result<Listing<MonthlyReportDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/monthly-reports"))
            .await
    }

    pub async fn create_monthly_report(
        &self,
        body: &CreateMonthlyReportRequest,
    ) -> Result<MonthlyReportDto, ApiError> {
        self.post("/monthly-reports", body).await
    }

    pub async fn update_monthly_report(
        &self,
        id: i64,
        body: &UpdateMonthlyReportRequest,
    ) -> Result<MonthlyReportDto, ApiError> {
        self.patch(format!("/monthly-reports/{id}"), body).await
    }

    pub async fn submit_monthly_report(&self, id: i64) -> Result<MonthlyReportDto, ApiError> {
        self.post(
            format!("/monthly-reports/{id}/submit"),
            &SubmitBody { version: None },
        )
        .await
    }

    pub async fn review_monthly_report(
        &self,
        id: i64,
        body: &ReviewMonthlyRequest,
    ) -> Result<MonthlyReportDto, ApiError> {
        self.post(format!("/monthly-reports/{id}/review"), body)
            .await
    }
}
