//! Rubrics (考核细则) as data: items with their maximum, the deduction per occurrence and where
//! the points come from. Version 1 of each role is the seeds' (seed 002, SPEC §6); an admin
//! adds versions, and a month is scored with the latest version in force for it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::period::Month;
use crate::text_enum;

text_enum! {
    /// Whose rubric: a salesperson's or a manager's.
    pub enum RubricRole {
        /// 业务员
        Salesperson = "salesperson",
        /// 经理
        Manager = "manager",
    }
}

text_enum! {
    /// A measure the system computes from its own records (`computed:<metric>`).
    pub enum Metric {
        /// Weekly reports on time, one equal share per ISO week whose Thursday is in the month.
        WeeklyReports = "weekly_reports",
        /// Visit completion and calls against the plan's targets, less failed spot-checks.
        PlanExecution = "plan_execution",
        /// The monthly report review's mark of the section the item's code names.
        MonthlyReportMarks = "monthly_report_marks",
        /// The team's weekly reports reviewed within 2 days.
        WeeklyReviews = "weekly_reviews",
        /// A training of the team recorded in the month.
        Trainings = "trainings",
        /// The manager's monthly report submitted by its due day.
        MonthlyReportOnTime = "monthly_report_on_time",
        /// The team members' average daily-work score.
        TeamDiscipline = "team_discipline",
    }
}

/// Where an item's points come from: entered by the manager, or computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Manual,
    Computed(Metric),
}

impl Source {
    pub fn metric(self) -> Option<Metric> {
        match self {
            Source::Manual => None,
            Source::Computed(m) => Some(m),
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Manual => f.write_str("manual"),
            Source::Computed(m) => write!(f, "computed:{m}"),
        }
    }
}

impl std::str::FromStr for Source {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text == "manual" {
            return Ok(Source::Manual);
        }
        text.strip_prefix("computed:")
            .and_then(|m| m.parse().ok())
            .map(Source::Computed)
            .ok_or_else(|| format!("`manual` or `computed:<metric>`, not `{text}`"))
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Every source's wire spelling, for the OpenAPI document.
pub const SOURCE_PATTERN: &str = r"^(manual|computed:(weekly_reports|plan_execution|monthly_report_marks|weekly_reviews|trainings|monthly_report_on_time|team_discipline))$";

/// One item of a rubric. Points are whole points here (a rubric gives 5, 10, 40); the score
/// keeps tenths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RubricItem {
    /// Unique within the rubric; for `computed:monthly_report_marks` it names the section
    /// (`summary`, `plan`, `proposals`).
    #[validate(length(min = 1, max = 64), custom(function = "valid_code"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"^[a-z][a-z0-9_]*$")
    )]
    pub code: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title_zh: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title_en: String,
    /// The group the item belongs to (`channel`, `own`, `monthly_report` …).
    #[validate(length(min = 1, max = 64), custom(function = "valid_code"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"^[a-z][a-z0-9_]*$")
    )]
    pub group: String,
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub max_points: i64,
    #[validate(range(min = 0, max = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub deduction_per_occurrence: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^(manual|computed:(weekly_reports|plan_execution|monthly_report_marks|weekly_reviews|trainings|monthly_report_on_time|team_discipline))$"))]
    pub source: Source,
}

fn valid_code(code: &str) -> Result<(), ValidationError> {
    let mut chars = code.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("code").with_message("lower-case letters, digits and _".into()))
    }
}

/// A rubric version as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RubricDto {
    pub id: i64,
    pub role: RubricRole,
    pub version: i64,
    /// The first month scored with it (`2026-01`).
    pub effective_from: String,
    pub items: Vec<RubricItem>,
    /// `null` for the versions that ship with the product.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// `POST /rubrics`: a new version of a role's rubric (the next number).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RubricRequest {
    pub role: RubricRole,
    #[validate(custom(function = "crate::period::valid_month"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2027-01")
    )]
    pub effective_from: String,
    #[validate(length(min = 1, max = 50), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub items: Vec<RubricItem>,
}

/// `GET /rubrics`: one role's versions, or all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RubricListQuery {
    pub role: Option<RubricRole>,
}

