//! `/teams`.

use gloo_net::http::Method;
use salesops_domain::teams::{CreateTeamRequest, TeamDto, UpdateTeamRequest};

use super::{Api, ApiError, Call, Listing};

impl Api {
    /// Every team the caller may see.
    pub async fn all_teams(&self) -> Result<Listing<TeamDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/teams")).await
    }

    pub async fn create_team(&self, request: &CreateTeamRequest) -> Result<TeamDto, ApiError> {
        self.post("/teams", request).await
    }

    pub async fn update_team(
        &self,
        id: i64,
        request: &UpdateTeamRequest,
    ) -> Result<TeamDto, ApiError> {
        self.patch(format!("/teams/{id}"), request).await
    }
}
