//! The strings of the report screens (weekly report, team status and review, monthly report),
//! in Chinese (the default) and English. Kept apart from `i18n::Msg`; the language is the one
//! chosen in `i18n`.

use salesops_domain::reports::{Mark, ReportState, ReportStatus, Section};

use crate::i18n::text::catalogue;

/// The section's label, as on the 周工作汇报表.
pub fn section_msg(s: Section) -> R {
    match s {
        Section::SalesVolume => R::SecSalesVolume,
        Section::Collections => R::SecCollections,
        Section::ClientVisits => R::SecClientVisits,
        Section::SalesExpenses => R::SecSalesExpenses,
        Section::PromotionEffect => R::SecPromotionEffect,
        Section::KeyClients => R::SecKeyClients,
        Section::NewClients => R::SecNewClients,
        Section::AbnormalClients => R::SecAbnormalClients,
        Section::ClientsToDevelop => R::SecClientsToDevelop,
        Section::CompetitorMoves => R::SecCompetitorMoves,
        Section::PolicyChanges => R::SecPolicyChanges,
    }
}

/// The label of a figure the server fills in; `None` for a key this app does not know yet
/// (the key itself is shown).
pub fn figure_msg(key: &str) -> Option<R> {
    Some(match key {
        "visits_planned" => R::FigVisitsPlanned,
        "visits_done" => R::FigVisitsDone,
        "visits_missed" => R::FigVisitsMissed,
        "visits_unplanned" => R::FigVisitsUnplanned,
        "calls" => R::FigCalls,
        "new_clients" => R::FigNewClients,
        "clients_credit_flagged" => R::FigCreditFlagged,
        "complaints_open" => R::FigComplaintsOpen,
        "complaints_overdue" => R::FigComplaintsOverdue,
        "follow_ups_overdue" => R::FigFollowUpsOverdue,
        "expenses_claimed_fen" | "expenses_claimed" => R::FigExpensesClaimed,
        "sales" => R::FigSales,
        "collections" => R::FigCollections,
        _ => return None,
    })
}

pub fn mark_msg(m: Mark) -> R {
    match m {
        Mark::Full => R::MarkFull,
        Mark::Partial => R::MarkPartial,
        Mark::Zero => R::MarkZero,
    }
}

pub fn state_msg(s: ReportState) -> R {
    match s {
        ReportState::Draft => R::StateDraft,
        ReportState::Submitted => R::StateSubmitted,
        ReportState::Reviewed => R::StateReviewed,
    }
}

pub fn status_msg(s: ReportStatus) -> R {
    match s {
        ReportStatus::AwaitingReview => R::StatusAwaiting,
        ReportStatus::Late => R::StatusLate,
        ReportStatus::Missing => R::StatusMissing,
        ReportStatus::Reviewed => R::StatusReviewed,
    }
}

