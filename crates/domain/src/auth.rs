//! Sign-in and session DTOs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api_keys::ApiScope;
use crate::users::UserDto;
use crate::validation::{PASSWORD_MAX_LEN, PASSWORD_MIN_LEN};

/// Access tokens live this long (seconds).
pub const ACCESS_TOKEN_TTL_SECS: i64 = 15 * 60;
/// Refresh tokens live this long (seconds).
pub const REFRESH_TOKEN_TTL_SECS: i64 = 30 * 24 * 3600;
/// Failed sign-ins allowed for one username from one client address within
/// [`LOGIN_WINDOW_SECS`] before 429. Per address, so nobody elsewhere can lock a user out.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// Failed sign-ins allowed from one client address, whatever the usernames, in the window.
pub const MAX_FAILED_LOGINS_PER_ADDRESS: i64 = 30;
pub const LOGIN_WINDOW_SECS: i64 = 15 * 60;

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, example = "admin")
    )]
    pub username: String,
    #[validate(length(min = 1, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub password: String,
}

/// What a successful sign-in or refresh returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// JWT (HS256) for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; single use: every refresh returns a new one.
    pub refresh_token: String,
    pub user: UserDto,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 256))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub refresh_token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub current_password: String,
    #[validate(length(min = PASSWORD_MIN_LEN, max = PASSWORD_MAX_LEN))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

/// `GET /me`: the caller's account, what the call may do, and the API key it was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeDto {
    #[serde(flatten)]
    pub user: UserDto,
    /// What this call may do, by the capability table's names (`expenses:read` …): the
    /// roles' capabilities; through an API key, only those its scopes grant as well.
    pub capabilities: Vec<String>,
    /// The key the call was made with; `null` for a signed-in user.
    pub api_key: Option<MeApiKey>,
}

/// The API key a call was made with (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeApiKey {
    pub id: i64,
    pub name: String,
    /// The key's public part, as the key list shows it.
    pub prefix: String,
    pub scopes: Vec<ApiScope>,
    /// After this the key answers 401; `null`: until revoked.
    pub expires_at: Option<DateTime<Utc>>,
}
