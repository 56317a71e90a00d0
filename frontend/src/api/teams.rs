//! `/teams`.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest};

use super::{Api, ApiError, Call};

impl Api {
    pub async fn list_teams(&self, page: u32, per_page: u32) -> Result<Page<TeamDto>, ApiError> {
        self.fetch(
            Call::new(Method::GET, "/teams")
                .query("page", page)
                .query("per_page", per_page),
        )
        .await
    }

    pub async fn create_team(&self, request: &CreateTeamRequest) -> Result<TeamDto, ApiError> {
        self.fetch(Call::new(Method::POST, "/teams").json(request)?)
            .await
    }

    pub async fn update_team(
        &self,
        id: i64,
        request: &UpdateTeamRequest,
    ) -> Result<TeamDto, ApiError> {
        self.fetch(Call::new(Method::PATCH, format!("/teams/{id}")).json(request)?)
            .await
    }
}