catalogue! {
    /// A visible string of the report screens.
    enum R;
    NavWeekly => "周报", "Weekly report";
    NavStatus => "周报情况", "Reports status";
    NavMonthly => "月报", "Monthly report";
    TodoMonthly => "撰写并提交月报", "Write and submit the monthly report";
    WeeklyTitle => "本周工作汇报", "This week's report";
    Figures => "系统数据（自动填写，不可修改）", "Figures from the records (filled in, read-only)";
    FiguresFrozen => "已在提交时冻结", "Frozen at submission";
    Sections => "工作汇报", "Report";
    Required => "必填", "required";
    SecSalesVolume => "销售量", "Sales volume";
    SecCollections => "回款", "Collections";
    SecClientVisits => "客户拜访", "Client visits";
    SecSalesExpenses => "销售费用（含差旅）", "Sales expenses (incl. travel)";
    SecPromotionEffect => "广告与促销效果", "Advertising and promotion effect";
    SecKeyClients => "重点客户", "Key clients";
    SecNewClients => "新客户", "New clients";
    SecAbnormalClients => "异常及信誉不佳客户", "Abnormal or bad-credit clients";
    SecClientsToDevelop => "待开发客户", "Clients to develop";
    SecCompetitorMoves => "竞争对手动态", "Competitor moves";
    SecPolicyChanges => "地方政策变化", "Local policy changes";
    FigVisitsPlanned => "计划拜访", "Visits planned";
    FigVisitsDone => "完成拜访", "Visits done";
    FigVisitsMissed => "未完成拜访", "Visits missed";
    FigVisitsUnplanned => "计划外拜访", "Unplanned visits";
    FigCalls => "电话", "Calls";
    FigNewClients => "新增客户", "New clients";
    FigCreditFlagged => "信用异常客户", "Clients flagged for credit";
    FigComplaintsOpen => "未结客诉", "Open complaints";
    FigComplaintsOverdue => "逾期客诉", "Overdue complaints";
    FigFollowUpsOverdue => "逾期跟进", "Overdue follow-ups";
    FigExpensesClaimed => "报销费用", "Expenses claimed";
    FigSales => "销售额", "Sales";
    FigCollections => "回款额", "Collections";
    NextPlan => "下周工作计划", "Next week's plan";
    NextPlanNone => "尚未关联下周计划", "Next week's plan is not linked yet";
    NextPlanLink => "关联下周计划", "Link next week's plan";
    NextPlanCreate => "创建并关联下周计划", "Create and link next week's plan";
    NextPlanLinked => "已关联", "Linked";
    NextPlanOpen => "打开计划", "Open the plan";
    Submit => "提交周报", "Submit the report";
    Submitting => "正在提交…", "Submitting…";
    Submitted => "周报已提交", "Report submitted";
    SubmittedAt => "提交时间", "Submitted";
    Deadline => "截止时间", "Deadline";
    Late => "迟交", "Late";
    Print => "打印版", "Print view";
    PrintNow => "打印", "Print";
    ClosePrint => "关闭", "Close";
    StateDraft => "草稿", "Draft";
    StateSubmitted => "已提交", "Submitted";
    StateReviewed => "已审阅", "Reviewed";
    Locked => "已提交，不能再修改", "Submitted; it can no longer be changed";
    ReviewTitle => "审阅周报", "Review the weekly report";
    ReviewResult => "审阅结果", "Review";
    Comment => "评语", "Comment";
    Note => "说明", "Note";
    MarkFull => "满分", "Full";
    MarkPartial => "部分", "Partial";
    MarkZero => "不得分", "Zero";
    Forced => "系统强制（抽查不属实）", "Forced (spot-check found it untrue)";
    SendReview => "提交审阅", "Send the review";
    Reviewed => "审阅完成", "Review saved";
    ReviewedAt => "审阅时间", "Reviewed";
    NoText => "（未填写）", "(not written)";
    Author => "业务员", "Salesperson";
    StatusTitle => "周报提交情况", "Weekly reports status";
    StatusAwaiting => "待审阅", "To review";
    StatusLate => "迟交待审阅", "Late, to review";
    StatusMissing => "未提交", "Missing";
    StatusReviewed => "已审阅", "Reviewed";
    ReviewHours => "审阅用时（小时）", "Review time (hours)";
    Open => "查看", "Open";
    DoReview => "审阅", "Review";
    NoPeople => "你的团队中没有业务员", "Nobody in your teams";
    Trend => "近12周按时提交情况", "On-time submission, last 12 weeks";
    TrendOnTime => "按时", "On time";
    TrendLate => "迟交", "Late";
    TrendMissing => "未交", "Missing";
    TrendTeam => "团队按时率", "Team on-time rate";
    MonthlyTitle => "月度工作报告", "Monthly report";
    Month => "月份", "Month";
    DueDate => "截止日期", "Due";
    MSummary => "本月工作总结", "Summary of the month";
    MNextPlan => "下月工作计划", "Next month's plan";
    MProposals => "对当地市场的建议", "Proposals for the local market";
    StartMonthly => "开始撰写本月月报", "Start this month's report";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    SubmitMonthly => "提交月报", "Submit the monthly report";
    MonthlySubmitted => "月报已提交", "Monthly report submitted";
    ToReview => "待我审阅的月报", "Monthly reports to review";
    EarlierReports => "以往月报", "Earlier reports";
    NothingToReview => "没有待审阅的月报", "Nothing to review";
    ReviewMonthly => "审阅", "Review";
    Back => "返回", "Back";
    MonthlyMarks => "月报评分", "Marks";
    MarkNote => "说明（可选）", "Note (optional)";
    MarkRequired => "请为每一部分评分（0–20）", "Mark every section (0–20)";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text::{Lang, Text};

    #[test]
    fn every_section_has_the_form_label() {
        for s in Section::ALL {
            assert_eq!(section_msg(*s).text(Lang::Zh), s.label_zh());
            assert_ne!(section_msg(*s).text(Lang::En), s.label_zh());
        }
        assert_eq!(figure_msg("calls"), Some(R::FigCalls));
        assert_eq!(figure_msg("something_new"), None);
    }
}
