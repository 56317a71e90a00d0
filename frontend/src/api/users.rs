//! `/users`.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::users::{CreateUserRequest, UpdateUserRequest, UserDto, UserListQuery};

use super::{Api, ApiError, Call, Listing};

fn users_call(filter: &UserListQuery) -> Call {
    Call::new(Method::GET, "/users")
        .opt(
            "q",
            filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
        )
        .opt("role", filter.role.map(|r| r.as_str()))
        .opt("team_id", filter.team_id)
        .opt("disabled", filter.disabled)
}

impl Api {
    /// One page of the users matching `filter`.
    pub async fn list_users(
        &self,
        filter: &UserListQuery,
        page: u32,
        per_page: u32,
    ) -> Result<Page<UserDto>, ApiError> {
        self.fetch(
            users_call(filter)
                .query("page", page)
                .query("per_page", per_page),
        )
        .await
    }

    /// Every user matching `filter` (for selects and names).
    pub async fn all_users(&self, filter: &UserListQuery) -> Result<Listing<UserDto>, ApiError> {
        self.fetch_all(users_call(filter)).await
    }

    pub async fn create_user(&self, request: &CreateUserRequest) -> Result<UserDto, ApiError> {
        self.post("/users", request).await
    }

    pub async fn update_user(
        &self,
        id: i64,
        request: &UpdateUserRequest,
    ) -> Result<UserDto, ApiError> {
        self.patch(format!("/users/{id}"), request).await
    }

    pub async fn set_user_disabled(&self, id: i64, disabled: bool) -> Result<UserDto, ApiError> {
        let action = if disabled { "disable" } else { "enable" };
        self.fetch(Call::new(Method::POST, format!("/users/{id}/{action}")))
            .await
    }
}
