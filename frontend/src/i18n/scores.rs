//! The strings of the scoring screens (my score, the team's scoring sheet, trainings,
//! attendance, HR's status, alerts, improvement plans, disputes and the annual table), in
//! Chinese (the default) and English.

use salesops_domain::attendance::AttendanceKind;
use salesops_domain::scoring::AlertKind;
use salesops_domain::scoring::improvement::{ImprovementKind, ImprovementOutcome};
use salesops_domain::scoring::score::{DisputeOutcome, ScoreState};
use salesops_domain::trainings::TrainingKind;

use crate::i18n::text::catalogue;

pub fn score_state_msg(s: ScoreState) -> S {
    match s {
        ScoreState::Draft => S::StDraft,
        ScoreState::Finalized => S::StFinalized,
        ScoreState::Acknowledged => S::StAcknowledged,
        ScoreState::Disputed => S::StDisputed,
    }
}

pub fn training_kind_msg(k: TrainingKind) -> S {
    match k {
        TrainingKind::Onboarding => S::TkOnboarding,
        TrainingKind::Product => S::TkProduct,
        TrainingKind::Skills => S::TkSkills,
        TrainingKind::Industry => S::TkIndustry,
        TrainingKind::Legal => S::TkLegal,
    }
}

pub fn attendance_kind_msg(k: AttendanceKind) -> S {
    match k {
        AttendanceKind::Absent => S::AkAbsent,
        AttendanceKind::HalfDay => S::AkHalfDay,
    }
}

pub fn improvement_kind_msg(k: ImprovementKind) -> S {
    match k {
        ImprovementKind::Retraining => S::IkRetraining,
        ImprovementKind::Coaching => S::IkCoaching,
        ImprovementKind::Transfer => S::IkTransfer,
    }
}

pub fn outcome_msg(o: ImprovementOutcome) -> S {
    match o {
        ImprovementOutcome::Improved => S::OcImproved,
        ImprovementOutcome::Retrain => S::OcRetrain,
        ImprovementOutcome::Transfer => S::OcTransfer,
        ImprovementOutcome::Dismiss => S::OcDismiss,
    }
}

pub fn dispute_outcome_msg(o: DisputeOutcome) -> S {
    match o {
        DisputeOutcome::Upheld => S::DoUpheld,
        DisputeOutcome::Changed => S::DoChanged,
    }
}

pub fn alert_kind_msg(k: AlertKind) -> S {
    match k {
        AlertKind::Below60 => S::AlBelow60,
        AlertKind::Below70ThreeMonths => S::AlBelow70,
    }
}

/// The history's action names.
pub fn score_action_msg(action: &str) -> Option<S> {
    Some(match action {
        "create" | "created" | "compute" => S::HCompute,
        "recompute" => S::HRecompute,
        "adjust" => S::HAdjust,
        "finalize" => S::HFinalize,
        "acknowledge" => S::HAcknowledge,
        "dispute" => S::HDispute,
        "resolve" => S::HResolve,
        "reopen" => S::HReopen,
        _ => return None,
    })
}

