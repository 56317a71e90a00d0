//! Requests and answers around a client: PATCH, list filters, history, satisfaction, import.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::clients::{Credit, SourceChannel, Stage, Tier};
use crate::validation;

/// PATCH /clients/{id}: absent fields are left alone; `null` clears a nullable field.
/// `owner_id` reassigns the client (a manager within their scope, or admin).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateClientRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 64), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"\S")
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 128))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 128))]
    pub company: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 64))]
    pub position: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(custom(function = "crate::validation::phone"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 32, pattern = r"^[ 　()（）.－-]*[+＋]?[ 　()（）.－-]*([0-9０-９][ 　()（）.－-]*){5,20}$"))]
    pub phone: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(custom(function = "crate::validation::phone"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 32, pattern = r"^[ 　()（）.－-]*[+＋]?[ 　()（）.－-]*([0-9０-９][ 　()（）.－-]*){5,20}$"))]
    pub phone2: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(custom(function = "crate::validation::email"), length(max = 128))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 128, format = "email"))]
    pub email: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 256))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 256))]
    pub address: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 64))]
    pub region: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 64))]
    pub industry: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceChannel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Credit>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 2000))]
    pub needs: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 2000))]
    pub interests: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<i64>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(range(min = -90.0, max = 90.0))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>, minimum = -90.0, maximum = 90.0))]
    pub latitude: Option<Option<f64>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(range(min = -180.0, max = 180.0))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>, minimum = -180.0, maximum = 180.0))]
    pub longitude: Option<Option<f64>>,
    /// The version last read; a different current version answers 409 `stale_version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

crate::text_enum! {
    /// List order: `name` (A→Z), `updated` (newest first, the default), `next_follow_up`
    /// (soonest due first, untracked last). Ties are broken by id.
    pub enum ClientSort {
        Name = "name",
        Updated = "updated",
        NextFollowUp = "next_follow_up",
    }
}

/// Filters for `GET /clients` (and its CSV export).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ClientListQuery {
    /// Name, company or phone: contains (so also prefix); phones match on their digits.
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub q: Option<String>,
    pub owner_id: Option<i64>,
    /// The owner's team (not recursive).
    pub team_id: Option<i64>,
    pub tier: Option<Tier>,
    pub stage: Option<Stage>,
    pub credit: Option<Credit>,
    pub source: Option<SourceChannel>,
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub region: Option<String>,
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", param(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub created_from: Option<DateTime<Utc>>,
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", param(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub created_to: Option<DateTime<Utc>>,
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", param(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub updated_from: Option<DateTime<Utc>>,
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", param(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub updated_to: Option<DateTime<Utc>>,
    /// Only clients whose follow-up is overdue (true) or not overdue (false).
    pub overdue: Option<bool>,
    /// Archived clients instead of active ones.
    pub archived: Option<bool>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<ClientSort>,
}

/// One recorded change of a client's stage, credit or owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientHistoryDto {
    pub id: i64,
    pub client_id: i64,
    /// `stage`, `credit` or `owner_id`.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor_id: Option<i64>,
    pub changed_at: DateTime<Utc>,
}

/// POST /clients/{id}/satisfaction: one survey answer (满意度).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SatisfactionRequest {
    #[validate(range(min = 1, max = 5))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub score: i32,
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionDto {
    pub id: i64,
    pub client_id: i64,
    pub score: i32,
    pub comment: Option<String>,
    pub author_id: i64,
    pub created_at: DateTime<Utc>,
}

/// `POST /clients/import?dry_run=`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImportQuery {
    /// Check only, write nothing (default true).
    pub dry_run: Option<bool>,
}

/// A problem with one row of an import. `row` is the line number in the file (header = 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    pub row: u32,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A row that would claim a client already on file (or earlier in the same file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportDuplicate {
    pub row: u32,
    /// `phone` or `company_name`.
    pub field: String,
    /// The client on file, when the caller may see it.
    pub existing_client_id: Option<i64>,
    /// The earlier row of the same file it repeats.
    pub duplicate_of_row: Option<u32>,
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    /// How the file was read: `utf-8` or `gbk` for a CSV, `xlsx` for an Excel workbook.
    pub encoding: String,
    /// Data rows read (without the header and blank rows).
    pub rows: u32,
    /// Rows that are valid and not duplicates (imported unless `dry_run`).
    pub valid: u32,
    pub imported: u32,
    /// Rows left out: invalid or duplicate.
    pub skipped: u32,
    pub errors: Vec<ImportRowError>,
    pub duplicates: Vec<ImportDuplicate>,
    pub created_ids: Vec<i64>,
}

/// The due list's row: a client to contact on or before the given day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueClientDto {
    pub client_id: i64,
    pub name: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub tier: Tier,
    pub stage: Stage,
    pub owner_id: i64,
    pub owner_name: String,
    pub due_date: NaiveDate,
    pub status: crate::cadence::DueStatus,
    pub days_overdue: i64,
    pub last_follow_up_at: Option<DateTime<Utc>>,
}

/// `GET /follow-ups/due`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DueQuery {
    /// The day (business time zone); default today.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub date: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
}