/// What is wrong with a rubric's items beyond each field's own rules: (field, code, message).
pub fn check_items(items: &[RubricItem]) -> Result<(), (String, &'static str, String)> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].iter().any(|o| o.code == item.code) {
            return Err((
                format!("items[{i}].code"),
                "taken",
                format!("`{}` appears twice", item.code),
            ));
        }
        if item.deduction_per_occurrence > item.max_points {
            return Err((
                format!("items[{i}].deduction_per_occurrence"),
                "range",
                "at most the item's max_points".into(),
            ));
        }
        if item.source == Source::Computed(Metric::MonthlyReportMarks)
            && !MONTHLY_SECTIONS.contains(&item.code.as_str())
        {
            return Err((
                format!("items[{i}].code"),
                "section",
                "a monthly report mark item is coded summary, plan or proposals".into(),
            ));
        }
    }
    let sum: i64 = items.iter().map(|i| i.max_points).sum();
    if sum != 100 {
        return Err((
            "items".into(),
            "sum",
            format!("the items' max_points add up to {sum}, not 100"),
        ));
    }
    Ok(())
}

/// The monthly report's sections a manager's mark items name.
pub const MONTHLY_SECTIONS: [&str; 3] = ["summary", "plan", "proposals"];

/// The version in force for `month`: the highest version whose `effective_from` is not after
/// it, from `(version, effective_from)` pairs of one role.
pub fn in_force(month: Month, versions: &[(i64, Month)]) -> Option<i64> {
    versions
        .iter()
        .filter(|(_, from)| *from <= month)
        .map(|(v, _)| *v)
        .max()
}

fn item(
    code: &str,
    zh: &str,
    en: &str,
    group: &str,
    max: i64,
    per: i64,
    source: Source,
) -> RubricItem {
    RubricItem {
        code: code.into(),
        title_zh: zh.into(),
        title_en: en.into(),
        group: group.into(),
        max_points: max,
        deduction_per_occurrence: per,
        source,
    }
}

/// Version 1 of a role's rubric, from seed 002 (考核细则): shipped with the product, in force
/// from `SHIPPED_FROM`.
#[rustfmt::skip]
pub fn shipped(role: RubricRole) -> Vec<RubricItem> {
    use Metric::*;
    use Source::*;
    match role {
        RubricRole::Salesperson => vec![
            item("terminal_daily_report", "终端日报表未按时上报(当日16:00前)", "Terminal daily report late (due 16:00)", "channel", 5, 5, Manual),
            item("network_plan", "月度网络开发计划未完成", "Monthly network-development plan missed", "channel", 5, 5, Manual),
            item("end_user_problems", "终端用户问题未解决", "End-user problem not solved", "channel", 5, 5, Manual),
            item("commercial_policy", "未执行商务政策/库存不清", "Commercial policy not followed / stock unknown", "channel", 5, 5, Manual),
            item("special_problems", "特殊问题未上报", "Special problem not reported", "channel", 5, 5, Manual),
            item("rebate_forms", "返利表格未按时上报(25日前)", "Rebate forms late (due the 25th)", "channel", 5, 5, Manual),
            item("weekly_reports", "周报", "Weekly reports", "own", 40, 0, Computed(WeeklyReports)),
            item("plan_execution", "计划执行与抽查", "Plan execution and spot-checks", "own", 30, 10, Computed(PlanExecution)),
        ],
        RubricRole::Manager => vec![
            item("summary", "月报:工作总结", "Monthly report: summary", "monthly_report", 20, 0, Computed(MonthlyReportMarks)),
            item("plan", "月报:下月计划", "Monthly report: next month's plan", "monthly_report", 20, 0, Computed(MonthlyReportMarks)),
            item("proposals", "月报:市场建议", "Monthly report: proposals", "monthly_report", 20, 0, Computed(MonthlyReportMarks)),
            item("weekly_reviews", "审阅团队周报", "Reviewing the team's weekly reports", "management", 10, 2, Computed(WeeklyReviews)),
            item("trainings", "团队培训(每月至少一次并有记录)", "Training the team (monthly, with a record)", "management", 10, 10, Computed(Trainings)),
            item("monthly_report_on_time", "月报按时提交", "Monthly report on time", "management", 10, 10, Computed(MonthlyReportOnTime)),
            item("team_discipline", "团队纪律", "Team discipline", "management", 10, 0, Computed(TeamDiscipline)),
        ],
    }
}

/// The month version 1 is in force from.
pub const SHIPPED_FROM: &str = "2000-01";
