//! Users of the system (员工账号) and their roles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::roles::Role;
use crate::validation::{self, PASSWORD_MAX_LEN, PASSWORD_MIN_LEN};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub team_id: Option<i64>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub disabled: bool,
    /// The password was set by someone else (admin or HR) and must be changed before any
    /// other call is answered (403 `password_change_required`).
    #[serde(default)]
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl UserDto {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

fn roles_not_empty(roles: &[Role]) -> Result<(), ValidationError> {
    if roles.is_empty() {
        Err(ValidationError::new("required").with_message("at least one role".into()))
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[validate(custom(function = "validation::username"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 32, example = "li.wei")
    )]
    pub username: String,
    #[validate(length(min = 1, max = 64), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, example = "李伟")
    )]
    pub display_name: String,
    #[validate(length(min = PASSWORD_MIN_LEN, max = PASSWORD_MAX_LEN))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub password: String,
    #[validate(custom(function = "roles_not_empty"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub team_id: Option<i64>,
    #[serde(default)]
    #[validate(custom(function = "validation::phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, example = "138 0013 8000")
    )]
    pub phone: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::email"), length(max = 128))]
    #[cfg_attr(feature = "openapi", schema(max_length = 128, format = "email"))]
    pub email: Option<String>,
}

/// PATCH body: absent fields are left alone; `null` clears a nullable field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 64), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"\S")
    )]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "roles_not_empty"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub roles: Option<Vec<Role>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub team_id: Option<Option<i64>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(custom(function = "validation::phone"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 32, pattern = r"^[ 　()（）.－-]*[+＋]?[ 　()（）.－-]*([0-9０-９][ 　()（）.－-]*){5,20}$"))]
    pub phone: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(custom(function = "crate::validation::email"), length(max = 128))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 128, format = "email"))]
    pub email: Option<Option<String>>,
}

/// Filters for `GET /users`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserListQuery {
    /// Matches username or display name (contains).
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub q: Option<String>,
    pub role: Option<Role>,
    pub team_id: Option<i64>,
    pub disabled: Option<bool>,
}
