//! The strings of the plans, visits, spot-check and team screens, in Chinese (the default) and
//! English. Kept apart from `i18n::Msg`; the language is the one chosen in `i18n`.

use salesops_domain::plans::{ExpenseCategory, PlanState};
use salesops_domain::spot_checks::SpotCheckResult;
use salesops_domain::visits::VisitStatus;

use crate::i18n::text::catalogue;

pub fn plan_state_msg(s: PlanState) -> P {
    match s {
        PlanState::Draft => P::StateDraft,
        PlanState::Submitted => P::StateSubmitted,
        PlanState::Approved => P::StateApproved,
        PlanState::Rejected => P::StateRejected,
    }
}

pub fn visit_status_msg(s: VisitStatus) -> P {
    match s {
        VisitStatus::Planned => P::VisitPlanned,
        VisitStatus::Done => P::VisitDone,
        VisitStatus::Missed => P::VisitMissed,
    }
}

pub fn category_msg(c: ExpenseCategory) -> P {
    match c {
        ExpenseCategory::Travel => P::CatTravel,
        ExpenseCategory::PerDiem => P::CatPerDiem,
        ExpenseCategory::Entertainment => P::CatEntertainment,
        ExpenseCategory::Communication => P::CatCommunication,
        ExpenseCategory::BusinessDevelopment => P::CatBusinessDevelopment,
        ExpenseCategory::Other => P::CatOther,
    }
}

pub fn spot_result_msg(r: SpotCheckResult) -> P {
    match r {
        SpotCheckResult::Confirmed => P::SpotConfirmed,
        SpotCheckResult::NotConfirmed => P::SpotNotConfirmed,
        SpotCheckResult::Unreachable => P::SpotUnreachable,
    }
}

/// Monday = 0 … Sunday = 6.
pub fn weekday_msg(day: u32) -> P {
    match day {
        0 => P::Mon,
        1 => P::Tue,
        2 => P::Wed,
        3 => P::Thu,
        4 => P::Fri,
        5 => P::Sat,
        _ => P::Sun,
    }
}

/// The label of a field named in a revision diff (`calls_per_day`, `expense_estimate.travel`,
/// `visit` …).
pub fn change_field_msg(field: &str) -> Option<P> {
    Some(match field {
        "calls_per_day" => P::CallsPerDay,
        "visits_per_week" => P::VisitsPerWeek,
        "new_clients" => P::NewClients,
        "sales_target" => P::SalesTarget,
        "other_tasks" => P::OtherTasks,
        "visit" => P::Visit,
        other => {
            let cat = other.strip_prefix("expense_estimate.")?;
            let c = ExpenseCategory::ALL.iter().find(|c| c.as_str() == cat)?;
            return Some(category_msg(*c));
        }
    })
}

