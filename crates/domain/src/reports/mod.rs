//! Weekly reports (周报) and managers' monthly reports (月报).
//!
//! The figures in a weekly report come from the records, never from typing; the person writes
//! the narrative sections of the seed's 周工作汇报表. A reviewed report is locked.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum;
use crate::text_enum::InvalidTransition;
use crate::workflow::{Flow, Party, Step};

mod monthly;
pub use monthly::*;

text_enum! {
    pub enum ReportState {
        /// 草稿: figures refresh from the records until submission.
        Draft = "draft",
        /// 已提交: figures frozen, waiting for review.
        Submitted = "submitted",
        /// 已审阅: marked by the manager, locked.
        Reviewed = "reviewed",
    }
}

text_enum! {
    pub enum ReportAction {
        Edit = "edit",
        Submit = "submit",
        Review = "review",
    }
}

const REPORT_STEPS: &[Step<ReportState, ReportAction>] = &[
    Step {
        action: ReportAction::Edit,
        from: &[ReportState::Draft],
        to: ReportState::Draft,
        by: &[Party::Owner],
    },
    Step {
        action: ReportAction::Submit,
        from: &[ReportState::Draft],
        to: ReportState::Submitted,
        by: &[Party::Owner],
    },
    Step {
        action: ReportAction::Review,
        from: &[ReportState::Submitted],
        to: ReportState::Reviewed,
        by: &[Party::Manager, Party::Admin],
    },
];

/// The weekly report's workflow (周报): the author writes and submits; their manager (never
/// the author) or an admin reviews with a mark per section.
pub const WEEKLY_REPORT_FLOW: Flow<ReportState, ReportAction> = Flow {
    document: "weekly_report",
    label: "weekly report",
    steps: REPORT_STEPS,
};

/// The monthly report's workflow (月报): a manager writes and submits; their own manager
/// (never the author) or an admin reviews.
pub const MONTHLY_REPORT_FLOW: Flow<ReportState, ReportAction> = Flow {
    document: "monthly_report",
    label: "monthly report",
    steps: REPORT_STEPS,
};

impl ReportState {
    /// The state `action` leads to, whoever takes it (who may is the flow's `decide`).
    pub fn apply(self, action: ReportAction) -> Result<ReportState, InvalidTransition> {
        WEEKLY_REPORT_FLOW
            .next(self, action)
            .ok_or(InvalidTransition {
                from: self.as_str(),
                to: action.as_str(),
            })
    }
}

text_enum! {
    /// The narrative sections of the 周工作汇报表 (SPEC §5), in the form's order.
    pub enum Section {
        /// (1) 销售量
        SalesVolume = "sales_volume",
        /// (2) 回款
        Collections = "collections",
        /// (3) 客户拜访
        ClientVisits = "client_visits",
        /// (4) 销售费用（含差旅）
        SalesExpenses = "sales_expenses",
        /// (5) 广告与促销效果
        PromotionEffect = "promotion_effect",
        /// (6) 重点客户
        KeyClients = "key_clients",
        /// (7) 新客户
        NewClients = "new_clients",
        /// (8) 异常及信誉不佳客户
        AbnormalClients = "abnormal_clients",
        /// (9) 待开发客户
        ClientsToDevelop = "clients_to_develop",
        /// (10) 竞争对手动态
        CompetitorMoves = "competitor_moves",
        /// (11) 地方政策变化（环保、限行等）
        PolicyChanges = "policy_changes",
    }
}

impl Section {
    /// Sections that must be written before a report can be submitted.
    pub const REQUIRED: [Section; 5] = [
        Section::SalesVolume,
        Section::Collections,
        Section::ClientVisits,
        Section::SalesExpenses,
        Section::KeyClients,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Section::SalesVolume => "销售量",
            Section::Collections => "回款",
            Section::ClientVisits => "客户拜访",
            Section::SalesExpenses => "销售费用（含差旅）",
            Section::PromotionEffect => "广告与促销效果",
            Section::KeyClients => "重点客户",
            Section::NewClients => "新客户",
            Section::AbnormalClients => "异常及信誉不佳客户",
            Section::ClientsToDevelop => "待开发客户",
            Section::CompetitorMoves => "竞争对手动态",
            Section::PolicyChanges => "地方政策变化",
        }
    }
}

/// The narrative of a weekly report, one text per section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Sections {
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub sales_volume: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub collections: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub client_visits: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub sales_expenses: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub promotion_effect: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub key_clients: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub new_clients: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub abnormal_clients: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub clients_to_develop: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub competitor_moves: Option<String>,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub policy_changes: Option<String>,
}

