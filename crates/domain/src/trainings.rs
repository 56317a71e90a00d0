//! Trainings (培训, seed 001 §五) and their assessments (考核): a manager trains the members of
//! their teams, HR anyone; an attendee who failed an assessment is listed for retraining until
//! a later assessment of theirs passes ([`needs_retraining`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;

text_enum! {
    /// What a training is about (seed 001 §五).
    pub enum TrainingKind {
        /// 入职培训.
        Onboarding = "onboarding",
        /// 产品知识.
        Product = "product",
        /// 销售技巧.
        Skills = "skills",
        /// 行业知识.
        Industry = "industry",
        /// 法律法规.
        Legal = "legal",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingAttendee {
    pub user_id: i64,
    pub display_name: String,
    pub team_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentDto {
    pub id: i64,
    pub training_id: i64,
    pub user_id: i64,
    pub passed: bool,
    pub score: Option<i32>,
    pub note: Option<String>,
    pub assessed_by: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingDto {
    pub id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub kind: TrainingKind,
    pub trainer_id: i64,
    pub trainer_name: String,
    /// The attendees' ids, ascending (the same people as `attendees`).
    pub attendee_ids: Vec<i64>,
    pub attendees: Vec<TrainingAttendee>,
    pub notes: Option<String>,
    /// The assessments in the order recorded; once there is one the training is not changed.
    pub assessments: Vec<AssessmentDto>,
    pub created_by: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /trainings` and `PATCH /trainings/{id}` (with `version`, while it has no assessment).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRequest {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub date: NaiveDate,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub topic: String,
    pub kind: TrainingKind,
    /// An enabled user who gave the training.
    pub trainer_id: i64,
    /// Enabled users (one named twice counts once); a manager's must be members of their
    /// teams.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub attendee_ids: Vec<i64>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub notes: Option<String>,
    /// The version the caller saw (PATCH only).
    #[serde(default)]
    pub version: Option<i64>,
}

/// The attendees, each once, ascending.
pub fn distinct(ids: &[i64]) -> Vec<i64> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

/// `POST /trainings/{id}/assessments`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentRequest {
    /// An attendee of the training.
    pub user_id: i64,
    pub passed: bool,
    /// Points out of 100, when the assessment gives them.
    #[serde(default)]
    #[validate(range(min = 0, max = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub score: Option<i32>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// `GET /trainings`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TrainingListQuery {
    /// Trainings with an attendee who is a member of this team.
    pub team_id: Option<i64>,
    /// Trainings this person attended.
    pub attendee_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-12")
    )]
    pub month: Option<String>,
}

/// `GET /trainings/retraining`: a person whose latest assessment failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetrainingDto {
    pub user_id: i64,
    pub display_name: String,
    pub team_id: Option<i64>,
    /// The failed assessment and its training.
    pub assessment_id: i64,
    pub training_id: i64,
    pub training_date: NaiveDate,
    pub topic: String,
    pub kind: TrainingKind,
}

/// One assessment of a person as the rule reads it: the training's date, the assessment's id
/// (the order recorded) and whether it passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub training_date: NaiveDate,
    pub assessment_id: i64,
    pub passed: bool,
}

/// The assessment that puts a person on the retraining list, if any: their latest (by the
/// training's date, then the order recorded) when it failed. A later pass takes them off; a
/// pass on an earlier training does not.
pub fn needs_retraining(outcomes: &[Outcome]) -> Option<Outcome> {
    outcomes
        .iter()
        .max_by_key(|o| (o.training_date, o.assessment_id))
        .filter(|o| !o.passed)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(day: u32, id: i64, passed: bool) -> Outcome {
        Outcome {
            training_date: NaiveDate::from_ymd_opt(2026, 12, day).unwrap_or_default(),
            assessment_id: id,
            passed,
        }
    }

    #[test]
    fn a_failure_stands_until_a_later_assessment_passes() {
        assert_eq!(needs_retraining(&[]), None);
        assert_eq!(needs_retraining(&[o(1, 1, true)]), None);
        assert_eq!(needs_retraining(&[o(1, 1, false)]), Some(o(1, 1, false)));
        assert_eq!(needs_retraining(&[o(1, 1, false), o(8, 2, true)]), None);
        // Two failures: the later one is named.
        assert_eq!(
            needs_retraining(&[o(1, 1, false), o(8, 2, false)]),
            Some(o(8, 2, false))
        );
        // A re-assessment on the same training, recorded later, counts as later.
        assert_eq!(needs_retraining(&[o(1, 1, false), o(1, 2, true)]), None);
        // A pass on an earlier training, recorded afterwards, does not clear a failure.
        assert_eq!(
            needs_retraining(&[o(8, 1, false), o(1, 2, true)]),
            Some(o(8, 1, false))
        );
    }

    #[test]
    fn attendees_are_listed_once() {
        assert_eq!(distinct(&[3, 1, 3, 2]), vec![1, 2, 3]);
    }
}