catalogue! {
    /// A visible string of the scoring screens.
    enum S;
    NavMyScore => "我的考核", "My score";
    NavTeamScores => "团队考核", "Team scores";
    NavTrainings => "培训", "Trainings";
    NavAttendance => "出勤", "Attendance";
    NavHrScores => "考核汇总", "Scores overview";
    NavAlerts => "考核预警", "Score alerts";
    MyScoreTitle => "我的考核", "My score";
    Month => "月份", "Month";
    PrevMonth => "上个月", "Previous month";
    NextMonth => "下个月", "Next month";
    ThisMonth => "本月", "This month";
    NoScore => "本月还没有考核结果", "No score for this month yet";
    Person => "姓名", "Name";
    State => "状态", "State";
    Total => "总分", "Total";
    DailyWork => "日常工作", "Daily work";
    AttendanceScore => "出勤", "Attendance";
    TotalFormula => "日常工作 × 70% + 出勤 × 30%", "daily work × 70% + attendance × 30%";
    Item => "考核项目", "Item";
    MaxPoints => "满分", "Max";
    Points => "得分", "Points";
    Occurrences => "次数", "Occurrences";
    Deduction => "扣分", "Deduction";
    Evidence => "依据", "Evidence";
    Manual => "手工录入", "Entered by hand";
    Computed => "系统计算", "Computed";
    Adjusted => "调整", "Adjusted";
    AdjustNote => "调整说明", "Note";
    Discussion => "讲评", "Discussion";
    DiscussionNote => "讲评记录", "Discussion note";
    NoDiscussion => "尚未讲评", "Not discussed yet";
    DisputeReason => "异议理由", "Reason for the dispute";
    Acknowledge => "确认", "Acknowledge";
    Dispute => "提出异议", "Dispute";
    SendDispute => "提交异议", "Send the dispute";
    Acknowledged => "已确认考核结果", "Score acknowledged";
    Disputed => "已提交异议", "Dispute sent";
    Trend => "近12个月走势", "The last 12 months";
    NoTrend => "还没有历史得分", "No scores yet";
    History => "流转记录", "History";
    NoHistory => "没有记录", "No history";
    Stale => "考核已被他人修改，请刷新", "Someone else changed this score; reload it";
    Reload => "刷新", "Reload";
    StDraft => "草稿", "Draft";
    StFinalized => "已定稿", "Finalized";
    StAcknowledged => "已确认", "Acknowledged";
    StDisputed => "有异议", "Disputed";
    StNone => "未考核", "Not scored";
    TeamScoresTitle => "团队考核表", "Team scoring sheet";
    NoMembers => "团队里没有成员", "Nobody in your teams";
    Compute => "计算", "Compute";
    ComputeAll => "全部计算", "Compute all";
    Open => "打开", "Open";
    Recompute => "重新计算", "Recompute";
    Recomputed => "已重新计算", "Recomputed";
    SaveAdjustments => "保存调整", "Save the adjustments";
    AdjustmentsSaved => "调整已保存", "Adjustments saved";
    NoChanges => "没有修改", "Nothing changed";
    NoteRequired => "每项调整都须填写说明", "Each adjustment needs a note";
    PointsInvalid => "得分须在 0 到满分之间，最多一位小数", "Points from 0 to the maximum, one decimal at most";
    OccurrencesInvalid => "次数须为 0–100 的整数", "A whole number from 0 to 100";
    OverridePoints => "改为得分", "Override points";
    Finalize => "讲评并定稿", "Finalize";
    Finalized => "考核已定稿", "Score finalized";
    DiscussionRequired => "定稿前须填写讲评记录", "Write the discussion note before finalizing";
    ReasonRequired => "请填写理由", "Give a reason";
    Resolve => "处理异议", "Resolve";
    Resolved => "异议已处理", "Dispute resolved";
    Outcome => "结果", "Outcome";
    ResolveNote => "处理说明", "Note";
    DoUpheld => "维持原考核", "Upheld";
    DoChanged => "修改考核", "Changed";
    Reopen => "退回重评", "Reopen";
    Reopened => "考核已退回为草稿", "Score reopened";
    ReopenReason => "退回理由", "Reason";
    HrTitle => "考核汇总", "Scores overview";
    Pending => "未定稿", "Not finalized";
    DueOn => "截止日", "Due";
    Overdue => "已逾期", "Overdue";
    AllFinalized => "本月考核均已定稿", "Every score of the month is finalized";
    Counts => "已定稿 / 已确认 / 有异议", "Finalized / acknowledged / disputed";
    Disputes => "考核异议", "Disputes";
    NoDisputes => "没有待处理的异议", "No dispute to resolve";
    Annual => "年度考核", "Annual score";
    Year => "年份", "Year";
    Average => "年度平均", "Average";
    MissingMonths => "缺考月份", "Months not scored";
    IncompleteYear => "不足12个月，按已考核月份平均", "Fewer than 12 months: the average of the months scored";
    ShowAnnual => "查看", "Show";
    AlertsTitle => "考核预警", "Score alerts";
    NoAlerts => "本月没有预警", "No alert this month";
    AlBelow60 => "月度低于60分", "Below 60 this month";
    AlBelow70 => "连续三个月低于70分", "Below 70 three months running";
    OpenPlan => "制定改进计划", "Open an improvement plan";
    PlanOpened => "改进计划已建立", "Improvement plan opened";
    HasPlan => "已有改进计划", "Plan open";
    PlansTitle => "进行中的改进计划", "Open improvement plans";
    NoPlans => "没有进行中的改进计划", "No open improvement plan";
    Goals => "改进目标", "Goals";
    ReviewOn => "复核日期", "Review on";
    Kind => "类型", "Kind";
    IkRetraining => "再培训", "Retraining";
    IkCoaching => "辅导", "Coaching";
    IkTransfer => "转岗", "Transfer";
    ClosePlan => "结束计划", "Close";
    PlanClosed => "改进计划已结束", "Plan closed";
    OcImproved => "已改进", "Improved";
    OcRetrain => "再培训", "Retrain";
    OcTransfer => "转岗", "Transfer";
    OcDismiss => "辞退", "Dismiss";
    Note => "备注", "Note";
    Cancel => "取消", "Cancel";
    Confirm => "确定", "Confirm";
    TrainingsTitle => "培训记录", "Trainings";
    NewTraining => "新建培训", "New training";
    TrainingCreated => "培训已记录", "Training recorded";
    TrainingSaved => "培训已更新", "Training updated";
    EditTraining => "修改培训记录", "Edit the training";
    Date => "日期", "Date";
    Topic => "主题", "Topic";
    Trainer => "讲师", "Trainer";
    Attendees => "参加人员", "Attendees";
    AttendeesRequired => "请至少选择一名参加人员", "Choose at least one attendee";
    Notes => "说明", "Notes";
    NoTrainings => "本月没有培训记录", "No training this month";
    TkOnboarding => "入职培训", "Onboarding";
    TkProduct => "产品知识", "Product";
    TkSkills => "销售技巧", "Sales skills";
    TkIndustry => "行业知识", "Industry";
    TkLegal => "法律法规", "Legal";
    Assess => "考核", "Assess";
    Assessments => "培训考核", "Assessments";
    Passed => "通过", "Passed";
    Failed => "未通过", "Failed";
    AssessScore => "成绩", "Score";
    Assessed => "考核已记录", "Assessment recorded";
    NotAssessed => "未考核", "Not assessed";
    Retraining => "需再培训人员", "To retrain";
    NoRetraining => "没有需要再培训的人员", "Nobody to retrain";
    AttendanceTitle => "出勤登记", "Attendance";
    AkAbsent => "缺勤", "Absent";
    AkHalfDay => "半天", "Half day";
    Record => "登记", "Record";
    Recorded => "已登记", "Recorded";
    Remove => "删除", "Remove";
    Removed => "已删除", "Removed";
    NoAttendance => "本月没有缺勤记录", "No absence this month";
    Summary => "本月汇总", "The month's summary";
    AbsentDays => "缺勤天数", "Days absent";
    HalfDays => "半天", "Half days";
    ScoreOf => "出勤得分", "Attendance score";
    NumberInvalid => "请输入 0–100 的整数", "A whole number from 0 to 100";
    HCompute => "计算", "Computed";
    HRecompute => "重新计算", "Recomputed";
    HAdjust => "调整", "Adjusted";
    HFinalize => "定稿", "Finalized";
    HAcknowledge => "确认", "Acknowledged";
    HDispute => "提出异议", "Disputed";
    HResolve => "处理异议", "Resolved";
    HReopen => "退回", "Reopened";
    OpenVisit => "正在打开拜访…", "Opening the visit…";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text::{Lang, Text};

    #[test]
    fn every_state_and_kind_has_two_texts() {
        for s in ScoreState::ALL {
            let m = score_state_msg(*s);
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
        }
        for k in TrainingKind::ALL {
            assert!(!training_kind_msg(*k).text(Lang::Zh).is_empty());
        }
        assert_eq!(score_action_msg("finalize"), Some(S::HFinalize));
        assert_eq!(score_action_msg("unknown"), None);
    }
}
