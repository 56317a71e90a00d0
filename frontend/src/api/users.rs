//! `/users`.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto, UserListQuery};

use super::{Api, ApiError, Call};

impl Api {
    pub async fn list_users(
        &self,
        filter: &UserListQuery,
        page: u32,
        per_page: u32,
    ) -> Result<Page<UserDto>, ApiError> {
        let mut call = Call::new(Method::GET, "/users")
            .query("page", page)
            .query("per_page", per_page);
        if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            call = call.query("q", q);
        }
        if let Some(role) = filter.role {
            call = call.query("role", role.as_str());
        }
        if let Some(team) = filter.team_id {
            call = call.query("team_id", team);
        }
        if let Some(disabled) = filter.disabled {
            call = call.query("disabled", disabled);
        }
        self.fetch(call).await
    }

    pub async fn create_user(&self, request: &CreateUserRequest) -> Result<UserDto, ApiError> {
        self.fetch(Call::new(Method::POST, "/users").json(request)?)
            .await
    }

    pub async fn update_user(
        &self,
        id: i64,
        request: &UpdateUserRequest,
    ) -> Result<UserDto, ApiError> {
        self.fetch(Call::new(Method::PATCH, format!("/users/{id}")).json(request)?)
            .await
    }

    pub async fn set_user_disabled(&self, id: i64, disabled: bool) -> Result<UserDto, ApiError> {
        let action = if disabled { "disable" } else { "enable" };
        self.fetch(Call::new(Method::POST, format!("/users/{id}/{action}")))
            .await
    }
}
