//! Projects (项目跟踪, seed 002): a client's opportunity moving through its stages.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;
use crate::workflow::{Flow, Party, Step};

text_enum! {
    /// A project's stage (项目阶段), in the order a project moves through them.
    pub enum ProjectStage {
        /// 前期设计: the client is designing; the project makes the client a key client for the
        /// follow-up cadence (at least once a week).
        Design = "design",
        /// 投标.
        Bidding = "bidding",
        /// 深化设计.
        DetailedDesign = "detailed_design",
        /// 备货执行.
        Execution = "execution",
        /// 验收.
        Acceptance = "acceptance",
        /// 成交: closed, won.
        Won = "won",
        /// 丢单: closed, lost (with the reason).
        Lost = "lost",
    }
}

impl ProjectStage {
    /// Whether the project is still being pursued.
    pub fn is_open(self) -> bool {
        !matches!(self, ProjectStage::Won | ProjectStage::Lost)
    }
}

text_enum! {
    /// A stage move, named by the stage it reaches (`POST /projects/{id}/stage {stage}`).
    pub enum ProjectMove {
        Bidding = "bidding",
        DetailedDesign = "detailed_design",
        Execution = "execution",
        Acceptance = "acceptance",
        Won = "won",
        Lost = "lost",
    }
}

impl ProjectMove {
    /// The move reaching `stage`; `None` for `design`, which nothing moves back to.
    pub fn to(stage: ProjectStage) -> Option<ProjectMove> {
        stage.as_str().parse().ok()
    }
}

const OPEN: &[ProjectStage] = &[
    ProjectStage::Design,
    ProjectStage::Bidding,
    ProjectStage::DetailedDesign,
    ProjectStage::Execution,
    ProjectStage::Acceptance,
];
const WHO: &[Party] = &[Party::Owner, Party::Manager, Party::Admin];

/// The stages as a flow: one step forward, or to `won` or `lost` from any open stage; the
/// owner, their manager or an admin moves it. The engine's 409 names the allowed next stages.
pub const PROJECT_FLOW: Flow<ProjectStage, ProjectMove> = Flow {
    document: "project",
    label: "project",
    steps: &[
        Step {
            action: ProjectMove::Bidding,
            from: &[ProjectStage::Design],
            to: ProjectStage::Bidding,
            by: WHO,
        },
        Step {
            action: ProjectMove::DetailedDesign,
            from: &[ProjectStage::Bidding],
            to: ProjectStage::DetailedDesign,
            by: WHO,
        },
        Step {
            action: ProjectMove::Execution,
            from: &[ProjectStage::DetailedDesign],
            to: ProjectStage::Execution,
            by: WHO,
        },
        Step {
            action: ProjectMove::Acceptance,
            from: &[ProjectStage::Execution],
            to: ProjectStage::Acceptance,
            by: WHO,
        },
        Step {
            action: ProjectMove::Won,
            from: OPEN,
            to: ProjectStage::Won,
            by: WHO,
        },
        Step {
            action: ProjectMove::Lost,
            from: OPEN,
            to: ProjectStage::Lost,
            by: WHO,
        },
    ],
};

/// The stages a project in `stage` may move to next.
pub fn next_stages(stage: ProjectStage) -> Vec<ProjectStage> {
    PROJECT_FLOW
        .steps
        .iter()
        .filter(|s| s.from.contains(&stage))
        .map(|s| s.to)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectDto {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub name: String,
    pub stage: ProjectStage,
    pub expected_amount_fen: i64,
    pub bid_date: Option<NaiveDate>,
    pub expected_close: Option<NaiveDate>,
    /// The client's owner.
    pub owner_id: i64,
    pub owner_name: String,
    pub notes: Option<String>,
    /// Why it was lost (the note of the move to `lost`).
    pub lost_reason: Option<String>,
    /// Where it may go next.
    pub next_stages: Vec<ProjectStage>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /projects` and `PATCH /projects/{id}` (with `version`). The stage is moved with
/// `POST /projects/{id}/stage`, never here; the owner is the client's.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProjectRequest {
    pub client_id: i64,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub name: String,
    #[validate(range(min = 0, max = 10_000_000_000_000_i64))]
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 0, maximum = 10_000_000_000_000_i64)
    )]
    pub expected_amount_fen: i64,
    #[serde(default)]
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub bid_date: Option<NaiveDate>,
    #[serde(default)]
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub expected_close: Option<NaiveDate>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub notes: Option<String>,
    /// The version the caller saw (PATCH only).
    #[serde(default)]
    pub version: Option<i64>,
}

/// `POST /projects/{id}/stage`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StageRequest {
    pub stage: ProjectStage,
    pub version: i64,
    /// Required for `lost` (the reason).
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProjectListQuery {
    pub client_id: Option<i64>,
    pub owner_id: Option<i64>,
    #[cfg_attr(feature = "openapi", param(inline))]
    pub stage: Option<ProjectStage>,
    /// Only projects still being pursued (`true`) or only closed ones (`false`).
    pub open: Option<bool>,
}

/// The pipeline (`GET /projects/pipeline`): per stage, how many projects and what they are
/// expected to bring, over the caller's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineStage {
    pub stage: ProjectStage,
    pub count: i64,
    pub expected_amount_fen: i64,
}

/// `GET /projects/pipeline`: everyone in scope, or one person, or one team's members.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PipelineQuery {
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
}