catalogue! {
    /// A visible string of the plans screens.
    enum P;
    NavMyWeek => "我的一周", "My week";
    NavApprovals => "计划审批", "Approvals";
    NavSpotChecks => "电话抽查", "Spot-checks";
    NavTeamWeek => "团队周报表", "Team week";
    MyWeekTitle => "我的一周", "My week";
    NoPlanYet => "本周还没有工作计划。", "There is no plan for this week yet.";
    CreatePlan => "创建周计划", "Create the week's plan";
    PlanCreated => "周计划已创建", "Plan created";
    PlanSaved => "计划已保存", "Plan saved";
    PlanSubmitted => "计划已提交审批", "Plan submitted for approval";
    StateDraft => "草稿", "Draft";
    StateSubmitted => "已提交", "Submitted";
    StateApproved => "已批准", "Approved";
    StateRejected => "已驳回", "Rejected";
    Late => "逾期提交", "Late";
    Revision => "修订版", "Revision";
    ApprovedInForce => "生效中的已批准版本：", "Approved revision in force: ";
    RevisionNote => "已批准的计划被锁定；修改会生成新的修订版，需重新审批，原版本在批准前继续有效。", "An approved plan is locked: a change makes a new revision that needs approval; the approved one stays in force until then.";
    WaitingDecision => "已提交，等待经理审批。", "Submitted; waiting for the manager's decision.";
    RejectedBy => "经理驳回意见：", "Manager's comment: ";
    DecisionComment => "审批意见：", "Comment: ";
    Targets => "目标", "Targets";
    CallsPerDay => "每日电话数", "Calls per day";
    VisitsPerWeek => "每周拜访数", "Visits per week";
    NewClients => "新客户数", "New clients";
    SalesTarget => "销售目标", "Sales target";
    OtherTasks => "其他工作", "Other tasks";
    ExpenseEstimate => "费用预算（元）", "Expense estimate (yuan)";
    Total => "合计", "Total";
    CatTravel => "差旅费", "Travel";
    CatPerDiem => "生活补贴", "Per diem";
    CatEntertainment => "招待费", "Entertainment";
    CatCommunication => "通讯费", "Communication";
    CatBusinessDevelopment => "业务拓展费", "Business development";
    CatOther => "其他", "Other";
    BadAmount => "请输入金额，如 120 或 120.50", "Enter an amount like 120 or 120.50";
    BadNumber => "请输入非负整数", "Enter a whole number, 0 or more";
    SavePlan => "保存计划", "Save plan";
    SubmitPlan => "提交审批", "Submit for approval";
    Visits => "拜访安排", "Visits";
    NoVisits => "还没有安排拜访。", "No visits planned yet.";
    AddVisit => "添加拜访", "Add a visit";
    VisitAdded => "拜访已添加", "Visit added";
    VisitRemoved => "拜访已移除", "Visit removed";
    Client => "客户", "Client";
    ClientSearch => "按客户名称、公司或电话搜索", "Search clients by name, company or phone";
    NoClients => "没有找到客户", "No clients found";
    ChooseClient => "请选择客户", "Choose a client";
    Change => "更换", "Change";
    Day => "日期", "Day";
    TimeFrom => "开始时间", "From";
    TimeTo => "结束时间", "To";
    Purpose => "拜访目的", "Purpose";
    Place => "地点", "Place";
    Remove => "移除", "Remove";
    Mon => "周一", "Mon";
    Tue => "周二", "Tue";
    Wed => "周三", "Wed";
    Thu => "周四", "Thu";
    Fri => "周五", "Fri";
    Sat => "周六", "Sat";
    Sun => "周日", "Sun";
    Visit => "拜访", "Visit";
    VisitPlanned => "待拜访", "Planned";
    VisitDone => "已完成", "Done";
    VisitMissed => "未完成", "Missed";
    Unplanned => "计划外", "Unplanned";
    Rescheduled => "已改期", "Moved";
    OffSite => "不在客户地点", "Off site";
    NoLocation => "无定位", "No location";
    FalseReport => "虚报", "False report";
    MarkDone => "完成", "Done";
    MarkMissed => "未拜访", "Missed";
    Move => "改期", "Move";
    ExecuteAfterApproval => "计划批准后即可记录拜访结果。", "Visit outcomes can be recorded once the plan is approved.";
    Summary => "拜访纪要", "Summary";
    Needs => "客户需求", "Needs";
    NextStep => "下一步", "Next step";
    UseLocation => "附上当前位置（如已授权）", "Attach my location (if permitted)";
    Locating => "正在获取位置…", "Getting location…";
    CompleteVisit => "保存拜访记录", "Save the visit";
    VisitCompleted => "拜访已完成，跟进记录已写入客户档案", "Visit done; the follow-up is on the client's file";
    Reason => "原因", "Reason";
    ConfirmMissed => "确认未拜访", "Mark missed";
    VisitMissedSaved => "已记录为未拜访", "Marked missed";
    NewDay => "改到", "Move to";
    ConfirmMove => "确认改期", "Move";
    VisitMoved => "拜访已改期", "Visit moved";
    MissReason => "未拜访原因：", "Reason: ";
    DailyLog => "工作日志", "Daily log";
    LogDate => "日期", "Date";
    CallsMade => "电话数", "Calls made";
    VisitsMade => "拜访数", "Visits";
    Notes => "备注", "Notes";
    SaveLog => "保存日志", "Save log";
    LogSaved => "日志已保存", "Log saved";
    LoggedDays => "本周日志", "This week's logs";
    ApprovalsTitle => "计划审批", "Plan approvals";
    InboxEmpty => "没有待审批的计划。", "No plans waiting for you.";
    Salesperson => "业务员", "Salesperson";
    SubmittedAt => "提交时间", "Submitted";
    Details => "查看详情", "Details";
    HideDetails => "收起", "Hide";
    ChangesTitle => "与已批准版本相比的修改", "Changes against the approved revision";
    NoChanges => "首次提交（无已批准版本）。", "First submission (nothing approved yet).";
    Before => "原", "Before";
    After => "新", "After";
    Approve => "批准", "Approve";
    Reject => "驳回", "Reject";
    RejectComment => "驳回意见（必填）", "Comment (required to reject)";
    Approved => "计划已批准", "Plan approved";
    Rejected => "计划已驳回", "Plan rejected";
    StaleDecision => "其他人已先做出决定，请刷新后查看。", "Someone else decided first — reload.";
    Reload => "刷新", "Reload";
    SpotTitle => "电话抽查", "Spot-checks";
    SpotHint => "随机抽取本周已完成的拜访（异常拜访优先），电话联系客户核实。", "A random sample of the week's done visits (flagged ones first): call the client to confirm.";
    SampleSize => "抽取数量", "Sample size";
    NewSample => "重新抽取", "New sample";
    SampleEmpty => "本周没有可抽查的拜访。", "No visits to check this week.";
    NoPhone => "无电话", "No phone";
    Note => "备注", "Note";
    SpotConfirmed => "属实", "Confirmed";
    SpotNotConfirmed => "不属实", "Not confirmed";
    SpotUnreachable => "联系不上", "Unreachable";
    SpotRecorded => "抽查结果已记录", "Result recorded";
    TeamWeekTitle => "团队周报表", "Team week";
    Completion => "完成率", "Completion";
    CompletionChart => "拜访完成率（已完成 / 计划）", "Visit completion (done / planned)";
    Planned => "计划", "Planned";
    Done => "完成", "Done";
    Missed => "未完成", "Missed";
    Calls => "电话", "Calls";
    PlanState => "计划状态", "Plan";
    NoPlan => "未提交计划", "No plan";
    TeamTotal => "团队合计", "Team total";
    LateCount => "逾期提交", "Late plans";
    MissingCount => "未提交计划", "Missing plans";
    SpotResults => "抽查", "Spot-checks";
    NoPeople => "团队中没有业务员。", "No salespeople in your teams.";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text::{Lang, Text};

    #[test]
    fn diff_fields_have_labels() {
        assert_eq!(change_field_msg("calls_per_day"), Some(P::CallsPerDay));
        assert_eq!(
            change_field_msg("expense_estimate.per_diem"),
            Some(P::CatPerDiem)
        );
        assert_eq!(change_field_msg("expense_estimate.nope"), None);
        assert_eq!(change_field_msg("whatever"), None);
        assert_ne!(
            P::StaleDecision.text(Lang::Zh),
            P::StaleDecision.text(Lang::En)
        );
    }
}
