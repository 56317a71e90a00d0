//! Follow-ups (跟进记录): every visit, call, letter, meeting or after-sales contact with a
//! client. The call register and letter register (电话登记表/信函登记表) are these filtered by kind.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::validation;

crate::text_enum! {
    /// The kind of contact.
    pub enum FollowUpKind {
        /// 拜访
        Visit = "visit",
        /// 电话
        Call = "call",
        /// 信函/email
        Letter = "letter",
        Meeting = "meeting",
        /// 售后
        AfterSales = "after_sales",
        /// 催款: chasing an overdue payment, linked to its contract.
        Collection = "collection",
    }
}

crate::text_enum! {
    /// How a collection (催款) was made.
    pub enum CollectionMethod {
        /// 催款函
        Letter = "letter",
        Call = "call",
        Visit = "visit",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpDto {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    /// Who recorded it; kept when the client changes hands.
    pub author_id: i64,
    pub kind: FollowUpKind,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    /// The client's needs, as heard.
    pub needs: Option<String>,
    /// A complaint or request, if any (open a case for it when not settled on the spot).
    pub complaint: Option<String>,
    pub next_step: Option<String>,
    pub next_follow_up_date: Option<NaiveDate>,
    /// A collection's contract.
    pub contract_id: Option<i64>,
    /// A collection's method.
    pub method: Option<CollectionMethod>,
    pub created_at: DateTime<Utc>,
}

/// POST /clients/{id}/follow-ups.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateFollowUpRequest {
    pub kind: FollowUpKind,
    /// Default: now.
    #[serde(default)]
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub occurred_at: Option<DateTime<Utc>>,
    #[validate(length(max = 2000), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub summary: String,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub needs: Option<String>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub complaint: Option<String>,
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub next_step: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub next_follow_up_date: Option<NaiveDate>,
    /// Also open a complaint case from `complaint` (needs `complaint`).
    #[serde(default)]
    pub open_case: bool,
    /// Kind `collection` only (and then required): the client's contract being chased.
    #[serde(default)]
    pub contract_id: Option<i64>,
    /// Kind `collection` only (and then required).
    #[serde(default)]
    pub method: Option<CollectionMethod>,
}

/// Filters for `GET /follow-ups`, `/clients/{id}/follow-ups` and the CSV export.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FollowUpListQuery {
    pub kind: Option<FollowUpKind>,
    /// Collections of one contract.
    pub contract_id: Option<i64>,
    /// The client's owner.
    pub owner_id: Option<i64>,
    pub author_id: Option<i64>,
    /// First day (business time zone), inclusive.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub from: Option<NaiveDate>,
    /// Last day (business time zone), inclusive.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub to: Option<NaiveDate>,
}
