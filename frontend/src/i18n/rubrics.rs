//! The strings of the rubric editor (考核细则), in Chinese (the default) and English.

use salesops_domain::scoring::rubric::{Metric, RubricRole, Source};

use crate::i18n::text::catalogue;

pub fn rubric_role_msg(r: RubricRole) -> RbMsg {
    match r {
        RubricRole::Salesperson => RbMsg::RoleSalesperson,
        RubricRole::Manager => RbMsg::RoleManager,
    }
}

pub fn source_msg(s: Source) -> RbMsg {
    match s {
        Source::Manual => RbMsg::SourceManual,
        Source::Computed(Metric::WeeklyReports) => RbMsg::MetricWeeklyReports,
        Source::Computed(Metric::PlanExecution) => RbMsg::MetricPlanExecution,
        Source::Computed(Metric::MonthlyReportMarks) => RbMsg::MetricMonthlyReportMarks,
        Source::Computed(Metric::WeeklyReviews) => RbMsg::MetricWeeklyReviews,
        Source::Computed(Metric::Trainings) => RbMsg::MetricTrainings,
        Source::Computed(Metric::MonthlyReportOnTime) => RbMsg::MetricMonthlyReportOnTime,
        Source::Computed(Metric::TeamDiscipline) => RbMsg::MetricTeamDiscipline,
    }
}

catalogue! {
    /// The rubric editor's strings.
    enum RbMsg;
    NavRubrics => "考核细则", "Rubrics";
    Title => "考核细则", "Rubrics";
    Intro => "每月按当月生效的版本评分；新版本从最新版本复制后修改，各项满分合计须为 100。", "A month is scored with the version in force; a new version starts from a copy of the latest, and its items' maximum points add up to 100.";
    RoleSalesperson => "业务员", "Salesperson";
    RoleManager => "经理", "Manager";
    Version => "版本", "Version";
    EffectiveFrom => "生效月份", "In force from";
    Shipped => "系统自带", "Shipped";
    NoVersions => "还没有细则", "No rubric yet";
    NewVersion => "新建版本", "New version";
    NewVersionTitle => "新版本（从最新版本复制）", "New version (a copy of the latest)";
    Code => "代码", "Code";
    TitleZh => "名称（中文）", "Title (Chinese)";
    TitleEn => "名称（英文）", "Title (English)";
    Group => "分组", "Group";
    MaxPoints => "满分", "Max points";
    Deduction => "每次扣分", "Per occurrence";
    Source => "来源", "Source";
    AddItem => "添加项目", "Add an item";
    RemoveItem => "删除", "Remove";
    Sum => "合计", "Sum";
    SumMustBe100 => "各项满分合计须为 100", "The items must add up to 100";
    Create => "保存新版本", "Save the new version";
    Cancel => "取消", "Cancel";
    Created => "新版本已保存", "New version saved";
    NumberInvalid => "请输入整数", "Enter a whole number";
    Items => "项目", "Items";
    Latest => "最新", "Latest";

    SourceManual => "经理录入", "Entered by the manager";
    MetricWeeklyReports => "系统计算：周报", "Computed: weekly reports";
    MetricPlanExecution => "系统计算：计划执行与抽查", "Computed: plan execution and spot-checks";
    MetricMonthlyReportMarks => "系统计算：月报评分", "Computed: monthly report marks";
    MetricWeeklyReviews => "系统计算：审阅周报", "Computed: weekly reviews";
    MetricTrainings => "系统计算：团队培训", "Computed: trainings";
    MetricMonthlyReportOnTime => "系统计算：月报按时", "Computed: monthly report on time";
    MetricTeamDiscipline => "系统计算：团队纪律", "Computed: team discipline";
}