impl Sections {
    pub fn get(&self, s: Section) -> Option<&str> {
        let v = match s {
            Section::SalesVolume => &self.sales_volume,
            Section::Collections => &self.collections,
            Section::ClientVisits => &self.client_visits,
            Section::SalesExpenses => &self.sales_expenses,
            Section::PromotionEffect => &self.promotion_effect,
            Section::KeyClients => &self.key_clients,
            Section::NewClients => &self.new_clients,
            Section::AbnormalClients => &self.abnormal_clients,
            Section::ClientsToDevelop => &self.clients_to_develop,
            Section::CompetitorMoves => &self.competitor_moves,
            Section::PolicyChanges => &self.policy_changes,
        };
        v.as_deref()
    }

    /// The required sections left blank.
    pub fn missing_required(&self) -> Vec<Section> {
        Section::REQUIRED
            .into_iter()
            .filter(|s| self.get(*s).is_none_or(|t| t.trim().is_empty()))
            .collect()
    }

    /// Overlays the fields `patch` sets.
    pub fn merge(&mut self, patch: &Sections) {
        macro_rules! take {
            ($($f:ident),*) => { $( if patch.$f.is_some() { self.$f = patch.$f.clone(); } )* };
        }
        take!(
            sales_volume,
            collections,
            client_visits,
            sales_expenses,
            promotion_effect,
            key_clients,
            new_clients,
            abnormal_clients,
            clients_to_develop,
            competitor_moves,
            policy_changes
        );
    }
}

/// A number the system knows, filled into the report (never typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// `visits_done`, `calls`, `new_clients` …
    pub key: String,
    pub value: i64,
    /// `count`, or `fen` for money.
    pub unit: String,
}

text_enum! {
    /// The manager's mark on a section.
    pub enum Mark {
        /// 满分
        Full = "full",
        /// 部分
        Partial = "partial",
        /// 不得分
        Zero = "zero",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SectionMark {
    pub section: Section,
    pub mark: Mark,
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: Option<String>,
    /// Set by the system when the mark was forced (a spot-check found untrue content).
    #[serde(default)]
    pub forced: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyReportDto {
    pub id: i64,
    pub owner_id: i64,
    /// `2026-W48`.
    pub week: String,
    pub state: ReportState,
    pub version: i64,
    pub sections: Sections,
    /// Next week's plan (must exist; may still be a draft).
    pub next_plan_id: Option<i64>,
    /// From the records: live while a draft, frozen at submission.
    pub figures: Vec<Figure>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Submitted after the deadline (Monday 12:00 of the next week, business time zone).
    pub late: bool,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub marks: Vec<SectionMark>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWeeklyReportRequest {
    #[validate(custom(function = "crate::period::valid_week"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "2026-W48",
            pattern = r"^((20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$"
        )
    )]
    pub week: String,
    #[serde(default)]
    pub next_plan_id: Option<i64>,
    #[serde(default)]
    #[validate(nested)]
    pub sections: Option<Sections>,
}

/// PATCH: the sections sent replace those stored; the others stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWeeklyReportRequest {
    #[serde(default)]
    #[validate(nested)]
    pub sections: Option<Sections>,
    #[serde(default)]
    pub next_plan_id: Option<i64>,
    /// When sent, must equal the report's version.
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub version: i64,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub comment: Option<String>,
    #[serde(default)]
    #[validate(nested)]
    pub marks: Vec<SectionMark>,
}

text_enum! {
    /// How one report is answered: JSON, or the print view (HTML).
    pub enum ReportFormat {
        Json = "json",
        Html = "html",
    }
}

/// `GET /weekly-reports/{id}`: `format=html` for the print view.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReportViewQuery {
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WeeklyReportListQuery {
    pub owner_id: Option<i64>,
    #[validate(custom(function = "crate::period::valid_week"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^((20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$"
        )
    )]
    pub week: Option<String>,
    pub state: Option<ReportState>,
    /// `true`: only reports the caller may review (their team members', not their own).
    pub to_review: Option<bool>,
}

text_enum! {
    /// Where a person's report for a week stands, for the manager.
    pub enum ReportStatus {
        /// Submitted on time, waiting for review.
        AwaitingReview = "awaiting_review",
        /// Submitted after the deadline, waiting for review.
        Late = "late",
        /// Not submitted (none, or still a draft).
        Missing = "missing",
        Reviewed = "reviewed",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonReportStatus {
    pub user_id: i64,
    pub display_name: String,
    pub report_id: Option<i64>,
    pub status: ReportStatus,
    pub late: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Hours from submission to review (the manager is scored on reviewing).
    pub review_hours: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekReportStatus {
    pub week: String,
    /// When reports for this week are due (UTC).
    pub deadline: DateTime<Utc>,
    pub people: Vec<PersonReportStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StatusQuery {
    #[validate(custom(function = "crate::period::valid_week"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^((20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$",
            example = "2026-W48"
        )
    )]
    pub week: String,
}
#[cfg(test)]
mod tests;
